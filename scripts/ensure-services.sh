#!/usr/bin/env bash
# Start PostgreSQL and Redis on 127.0.0.1 if they are not running; fail loudly if they cannot be had.
set -euo pipefail

wait_for() {  # wait_for NAME COMMAND...
  local name=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "ensure-services: $name did not come up" >&2
  exit 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "ensure-services: starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  else
    echo "ensure-services: PostgreSQL is not running and not installed here (need postgresql on 127.0.0.1:5432)" >&2
    exit 1
  fi
  wait_for PostgreSQL pg_isready -q -h 127.0.0.1 -p 5432
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "ensure-services: starting Redis"
  if ! command -v redis-server >/dev/null; then
    echo "ensure-services: Redis is not running and not installed here (need redis on 127.0.0.1:6379)" >&2
    exit 1
  fi
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for Redis bash -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
fi
