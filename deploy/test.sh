#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine, doing its own set-up.
#   1. infrastructure and dependencies (deploy/up.sh: npm ci, PostgreSQL, Redis, Kafka, databases)
#   2. system packages the tests need (deploy/system-packages.sh)
#   3. typecheck, layer rules (dependency-cruiser), build (services run from dist/ in e2e tests)
#   4. jest: unit, integration (real PostgreSQL/Redis/Kafka) and e2e (every service as a process)
#   5. the compose smoke: every image built, the stack run with docker compose (deploy/compose/smoke.sh)
# Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/up.sh
bash deploy/system-packages.sh

echo "[test] typecheck" && npx tsc -p tsconfig.json --noEmit
echo "[test] layer rules" && npx depcruise apps libs --config .dependency-cruiser.cjs
echo "[test] build" && npm run --silent build

mkdir -p .cache
results=.cache/jest-results.json
rm -f "$results"
status=0
# One test file at a time: integration tests restart and flush shared servers (FLUSHALL).
npx jest --ci --runInBand --json --outputFile="$results" "$@" || status=$?

# 5. the images of this repository built and run with docker compose (deploy/compose/smoke.sh);
#    counted as one test, skipped when arguments narrow the run to some jest tests.
compose_result=skipped
if [[ $# -eq 0 ]]; then
  echo "[test] compose smoke (npm run test:compose)"
  if npm run --silent test:compose; then compose_result=passed; else compose_result=failed; status=1; fi
fi

if [[ -f "$results" ]]; then
  node -e '
    const r = require(require("node:path").resolve(process.argv[1]));
    const c = process.argv[2];
    console.log(`\ncompose smoke: ${c}`);
    console.log(`tests: ${r.numPassedTests + (c === "passed")} passed, ${r.numFailedTests + (c === "failed")} failed, ${r.numPendingTests + (c === "skipped")} skipped`);
  ' "$results" "$compose_result"
fi
exit "$status"
