#!/usr/bin/env bash
# bench_all.sh: build sgf and run every benchmark of docs/PERFORMANCE.md.
#
#   bash bench/bench_all.sh [BUILD_DIR]     (default: build-bench)
#
# Two Release builds: BUILD_DIR as scripts/build.sh makes it (with the SDL2
# viewer, what `build/sgf` is) and BUILD_DIR-core without the viewer (no
# SDL2 libraries to load at start-up). Then: bench_model up to 10^6
# partners (best of 3), bench_run.sh on both builds (whole process and per
# week), bench_sweep.sh (-j 1 and -j 2) and bench_view.sh (frame time).
# Run it on an otherwise idle machine: other load inflates wall-clock times
# and hides the -j 2 speed-up; each script prints the load average.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${1:-build-bench}
for b in "$build" "$build-core"; do
  viewer=ON
  [[ $b == "$build-core" ]] && viewer=OFF
  cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=Release -DSGF_WITH_VIEWER=$viewer -DSGF_BUILD_TESTS=OFF \
    >/dev/null
  if ! cmake --build "$b" -j "$(nproc)" >"$b/build.log" 2>&1; then
    cat "$b/build.log" >&2
    exit 1
  fi
done

echo "== bench_model: synthetic nets, 52 weeks, best of 3 (load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
"$build/bench/bench_model" 1000000 52 3
echo
echo "== bench_run.sh: the default scenario, whole process, viewer build =="
bash bench/bench_run.sh "$build/sgf"
echo
echo "== bench_run.sh: the same, core build (-DSGF_WITH_VIEWER=OFF) =="
bash bench/bench_run.sh "$build-core/sgf"
echo
echo "== bench_sweep.sh: runs per second =="
bash bench/bench_sweep.sh "$build/sgf"
echo
echo "== bench_view.sh: viewer frame time =="
bash bench/bench_view.sh "$build/sgf"
