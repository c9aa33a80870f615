#!/usr/bin/env bash
# Runs a benchmark on this machine's real servers: `bash bench/run.sh outbox-latency`.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: bash bench/run.sh <benchmark> (e.g. outbox-latency)}"
bash deploy/up.sh >/dev/null
npm run --silent build
LOG_LEVEL="${LOG_LEVEL:-warn}" exec node "dist/bench/${name}.js"
