#!/usr/bin/env bash
# valgrind.sh: memcheck of sgf's commands, each a test that fails on any
# memory error or leak (issue 8).
#
#   bash scripts/valgrind.sh
#
# The checks: the default run (the built-in scenario, 520 weeks, all six
# files written), a scenario with events under --check, `sgf check`, bad
# scenarios and settings (exit 2, nothing written), a sweep on two threads
# and a comparison. Each runs under
#
#   valgrind --leak-check=full --show-leak-kinds=all \
#            --errors-for-leak-kinds=definite,indirect,possible \
#            --error-exitcode=99 --suppressions=scripts/valgrind.supp
#
# and passes when valgrind finds nothing (any error or leak gives 99) and
# sgf exits as expected. scripts/valgrind.supp holds libconfig 1.5's known
# leak on a syntax error and nothing else. The binary is the Release build
# (-O3, link-time optimisation) with -g added, in build-valgrind/, so the
# code checked is the code shipped and reports have file and line. About a
# minute on this 2-core machine, build excluded. Needs the Debian package
# valgrind (scripts/setup.sh installs it).
#
# The last line is "valgrind: N passed, N failed" (scripts/test.sh adds them
# to its total); the exit status is 1 when any check failed. Logs are in
# build-valgrind/valgrind-NAME.log.
#
# Environment: SGF_VALGRIND_BUILD_DIR (default build-valgrind).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${SGF_VALGRIND_BUILD_DIR:-build-valgrind}
checks=(run-default run-events-check check-default check-syntax-leak check-bad-scenario
        run-bad-scenario run-bad-set sweep-threads compare)

all_failed() {
  echo "valgrind: $1" >&2
  echo "valgrind: 0 passed, ${#checks[@]} failed"
  exit 1
}

command -v valgrind >/dev/null 2>&1 ||
  all_failed "not installed: install the Debian package 'valgrind'"

echo "== valgrind: build (Release with -g) in $build =="
mkdir -p "$build"
if ! cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-g -DSGF_WITH_VIEWER=OFF \
  -DSGF_BUILD_TESTS=OFF -DSGF_BUILD_BENCH=OFF >"$build/configure.log" 2>&1; then
  cat "$build/configure.log" >&2
  all_failed "configuring $build failed"
fi
if ! cmake --build "$build" -j "$(nproc)" --target sgf >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  all_failed "building sgf failed"
fi

sgf=$build/sgf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# check NAME EXPECTED_EXIT COMMAND...: sgf COMMAND under memcheck.
check() {
  local name=$1 want=$2 log="$build/valgrind-$1.log" rc=0 t0 t1
  shift 2
  t0=$(date +%s.%N)
  valgrind --tool=memcheck --leak-check=full --show-leak-kinds=all \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
    --suppressions=scripts/valgrind.supp --track-origins=yes --log-file="$log" \
    "$sgf" "$@" >"$tmp/$name.out" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  local secs errors
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  errors=$(sed -nE 's/.*ERROR SUMMARY: ([0-9]+) errors.*/\1/p' "$log" | tail -n 1)
  if ((rc == want)) && [[ ${errors:-x} == 0 ]] && check_extra "$name"; then
    echo "valgrind: $name ok (exit $rc, 0 errors, no leaks, ${secs} s): sgf $*"
    passed=$((passed + 1))
  else
    echo "valgrind: $name FAILED (exit $rc, expected $want; ${errors:-?} errors; log $log): sgf $*"
    grep -E 'Invalid|uninitialised|definitely lost|indirectly lost|possibly lost|ERROR SUMMARY' \
      "$log" | head -n 10 | sed 's/^/    /' || true
    sed 's/^/    sgf: /' "$tmp/$name.out" | head -n 5
    failed=$((failed + 1))
  fi
}

# check_extra NAME: what a check must leave behind besides a clean report.
check_extra() {
  case $1 in
    run-default | run-events-check) [[ -f $tmp/$1/manifest.json ]] ;;
    run-bad-scenario | run-bad-set) [[ ! -e $tmp/$1 ]] ;;
    sweep-threads) [[ -f $tmp/$1/runs.csv ]] ;;
    *) true ;;
  esac
}

check run-default 0 run --out "$tmp/run-default" --quiet
check run-events-check 0 run scenarios/delta_technology_shift.cfg --seed 3 --check \
  --out "$tmp/run-events-check" --quiet
check check-default 0 check
check check-syntax-leak 2 check tests/fuzz/regress/scenario/libconfig_string_leak.cfg
check check-bad-scenario 2 check tests/data/bad/dangling.cfg
check run-bad-scenario 2 run tests/data/bad/unknown_key.cfg --out "$tmp/run-bad-scenario"
check run-bad-set 2 run --set ticks=0 --out "$tmp/run-bad-set"
check sweep-threads 0 sweep scenarios/sweeps/capabilities.cfg --ticks 13 -j 2 --series \
  --out "$tmp/sweep-threads" --quiet
check compare 0 compare scenarios/delta.cfg scenarios/delta_neglect.cfg --reps 3 --ticks 104

echo "valgrind: $passed passed, $failed failed"
((failed == 0))
