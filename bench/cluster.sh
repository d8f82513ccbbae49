#!/usr/bin/env bash
# plaza on PostgreSQL and as several nodes (`make bench` runs it after bench/run.sh):
#
#   bash bench/cluster.sh build/plaza
#
# Over 127.0.0.1 only, against a throwaway PostgreSQL cluster (tests/pg/cluster.sh):
#   1. one node on PostgreSQL vs one on SQLite (a file): GET /v2/users/me,
#      POST /oauth/token, meeting create, and a list page of 300 meetings,
#      requests/s in interleaved wrk rounds, and the PostgreSQL/SQLite ratio;
#   2. three nodes vs one node on PostgreSQL, both behind HAProxy (round-robin):
#      GET /v2/users/me requests/s and p99;
#   3. a revocation reaching every node: POST /oauth/revoke on one node answers
#      once every node applied it; its latency with three nodes and with one, and
#      whether the other nodes refuse the token right after (they must).
# Prints a table and writes bench/out/cluster.json. Every process it starts is
# stopped by pid on exit. Knobs: BENCH_ROUNDS (3), BENCH_DURATION (5),
# BENCH_CONNECTIONS (32), BENCH_REVOCATIONS (50).
set -euo pipefail

plaza_bin=${1:-build/plaza}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$bench_dir/..
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-5}
connections=${BENCH_CONNECTIONS:-32}
revocations=${BENCH_REVOCATIONS:-50}
admin_key=bench-admin-key-0123456789
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plaza-bench-cluster.XXXXXX")
chmod 755 "$tmp"
pids=()
results=$tmp/results.txt

log() { printf 'bench-cluster: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash "$root/tests/pg/cluster.sh" stop "$tmp/pg" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
             console.log(s.address().port); s.close(); });'
}

wait_for() {
  local url=$1 i
  for ((i = 0; i < 500; i++)); do curl -sf -o /dev/null "$url" && return 0; sleep 0.01; done
  die "$url did not answer within 5 s"
}

# start_node NAME DB [PUBLIC_URL]: one plaza with demo data, one thread; sets port_NAME.
start_node() {
  local name=$1 db=$2 public=${3:-} port
  port=$(free_port)
  "$plaza_bin" serve --demo --db "$db" --listen "127.0.0.1:$port" --threads 1 --admin-key "$admin_key" \
    --log-level warn ${public:+--public-url "$public"} >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/healthz"
  printf -v "port_$name" '%s' "$port"
}

# start_haproxy PORT NODE-PORTS...
start_haproxy() {
  local port=$1 p i=0
  shift
  { printf 'global\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n'
    printf 'frontend plaza\n  bind 127.0.0.1:%s\n  default_backend nodes\nbackend nodes\n  balance roundrobin\n' "$port"
    for p in "$@"; do i=$((i + 1)); printf '  server n%d 127.0.0.1:%s\n' "$i" "$p"; done; } >"$tmp/haproxy-$port.cfg"
  haproxy -db -f "$tmp/haproxy-$port.cfg" >/dev/null 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/healthz"
}

# s2s_token NAME URL: the demo S2S app's access token; sets token_NAME, basic_NAME, account_NAME.
s2s_token() {
  local name=$1 url=$2 out=$tmp/$1.out account id secret body
  account=$(sed -n 's/.*grant_type=account_credentials&account_id=\([^[:space:]]*\).*/\1/p' "$out")
  read -r id secret < <(awk '/Acme Server/ { for (i = 1; i < NF; i++) { if ($i == "client_id") id = $(i + 1);
      if ($i == "client_secret") s = $(i + 1) } print id, s; exit }' "$out")
  body=$(curl -sf -u "$id:$secret" -X POST "$url/oauth/token?grant_type=account_credentials&account_id=$account")
  printf -v "token_$name" '%s' "$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$body")"
  printf -v "basic_$name" '%s' "$(printf '%s:%s' "$id" "$secret" | base64 -w0)"
  printf -v "account_$name" '%s' "$account"
}

# measure NAME WHO URL [wrk options]: one wrk round; appends "NAME WHO REQUESTS/S P99-MS" to the results.
measure() {
  local name=$1 who=$2 url=$3 out=$tmp/wrk.txt
  shift 3
  wrk -t1 -c"$connections" -d"${duration}s" --latency "$@" "$url" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  if grep -q 'Non-2xx' "$out"; then die "wrk got errors at $url: $(cat "$out")"; fi
  awk -v n="$name" -v w="$who" '/^Requests\/sec:/ { r = $2 } $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u);
       sub(/[a-z]+$/, "", v); p = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }
       END { printf "%s %s %s %.2f\n", n, w, r, p }' "$out" >>"$results"
}

# engines: one node on each store, the same calls, rounds interleaved
bench_engines() {
  local e url tok i name path
  for e in sqlite postgres; do
    url=http://127.0.0.1:$(eval echo "\$port_$e")
    s2s_token "$e" "$url"
    tok=$(eval echo "\$token_$e")
    for ((i = 0; i < 300; i++)); do
      curl -sf -o /dev/null -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
        -d '{"topic":"Listed","type":2,"start_time":"2027-01-05T10:00:00Z","duration":30}' "$url/v2/users/me/meetings" ||
        die "creating meetings on $e failed"
    done
  done
  # what autovacuum does on a live server, now: statistics and the visibility map for the new rows
  psql "$pg_engine_url" -Xqc 'VACUUM ANALYZE'
  for ((i = 1; i <= rounds; i++)); do
    for e in sqlite postgres; do
      url=http://127.0.0.1:$(eval echo "\$port_$e")
      tok=$(eval echo "\$token_$e")
      measure users_me "$e" "$url/v2/users/me" -H "Authorization: Bearer $tok"
      BENCH_ACCOUNT_ID=$(eval echo "\$account_$e") BENCH_BASIC_AUTH=$(eval echo "\$basic_$e") \
        measure token "$e" "$url/oauth/token" -s "$bench_dir/token.lua"
      measure list_300 "$e" "$url/v2/users/me/meetings?page_size=300" -H "Authorization: Bearer $tok"
      BENCH_TOKEN=$tok measure meeting_create "$e" "$url/v2/users/me/meetings" -s "$bench_dir/meeting.lua"
    done
    log "engines round $i done"
  done
}

bench_nodes() {
  local i k lb tok
  s2s_token n1 "http://127.0.0.1:$port_n1"
  s2s_token solo "http://127.0.0.1:$port_solo"
  for ((i = 1; i <= rounds; i++)); do
    for k in one three; do
      lb=$(eval echo "\$lb_$k")
      if [ "$k" = one ]; then tok=$token_solo; else tok=$token_n1; fi
      measure nodes "$k" "http://127.0.0.1:$lb/v2/users/me" -H "Authorization: Bearer $tok"
    done
    log "nodes round $i done"
  done
}

main() {
  for tool in wrk haproxy node curl psql; do command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh bench)"; done
  cp "$plaza_bin" "$tmp/plaza"
  plaza_bin=$tmp/plaza
  local pg_port pg_url
  pg_port=$(free_port)
  pg_url=$(bash "$root/tests/pg/cluster.sh" start "$tmp/pg" "$pg_port")
  psql "$pg_url" -Xqc 'CREATE DATABASE bench_engine' -c 'CREATE DATABASE bench_nodes' -c 'CREATE DATABASE bench_one'
  local base=${pg_url%/*}

  start_node sqlite "$tmp/bench.db"
  pg_engine_url=$base/bench_engine
  start_node postgres "$pg_engine_url"
  bench_engines
  kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()

  lb_three=$(free_port)
  lb_one=$(free_port)
  start_node n1 "$base/bench_nodes" "http://127.0.0.1:$lb_three"
  start_node n2 "$base/bench_nodes" "http://127.0.0.1:$lb_three"
  start_node n3 "$base/bench_nodes" "http://127.0.0.1:$lb_three"
  start_haproxy "$lb_three" "$port_n1" "$port_n2" "$port_n3"
  start_node solo "$base/bench_one" "http://127.0.0.1:$lb_one"
  start_haproxy "$lb_one" "$port_solo"
  bench_nodes
  node "$bench_dir/revoke.mjs" "$tmp" "$revocations" "$port_n1,$port_n2,$port_n3" "$port_solo" >>"$results" ||
    die "measuring revocations failed"
  node "$bench_dir/cluster-report.mjs" "$results" "$bench_dir/out/cluster.json" "$(nproc)"
}

main "$@"
