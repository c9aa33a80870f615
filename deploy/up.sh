#!/usr/bin/env bash
# Makes this machine ready to run the grants platform locally / in CI:
#   1. node_modules (npm ci when missing or out of date)
#   2. PostgreSQL   (use a running one, else start the local cluster)
#   3. Redis        (use a running one, else start a throwaway local server)
#   4. Kafka        (deploy/kafka.sh start; KAFKA_EXTERNAL=1 to use your own)
#   5. one PostgreSQL database per service
# Idempotent: a second run changes nothing and takes a couple of seconds.
# deploy/down.sh stops only what this script started.
#
# Environment: PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres)
#              REDIS_URL (redis://127.0.0.1:6379) GRANTS_DB_PREFIX (grants_)
#              KAFKA_BROKERS / KAFKA_EXTERNAL / KAFKA_PORT (see deploy/kafka.sh)
#              PG_START_TIMEOUT / REDIS_START_TIMEOUT (60 / 30 seconds)
set -euo pipefail

DEPLOY_LOG_PREFIX="[deploy:up]"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
# For messages: never print a password contained in the URL.
REDIS_URL_SAFE="$(sed -E 's#//[^/@]*@#//***@#' <<<"$REDIS_URL")"
GRANTS_DB_PREFIX="${GRANTS_DB_PREFIX:-grants_}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-30}"
SERVICES=(gateway calls applications evaluation disbursement notifications)

UP_STARTED="$(now_s)"
ensure_dirs

is_local_host() {
  case "$1" in
    127.0.0.1 | localhost | ::1 | "" | /*) return 0 ;;
    *) return 1 ;;
  esac
}

# ------------------------------------------------------------ 1. node deps ----
step_node() {
  require_cmd node "Install Node.js 20+."
  require_cmd npm "Install npm (comes with Node.js)."
  local reason=""
  if [[ ! -d node_modules ]]; then
    reason="node_modules is missing"
  elif [[ ! -f node_modules/.package-lock.json ]]; then
    reason="node_modules/.package-lock.json is missing"
  elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    reason="package-lock.json is newer than node_modules"
  fi
  if [[ -z "$reason" ]]; then
    log "node $(node -v): node_modules up to date"
    return 0
  fi
  [[ -f package-lock.json ]] || die "$reason and there is no package-lock.json for 'npm ci' in $REPO_ROOT."
  log "$reason: running npm ci ..."
  local started
  started="$(now_s)"
  # Plain `npm ci`, no fallback: the committed lockfile lists every platform's optional packages
  # (deploy/test/lockfile.spec.ts keeps it so), so nothing the registry adds later can break it.
  npm ci --no-audit --no-fund ||
    die "'npm ci' refused or failed (see the npm output above). If it says package.json and package-lock.json are not in sync, run 'npm install' and commit the package-lock.json it writes."
  log "npm ci done in $(elapsed_since "$started")"
}

# ----------------------------------------------------------- 2. PostgreSQL ----
PG_STATUS=""

pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -t 2; }

step_postgres() {
  require_cmd pg_isready "Install the PostgreSQL client (Debian: apt-get install postgresql-client)."
  require_cmd psql "Install the PostgreSQL client (Debian: apt-get install postgresql-client)."
  if pg_ready; then
    PG_STATUS="already running"
    if [[ -f "$RUN_DIR/started-postgres" ]]; then
      PG_STATUS="running, started earlier by up.sh"
    fi
  else
    is_local_host "$PGHOST" ||
      die "PostgreSQL at $PGHOST:$PGPORT is not reachable, and it is not a local address this script could start."
    require_cmd pg_ctlcluster "PostgreSQL is not running at $PGHOST:$PGPORT and no local installation (postgresql-common) was found."
    local version
    version="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$version" && -d "/etc/postgresql/$version/main" ]] ||
      die "PostgreSQL is not running at $PGHOST:$PGPORT and there is no local cluster /etc/postgresql/<version>/main to start."
    log "PostgreSQL not reachable at $PGHOST:$PGPORT; starting local cluster $version/main ..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      die "could not start PostgreSQL $version/main (pg_ctlcluster failed; see /var/log/postgresql/postgresql-$version-main.log)."
    echo "$version main" >"$RUN_DIR/started-postgres"
    wait_for "$PG_START_TIMEOUT" "PostgreSQL at $PGHOST:$PGPORT" pg_ready ||
      die "PostgreSQL $version/main was started but $PGHOST:$PGPORT did not accept connections within ${PG_START_TIMEOUT}s (log: /var/log/postgresql/postgresql-$version-main.log). Is it configured for port $PGPORT?"
    PG_STATUS="started by up.sh, cluster $version/main"
  fi
  local out
  out="$(psql -X -q -d postgres -tAc 'select 1' 2>&1)" ||
    die "PostgreSQL at $PGHOST:$PGPORT is up but 'psql -U $PGUSER' cannot connect: $out"
  log "PostgreSQL at $PGHOST:$PGPORT: $PG_STATUS"
}

# ---------------------------------------------------------------- 3. Redis ----
REDIS_STATUS=""

redis_ping() { [[ "$(redis-cli --no-auth-warning -u "$REDIS_URL" ping 2>/dev/null)" == "PONG" ]]; }

# redis://[user:pass@]host[:port][/db] -> "host port"
redis_host_port() {
  local rest="${REDIS_URL#*://}"
  rest="${rest##*@}"
  rest="${rest%%/*}"
  local host="${rest%:*}" port="${rest##*:}"
  [[ "$rest" == *:* ]] || port=6379
  echo "$host" "$port"
}

step_redis() {
  require_cmd redis-cli "Install the Redis client (Debian: apt-get install redis-tools)."
  if redis_ping; then
    REDIS_STATUS="already running"
    if [[ -f "$RUN_DIR/started-redis" ]]; then
      REDIS_STATUS="running, started earlier by up.sh"
    fi
  else
    local host port
    read -r host port < <(redis_host_port)
    is_local_host "$host" ||
      die "Redis at $REDIS_URL_SAFE does not answer PING, and it is not a local address this script could start."
    require_cmd redis-server "Redis is not running at $REDIS_URL_SAFE and redis-server is not installed (Debian: apt-get install redis-server)."
    local owner
    if owner="$(port_owner "$port")"; then
      die "Redis at $REDIS_URL_SAFE does not answer PING, but port $port is in use by $owner."
    fi
    local dir=/var/lib/redis logfile=/var/log/redis/ci.log
    mkdir -p "$dir" /var/log/redis 2>/dev/null || true
    if [[ ! -w "$dir" || ! -w /var/log/redis ]]; then
      dir="$CACHE_DIR/redis"
      logfile="$CACHE_DIR/redis/ci.log"
      mkdir -p "$dir"
    fi
    log "Redis not answering at $REDIS_URL_SAFE; starting redis-server on port $port ..."
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
      --dir "$dir" --logfile "$logfile" ||
      die "could not start redis-server (log: $logfile)."
    echo "$port $logfile" >"$RUN_DIR/started-redis"
    wait_for "$REDIS_START_TIMEOUT" "Redis at $REDIS_URL_SAFE" redis_ping ||
      die "redis-server was started but $REDIS_URL_SAFE did not answer PING within ${REDIS_START_TIMEOUT}s (log: $logfile)."
    REDIS_STATUS="started by up.sh, log $logfile"
  fi
  log "Redis at $REDIS_URL_SAFE: $REDIS_STATUS"
}

# ---------------------------------------------------------------- 4. Kafka ----
step_kafka() {
  bash "$REPO_ROOT/deploy/kafka.sh" start
}

# ------------------------------------------------------------ 5. databases ----
DB_CREATED=()
DB_NAMES=()

step_databases() {
  [[ "$GRANTS_DB_PREFIX" =~ ^[a-z_][a-z0-9_]*$ ]] ||
    die "GRANTS_DB_PREFIX='$GRANTS_DB_PREFIX' is not a plain lowercase identifier prefix (a-z, 0-9, _)."
  local existing name svc out
  existing="$(psql -X -d postgres -tAc 'select datname from pg_database' 2>&1)" ||
    die "could not list PostgreSQL databases: $existing"
  for svc in "${SERVICES[@]}"; do
    name="${GRANTS_DB_PREFIX}${svc}"
    DB_NAMES+=("$name")
    if grep -qxF "$name" <<<"$existing"; then
      continue
    fi
    # Re-check right before creating (another process may have created it).
    if [[ "$(psql -X -d postgres -tAc "select 1 from pg_database where datname = '$name'")" == "1" ]]; then
      continue
    fi
    if ! out="$(createdb "$name" 2>&1)"; then
      [[ "$out" == *"already exists"* ]] || die "createdb $name failed: $out"
      continue
    fi
    DB_CREATED+=("$name")
  done
  if ((${#DB_CREATED[@]})); then
    log "created databases: ${DB_CREATED[*]}"
  else
    log "databases already exist: ${DB_NAMES[*]}"
  fi
}

# ------------------------------------------------------------------ main ----
step_node
step_postgres
step_redis
step_kafka
step_databases

KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
if [[ "${KAFKA_EXTERNAL:-0}" == "1" ]]; then
  kafka_line="$KAFKA_BROKERS (external, KAFKA_EXTERNAL=1)"
else
  kafka_line="$KAFKA_BROKERS (pid $(cat "$RUN_DIR/kafka.pid" 2>/dev/null || echo '?'); logs .cache/kafka/logs/server.log, .cache/kafka/logs/kafka.out)"
fi
{
  echo
  echo "$DEPLOY_LOG_PREFIX ready in $(elapsed_since "$UP_STARTED"):"
  echo "  Kafka       $kafka_line"
  echo "  PostgreSQL  postgres://$PGUSER@$PGHOST:$PGPORT ($PG_STATUS)"
  echo "              databases: ${DB_NAMES[*]}"
  echo "  Redis       $REDIS_URL_SAFE ($REDIS_STATUS)"
  echo "  Stop with   bash deploy/down.sh (stops Kafka; PostgreSQL/Redis only if up.sh started them)"
} >&2
