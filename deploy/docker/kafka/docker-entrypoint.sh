#!/bin/bash
# KAFKA_* environment -> /opt/kafka/config/server.properties, as the official image does:
# lower case, `___` -> `-`, `__` -> `_`, `_` -> `.` (KAFKA_NODE_ID -> node.id). Not turned into
# properties: the JVM settings KAFKA_HEAP_OPTS, KAFKA_OPTS, KAFKA_JVM_PERFORMANCE_OPTS.
set -euo pipefail
props=/opt/kafka/config/server.properties
: >"$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_LOG4J_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key="${name#KAFKA_}"
  key="$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
  printf '%s=%s\n' "$key" "$value" >>"$props"
done < <(env)

log_dir="$(sed -n 's/^log\.dirs=//p' "$props" | cut -d, -f1)"
: "${log_dir:=/tmp/kraft-combined-logs}"
[[ -n "${CLUSTER_ID:-}" ]] || { echo "docker-entrypoint: CLUSTER_ID must be set" >&2; exit 1; }

cp=(-cp '/opt/kafka/libs/*' -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties)
if [[ ! -f "$log_dir/meta.properties" ]]; then
  java "${cp[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$props" --ignore-formatted
fi
read -r -a heap <<<"${KAFKA_HEAP_OPTS}"
read -r -a opts <<<"${KAFKA_OPTS:-}"
exec java "${heap[@]}" -XX:+UseG1GC -Djava.awt.headless=true "${opts[@]}" "${cp[@]}" kafka.Kafka "$props"
