#!/usr/bin/env bash
# Runs the end-to-end tests against the plaza binary given as $1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ -f "$here/package.json" ] && [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
export PLAZA_BIN="$bin"
export LSAN_OPTIONS="suppressions=$here/../lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$here"
exec node --test --test-reporter=spec ./*.test.mjs
