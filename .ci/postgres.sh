#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the state store's tests and prints its URL; `stop DIR`
# stops it. Installs Debian's postgresql when missing. PostgreSQL refuses to run as root: it runs as `postgres`.
set -euo pipefail
if [ "${1:-}" = "stop" ]; then
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
  runuser -u postgres -- "$bin/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi
# A machine with only the client (psql) has /usr/lib/postgresql/N/bin too, without the server: look for initdb.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
dir=$(mktemp -d /tmp/wirewatch-ci-pg.XXXXXX)
chown postgres "$dir"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U wirewatch --auth=trust -E UTF8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >/dev/null
echo "$dir postgres://wirewatch@127.0.0.1:$port/postgres"
