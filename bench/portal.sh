#!/usr/bin/env bash
# The portal's first load (`make bench`): plaza serving /marketplace from the
# binary vs nginx serving the same web/ files from disk, on 127.0.0.1; fails
# when the assets exceed their budget (bench/portal.mjs). Stops what it starts
# by pid; removes its temporary directory.
#
#   bash bench/portal.sh build/plaza
set -euo pipefail
plaza_bin=${1:-build/plaza}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

pport=$(free_port)
"$plaza_bin" serve --db :memory: --listen "127.0.0.1:$pport" --admin-key bench-admin-key-0123456789 >"$tmp/plaza.log" 2>&1 &
pids+=($!)

nport=$(free_port)
mkdir -p "$tmp/nginx"
chmod 755 "$tmp"
cp -r "$root/web" "$tmp/web" && chmod -R a+rX "$tmp/web"
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
    uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
    server {
        listen 127.0.0.1:$nport;
        etag on;
        location = /marketplace { default_type text/html; alias $tmp/web/index.html; }
        location /marketplace/assets/ { alias $tmp/web/; }
    }
}
CONF
nginx -p "$tmp/nginx" -c "$tmp/nginx.conf" -e "$tmp/nginx/error.log" &
pids+=($!)

for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$pport/healthz" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$nport/marketplace" >/dev/null 2>&1 && break
  sleep 0.05
done
node "$root/bench/portal.mjs" "http://127.0.0.1:$pport" "http://127.0.0.1:$nport" "${BENCH_PORTAL_RUNS:-30}" | tee "$root/bench/out/portal.txt"
