#!/usr/bin/env bash
# run.sh: install what is missing, build, and run the default scenario.
#
#   bash scripts/run.sh [more `sgf run` options, e.g. --seed 7 --ticks 104]
#
# The files land in out/<scenario>-seed<seed>/ (replaced on every run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash scripts/build.sh
./build/sgf run --force "$@"
