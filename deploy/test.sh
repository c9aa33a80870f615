#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine, doing its own set-up.
#   1. infrastructure and dependencies (deploy/up.sh: npm ci, PostgreSQL, Redis, Kafka, databases)
#   2. system packages the tests need (deploy/system-packages.sh)
#   3. typecheck, layer rules (dependency-cruiser), build (services run from dist/ in e2e tests)
#   4. jest: unit, integration (real PostgreSQL/Redis/Kafka) and e2e (every service as a process)
#   5. the portal in the browser: Playwright on Debian's Chromium against the whole platform
#      (apps/portal/e2e, axe-core on every page, screenshots in .cache/portal-artifacts/)
#   6. the compose smoke: every image built, the stack run with docker compose (deploy/compose/smoke.sh)
# The last line counts every test of every step: `tests: N passed, N failed, N skipped`.
# Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/up.sh
bash deploy/system-packages.sh

echo "[test] typecheck (services, libs, portal)" && npm run --silent typecheck
echo "[test] layer rules" && npx depcruise apps libs --config .dependency-cruiser.cjs
echo "[test] build" && npm run --silent build

mkdir -p .cache
results=.cache/jest-results.json
rm -f "$results"
status=0
# One test file at a time: integration tests restart and flush shared servers (FLUSHALL).
npx jest --ci --runInBand --json --outputFile="$results" "$@" || status=$?

# 5. the portal's browser tests; skipped, like the compose smoke, when arguments narrow the run.
portal_results="$PWD/.cache/portal-results.json"
rm -f "$portal_results"
if [[ $# -eq 0 ]]; then
  echo "[test] the portal in the browser (npm run test:portal)"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$portal_results" npx playwright test --config apps/portal/playwright.config.ts \
    --reporter=list,json || status=$?
fi

# 6. the images of this repository built and run with docker compose (deploy/compose/smoke.sh);
#    counted as one test, skipped when arguments narrow the run to some jest tests.
compose_result=skipped
if [[ $# -eq 0 ]]; then
  echo "[test] compose smoke (npm run test:compose)"
  if npm run --silent test:compose; then compose_result=passed; else compose_result=failed; status=1; fi
fi

if [[ -f "$results" ]]; then
  node -e '
    const fs = require("node:fs");
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const c = process.argv[2];
    // Playwright: expected = passed, unexpected = failed, flaky counts as failed (no retries here).
    const p = fs.existsSync(process.argv[3]) ? JSON.parse(fs.readFileSync(process.argv[3], "utf8")).stats : null;
    const pw = p ? { passed: p.expected, failed: p.unexpected + p.flaky, skipped: p.skipped } : { passed: 0, failed: 0, skipped: 0 };
    console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
    console.log(`portal in the browser: ${p ? `${pw.passed} passed, ${pw.failed} failed, ${pw.skipped} skipped` : "not run"}`);
    console.log(`compose smoke: ${c}`);
    const passed = r.numPassedTests + pw.passed + (c === "passed");
    const failed = r.numFailedTests + pw.failed + (c === "failed");
    const skipped = r.numPendingTests + pw.skipped + (c === "skipped");
    console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  ' "$results" "$compose_result" "$portal_results"
fi
exit "$status"
