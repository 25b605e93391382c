#!/usr/bin/env bash
# tools/sanitize.sh — the native build (core, `atlas` CLI, tests) with AddressSanitizer + UBSan, and
# every CTest test run under it: a separate Debug build in build/asan (-DATLAS_SANITIZE=ON, see the
# top CMakeLists.txt), so build/native is left as it is.
#   tools/sanitize.sh            configure, build, run ctest; exit non-zero on any failure
#   CXX=g++ tools/sanitize.sh    the same with GCC (default: clang++ when installed, else g++)
#   tools/sanitize.sh -R hostile extra arguments go to ctest (here: only the hostile-input tests)
# Leaks fail a test (detect_leaks=1); so does any undefined behaviour (halt_on_error=1, with a stack).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
JOBS=$(nproc 2>/dev/null || echo 2)
if [ -z "${CXX:-}" ]; then
  if command -v clang++ >/dev/null; then CXX=clang++; else CXX=g++; fi
fi

cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATLAS_SANITIZE=ON -DCMAKE_CXX_COMPILER="$CXX" >/dev/null
cmake --build build/asan -j "$JOBS"

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
(cd build/asan && ctest --output-on-failure -j "$JOBS" "$@") || status=$?

echo "sanitize: $([ "$status" -eq 0 ] && echo "all tests passed" || echo "FAILED (ctest exit $status)")" \
     "under ASan+UBSan with $CXX in $(( $(date +%s) - start )) s" >&2
exit "$status"
