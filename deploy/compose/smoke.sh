#!/usr/bin/env bash
# `npm run test:compose`: builds every image of this repository and runs docker-compose.yml for
# real, on a machine with no image registry and no network but loopback.
#
#   1. a Docker engine: the running one, or Debian's docker.io installed and dockerd started here
#      (bridge, iptables and forwarding off: only the `host` and `none` networks exist), stopped
#      again at the end
#   2. base images from Debian packages: debootstrap --variant=minbase bookworm -> grants-base/debian,
#      then grants-base/node:20 (this machine's node + npm + CA bundle), grants-base/postgres:15,
#      grants-base/redis:7, grants-base/kafka:3.9 (deploy/docker/*; Kafka jars from Maven Central
#      as deploy/kafka.sh resolves them)
#   3. the services and `migrate` from ./Dockerfile (BASE_IMAGE=grants-base/node:20)
#   4. a smoke variant of docker-compose.yml derived by deploy/compose/smoke-compose.py: host
#      networking, loopback, ports 15432 16379 19092/19093 13000-13005
#   5. no bridge network and no container address outside 127.0.0.0/8, before and after
#   6. the whole stack up, every /health/ready, deploy/compose/smoke-scenario.js through the gateway,
#      timings, then everything it started is removed (containers, the project's volumes, the engine)
#
# Cached across runs (safe to delete): .cache/compose-smoke/debian-bookworm-minbase.tar (the
# debootstrap tree, refreshed after 30 days) and the images in the engine (rebuilt when their
# inputs change, labelled with a hash of them). Logs: .cache/compose-smoke/*.log.
#
# Environment: SMOKE_KEEP=1 leaves the stack (and an engine started here) running, also after a
# failure, for a look around (`down` it yourself; logs of every service in .cache/compose-smoke/logs),
# SMOKE_REBUILD=1 rebuilds the base images even when cached, SMOKE_SOURCE=head builds the
# service images from the last commit (git archive HEAD) instead of the working tree (in a tree
# shared with work in progress).
set -euo pipefail

DEPLOY_LOG_PREFIX="[smoke]"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../lib.sh"

SMOKE_DIR="$CACHE_DIR/compose-smoke"
PROJECT=grants-smoke
SMOKE_FILE="$SMOKE_DIR/docker-compose.smoke.yml"
DEBIAN_IMAGE=grants-base/debian:bookworm
NODE_IMAGE=grants-base/node:20
POSTGRES_IMAGE=grants-base/postgres:15
REDIS_IMAGE=grants-base/redis:7
KAFKA_IMAGE=grants-base/kafka:3.9
IMAGE_PREFIX=grants-platform
IMAGE_TAG=smoke
TARGETS=(migrate gateway calls applications evaluation disbursement notifications)
APPS=(gateway calls applications evaluation disbursement notifications)
declare -A APP_PORT=([gateway]=13000 [calls]=13001 [applications]=13002 [evaluation]=13003 [disbursement]=13004 [notifications]=13005)
SMOKE_PORTS=(15432 16379 19092 19093 13000 13001 13002 13003 13004 13005)
DEBIAN_TAR="$SMOKE_DIR/debian-bookworm-minbase.tar"
DAEMON_JSON='{"bridge":"none","iptables":false,"ip6tables":false,"ip-forward":false,"ip-masq":false,"userland-proxy":false}'
LABEL=org.grants-platform.smoke.inputs
OURS=org.grants-platform.smoke

# Time limits (seconds) of every step that waits.
APT_TIMEOUT=300
DEBOOTSTRAP_TIMEOUT=600
ENGINE_TIMEOUT=60
BUILD_TIMEOUT=900
UP_TIMEOUT=300
READY_TIMEOUT=240
SCENARIO_TIMEOUT=300
DOWN_TIMEOUT=120

# The legacy builder: it needs no buildx plugin, whichever docker client is first on PATH.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
mkdir -p "$SMOKE_DIR" "$RUN_DIR"

started_engine=0
engine_pid=""
stack_started=0
failed=0
ADMIN_EMAIL=smoke-admin@example.org
ADMIN_PASSWORD="smoke-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
POSTGRES_PASSWORD="pg$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"

fail() {
  failed=1
  printf '%s %sFAILED:%s %s\n' "$DEPLOY_LOG_PREFIX" "$__c_red" "$__c_reset" "$*" >&2
  exit 1
}
secs() { echo $(($(now_s) - $1)); }
tail_log() {
  local file="$1" n="${2:-40}"
  [[ -s "$file" ]] && { echo "---- last $n lines of ${file#"$REPO_ROOT"/} ----"; tail -n "$n" "$file"; } >&2
  return 0
}
compose() { docker-compose -p "$PROJECT" -f "$SMOKE_FILE" "$@"; }

# ---------------------------------------------------------------- engine ----

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

write_daemon_json() {
  mkdir -p /etc/docker
  if [[ ! -f /etc/docker/daemon.json || "$(cat /etc/docker/daemon.json)" != "$DAEMON_JSON" ]]; then
    [[ -f /etc/docker/daemon.json ]] && cp /etc/docker/daemon.json "/etc/docker/daemon.json.before-smoke"
    printf '%s\n' "$DAEMON_JSON" >/etc/docker/daemon.json
    log "wrote /etc/docker/daemon.json (no bridge, no iptables, no forwarding)"
  fi
}

apt_install() {
  [[ "$(id -u)" == 0 ]] || fail "installing $* needs root (apt-get); run as root or install them first."
  log "installing $* (Debian packages) ..."
  local apt_log="$SMOKE_DIR/apt.log"
  if ! timeout "$APT_TIMEOUT" apt-get update -q >"$apt_log" 2>&1 ||
    ! DEBIAN_FRONTEND=noninteractive timeout "$APT_TIMEOUT" apt-get install -y -q --no-install-recommends "$@" >>"$apt_log" 2>&1; then
    tail_log "$apt_log" 30
    fail "apt-get install $* failed (or took more than ${APT_TIMEOUT}s); full log: $apt_log"
  fi
}

ensure_engine() {
  if have docker && engine_up; then
    log "using the Docker engine that is already running (it stays running)"
    return 0
  fi
  # daemon.json first: an engine must never come up with a bridge network here.
  write_daemon_json
  have dockerd || apt_install docker.io
  have docker-compose || apt_install docker-compose
  log "starting dockerd (overlay2; log ${SMOKE_DIR#"$REPO_ROOT"/}/dockerd.log) ..."
  setsid dockerd --storage-driver=overlay2 >"$SMOKE_DIR/dockerd.log" 2>&1 </dev/null &
  engine_pid=$!
  started_engine=1
  echo "$engine_pid" >"$RUN_DIR/smoke-dockerd.pid"
  local deadline=$(($(now_s) + ENGINE_TIMEOUT))
  until engine_up; do
    if ! kill -0 "$engine_pid" 2>/dev/null; then
      tail_log "$SMOKE_DIR/dockerd.log"
      fail "dockerd exited at start-up"
    fi
    (($(now_s) < deadline)) || { tail_log "$SMOKE_DIR/dockerd.log"; fail "dockerd did not answer within ${ENGINE_TIMEOUT}s"; }
    sleep 0.3
  done
  ok "dockerd $(docker version --format '{{.Server.Version}}' 2>/dev/null) running (pid $engine_pid)"
}

stop_engine() {
  ((started_engine)) || return 0
  log "stopping the dockerd this script started (pid $engine_pid) ..."
  kill -TERM "$engine_pid" 2>/dev/null || true
  local deadline=$(($(now_s) + 30))
  while kill -0 "$engine_pid" 2>/dev/null && (($(now_s) < deadline)); do sleep 0.3; done
  if kill -0 "$engine_pid" 2>/dev/null; then
    warn "dockerd (pid $engine_pid) did not stop within 30s; sending SIGKILL"
    kill -KILL "$engine_pid" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/smoke-dockerd.pid"
  started_engine=0
}

# ------------------------------------------------------- network rules ----

# The rule on these machines: no bridge network, no container with an address of its own.
check_isolation() {
  local when="$1" nets bad="" c line
  nets="$(docker network ls --filter driver=bridge -q)"
  [[ -z "$nets" ]] || fail "$when: bridge network(s) exist: $(docker network ls --filter driver=bridge --format '{{.Name}}' | tr '\n' ' ')- nothing here may create one."
  for c in $(docker ps -aq); do
    line="$(docker inspect -f '{{.Name}} {{.HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' "$c")"
    read -r -a words <<<"$line"
    local mode="${words[1]}" w ip
    [[ "$mode" == host || "$mode" == none ]] || bad+="${words[0]} (network mode $mode); "
    for w in "${words[@]:2}"; do
      ip="${w#*=}"
      [[ -z "$ip" || "$ip" == 127.* ]] || bad+="${words[0]} ($w); "
    done
  done
  [[ -z "$bad" ]] || fail "$when: container(s) with a network of their own: $bad"
  log "$when: no bridge network, $(docker ps -aq | wc -l) container(s), all on the host network (loopback)"
}

check_ports_free() {
  local p owner busy=""
  for p in "${SMOKE_PORTS[@]}"; do
    if owner="$(port_owner "$p")"; then busy+="$p ($owner) "; fi
  done
  [[ -z "$busy" ]] || fail "port(s) of the smoke stack already in use: $busy"
}

# ------------------------------------------------------------ images ----

image_label() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

apt_mirror() {
  # The first Debian mirror apt uses for bookworm: deb822 .sources, then one-line lists.
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk 'BEGIN{RS=""; FS="\n"} {
        t=""; u=""; s=""; e="yes";
        for (i=1;i<=NF;i++) { split($i, kv, ":[ \t]*");
          if (kv[1]=="Types") t=substr($i, index($i,":")+1);
          if (kv[1]=="URIs") u=substr($i, index($i,":")+1);
          if (kv[1]=="Suites") s=substr($i, index($i,":")+1);
          if (kv[1]=="Enabled") e=substr($i, index($i,":")+1) }
        if (t ~ /(^| )deb( |$)/ && s ~ /(^| )bookworm( |$)/ && e !~ /no/) { split(u, us, " "); print us[1]; exit }
      }' "$f" | tr -d ' \t')"
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri="$(sed -nE 's/^deb[ \t]+(\[[^]]*\][ \t]+)?([^ \t]+)[ \t]+bookworm[ \t].*/\2/p' "$f" | head -n 1)"
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  echo "http://deb.debian.org/debian"
}

build_debian_image() {
  if [[ -z "${SMOKE_REBUILD:-}" ]] && docker image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1; then
    log "$DEBIAN_IMAGE: cached"
    return 0
  fi
  if [[ -n "${SMOKE_REBUILD:-}" || ! -s "$DEBIAN_TAR" ]] || [[ -n "$(find "$DEBIAN_TAR" -mtime +30 2>/dev/null)" ]]; then
    have debootstrap || apt_install debootstrap
    local mirror root="$SMOKE_DIR/rootfs.tmp" t
    mirror="$(apt_mirror)"
    t="$(now_s)"
    log "debootstrap --variant=minbase bookworm from $mirror ..."
    rm -rf "$root"
    if ! timeout "$DEBOOTSTRAP_TIMEOUT" debootstrap --variant=minbase bookworm "$root" "$mirror" >"$SMOKE_DIR/debootstrap.log" 2>&1; then
      tail_log "$SMOKE_DIR/debootstrap.log" 30
      rm -rf "$root"
      fail "debootstrap failed (or took more than ${DEBOOTSTRAP_TIMEOUT}s)"
    fi
    # As Debian's official images do: no services started by package scripts, no recommends,
    # no apt caches in the image.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/90-no-recommends"
    printf 'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' >"$root/etc/apt/apt.conf.d/90-no-cache"
    # No fsync per unpacked file: an image layer is written once (the official images' setting).
    printf 'force-unsafe-io\n' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/*
    tar -C "$root" -c . >"$DEBIAN_TAR.tmp"
    mv "$DEBIAN_TAR.tmp" "$DEBIAN_TAR"
    rm -rf "$root"
    log "debootstrap done in $(secs "$t") s ($(du -sh "$DEBIAN_TAR" | cut -f1))"
  fi
  docker import --change 'CMD ["bash"]' --change "LABEL $OURS=1" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    - "$DEBIAN_IMAGE" <"$DEBIAN_TAR" >/dev/null
  ok "$DEBIAN_IMAGE imported"
}

# docker_build <tag> <context> <log> [docker build args...]: builds with the label, bounded.
docker_build() {
  local tag="$1" ctx="$2" log_file="$3"
  shift 3
  if ! timeout "$BUILD_TIMEOUT" docker build --network host --force-rm --label "$OURS=1" "$@" -t "$tag" "$ctx" >"$log_file" 2>&1; then
    tail_log "$log_file" 40
    echo "build of $tag failed (or took more than ${BUILD_TIMEOUT}s); full log: $log_file" >&2
    return 1
  fi
}

# base_image <tag> <deploy/docker dir> [extra files for the hash...]: builds when inputs changed.
base_image() {
  local tag="$1" dir="$2" ctx="$SMOKE_DIR/ctx-${2##*/}"
  shift 2
  local inputs
  inputs="$(hash_of <(docker image inspect -f '{{.Id}}' "$DEBIAN_IMAGE") "$dir"/* "$@")"
  if [[ -z "${SMOKE_REBUILD:-}" && "$(image_label "$tag")" == "$inputs" ]]; then
    log "$tag: cached"
    return 0
  fi
  local t
  t="$(now_s)"
  docker_build "$tag" "$ctx" "$SMOKE_DIR/build-${dir##*/}.log" --label "$LABEL=$inputs" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" || return 1
  ok "$tag built in $(secs "$t") s"
}

prepare_context() {
  local name="$1" ctx="$SMOKE_DIR/ctx-$1"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -a "$REPO_ROOT/deploy/docker/$name/." "$ctx/"
  echo "$ctx"
}

node_base_image() {
  local node npm_dir ca=/etc/ssl/certs/ca-certificates.crt ctx
  node="$(readlink -f "$(command -v node)")"
  npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd -P)"
  [[ -f "$npm_dir/package.json" ]] || fail "could not find npm's own directory (from $(command -v npm))"
  [[ -s "$ca" ]] || fail "no system CA bundle at $ca (Debian: apt-get install ca-certificates)"
  [[ "$("$node" --version)" == v20.* ]] || warn "this machine's node is $("$node" --version), not 20: the image gets it anyway"
  ctx="$(prepare_context node)"
  cp "$node" "$ctx/node"
  cp -a "$npm_dir" "$ctx/npm"
  cp "$ca" "$ctx/ca-certificates.crt"
  base_image "$NODE_IMAGE" "$REPO_ROOT/deploy/docker/node" <("$node" --version; "$node" "$npm_dir/bin/npm-cli.js" --version) "$ca" "$node"
}

kafka_jars() {
  # Exactly what deploy/kafka.sh resolves (same pom, plugin and marker), so either reuses the other's.
  local pom="$REPO_ROOT/deploy/kafka/pom.xml" libs="$CACHE_DIR/kafka/libs" want
  want="$(sha256sum "$pom" | cut -d' ' -f1)"
  [[ -f "$libs/.complete" && "$(cat "$libs/.complete")" == "$want" ]] && return 0
  have mvn || apt_install maven
  log "resolving the Kafka jars from Maven Central (deploy/kafka/pom.xml) ..."
  exec 8>"$RUN_DIR/kafka.lock"
  flock -w 120 8 || fail "deploy/kafka.sh holds $RUN_DIR/kafka.lock for more than 120 s"
  rm -rf "$libs.tmp"
  mkdir -p "$libs.tmp" "$CACHE_DIR/kafka/logs"
  if ! timeout 600 mvn -B -q -Dstyle.color=never -f "$pom" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs.tmp" >"$SMOKE_DIR/mvn.log" 2>&1; then
    tail_log "$SMOKE_DIR/mvn.log" 30
    fail "could not resolve the Kafka jars from Maven Central"
  fi
  rm -rf "$libs"
  mv "$libs.tmp" "$libs"
  echo "$want" >"$libs/.complete"
  exec 8>&-
}

kafka_image() {
  local ctx
  ctx="$(prepare_context kafka)"
  cp -a "$CACHE_DIR/kafka/libs" "$ctx/libs"
  rm -f "$ctx/libs/.complete"
  base_image "$KAFKA_IMAGE" "$REPO_ROOT/deploy/docker/kafka" "$CACHE_DIR/kafka/libs/.complete"
}

build_images() {
  local t0 t pids=() names=() i rc=0
  t0="$(now_s)"
  build_debian_image
  kafka_jars
  # The three infrastructure images (mostly apt downloads) build beside the Node ones.
  prepare_context postgres >/dev/null
  prepare_context redis >/dev/null
  base_image "$POSTGRES_IMAGE" "$REPO_ROOT/deploy/docker/postgres" &
  pids+=($!) names+=("$POSTGRES_IMAGE")
  base_image "$REDIS_IMAGE" "$REPO_ROOT/deploy/docker/redis" &
  pids+=($!) names+=("$REDIS_IMAGE")
  kafka_image &
  pids+=($!) names+=("$KAFKA_IMAGE")

  node_base_image || rc=1
  BASE_SECONDS="$(secs "$t0")"
  if ((rc == 0)); then
    t="$(now_s)"
    local target context="$REPO_ROOT"
    if [[ "${SMOKE_SOURCE:-tree}" == head ]]; then
      context="$SMOKE_DIR/src"
      rm -rf "$context"
      mkdir -p "$context"
      git -C "$REPO_ROOT" archive --format=tar HEAD | tar -x -C "$context"
      # git archive stamps every file with the commit's time, which would defeat the builder's
      # layer cache (npm ci) at every new commit: one fixed time instead.
      find "$context" -exec touch -h -d @0 {} +
      log "SMOKE_SOURCE=head: building the services from $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
    fi
    for target in "${TARGETS[@]}"; do
      docker_build "$IMAGE_PREFIX/$target:$IMAGE_TAG" "$context" "$SMOKE_DIR/build-$target.log" \
        --build-arg "BASE_IMAGE=$NODE_IMAGE" --target "$target" || { rc=1; break; }
    done
    ((rc)) || ok "service images built from ./Dockerfile in $(secs "$t") s: ${TARGETS[*]}"
  fi
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { rc=1; echo "[smoke] image ${names[$i]} failed (log above)" >&2; }
  done
  ((rc == 0)) || fail "image build failed (see the build log lines above)"
  BUILD_SECONDS="$(secs "$t0")"
}

# ------------------------------------------------------------- the stack ----

derive_smoke_file() {
  local env_file="$SMOKE_DIR/smoke.env"
  cat >"$env_file" <<EOF
COMPOSE_PROJECT_NAME=$PROJECT
APP_ENV_FILE=.env.example
IMAGE_PREFIX=$IMAGE_PREFIX
IMAGE_TAG=$IMAGE_TAG
BASE_IMAGE=$NODE_IMAGE
POSTGRES_IMAGE=$POSTGRES_IMAGE
REDIS_IMAGE=$REDIS_IMAGE
KAFKA_IMAGE=$KAFKA_IMAGE
POSTGRES_PASSWORD=$POSTGRES_PASSWORD
EOF
  local normalized
  # Hermetic: only the env file above and the committed defaults, never this shell's variables.
  normalized="$(env -i PATH="$PATH" HOME="$HOME" docker-compose --env-file "$env_file" -f "$REPO_ROOT/docker-compose.yml" config)" ||
    fail "docker-compose config of docker-compose.yml failed"
  SMOKE_APP_ENV="{\"BOOTSTRAP_ADMIN_EMAIL\":\"$ADMIN_EMAIL\",\"BOOTSTRAP_ADMIN_PASSWORD\":\"$ADMIN_PASSWORD\",\"LOG_LEVEL\":\"warn\"}" \
    python3 "$REPO_ROOT/deploy/compose/smoke-compose.py" <<<"$normalized" >"$SMOKE_FILE.tmp" ||
    fail "deriving the smoke compose file failed (deploy/compose/smoke-compose.py)"
  mv "$SMOKE_FILE.tmp" "$SMOKE_FILE"
  compose config -q || fail "the derived ${SMOKE_FILE#"$REPO_ROOT"/} does not validate"
  log "derived ${SMOKE_FILE#"$REPO_ROOT"/} from docker-compose.yml"
}

# Prints state and the last log lines of every container of the stack that is not running and
# healthy (or of all of them with `all`).
report_containers() {
  local which="${1:-unhealthy}" id name state health
  compose ps >&2 || true
  for id in $(compose ps -q 2>/dev/null); do
    name="$(docker inspect -f '{{.Name}}' "$id" | sed 's:^/::')"
    state="$(docker inspect -f '{{.State.Status}} exit={{.State.ExitCode}} restarts={{.RestartCount}}' "$id")"
    health="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")"
    if [[ "$which" == all || ("$state" != "running exit=0 restarts=0" && "$state" != "exited exit=0 restarts=0") || "$health" == unhealthy ]]; then
      echo "---- $name: $state ${health:+health=$health}; last 30 log lines ----" >&2
      docker logs --tail 30 "$id" 2>&1 | cut -c1-400 >&2 || true
    fi
  done
}

start_stack() {
  local t0 up_log="$SMOKE_DIR/compose-up.log"
  t0="$(now_s)"
  stack_started=1
  log "docker-compose up (postgres, redis, kafka healthy -> migrate -> the six services) ..."
  if ! timeout "$UP_TIMEOUT" docker-compose -p "$PROJECT" -f "$SMOKE_FILE" up -d --no-build >"$up_log" 2>&1; then
    tail_log "$up_log" 20
    report_containers
    fail "docker-compose up did not complete within ${UP_TIMEOUT}s (or a dependency failed its health check)"
  fi
  log "docker-compose up done in $(secs "$t0") s (infrastructure healthy, migrations run, services started)"
  check_isolation "after start"
  local deadline=$(($(now_s) + READY_TIMEOUT)) app pending
  while :; do
    pending=""
    for app in "${APPS[@]}"; do
      curl -fsS -m 3 -o /dev/null "http://127.0.0.1:${APP_PORT[$app]}/health/ready" 2>/dev/null || pending+="$app "
    done
    [[ -z "$pending" ]] && break
    for app in $pending; do
      local id
      id="$(compose ps -q "$app" 2>/dev/null)"
      if [[ -n "$id" && "$(docker inspect -f '{{.State.Status}}' "$id")" == exited ]]; then
        report_containers all
        fail "$app exited before it was ready"
      fi
    done
    if (($(now_s) >= deadline)); then
      report_containers all
      fail "not ready within ${READY_TIMEOUT}s: $pending(GET /health/ready)"
    fi
    sleep 1
  done
  START_SECONDS="$(secs "$t0")"
  ok "every service answers /health/ready ($(secs "$t0") s after docker-compose up)"
}

run_scenario() {
  local t0
  t0="$(now_s)"
  if ! timeout "$SCENARIO_TIMEOUT" node "$REPO_ROOT/deploy/compose/smoke-scenario.js" --api "http://127.0.0.1:${APP_PORT[gateway]}/api" \
    --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" --timeout 120; then
    report_containers all
    fail "the smoke scenario failed (or took more than ${SCENARIO_TIMEOUT}s)"
  fi
  SCENARIO_SECONDS="$(secs "$t0")"
}

teardown() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if ((stack_started)); then
    if ((status == 0)); then
      (check_isolation "before tear-down") || status=1
    fi
    mkdir -p "$SMOKE_DIR/logs"
    local svc
    for svc in $(compose config --services 2>/dev/null); do
      timeout 30 docker-compose -p "$PROJECT" -f "$SMOKE_FILE" logs --no-color "$svc" >"$SMOKE_DIR/logs/$svc.log" 2>&1 || true
    done
    if [[ -n "${SMOKE_KEEP:-}" ]]; then
      log "SMOKE_KEEP=1: the stack stays up; remove it with: docker-compose -p $PROJECT -f $SMOKE_FILE down -v"
    else
      log "tearing down the smoke stack (containers and the $PROJECT volumes) ..."
      timeout "$DOWN_TIMEOUT" docker-compose -p "$PROJECT" -f "$SMOKE_FILE" down -v --remove-orphans -t 20 >"$SMOKE_DIR/compose-down.log" 2>&1 ||
        { tail_log "$SMOKE_DIR/compose-down.log" 20; warn "docker-compose down failed"; status=1; }
      (check_isolation "after tear-down") || status=1
    fi
  fi
  # Images this script built before and has since replaced (untagged); its own only.
  if engine_up; then
    docker image prune -f --filter "label=$OURS" >/dev/null 2>&1 || warn "could not remove the replaced smoke images"
  fi
  [[ -n "${SMOKE_KEEP:-}" ]] || stop_engine
  if ((status == 0)); then
    ok "compose smoke passed: images ${BUILD_SECONDS:-?} s (base images ${BASE_SECONDS:-?} s), start ${START_SECONDS:-?} s, scenario ${SCENARIO_SECONDS:-?} s, total $(secs "$T0") s"
  else
    printf '%s %sFAILED%s after %s s (logs in %s)\n' "$DEPLOY_LOG_PREFIX" "$__c_red" "$__c_reset" "$(secs "$T0")" "${SMOKE_DIR#"$REPO_ROOT"/}" >&2
  fi
  exit "$status"
}

# ------------------------------------------------------------------ main ----

T0="$(now_s)"
exec 9>"$RUN_DIR/compose-smoke.lock"
flock -n 9 || die "another compose smoke test is running (lock $RUN_DIR/compose-smoke.lock)"
trap teardown EXIT
trap 'exit 130' INT TERM

for cmd in node python3 curl; do require_cmd "$cmd"; done
python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml
check_ports_free
ensure_engine
have docker-compose || apt_install docker-compose
check_isolation "before start"
# A stack of an interrupted earlier run would hold the ports and volumes.
if [[ -f "$SMOKE_FILE" ]] && [[ -n "$(compose ps -q 2>/dev/null)" ]]; then
  log "removing the leftovers of an earlier smoke run ..."
  timeout "$DOWN_TIMEOUT" docker-compose -p "$PROJECT" -f "$SMOKE_FILE" down -v --remove-orphans -t 10 >/dev/null 2>&1 || true
fi
build_images
derive_smoke_file
start_stack
run_scenario
