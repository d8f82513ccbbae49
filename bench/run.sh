#!/usr/bin/env bash
# plaza benchmark (`make bench`): plaza against nginx `return 200` on this machine.
#
#   bash bench/run.sh build/plaza
#
# Measures, over 127.0.0.1 only:
#   1. GET /v2/users/me with an S2S bearer token, plaza vs nginx returning the same
#      body from memory: interleaved wrk rounds, requests/s and the plaza/nginx ratio;
#   2. POST /oauth/token (account_credentials), requests/s;
#   3. cold start: spawn of `plaza serve --db :memory:` to the first 200 from /healthz;
#   4. idle RSS of a started plaza that has served one request;
#   5. webhooks: API change to acknowledged delivery, 1 and 50 endpoints (webhooks.js);
#   6. TLS: GET /v2/users/me over HTTPS with keep-alive vs plain HTTP (plaza),
#      vs nginx over HTTPS with the same certificate, and new TLS connections
#      per second (a full handshake per request, Connection: close), plaza vs nginx;
#   7. meetings: one host's list and get latency at 1k, 10k and 100k meetings
#      (meetings.js), and at 100k GET /v2/meetings/{id} and a list page of 300
#      vs nginx serving the same bodies.
# Prints a table and writes bench/out/results.json. Every process it starts is
# stopped by pid on exit; the temporary directory (database, nginx config) is removed.
#
# Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION seconds a wrk round (5),
# BENCH_CONNECTIONS (32), BENCH_THREADS plaza threads = nginx workers (nproc),
# BENCH_COLD_RUNS (20), BENCH_WEBHOOK_SECONDS a webhook phase (5),
# BENCH_MEETING_LEVELS (1000,10000,100000), BENCH_STRICT=1 to exit 1
# when a target is missed.
set -euo pipefail

plaza_bin=${1:-build/plaza}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out_dir=$bench_dir/out

rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-5}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-$(nproc)}
cold_runs=${BENCH_COLD_RUNS:-20}
wrk_threads=1 # wrk gets one core; the servers share what is left
admin_key=bench-admin-key-0123456789

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plaza-bench.XXXXXX")
facts=$tmp/facts
pids=() # every process started here, stopped in cleanup

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------- processes

# Stops each started process by pid (TERM, then KILL after 2 s), removes $tmp.
cleanup() {
  local pid i
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops one process started here and forgets it.
stop() {
  local pid=$1 i rest=()
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for i in "${pids[@]}"; do [ "$i" = "$pid" ] || rest+=("$i"); done
  pids=("${rest[@]}")
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
             console.log(s.address().port); s.close(); });'
}

# wait_for URL [PID]: polls until URL answers 200 (5 s at most); fails early if PID died.
wait_for() {
  local url=$1 pid=${2:-} i
  for ((i = 0; i < 500; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || die "process $pid died before $url answered"
    sleep 0.01
  done
  die "$url did not answer within 5 s"
}

# wait_for_line FILE REGEX: polls until FILE has a line matching REGEX (5 s at most).
wait_for_line() {
  local file=$1 re=$2 i
  for ((i = 0; i < 500; i++)); do
    grep -qE "$re" "$file" 2>/dev/null && return 0
    sleep 0.01
  done
  die "no line matching '$re' in $file"
}

# Records a fact for report.js: fact NAME JSON-VALUE.
fact() { printf '%s %s\n' "$1" "$2" >>"$facts"; }
# Same, for a string value.
fact_str() { node -e 'console.log(process.argv[1], JSON.stringify(process.argv[2]))' "$1" "$2" >>"$facts"; }

# The checkout's commit, with "-dirty" when src/ or the Makefile has local changes.
commit_label() {
  local root=$bench_dir/.. rev
  rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
  [ -z "$(git -C "$root" status --porcelain -- src Makefile 2>/dev/null)" ] || rev+=-dirty
  echo "$rev"
}

# ---------------------------------------------------------------- plaza

# One certificate for plaza's and nginx's HTTPS (EC P-256, the key type plaza's
# own CA issues), so the TLS figures compare the servers, not their keys.
make_cert() {
  local dir=$tmp/tls
  mkdir -p "$dir"
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/key.pem" 2>/dev/null
  openssl req -x509 -new -key "$dir/key.pem" -subj /CN=zoom.us -days 30 -out "$dir/cert.pem" \
    -addext 'subjectAltName=DNS:zoom.us,DNS:*.zoom.us,IP:127.0.0.1' 2>/dev/null || die "openssl cannot make a certificate"
  # run as root, nginx's workers read as nobody
  chmod a+rx "$tmp" "$dir" && chmod a+r "$dir"/*.pem
}

# Starts the plaza under test with demo data in a file database, plain and
# HTTPS; sets plaza_url, plaza_tls_url, plaza_pid, account_id, client_id, client_secret.
start_plaza() {
  local port tls_port out=$tmp/plaza.out
  port=$(free_port)
  tls_port=$(free_port)
  plaza_url=http://127.0.0.1:$port
  plaza_tls_url=https://127.0.0.1:$tls_port
  "$plaza_bin" serve --demo --db "$tmp/bench.db" --listen "127.0.0.1:$port" --threads "$threads" \
    --tls-listen "127.0.0.1:$tls_port" --tls-cert "$tmp/tls/cert.pem" --tls-key "$tmp/tls/key.pem" \
    --admin-key "$admin_key" --log-level warn >"$out" 2>"$tmp/plaza.err" &
  plaza_pid=$!
  pids+=("$plaza_pid")
  wait_for "$plaza_url/healthz" "$plaza_pid"
  wait_for_line "$out" 'Server-to-Server tokens:'

  # "  Server-to-Server tokens: grant_type=account_credentials&account_id=<id>"
  account_id=$(sed -n 's/.*grant_type=account_credentials&account_id=\([^[:space:]]*\).*/\1/p' "$out")
  # "    Acme Server          s2s     client_id <id>  client_secret <secret>"
  read -r client_id client_secret < <(awk '/Acme Server/ {
      for (i = 1; i < NF; i++) { if ($i == "client_id") id = $(i + 1); if ($i == "client_secret") s = $(i + 1) }
      print id, s; exit }' "$out")
  if [ -z "$account_id" ] || [ -z "$client_id" ] || [ -z "$client_secret" ]; then
    die "cannot read the S2S app and account from plaza's demo output ($out)"
  fi
  log "plaza $plaza_pid on $plaza_url, threads $threads, account $account_id, S2S app $client_id"
}

# Gets an S2S access token; sets token.
get_token() {
  local body
  body=$(curl -sf -u "$client_id:$client_secret" -X POST \
    "$plaza_url/oauth/token?grant_type=account_credentials&account_id=$account_id") ||
    die "POST /oauth/token failed"
  token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$body")
  [ -n "$token" ] || die "no access_token in: $body"
}

# ---------------------------------------------------------------- nginx

# Escapes a body for a single-quoted nginx string: \ and ' get a backslash, and
# $ (which nginx would take for a variable) becomes ${dollar}, defined as "$".
nginx_quote() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\'/\\\'}
  s=${s//\$/\$\{dollar\}}
  printf '%s' "$s"
}

# Starts nginx returning BODY-FILE's content, plain and HTTPS; sets nginx_url,
# nginx_tls_url, nginx_pid.
start_nginx() {
  local body_file=$1 port tls_port conf dir=$tmp/nginx body
  mkdir -p "$dir"
  port=$(free_port)
  tls_port=$(free_port)
  nginx_url=http://127.0.0.1:$port
  nginx_tls_url=https://127.0.0.1:$tls_port
  body=$(nginx_quote "$(cat "$body_file")")
  conf=$(<"$bench_dir/nginx.conf.in")
  conf=${conf//@WORKERS@/"$threads"}
  conf=${conf//@TMP@/"$dir"}
  conf=${conf//@PORT@/"$port"}
  conf=${conf//@TLS_PORT@/"$tls_port"}
  conf=${conf//@TLS_DIR@/"$tmp/tls"}
  conf=${conf//@BODY@/"$body"}
  printf '%s\n' "$conf" >"$dir/nginx.conf"
  nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  wait_for "$nginx_url/" "$nginx_pid"
  curl -sf -o "$tmp/nginx-body.json" "$nginx_url/v2/users/me"
  cmp -s "$body_file" "$tmp/nginx-body.json" || die "nginx does not return plaza's body byte for byte"
  log "nginx $nginx_pid on $nginx_url, $threads workers, $(wc -c <"$body_file") byte body"
}

# ---------------------------------------------------------------- wrk

clk_tck=$(getconf CLK_TCK)

# CPU time (ms, user + system, all threads) used so far by the given pids and
# their children (nginx's workers).
proc_cpu_ms() {
  local pid pids=() kids
  for pid in "$@"; do
    pids+=("$pid")
    mapfile -t kids < <(pgrep -P "$pid" || true)
    pids+=("${kids[@]}")
  done
  for pid in "${pids[@]}"; do sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null || true; done |
    awk -v hz="$clk_tck" '{ t += $12 + $13 } END { printf "%d\n", t * 1000 / hz }'
}

# CPU time (ms) the machine has been busy, all cores, from /proc/stat: user, nice,
# system, irq, softirq (the loopback traffic, which the kernel also charges to the
# processes it interrupted) and steal (the hypervisor's).
system_busy_ms() {
  awk -v hz="$clk_tck" '$1 == "cpu" { printf "%d\n", ($2 + $3 + $4 + $7 + $8 + $9) * 1000 / hz; exit }' /proc/stat
}

# CPU time (ms) of the children this (sub)shell has reaped, from `times`.
children_cpu_ms() {
  times | awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
                         printf "%d\n", t * 1000 }'
}

server_pids= # the processes of the server being measured (set per run_wrk call)

# run_wrk LABEL URL [wrk options...]: one wrk run against the server whose pids
# are in $server_pids. Prints requests/s, and records as a fact the round's
# requests, the CPU time the server, wrk and the rest of the machine used (the
# rest is noise: other work competing for the cores). Fails on non-2xx answers
# (a benchmark of errors measures nothing).
run_wrk() {
  local label=$1 url=$2 out srv0 srv1 sys0 sys1 wrk0 wrk1 t0 t1 rps reqs
  shift 2
  out=$tmp/wrk-$label.txt
  # shellcheck disable=SC2086 # $server_pids is a list
  srv0=$(proc_cpu_ms $server_pids) sys0=$(system_busy_ms) t0=$(date +%s%N)
  wrk0=$(children_cpu_ms)
  wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" "$@" "$url" >"$out" 2>&1 || die "wrk $label failed: $(cat "$out")"
  wrk1=$(children_cpu_ms)
  # shellcheck disable=SC2086
  srv1=$(proc_cpu_ms $server_pids) sys1=$(system_busy_ms) t1=$(date +%s%N)
  if grep -q 'Non-2xx' "$out"; then die "wrk $label got errors: $(cat "$out")"; fi
  if grep -q 'Socket errors' "$out"; then log "$label: $(grep 'Socket errors' "$out")"; fi
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  reqs=$(awk '/ requests in / { print $1 }' "$out")
  fact 'wrk[]' "$(printf '{"label":"%s","rps":%s,"requests":%s,"wall_ms":%d,"server_cpu_ms":%d,"wrk_cpu_ms":%d,"busy_ms":%d}' \
    "$label" "$rps" "$reqs" $(((t1 - t0) / 1000000)) $((srv1 - srv0)) $((wrk1 - wrk0)) $((sys1 - sys0)))"
  echo "$rps"
}

# compare NAME PLAZA-PATH NGINX-PATH: interleaved rounds, plaza, nginx, plaza,
# nginx, ... after a short warm-up of each; facts NAME.plaza[] and NAME.nginx[].
compare() {
  local name=$1 plaza_path=$2 nginx_path=$3 i p n auth="Authorization: Bearer $token"
  server_pids=$plaza_pid duration=1 run_wrk "$name-warmup-plaza" "$plaza_url$plaza_path" -H "$auth" >/dev/null
  server_pids=$nginx_pid duration=1 run_wrk "$name-warmup-nginx" "$nginx_url$nginx_path" >/dev/null
  for ((i = 1; i <= rounds; i++)); do
    p=$(server_pids=$plaza_pid run_wrk "$name-plaza-$i" "$plaza_url$plaza_path" -H "$auth")
    n=$(server_pids=$nginx_pid run_wrk "$name-nginx-$i" "$nginx_url$nginx_path")
    fact "$name.plaza[]" "$p"
    fact "$name.nginx[]" "$n"
    log "$name round $i: plaza $p req/s, nginx $n req/s"
  done
}

bench_users_me() { compare users_me /v2/users/me /v2/users/me; }

# pair NAME A URL-A PIDS-A B URL-B PIDS-B [wrk options...]: interleaved rounds of
# two measured servers or ways in, after a short warm-up of each; facts NAME.A[], NAME.B[].
pair() {
  local name=$1 a=$2 a_url=$3 a_pids=$4 b=$5 b_url=$6 b_pids=$7 i ra rb
  shift 7
  server_pids=$a_pids duration=1 run_wrk "$name-warmup-$a" "$a_url" "$@" >/dev/null
  server_pids=$b_pids duration=1 run_wrk "$name-warmup-$b" "$b_url" "$@" >/dev/null
  for ((i = 1; i <= rounds; i++)); do
    ra=$(server_pids=$a_pids run_wrk "$name-$a-$i" "$a_url" "$@")
    rb=$(server_pids=$b_pids run_wrk "$name-$b-$i" "$b_url" "$@")
    fact "$name.$a[]" "$ra"
    fact "$name.$b[]" "$rb"
    log "$name round $i: $a $ra req/s, $b $rb req/s"
  done
}

# HTTPS: keep-alive against plain HTTP (the cost of TLS on a warm connection),
# against nginx with the same certificate, and a full handshake per request.
bench_tls() {
  local auth="Authorization: Bearer $token"
  pair tls_keepalive tls "$plaza_tls_url/v2/users/me" "$plaza_pid" plain "$plaza_url/v2/users/me" "$plaza_pid" \
    -H "$auth"
  pair tls_vs_nginx plaza "$plaza_tls_url/v2/users/me" "$plaza_pid" nginx "$nginx_tls_url/v2/users/me" "$nginx_pid" \
    -H "$auth"
  pair tls_handshakes plaza "$plaza_tls_url/v2/users/me" "$plaza_pid" nginx "$nginx_tls_url/v2/users/me" \
    "$nginx_pid" -H "$auth" -H 'Connection: close'
}

bench_token() {
  local t
  t=$(server_pids=$plaza_pid BENCH_ACCOUNT_ID=$account_id \
    BENCH_BASIC_AUTH=$(printf '%s:%s' "$client_id" "$client_secret" | base64 -w0) \
    run_wrk token "$plaza_url/oauth/token" -s "$bench_dir/token.lua")
  fact oauth_token.plaza "$t"
  log "POST /oauth/token: $t req/s"
}

# ---------------------------------------------------------------- meetings

# One host's meetings seeded through the API to each level (BENCH_MEETING_LEVELS,
# 1000,10000,100000): list and get latency at each (meetings.js); then, at the
# last level, GET /v2/meetings/{id} and GET /v2/users/me/meetings?page_size=300
# against nginx serving the bodies plaza returned.
bench_meetings() {
  local r id auth="Authorization: Bearer $token" files=$tmp/nginx/files
  r=$(node "$bench_dir/meetings.js" "$plaza_url" "$token" "${BENCH_MEETING_LEVELS:-1000,10000,100000}") ||
    die "meeting measurement failed"
  fact meetings "$r"
  id=$(node -e 'console.log(JSON.parse(process.argv[1]).meeting_id)' "$r")
  mkdir -p "$files"
  curl -sf -H "$auth" -o "$files/meeting.json" "$plaza_url/v2/meetings/$id" || die "GET /v2/meetings/$id failed"
  curl -sf -H "$auth" -o "$files/list300.json" "$plaza_url/v2/users/me/meetings?page_size=300" ||
    die "GET /v2/users/me/meetings failed"
  # run as root, nginx's workers read as nobody
  chmod a+rx "$tmp" "$tmp/nginx" "$files" && chmod a+r "$files"/*.json
  fact meeting_body_bytes "$(wc -c <"$files/meeting.json")"
  fact list300_body_bytes "$(wc -c <"$files/list300.json")"
  compare meeting_get "/v2/meetings/$id" /v2/meetings/one
  compare meeting_list_300 "/v2/users/me/meetings?page_size=300" /v2/users/me/meetings
}

# ---------------------------------------------------------------- start-up and memory

bench_cold_start() {
  local r
  r=$(node "$bench_dir/coldstart.js" "$plaza_bin" "$cold_runs") || die "cold start measurement failed"
  fact cold_start "$r"
  log "cold start: $r"
}

# One /proc/PID/status field's number (kB for the Vm*/Rss* fields).
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# A fresh plaza (:memory:, default threads), up and one request served: its
# VmRSS (the figure judged), with the anonymous/file split and the PSS as context.
bench_idle_rss() {
  local port pid url rss
  port=$(free_port)
  url=http://127.0.0.1:$port
  "$plaza_bin" serve --db :memory: --listen "127.0.0.1:$port" --log-level warn >/dev/null 2>"$tmp/idle.err" &
  pid=$!
  pids+=("$pid")
  wait_for "$url/healthz" "$pid" # the first 200 is the one request served
  rss=$(printf '{"kb":%s,"rss_anon_kb":%s,"rss_file_kb":%s,"pss_kb":%s,"threads":%s}' \
    "$(status_kb "$pid" VmRSS)" "$(status_kb "$pid" RssAnon)" "$(status_kb "$pid" RssFile)" \
    "$(awk '$1 == "Pss:" { print $2 }' "/proc/$pid/smaps_rollup")" "$(status_kb "$pid" Threads)")
  fact idle_rss "$rss"
  log "idle RSS: $rss"
  stop "$pid"
}

# ---------------------------------------------------------------- webhooks

# Webhook delivery with 1 and 50 subscribed endpoints (bench/webhooks.js): its
# own plaza per configuration, file database in the temp dir.
bench_webhooks() {
  local r
  r=$(TMPDIR=$tmp node "$bench_dir/webhooks.js" "$plaza_bin" "${BENCH_WEBHOOK_SECONDS:-5}" "$threads") ||
    die "webhook measurement failed"
  fact webhooks "$r"
}

# ---------------------------------------------------------------- main

main() {
  [ -x "$plaza_bin" ] || die "no plaza binary at $plaza_bin (run make first)"
  # measure a snapshot: a rebuild of build/plaza during the run must not change what is measured
  cp "$plaza_bin" "$tmp/plaza"
  fact_str plaza_binary "$plaza_bin"
  plaza_bin=$tmp/plaza
  local tool
  for tool in wrk nginx node curl openssl; do command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh bench)"; done

  fact_str date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  fact nproc "$(nproc)"
  fact_str cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  fact_str kernel "$(uname -r)"
  fact_str commit "$(commit_label)"
  fact_str nginx_version "$(nginx -v 2>&1 | sed 's/.*nginx\///')"
  fact threads "$threads"
  fact loadavg_start "$(cut -d' ' -f1 /proc/loadavg)"
  # the figures are only as good as the machine is quiet
  awk '$1 > 0.5 { exit 1 }' /proc/loadavg ||
    log "warning: load average $(cut -d' ' -f1-3 /proc/loadavg) before starting; other work will make the figures noisy"
  fact wrk_config "$(printf '{"threads":%s,"connections":%s,"duration_s":%s,"rounds":%s}' \
    "$wrk_threads" "$connections" "$duration" "$rounds")"

  make_cert
  start_plaza
  get_token
  curl -sf -H "Authorization: Bearer $token" -o "$tmp/users-me.json" "$plaza_url/v2/users/me" ||
    die "GET /v2/users/me failed"
  fact body_bytes "$(wc -c <"$tmp/users-me.json")"
  start_nginx "$tmp/users-me.json"

  bench_users_me
  bench_tls
  bench_token
  fact loaded_rss.kb "$(status_kb "$plaza_pid" VmRSS)"
  bench_meetings
  stop "$nginx_pid"
  stop "$plaza_pid"

  bench_cold_start
  bench_idle_rss
  bench_webhooks

  node "$bench_dir/report.js" "$facts" "$out_dir/results.json"
  if [ "${BENCH_STRICT:-0}" = 1 ]; then
    node -e 'const r = require(process.argv[1]);
             process.exit(r.users_me.pass && r.cold_start.pass && r.idle_rss.pass ? 0 : 1)' "$out_dir/results.json"
  fi
}

main "$@"
