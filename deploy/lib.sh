#!/usr/bin/env bash
# Shared helpers for the deploy/ scripts. Source it, do not execute it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# After sourcing, the current directory is the repository root and
# REPO_ROOT / RUN_DIR / CACHE_DIR are set.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
RUN_DIR="$REPO_ROOT/.run"
CACHE_DIR="$REPO_ROOT/.cache"
export REPO_ROOT RUN_DIR CACHE_DIR
cd "$REPO_ROOT"

: "${DEPLOY_LOG_PREFIX:=[deploy]}"

if [[ -t 2 && -z "${NO_COLOR:-}" ]]; then
  __c_red=$'\033[31m' __c_yellow=$'\033[33m' __c_green=$'\033[32m' __c_reset=$'\033[0m'
else
  __c_red='' __c_yellow='' __c_green='' __c_reset=''
fi

# All messages go to stderr so that stdout stays usable for data.
log() { printf '%s %s\n' "$DEPLOY_LOG_PREFIX" "$*" >&2; }
ok() { printf '%s %s%s%s\n' "$DEPLOY_LOG_PREFIX" "$__c_green" "$*" "$__c_reset" >&2; }
warn() { printf '%s %sWARNING:%s %s\n' "$DEPLOY_LOG_PREFIX" "$__c_yellow" "$__c_reset" "$*" >&2; }
die() {
  printf '%s %sERROR:%s %s\n' "$DEPLOY_LOG_PREFIX" "$__c_red" "$__c_reset" "$*" >&2
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

require_cmd() {
  # require_cmd <command> [hint]
  have "$1" || die "'$1' was not found on PATH.${2:+ $2}"
}

ensure_dirs() { mkdir -p "$RUN_DIR" "$CACHE_DIR"; }

now_s() { date +%s; }

# port_open <host> <port>: true when something accepts TCP connections.
port_open() {
  local host="$1" port="$2"
  (exec 3<>"/dev/tcp/$host/$port") >/dev/null 2>&1
}

# wait_for <seconds> <description> <command...>: polls the command every 0.5 s.
wait_for() {
  local timeout="$1" what="$2"
  shift 2
  local deadline=$(($(now_s) + timeout))
  until "$@" >/dev/null 2>&1; do
    if (($(now_s) >= deadline)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# wait_for_port <host> <port> <seconds> [description]
wait_for_port() {
  local host="$1" port="$2" timeout="$3" what="${4:-$1:$2}"
  wait_for "$timeout" "$what" port_open "$host" "$port"
}

# port_owner <port>: prints "name (pid N)" of the process listening on the
# TCP port (any address), or "unknown process" when it cannot be determined
# (ss not installed, or listener owned by another user). Prints nothing and
# returns 1 when nothing listens.
port_owner() {
  local port="$1" line proc
  if have ss; then
    line="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n 1 || true)"
    [[ -n "$line" ]] || return 1
    proc="$(grep -o 'users:(("[^"]*",pid=[0-9]*' <<<"$line" | head -n 1 || true)"
    if [[ -n "$proc" ]]; then
      # users:(("java",pid=123  ->  java (pid 123)
      proc="${proc#users:((\"}"
      printf '%s (pid %s)\n' "${proc%%\"*}" "${proc##*pid=}"
    else
      echo "unknown process"
    fi
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then
    echo "unknown process"
    return 0
  fi
  return 1
}

# port_owner_pid <port>: the pid listening on the port, if visible.
port_owner_pid() {
  local port="$1"
  have ss || return 1
  ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
pid_gone() { ! pid_alive "${1:-}"; }

# read_pid <file>: prints the pid stored in the file if that process is alive.
read_pid() {
  local file="$1" pid
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  pid_alive "$pid" || return 1
  echo "$pid"
}

# elapsed_since <start-epoch-seconds>
elapsed_since() { echo "$(($(now_s) - $1))s"; }

# host_of / port_of for "host:port" strings (no IPv6 literals needed here).
host_of() { echo "${1%:*}"; }
port_of() { echo "${1##*:}"; }
