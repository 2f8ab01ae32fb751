#!/usr/bin/env bash
# fuzz.sh: build the libFuzzer targets of tests/fuzz with clang, ASan and UBSan,
# and run each for a bounded time (issue 8).
#
#   bash scripts/fuzz.sh [SECONDS]
#
# SECONDS per target (default 60, or $SGF_FUZZ_SECONDS); the targets run side
# by side, so the whole takes about SECONDS plus the build. Needs the Debian
# packages clang-14 and libclang-rt-14-dev (scripts/setup.sh does not install
# them; CI must).
#
# Each target starts from its seed corpus (tests/fuzz/corpus/NAME) and its
# regression inputs (tests/fuzz/regress/NAME), which it replays first, and
# keeps what it finds in BUILD/corpus/NAME, never in the source tree. A crash,
# sanitizer report, leak, timeout (10 s an input) or memory blow-up (2 GB)
# fails the script and leaves the input in BUILD/artifacts/; copy it into
# tests/fuzz/regress/NAME/ under a name that says what it is, fix the bug, and
# tests/test_fuzz_corpus.c replays it in every CTest run from then on.
#
# Environment: SGF_FUZZ_BUILD_DIR (default build-fuzz), SGF_FUZZ_CC (default
# clang-14, else clang).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-${SGF_FUZZ_SECONDS:-60}}
build=${SGF_FUZZ_BUILD_DIR:-build-fuzz}
cc=${SGF_FUZZ_CC:-}
if [[ -z $cc ]]; then
  if command -v clang-14 >/dev/null 2>&1; then cc=clang-14; else cc=clang; fi
fi
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "fuzz: $cc not found: install the Debian packages clang-14 and libclang-rt-14-dev" >&2
  exit 1
fi

targets=(fuzz_scenario fuzz_set fuzz_sweep)
declare -A corpus=([fuzz_scenario]=scenario [fuzz_set]=set [fuzz_sweep]=sweep)
declare -A dict=([fuzz_scenario]=scenario [fuzz_set]=scenario [fuzz_sweep]=sweep)

echo "== build (clang, libFuzzer, ASan + UBSan) =="
# -O1 -g and no NDEBUG: assertions stay on and reports have line numbers.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_FLAGS="-O1 -g" \
  -DCMAKE_C_COMPILER="$cc" -DSGF_FUZZ=ON -DSGF_SANITIZE=ON -DSGF_BUILD_TESTS=OFF \
  -DSGF_WITH_VIEWER=OFF >/dev/null
if ! cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  exit 1
fi

mkdir -p "$build/artifacts"
pids=()
for t in "${targets[@]}"; do
  c=${corpus[$t]}
  mkdir -p "$build/corpus/$c"
  echo "== $t: ${seconds} s =="
  "$build/tests/fuzz/$t" "$build/corpus/$c" "tests/fuzz/corpus/$c" "tests/fuzz/regress/$c" \
    -dict="tests/fuzz/${dict[$t]}.dict" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" </dev/null >"$build/$t.log" 2>&1 &
  pids+=($!)
done

status=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if wait "${pids[$i]}"; then
    runs=$(grep -E '^stat::number_of_executed_units' "$build/$t.log" | awk '{print $2}')
    cov=$(grep -oE 'cov: [0-9]+' "$build/$t.log" | tail -n 1)
    echo "fuzz: $t ok: ${runs:-?} inputs, ${cov:-cov: ?} (log $build/$t.log)"
  else
    status=1
    echo "fuzz: $t FAILED (log $build/$t.log):" >&2
    grep -E 'ERROR|SUMMARY|fuzz:|Test unit written|deadly|timeout|out-of-memory' \
      "$build/$t.log" | head -n 20 >&2 || true
    echo "fuzz: copy the input from $build/artifacts/ into tests/fuzz/regress/${corpus[$t]}/" >&2
  fi
done
exit $status
