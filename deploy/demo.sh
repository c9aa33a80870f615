#!/usr/bin/env bash
# `npm run demo`: the platform's main job on a fresh machine. Prepares everything it needs
# (dependencies, PostgreSQL, Redis, Kafka, databases), builds, starts every service (each runs its
# migrations at boot) and runs the seeded demo through the public HTTP API. The platform stays up
# until Ctrl-C; `npm run demo -- --once` stops it after the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
DEPLOY_LOG_PREFIX="[demo]"
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

bash deploy/up.sh
base="${DEMO_BASE_PORT:-3000}"
for port in $(seq "$base" $((base + 5))); do
  if owner="$(port_owner "$port")"; then
    die "port $port is taken by $owner: is an earlier demo still running? Stop it (Ctrl-C) or set DEMO_BASE_PORT."
  fi
done
log "building"
npm run --silent build
exec node dist/deploy/demo/run-demo.js "$@"
