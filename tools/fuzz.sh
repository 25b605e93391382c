#!/usr/bin/env bash
# tools/fuzz.sh [SECONDS] — build the libFuzzer harnesses of tests/fuzz/ into build/fuzz/ (clang++,
# ASan + UBSan) and run each for SECONDS (default 60), one after the other; 0 only builds them.
#   fuzz_load     atlas::LoadAtlas on any bytes (max 16 KB an input)
#   fuzz_medline  atlas::ImportMedline on any text (max 8 KB)
#   fuzz_query    atlas::ApplyQueryCommand on a small fixed atlas (max 512 bytes, one command a line)
# Prints "fuzz <name>: N runs, no crash" per target. On a crash, leak, UB report, timeout (10 s an
# input) or out-of-memory (2 GB) it prints the reproducer's path (build/fuzz/<name>-crash-*,
# -leak-*, -timeout-*, -oom-*), keeps going with the other targets and exits 1 at the end.
# Seeds come from tests/fuzz/corpus/<name>/ (read only); what the fuzzer learns is kept in
# build/fuzz/corpus/<name>/ so later runs start from it. Logs: build/fuzz/<name>.log.
# Reproduce one input:  build/fuzz/fuzz_load build/fuzz/load-crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH=${1:-60}
case "$SECONDS_EACH" in ''|*[!0-9]*) echo "usage: tools/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac
OUT="$ROOT/build/fuzz"

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (Debian package clang)" >&2; exit 2; }
cmake -S tests/fuzz -B "$OUT" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$OUT" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null

if [ "$SECONDS_EACH" -eq 0 ]; then echo "fuzz: harnesses built in $OUT (0 seconds: nothing run)"; exit 0; fi

max_len() {
  case "$1" in load) echo 16384 ;; medline) echo 8192 ;; query) echo 512 ;; esac
}

failed=0
for name in load medline query; do
  work="$OUT/corpus/$name"
  mkdir -p "$work"
  log="$OUT/$name.log"
  set +e
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$OUT/fuzz_$name" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$name")" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -dict="$ROOT/tests/fuzz/$name.dict" \
    -artifact_prefix="$OUT/$name-" \
    "$work" "$ROOT/tests/fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz $name: ${runs:-?} runs, no crash"
  else
    failed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "fuzz $name: FAILED after ${runs:-?} runs (exit $rc); reproducer: ${artifact:-none}; log: $log"
    grep -m1 -E "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FUZZ_CHECK failed" "$log" | sed 's/^/  /' || true
  fi
done
exit "$failed"
