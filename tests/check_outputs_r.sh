#!/usr/bin/env bash
# check_outputs_r.sh: a run's files read in R with no cleaning step (CTest check_outputs_r).
#
# For two library scenarios, scripts/read_outputs.R (base R's read.csv) and
# scripts/read_outputs.py (the csv module) compute exits per year and revenue
# per market; their --full tables (every year, every market to the cent) must
# be the same lines, and each read must agree with timeseries.csv and
# summary.csv. A copy of a run with one partner_exit row doubled must make
# the R read fail (its checks can fail). Exit 77 (skipped) without Rscript
# (Debian r-base-core: scripts/setup.sh installs it).
# Needs SGF_BIN and SGF_SOURCE_DIR (CTest sets them).
set -euo pipefail
bin=${SGF_BIN:?SGF_BIN is not set: run this test through ctest}
src=${SGF_SOURCE_DIR:?SGF_SOURCE_DIR is not set}
if ! command -v Rscript >/dev/null 2>&1; then
  echo "check_outputs_r: skipped: no Rscript (bash scripts/setup.sh installs r-base-core)"
  exit 77
fi
py=/usr/bin/python3
[[ -x $py ]] || py=python3
export LC_ALL=C # the same sort order of market codes in R and Python
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for sc in default.cfg beer_game.cfg; do
  out="$tmp/${sc%.cfg}"
  "$bin" run "$src/scenarios/$sc" --seed 3 --out "$out" --quiet
  Rscript "$src/scripts/read_outputs.R" "$out" --full >"$tmp/r.txt"
  "$py" "$src/scripts/read_outputs.py" "$out" --with csv --full >"$tmp/py.txt"
  grep -E '^(exits|revenue) ' "$tmp/r.txt" >"$tmp/r.tab"
  grep -E '^(exits|revenue) ' "$tmp/py.txt" >"$tmp/py.tab"
  # the default scenario has exits every year, beer_game none; both sell
  if ! grep -q '^revenue ' "$tmp/r.tab" ||
    { [[ $sc == default.cfg ]] && ! grep -q '^exits ' "$tmp/r.tab"; }; then
    echo "check_outputs_r: FAIL: $sc: the R read printed no table" >&2
    cat "$tmp/r.txt" >&2
    exit 1
  fi
  if ! diff "$tmp/py.tab" "$tmp/r.tab" >&2; then
    echo "check_outputs_r: FAIL: $sc: the R and Python reads differ (< Python, > R)" >&2
    exit 1
  fi
  echo "$sc: R and Python agree on $(grep -c '^exits ' "$tmp/r.tab") years and" \
    "$(grep -c '^revenue ' "$tmp/r.tab") markets"
  sed -n '1,2p' "$tmp/r.txt"
done

# a doubled exit row: the R read must notice
bad="$tmp/bad"
cp -r "$tmp/default" "$bad"
grep -m1 ',partner_exit,' "$bad/events.csv" >>"$bad/events.csv"
if Rscript "$src/scripts/read_outputs.R" "$bad" >/dev/null 2>"$tmp/bad.err"; then
  echo "check_outputs_r: FAIL: a doubled partner_exit row went unnoticed" >&2
  exit 1
fi
grep -q "partners_left" "$tmp/bad.err" || {
  echo "check_outputs_r: FAIL: the doubled exit failed for another reason:" >&2
  cat "$tmp/bad.err" >&2
  exit 1
}
echo "check_outputs_r: ok"
