#!/usr/bin/env bash
# valgrind.sh: memcheck of a default run, `sgf run --ticks 104` of the
# built-in scenario, with every file written (issue 8).
#
#   bash scripts/valgrind.sh [more `sgf run` options]
#
# Fails (exit 1) on any memory error, any leak (definite, indirect or
# possible) or a failed run. Builds a Release binary with debug information
# and without link-time optimisation in build-valgrind/, so that reports have
# file and line. Needs the Debian package valgrind. About a minute on a
# 2-core machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind: not installed: install the Debian package 'valgrind'" >&2
  exit 1
fi

build=${SGF_VALGRIND_BUILD_DIR:-build-valgrind}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSGF_WITH_VIEWER=OFF \
  -DSGF_BUILD_TESTS=OFF >/dev/null
if ! cmake --build "$build" -j "$(nproc)" --target sgf >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$build/valgrind.log"
status=0
valgrind --tool=memcheck --error-exitcode=1 --leak-check=full \
  --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
  --track-origins=yes --log-file="$log" \
  "$build/sgf" run --ticks 104 --out "$out/run" --quiet "$@" || status=$?

grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|All heap blocks' "$log" || true
if ((status != 0)); then
  echo "valgrind: FAILED (exit $status); the report is in $log" >&2
  exit 1
fi
if [[ ! -f $out/run/manifest.json ]]; then
  echo "valgrind: the run did not finish (no manifest.json); see $log" >&2
  exit 1
fi
echo "valgrind: no errors, no leaks"
