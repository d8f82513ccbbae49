#!/usr/bin/env bash
# Runs the end-to-end tests against the plaza binary given as $1, on a store:
#   sqlite    (default) every plaza on its own SQLite store
#   postgres  every plaza on its own database in a throwaway PostgreSQL cluster
#   cluster   every plaza as three nodes on one such database, behind HAProxy (round-robin)
# The cluster is started here (tests/pg/cluster.sh) and stopped by its pid when the run ends.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
store="${2:-sqlite}"
if [ -f "$here/package.json" ] && [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
export PLAZA_BIN="$bin"
export LSAN_OPTIONS="suppressions=$here/../lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

case "$store" in
sqlite) ;;
postgres|cluster)
  pgdir=$(mktemp -d /tmp/plaza-pg.XXXXXX)
  chmod 755 "$pgdir"
  trap 'bash "$here/../pg/cluster.sh" stop "$pgdir"; rm -rf "$pgdir"' EXIT
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  export PLAZA_E2E_PG="$(bash "$here/../pg/cluster.sh" start "$pgdir" "$port")"
  [ "$store" = cluster ] && export PLAZA_E2E_NODES=3
  echo "e2e: store $store at $PLAZA_E2E_PG${PLAZA_E2E_NODES:+, $PLAZA_E2E_NODES nodes behind HAProxy}" ;;
*) echo "run.sh: unknown store '$store' (sqlite, postgres, cluster)" >&2; exit 2 ;;
esac
cd "$here"
# test files at once: most of a file's time is spent waiting (webhook retries, leases, node starts), and
# every file starts plazas of its own; E2E_CONCURRENCY overrides
node --test --test-reporter=spec --test-concurrency="${E2E_CONCURRENCY:-3}" ./*.test.mjs
