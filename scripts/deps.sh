#!/usr/bin/env bash
# Installs the Debian packages plaza needs for a purpose (build, test, bench),
# only those missing. Runs apt-get as root, or through sudo.
set -euo pipefail

build=(build-essential pkg-config libh2o-evloop-dev libjansson-dev libjwt-dev
       libsqlite3-dev libpq-dev libssl-dev libsodium-dev libcurl4-openssl-dev liburiparser-dev libstb-dev libmagic-dev
       libavformat-dev libavcodec-dev libswresample-dev libavutil-dev libespeak-ng-dev
       tzdata)
# clang and its libFuzzer runtime (libclang_rt.fuzzer, in libclang-rt-14-dev on Debian 12, which the
# unversioned libclang-rt-dev follows; clang only recommends it) for the fuzz targets (tests/fuzz/)
# chromium: the web portal's browser tests (tests/browser/), driven by playwright-core
test=(libcmocka-dev ffmpeg nodejs npm curl sqlite3 openssl clang libclang-rt-dev postgresql haproxy chromium)
bench=(wrk nginx-light postgresql haproxy)

want=("${build[@]}")
for purpose in "$@"; do
  case "$purpose" in
    build) ;;
    test) want+=("${test[@]}") ;;
    bench) want+=("${test[@]}" "${bench[@]}") ;;
    *) echo "deps.sh: unknown purpose '$purpose' (build, test, bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# node may come from elsewhere than Debian's package; accept any node >= 18 with npm.
if command -v node >/dev/null && command -v npm >/dev/null &&
   [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
