#!/usr/bin/env bash
# Stops what deploy/up.sh started:
#   - Kafka, whenever our broker (.run/kafka.pid) is alive
#   - PostgreSQL / Redis only when up.sh started them (.run/started-postgres,
#     .run/started-redis); servers that were already running are left alone.
# Idempotent. Data is kept (Kafka: .cache/kafka/data).
set -euo pipefail

DEPLOY_LOG_PREFIX="[deploy:down]"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"

REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
status=0

redis_ping() { [[ "$(redis-cli --no-auth-warning -u "$REDIS_URL" ping 2>/dev/null)" == "PONG" ]]; }
# shellcheck disable=SC2317  # called indirectly via wait_for
redis_gone() { ! redis_ping; }

# 1. Kafka
bash "$REPO_ROOT/deploy/kafka.sh" stop || status=1

# 2. Redis (only if we started it)
if [[ -f "$RUN_DIR/started-redis" ]]; then
  if ! have redis-cli; then
    warn "redis-cli not found; cannot stop the Redis server started by up.sh."
    status=1
  elif ! redis_ping; then
    log "Redis (started by up.sh) is no longer running."
    rm -f "$RUN_DIR/started-redis"
  else
    log "stopping Redis (started by up.sh) ..."
    # SHUTDOWN closes the connection, so redis-cli may report an error.
    redis-cli --no-auth-warning -u "$REDIS_URL" shutdown nosave >/dev/null 2>&1 || true
    if wait_for 15 "Redis to stop" redis_gone; then
      rm -f "$RUN_DIR/started-redis"
      ok "Redis stopped."
    else
      warn "Redis did not stop."
      status=1
    fi
  fi
else
  log "Redis was not started by up.sh; leaving it alone."
fi

# 3. PostgreSQL (only if we started it)
if [[ -f "$RUN_DIR/started-postgres" ]]; then
  read -r pg_version pg_cluster <"$RUN_DIR/started-postgres" || true
  pg_cluster="${pg_cluster:-main}"
  if [[ -z "${pg_version:-}" ]] || ! have pg_ctlcluster; then
    warn "cannot stop PostgreSQL: bad marker $RUN_DIR/started-postgres or pg_ctlcluster missing."
    status=1
  elif ! pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" status >/dev/null 2>&1; then
    log "PostgreSQL $pg_version/$pg_cluster (started by up.sh) is no longer running."
    rm -f "$RUN_DIR/started-postgres"
  else
    log "stopping PostgreSQL $pg_version/$pg_cluster (started by up.sh) ..."
    if pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" stop; then
      rm -f "$RUN_DIR/started-postgres"
      ok "PostgreSQL stopped."
    else
      warn "could not stop PostgreSQL $pg_version/$pg_cluster."
      status=1
    fi
  fi
else
  log "PostgreSQL was not started by up.sh; leaving it alone."
fi

exit "$status"
