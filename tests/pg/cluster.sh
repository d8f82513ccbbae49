#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from Debian's postgresql package:
#   cluster.sh start DIR PORT   initdb in DIR (once), start the server on 127.0.0.1:PORT; prints its URL
#   cluster.sh stop DIR         stops the server this script started there, by its pid
# The server runs as an unprivileged user (the package's `postgres` when run as root), trusts
# loopback connections, and trades durability for speed (fsync off): it lives for one test run.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "cluster.sh: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  dir=$2 port=$3
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  # a second start in the same DIR serves the data already there (a restart)
  [ -d "$dir/data" ] || as_owner "$bindir/initdb" -D "$dir/data" -U plaza -A trust --no-sync -E UTF8 --locale=C \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bindir/postgres" -D "$dir/data" -k "$dir" -p "$port" -c listen_addresses=127.0.0.1 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 \
    -c shared_buffers=64MB -c log_min_messages=fatal >"$dir/server.log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 1 100); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && { echo "postgres://plaza@127.0.0.1:$port/postgres"; exit 0; }
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
    sleep 0.1
  done
  cat "$dir/server.log" >&2
  exit 1 ;;
stop)
  dir=$2
  [ -f "$dir/pid" ] || exit 0
  # the server this script started: the postmaster whose pid its data directory records
  # ("$dir/pid" is the shell that launched it, which runuser stands between)
  server=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$server" ] && kill -INT "$server" 2>/dev/null; then   # fast shutdown
    for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/pid" ;;
*)
  echo "usage: cluster.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
