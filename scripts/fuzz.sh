#!/usr/bin/env bash
# fuzz.sh: build the libFuzzer targets of tests/fuzz with clang 14, ASan and
# UBSan, and run each for a bounded time (issue 8).
#
#   bash scripts/fuzz.sh [SECONDS]
#
# SECONDS per target (default 60, or $SGF_FUZZ_SECONDS). Up to $(nproc)
# targets run side by side, so the whole takes about SECONDS times
# ceil(3 / cores) plus the build (about 30 s). Needs the Debian packages
# clang-14 and libclang-rt-14-dev (libFuzzer's runtime); scripts/setup.sh
# installs them.
#
# Each target starts from a fresh copy of its seed corpus (tests/fuzz/corpus/
# NAME) and of its regression inputs (tests/fuzz/regress/NAME) in
# BUILD/work/NAME, and writes what it finds there, never into the source
# tree. A crash, sanitizer report, leak, timeout (10 s an input) or memory
# blow-up (2 GB) fails the target; the script prints the reproducer's path
# (BUILD/artifacts/TARGET-crash-..., -leak-..., -timeout-..., -oom-...) and
# how to replay it. To keep it: copy it into tests/fuzz/regress/NAME/ under a
# name that says what it is, fix the bug, and tests/test_fuzz_corpus.c
# replays it in every CTest run from then on.
#
# The last line is "fuzz: N passed, N failed", one test per target
# (scripts/test.sh adds them to its total); the exit status is 1 when any
# target failed or the build did.
#
# Environment: SGF_FUZZ_BUILD_DIR (default build-fuzz), SGF_FUZZ_CC (default
# clang-14, else clang), SGF_FUZZ_JOBS (targets at once, default nproc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-${SGF_FUZZ_SECONDS:-60}}
build=${SGF_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${SGF_FUZZ_JOBS:-$(nproc)}
targets=(fuzz_scenario fuzz_set fuzz_sweep)
declare -A corpus=([fuzz_scenario]=scenario [fuzz_set]=set [fuzz_sweep]=sweep)
declare -A dict=([fuzz_scenario]=scenario [fuzz_set]=scenario [fuzz_sweep]=sweep)

if [[ ! $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: bash scripts/fuzz.sh [SECONDS >= 1]" >&2
  exit 2
fi

# all_failed MESSAGE: the build could not be made; every target counts as failed.
all_failed() {
  echo "fuzz: $1" >&2
  echo "fuzz: 0 passed, ${#targets[@]} failed"
  exit 1
}

cc=${SGF_FUZZ_CC:-}
if [[ -z $cc ]]; then
  if command -v clang-14 >/dev/null 2>&1; then cc=clang-14; else cc=clang; fi
fi
command -v "$cc" >/dev/null 2>&1 ||
  all_failed "$cc not found: install the Debian packages clang-14 and libclang-rt-14-dev"

echo "== fuzz: build ($cc, libFuzzer, ASan + UBSan) in $build =="
mkdir -p "$build"
# -O1 -g and no NDEBUG: assertions stay on and reports have line numbers.
if ! cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_FLAGS="-O1 -g" \
  -DCMAKE_C_COMPILER="$cc" -DSGF_FUZZ=ON -DSGF_SANITIZE=ON -DSGF_BUILD_TESTS=OFF \
  -DSGF_BUILD_BENCH=OFF -DSGF_WITH_VIEWER=OFF >"$build/configure.log" 2>&1; then
  cat "$build/configure.log" >&2
  all_failed "configuring $build failed"
fi
if ! cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  all_failed "building the fuzzers failed (libFuzzer's runtime is in libclang-rt-14-dev)"
fi

rm -rf "$build/artifacts" "$build/work" "$build"/*.rc
mkdir -p "$build/artifacts"

# start TARGET: run one fuzzer in the background on a fresh copy of its inputs.
start() {
  local t=$1 c=${corpus[$1]} work="$build/work/${corpus[$1]}" f
  mkdir -p "$work"
  cp tests/fuzz/corpus/"$c"/* "$work"/
  for f in tests/fuzz/regress/"$c"/*; do
    [[ -e $f ]] && cp "$f" "$work/regress_$(basename "$f")"
  done
  echo "fuzz: $t: ${seconds} s from $(find "$work" -type f | wc -l) inputs"
  local rc=0
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/tests/fuzz/$t" "$work" -dict="tests/fuzz/${dict[$t]}.dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" </dev/null >"$build/$t.log" 2>&1 ||
    rc=$?
  echo "$rc" >"$build/$t.rc"
}

passed=0
failed=0
# report TARGET STATUS: one line per target, with the reproducer on failure.
report() {
  local t=$1 rc=$2 log="$build/$1.log" runs cov unit
  if ((rc == 0)); then
    runs=$(awk '/^stat::number_of_executed_units/ { print $2 }' "$log")
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 || true)
    echo "fuzz: $t ok: ${runs:-?} inputs run, ${cov:-cov: ?} (log $log)"
    passed=$((passed + 1))
    return
  fi
  failed=$((failed + 1))
  echo "fuzz: $t FAILED (exit $rc, log $log):"
  grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|ALARM|out-of-memory|deadly signal' "$log" |
    head -n 8 | sed 's/^/    /' || true
  unit=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)
  if [[ -n $unit ]]; then
    echo "    reproducer: $unit"
    echo "    replay:     $build/tests/fuzz/$t $unit"
    echo "    keep it:    cp $unit tests/fuzz/regress/${corpus[$t]}/<what-it-is>, then fix the bug"
  else
    echo "    no reproducer written; see the log"
  fi
}

# Run up to $jobs targets at once; report in target order.
declare -A pid_of
running=()
for t in "${targets[@]}"; do
  while ((${#running[@]} >= jobs)); do
    wait -n || true
    still=()
    for r in "${running[@]}"; do kill -0 "${pid_of[$r]}" 2>/dev/null && still+=("$r"); done
    running=("${still[@]}")
  done
  start "$t" &
  pid_of[$t]=$!
  running+=("$t")
done
wait
for t in "${targets[@]}"; do
  report "$t" "$(cat "$build/$t.rc" 2>/dev/null || echo 1)"
done

echo "fuzz: $passed passed, $failed failed"
((failed == 0))
