#!/usr/bin/env bash
# Ending a recorded meeting vs an unrecorded one (`make bench`, bench/recording.mjs),
# on a plaza of its own on 127.0.0.1, stopped by its pid.
#
#   bash bench/recording.sh build/plaza
set -euo pipefail
plaza_bin=${1:-build/plaza}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
key=bench-admin-key-0123456789
"$plaza_bin" serve --db :memory: --listen "127.0.0.1:$port" --admin-key "$key" >"$tmp/plaza.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
mkdir -p "$root/bench/out"
node "$root/bench/recording.mjs" "http://127.0.0.1:$port" "$key" "${BENCH_RECORDING_RUNS:-5}" | tee "$root/bench/out/recording.txt"
