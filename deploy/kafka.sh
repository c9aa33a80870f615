#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller) from the official
# jars on Maven Central - no tarball, no Docker.
#
#   deploy/kafka.sh start|stop|restart|status
#
# Files:
#   deploy/kafka/pom.xml                    which Kafka version / jars
#   deploy/kafka/server.properties.template broker config (rendered below)
#   deploy/kafka/log4j.properties           broker logging
#   .cache/kafka/libs/                      resolved jars (+ .complete marker)
#   .cache/kafka/server.properties          rendered config
#   .cache/kafka/cluster-id                 KRaft cluster id (reused)
#   .cache/kafka/data/                      log.dirs
#   .cache/kafka/logs/                      server.log, controller.log, kafka.out
#   .run/kafka.pid                          pid of the broker we started
#
# Environment:
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093)
#   KAFKA_BROKERS (127.0.0.1:$KAFKA_PORT)   where clients / readiness connect
#   KAFKA_EXTERNAL=1                        do not manage a broker, only wait
#                                           for KAFKA_BROKERS to answer
#   KAFKA_READY_TIMEOUT (90)                seconds to wait for readiness
#   KAFKA_HEAP_OPTS (-Xms512M -Xmx512M)
set -euo pipefail

DEPLOY_LOG_PREFIX="[deploy:kafka]"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
KAFKA_READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms512M -Xmx512M}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

KAFKA_SRC="$REPO_ROOT/deploy/kafka"
POM="$KAFKA_SRC/pom.xml"
TEMPLATE="$KAFKA_SRC/server.properties.template"
LOG4J_PROPS="$KAFKA_SRC/log4j.properties"
READY_JS="$REPO_ROOT/deploy/kafka-ready.js"

KAFKA_HOME="$CACHE_DIR/kafka"
LIBS_DIR="$KAFKA_HOME/libs"
LIBS_MARKER="$LIBS_DIR/.complete"
DATA_DIR="$KAFKA_HOME/data"
LOG_DIR="$KAFKA_HOME/logs"
PROPS="$KAFKA_HOME/server.properties"
CLUSTER_ID_FILE="$KAFKA_HOME/cluster-id"
PID_FILE="$RUN_DIR/kafka.pid"
OUT_FILE="$LOG_DIR/kafka.out"
SERVER_LOG="$LOG_DIR/server.log"
MAVEN_DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

usage() {
  echo "usage: $0 {start|stop|restart|status}" >&2
  exit 2
}

kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n 1
}

# ---------------------------------------------------------------- checks ----

check_java() {
  require_cmd java "Kafka needs a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)."
  local version major
  version="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  [[ -n "$version" ]] || die "could not determine the Java version from 'java -version'."
  major="${version%%.*}"
  if [[ "$major" == "1" ]]; then # 1.8.0_x style
    major="$(cut -d. -f2 <<<"$version")"
  fi
  [[ "$major" =~ ^[0-9]+$ ]] || die "could not parse the Java version '$version'."
  ((major >= 17)) || die "Java $version found at $(command -v java), but Kafka here needs Java 17 or newer."
}

check_node_ready_script() {
  require_cmd node "Node.js is needed for the Kafka readiness check (deploy/kafka-ready.js)."
  node -e 'require.resolve("kafkajs", { paths: [process.argv[1]] })' "$REPO_ROOT" 2>/dev/null ||
    die "the 'kafkajs' package is not installed in $REPO_ROOT/node_modules (needed by deploy/kafka-ready.js) - run 'npm ci' first, or use deploy/up.sh which does it."
}

# check_port_free <port> <what>: dies when a process that is not ours listens.
check_port_free() {
  local port="$1" what="$2" owner
  if owner="$(port_owner "$port")"; then
    die "port $port ($what) on 127.0.0.1 is already in use by $owner, which is not the Kafka started by this script. Stop it, or set KAFKA_PORT/KAFKA_CONTROLLER_PORT (or KAFKA_EXTERNAL=1 with KAFKA_BROKERS to use an existing broker)."
  fi
}

# is_our_kafka <pid>: the process is a kafka.Kafka JVM using our config.
is_our_kafka() {
  local pid="$1" cmdline
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  [[ "$cmdline" == *kafka.Kafka* && "$cmdline" == *"$PROPS"* ]]
}

# our_pid: prints the pid of our running broker (from the pid file; or adopts
# a broker started from this checkout whose pid file was lost).
our_pid() {
  local pid
  if pid="$(read_pid "$PID_FILE")" && is_our_kafka "$pid"; then
    echo "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  pid="$(port_owner_pid "$KAFKA_PORT" || true)"
  [[ -n "$pid" ]] || pid="$(port_owner_pid "$KAFKA_CONTROLLER_PORT" || true)"
  if [[ -n "$pid" ]] && is_our_kafka "$pid"; then
    mkdir -p "$RUN_DIR"
    echo "$pid" >"$PID_FILE"
    echo "$pid"
    return 0
  fi
  return 1
}

# kafka_ready <timeout-seconds> [pid]: quiet readiness probe.
kafka_ready() {
  local timeout="$1" pid="${2:-}"
  local args=(--brokers "$KAFKA_BROKERS" --timeout "$timeout" --quiet)
  [[ -n "$pid" ]] && args+=(--pid "$pid")
  node "$READY_JS" "${args[@]}" 2>/dev/null
}

# ------------------------------------------------------------ preparation ----

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

resolve_jars() {
  local want
  want="$(pom_hash)"
  if [[ -f "$LIBS_MARKER" && "$(cat "$LIBS_MARKER")" == "$want" ]]; then
    return 0
  fi
  require_cmd mvn "Maven is needed once to download the Kafka jars from Maven Central (Debian: apt-get install maven)."
  local version tmp mvn_log started
  version="$(kafka_version)"
  tmp="$KAFKA_HOME/libs.tmp"
  mvn_log="$LOG_DIR/mvn-resolve.log"
  started="$(now_s)"
  log "resolving Apache Kafka ${version} jars from Maven Central into ${LIBS_DIR#"$REPO_ROOT"/} (first run, or after pom.xml changed) ..."
  rm -rf "$tmp"
  mkdir -p "$tmp" "$LOG_DIR"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" \
    "$MAVEN_DEP_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    die "could not resolve Kafka jars from Maven Central: mvn failed (full output in $mvn_log). Last lines:
$(tail -n 30 "$mvn_log" | sed 's/\x1b\[[0-9;]*m//g')"
  fi
  if ! compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null; then
    rm -rf "$tmp"
    die "could not resolve Kafka jars from Maven Central: mvn succeeded but no kafka_2.13 jar was copied (see $mvn_log)."
  fi
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  echo "$want" >"$LIBS_MARKER"
  log "resolved $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars in $(elapsed_since "$started")"
}

# rendered_config: prints server.properties for the current environment.
rendered_config() {
  [[ -f "$TEMPLATE" ]] || die "missing $TEMPLATE"
  local text
  text="$(<"$TEMPLATE")"
  text="${text//"{{KAFKA_PORT}}"/"$KAFKA_PORT"}"
  text="${text//"{{KAFKA_CONTROLLER_PORT}}"/"$KAFKA_CONTROLLER_PORT"}"
  text="${text//"{{KAFKA_DATA_DIR}}"/"$DATA_DIR"}"
  if [[ "$text" == *"{{"*"}}"* ]]; then
    die "unreplaced placeholder in $TEMPLATE: $(grep -o '{{[A-Z_]*}}' <<<"$text" | sort -u | tr '\n' ' ')"
  fi
  printf '%s\n%s\n' \
    "# GENERATED by deploy/kafka.sh from deploy/kafka/server.properties.template - do not edit." "$text"
}

render_config() {
  local new
  new="$(rendered_config)"
  if [[ ! -f "$PROPS" || "$(<"$PROPS")" != "$new" ]]; then
    printf '%s\n' "$new" >"$PROPS"
  fi
}

# config_changed: the running broker's config differs from what the current
# template / environment (ports) would produce.
config_changed() {
  [[ -f "$PROPS" ]] || return 1
  [[ "$(<"$PROPS")" != "$(rendered_config)" ]]
}

kafka_java() {
  java -cp "$LIBS_DIR/*" -Dlog4j.configuration="file:$LOG4J_PROPS" -Dkafka.logs.dir="$LOG_DIR" "$@"
}

format_storage() {
  local cluster_id
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    # Already formatted; keep the cluster id file in sync with the data.
    if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
      sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties" >"$CLUSTER_ID_FILE"
    fi
    return 0
  fi
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  else
    cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 | tr -d '[:space:]')" ||
      die "kafka.tools.StorageTool random-uuid failed"
    [[ -n "$cluster_id" ]] || die "kafka.tools.StorageTool random-uuid printed no cluster id"
    echo "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  log "formatting KRaft storage in ${DATA_DIR#"$REPO_ROOT"/} (cluster id $cluster_id)"
  local out
  if ! out="$(kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" --ignore-formatted 2>&1)"; then
    die "formatting the Kafka storage failed:
$out"
  fi
}

# ----------------------------------------------------------------- actions ----

print_failure_logs() {
  local f
  for f in "$OUT_FILE" "$SERVER_LOG"; do
    if [[ -s "$f" ]]; then
      log "---- last 40 lines of $f ----"
      tail -n 40 "$f" >&2
    fi
  done
}

start_external() {
  check_node_ready_script
  log "KAFKA_EXTERNAL=1: not starting a broker, waiting for $KAFKA_BROKERS ..."
  node "$READY_JS" --brokers "$KAFKA_BROKERS" --timeout "$KAFKA_READY_TIMEOUT" ||
    die "external Kafka at $KAFKA_BROKERS did not become ready within ${KAFKA_READY_TIMEOUT}s."
}

do_start() {
  if [[ "${KAFKA_EXTERNAL:-0}" == "1" ]]; then
    start_external
    return 0
  fi
  check_node_ready_script
  local pid
  if pid="$(our_pid)"; then
    if config_changed; then
      die "Kafka (pid $pid) is running with a different configuration than requested (template or KAFKA_PORT/KAFKA_CONTROLLER_PORT changed; running config: ${PROPS#"$REPO_ROOT"/}). Run 'deploy/kafka.sh restart' to apply it."
    fi
    if kafka_ready 2 "$pid"; then
      ok "Kafka already running (pid $pid) at $KAFKA_BROKERS"
      return 0
    fi
    log "Kafka (pid $pid) is running but not answering yet; waiting up to ${KAFKA_READY_TIMEOUT}s ..."
    if node "$READY_JS" --brokers "$KAFKA_BROKERS" --timeout "$KAFKA_READY_TIMEOUT" --pid "$pid" \
      --log "$OUT_FILE" --log "$SERVER_LOG" --warm-group-coordinator; then
      return 0
    fi
    die "Kafka (pid $pid) did not become ready; try 'deploy/kafka.sh restart'. Logs: $LOG_DIR"
  fi

  check_java
  check_port_free "$KAFKA_PORT" "Kafka PLAINTEXT listener"
  check_port_free "$KAFKA_CONTROLLER_PORT" "Kafka KRaft controller listener"
  mkdir -p "$RUN_DIR" "$KAFKA_HOME" "$DATA_DIR" "$LOG_DIR"
  resolve_jars
  render_config
  format_storage

  # Keep the previous console output for post-mortems.
  if [[ -s "$OUT_FILE" ]]; then
    mv -f "$OUT_FILE" "$OUT_FILE.prev"
  fi
  local heap_opts
  read -r -a heap_opts <<<"$KAFKA_HEAP_OPTS"
  log "starting Kafka $(kafka_version) (KRaft) on 127.0.0.1:$KAFKA_PORT, controller 127.0.0.1:$KAFKA_CONTROLLER_PORT ..."
  local started
  started="$(now_s)"
  # setsid + nohup: the broker survives the calling shell / terminal.
  # 9>&- : do not leak the lock file descriptor into the broker.
  setsid nohup java "${heap_opts[@]}" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOG4J_PROPS" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$PROPS" \
    >"$OUT_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"

  if ! node "$READY_JS" --brokers "$KAFKA_BROKERS" --timeout "$KAFKA_READY_TIMEOUT" --pid "$pid" \
    --log "$OUT_FILE" --log "$SERVER_LOG" --quiet --warm-group-coordinator; then
    if pid_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      sleep 2
      if pid_alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$PID_FILE"
    die "Kafka did not become ready within ${KAFKA_READY_TIMEOUT}s (see the log lines above; all logs in $LOG_DIR)."
  fi
  ok "Kafka $(kafka_version) ready at $KAFKA_BROKERS (pid $pid) in $(elapsed_since "$started")"
}

do_stop() {
  if [[ "${KAFKA_EXTERNAL:-0}" == "1" ]]; then
    log "KAFKA_EXTERNAL=1: not managing Kafka, nothing to stop."
    return 0
  fi
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    log "Kafka is not running (no live pid in ${PID_FILE#"$REPO_ROOT"/})."
    return 0
  fi
  log "stopping Kafka (pid $pid, controlled shutdown, up to ${KAFKA_STOP_TIMEOUT}s) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(($(now_s) + KAFKA_STOP_TIMEOUT))
  while pid_alive "$pid" && (($(now_s) < deadline)); do
    sleep 0.5
  done
  if pid_alive "$pid"; then
    warn "Kafka (pid $pid) did not stop within ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL."
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 "Kafka pid $pid to exit" pid_gone "$pid" ||
      die "could not kill Kafka (pid $pid)"
  fi
  rm -f "$PID_FILE"
  ok "Kafka stopped."
}

do_restart() {
  do_stop
  do_start
}

do_status() {
  if [[ "${KAFKA_EXTERNAL:-0}" == "1" ]]; then
    check_node_ready_script
    if node "$READY_JS" --brokers "$KAFKA_BROKERS" --timeout 0; then
      return 0
    fi
    log "external Kafka at $KAFKA_BROKERS is not answering."
    return 1
  fi
  check_node_ready_script
  local pid
  if ! pid="$(our_pid)"; then
    log "Kafka is not running (no live pid in ${PID_FILE#"$REPO_ROOT"/})."
    return 1
  fi
  if kafka_ready 3 "$pid"; then
    ok "Kafka running (pid $pid) and ready at $KAFKA_BROKERS; logs in $LOG_DIR"
    return 0
  fi
  log "Kafka process is running (pid $pid) but $KAFKA_BROKERS is not answering."
  return 1
}

# ------------------------------------------------------------------- main ----

[[ $# -eq 1 ]] || usage

# Serialise start/stop/restart between concurrent callers.
with_lock() {
  if have flock; then
    mkdir -p "$RUN_DIR"
    exec 9>"$RUN_DIR/kafka.lock"
    flock -w 120 9 || die "another deploy/kafka.sh is still running (lock $RUN_DIR/kafka.lock)."
  fi
  "$@"
}

case "$1" in
  start) with_lock do_start ;;
  stop) with_lock do_stop ;;
  restart) with_lock do_restart ;;
  status) do_status ;;
  *) usage ;;
esac
