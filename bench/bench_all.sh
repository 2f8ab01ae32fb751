#!/usr/bin/env bash
# bench_all.sh: build a Release sgf and run every benchmark of docs/PERFORMANCE.md.
#
#   bash bench/bench_all.sh [BUILD_DIR]     (default: build-bench)
#
# bench_model up to 10^6 partners, bench_run.sh (whole process and per week),
# bench_sweep.sh (-j 1 and -j 2). The viewer's frame time is measured by
# `sgf view --bench` where the viewer is built (see docs/PERFORMANCE.md).
# Run it on an otherwise idle machine: other load inflates wall-clock times
# and hides the -j 2 speed-up.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${1:-build-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSGF_WITH_VIEWER=OFF -DSGF_BUILD_TESTS=OFF \
  >/dev/null
if ! cmake --build "$build" -j "$(nproc)" >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  exit 1
fi

echo "== bench_model: synthetic nets, 52 weeks =="
if [[ -x $build/bench/bench_model ]]; then
  "$build/bench/bench_model" 1000000 52
else
  echo "(bench_model not built: the top-level CMakeLists.txt needs add_subdirectory(bench))"
fi
echo
echo "== bench_run.sh: the default scenario, whole process =="
bash bench/bench_run.sh "$build/sgf"
echo
echo "== bench_sweep.sh: runs per second =="
bash bench/bench_sweep.sh "$build/sgf"
