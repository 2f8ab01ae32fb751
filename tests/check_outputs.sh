#!/usr/bin/env bash
# check_outputs.sh: a run's files as an analyst reads them (CTest).
#
# Runs two library scenarios, then with a Python that has networkx and pandas
# (Debian python3-networkx, python3-pandas: scripts/setup.sh):
#   tests/check_gexf.py       network.gexf reads with networkx, GEXF 1.2 structure
#   scripts/read_outputs.py   exits per year and revenue per market with pandas
#                             and with the csv module, no cleaning step, agreeing
#                             with timeseries.csv and summary.csv
# Needs SGF_BIN and SGF_SOURCE_DIR (CTest sets them).
set -euo pipefail
bin=${SGF_BIN:?SGF_BIN is not set: run this test through ctest}
src=${SGF_SOURCE_DIR:?SGF_SOURCE_DIR is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

py=""
for cand in /usr/bin/python3 python3; do
  if command -v "$cand" >/dev/null 2>&1 &&
    "$cand" -c 'import networkx, pandas' >/dev/null 2>&1; then
    py=$cand
    break
  fi
done
if [[ -z $py ]]; then
  echo "check_outputs: FAIL: no python3 with networkx and pandas (bash scripts/setup.sh" \
    "installs python3-networkx and python3-pandas)" >&2
  exit 1
fi

for sc in default.cfg beer_game.cfg; do
  out="$tmp/${sc%.cfg}"
  "$bin" run "$src/scenarios/$sc" --seed 3 --set output.snapshot_every_weeks=26 --out "$out" \
    --quiet
  "$py" "$src/tests/check_gexf.py" "$out"
  "$py" "$src/scripts/read_outputs.py" "$out"
done
echo "check_outputs: ok"
