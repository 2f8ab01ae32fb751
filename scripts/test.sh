#!/usr/bin/env bash
# test.sh: install what is missing, build with warnings as errors and run the
# whole test suite, then build again with ASan+UBSan and run it there too;
# then run a batch of random scenarios under --check on that build
# (scripts/semfuzz.sh: each scenario one test), fuzz each libFuzzer target
# for a minute (scripts/fuzz.sh) and run sgf's commands under valgrind
# (scripts/valgrind.sh).
#
# The last line is the total over all of them: "tests: N passed, N failed";
# each fuzz target and each valgrind check counts as one test.
# SGF_FUZZ_SECONDS sets the time per fuzz target (default 60).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

passed=0
failed=0
status=0

# run_suite BUILD_DIR LABEL: ctest in BUILD_DIR, adding its counts to the totals.
run_suite() {
  local dir=$1 label=$2 log rc=0
  log=$(mktemp)
  echo "== tests ($label) =="
  ctest --test-dir "$dir" --output-on-failure -j2 2>&1 | tee "$log" || rc=$?
  local line total bad
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
  if [[ -n $line ]]; then
    bad=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  else
    failed=$((failed + 1)) # no tests found, or ctest failed before running any
    rc=1
  fi
  rm -f "$log"
  if ((rc != 0)); then status=1; fi
}

echo "== build (Release, warnings as errors) =="
SGF_WERROR=ON SGF_BUILD_DIR=build bash scripts/build.sh
run_suite build "Release"

# Open MPI: `mpirun -np 3 sgf sweep` writes the bytes of `sgf sweep -j 1`
# (scripts/ci_mpi.sh builds build-mpi); counts as one test.
echo "== Open MPI sweep (scripts/ci_mpi.sh) =="
if bash scripts/ci_mpi.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo "== build (ASan + UBSan) =="
SGF_WERROR=ON SGF_SANITIZE=ON SGF_BUILD_DIR=build-asan bash scripts/build.sh
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  run_suite build-asan "ASan+UBSan"

# run_counted LABEL SCRIPT [ARGS...]: a script whose last line is
# "WORD: N passed, N failed", adding its counts to the totals.
run_counted() {
  local label=$1 log rc=0 line
  shift
  log=$(mktemp)
  echo "== $label =="
  bash "$@" 2>&1 | tee "$log" || rc=$?
  line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
  if [[ -n $line ]]; then
    passed=$((passed + $(sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
  else
    failed=$((failed + 1)) # the script stopped before it counted anything
    rc=1
  fi
  rm -f "$log"
  if ((rc != 0)); then status=1; fi
}

run_counted "semantic fuzzing (tests/semfuzz.py on the ASan+UBSan build)" scripts/semfuzz.sh
run_counted "fuzz (libFuzzer, ${SGF_FUZZ_SECONDS:-60} s a target)" scripts/fuzz.sh
run_counted "valgrind (memcheck)" scripts/valgrind.sh

echo "tests: $passed passed, $failed failed"
exit $status
