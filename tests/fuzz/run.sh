#!/usr/bin/env bash
# Runs fuzz targets: tests/fuzz/run.sh BUILD_DIR SECONDS TARGET... (fuzz_urls or urls)
# For each target it first replays every regression case (tests/fuzz/regressions/<surface>/,
# each must pass), then fuzzes for SECONDS from the checked-in corpus
# (tests/fuzz/corpus/<surface>/, read only) into BUILD_DIR/corpus/<surface>/ with the
# surface's dictionary (tests/fuzz/<surface>.dict) when there is one. A crash leaves
# its input in BUILD_DIR/artifacts/<surface>/ and fails the run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$1"; seconds="$2"; shift 2
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$here/../lsan.supp:print_suppressions=0"
status=0
for target in "$@"; do
  surface="${target#fuzz_}"; target="fuzz_$surface"   # "urls" and "fuzz_urls" both name fuzz_urls
  if [ ! -x "$build/fuzz/$target" ]; then
    echo "fuzz: no target $target (targets: $(cd "$here" && ls fuzz_*.c | sed 's/\.c$//' | tr '\n' ' '))" >&2
    status=1; continue
  fi
  bin="$build/fuzz/$target"
  corpus="$build/corpus/$surface"; artifacts="$build/artifacts/$surface"
  mkdir -p "$corpus" "$artifacts"
  regressions=("$here/regressions/$surface"/*)
  if [ -e "${regressions[0]}" ]; then
    if ! "$bin" -runs=1 "${regressions[@]}" >"$build/$target.replay.log" 2>&1; then
      echo "fuzz: $target: a regression case fails again (see $build/$target.replay.log)" >&2
      tail -40 "$build/$target.replay.log" >&2; status=1; continue
    fi
    echo "  FUZZ  $target: ${#regressions[@]} regression cases pass"
  fi
  dict=(); [ -f "$here/$surface.dict" ] && dict=(-dict="$here/$surface.dict")
  log="$build/$target.log"
  if ! nice "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" "$here/corpus/$surface" >"$log" 2>&1; then
    echo "fuzz: $target found a failure; its input is in $artifacts/ (log: $log)" >&2
    tail -60 "$log" >&2; status=1; continue
  fi
  summary=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  speed=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$summary")
  echo "  FUZZ  $target: ${seconds}s, ${execs:-?} runs, ${speed:-?}/s, cov ${cov:-?}"
done
exit $status
