#!/usr/bin/env bash
# The deadline-rush benchmark (bench/deadline-rush.ts) from a private build, so that dist/ (which
# the test suites run from) is left alone. Every service, Kafka, PostgreSQL and Redis run on this
# machine. Environment: BENCH_APPLICANTS (64), BENCH_SECONDS (60), BENCH_BASE_PORT (4540),
# BENCH_DB_POOL (applications' connections, 10), BENCH_DIST (/tmp/grants-rush-dist).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${BENCH_DIST:-/tmp/grants-rush-dist}"
bash deploy/up.sh >/dev/null
npx tsc -p tsconfig.build.json --outDir "$out"
npx tsc-alias -p tsconfig.build.json --outDir "$out"
# The build lives outside the repo: let it (and the services it starts) find the repo's packages.
ln -sfn "$PWD/node_modules" "$out/node_modules"
GRANTS_DIST="$out" LOG_LEVEL="${LOG_LEVEL:-warn}" exec node "$out/bench/deadline-rush.js"
