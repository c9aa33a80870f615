#!/bin/sh
# As the official image does: without a config file Redis would refuse clients from other
# containers (protected mode), so a bare `redis-server ...` runs with protected mode off.
set -e
if [ "$1" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
