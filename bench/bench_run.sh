#!/usr/bin/env bash
# bench_run.sh: whole-process time of `sgf run` on the built-in default
# scenario (10 simulated years, every output file written), and the
# steady-state time per week without start-up (issue 8; not part of CTest).
#
#   bash bench/bench_run.sh [SGF_BINARY]     (default: build/sgf)
#
# Uses hyperfine (Debian package hyperfine) when present, else a shell loop
# that reports the median of 21 runs. Rows:
#   check      load + validate + build the world, no weeks (start-up)
#   run 1      start-up, one week, all files written
#   run 520    the default 10 years (the issue's target: < 50 ms)
#   per week   (run 520 - run 1) / 519, the steady state
# Output goes to a fresh directory under /tmp, replaced by every run
# (--force). Numbers are in milliseconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sgf=$(realpath "${1:-build/sgf}")
[[ -x $sgf ]] || { echo "bench_run: $sgf not found: build first (bash scripts/build.sh)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/sgf-bench-run-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary:  $sgf ($("$sgf" --version))"

names=(check "run 1" "run 520")
cmds=("$sgf check"
      "$sgf run --ticks 1 --out $tmp/out --force --quiet"
      "$sgf run --out $tmp/out --force --quiet")

declare -A median
if command -v hyperfine >/dev/null 2>&1; then
  json="$tmp/hyperfine.json"
  hyperfine -N --warmup 3 --min-runs 30 --export-json "$json" \
    -n "${names[0]}" "${cmds[0]}" -n "${names[1]}" "${cmds[1]}" -n "${names[2]}" "${cmds[2]}" \
    >"$tmp/hyperfine.txt" 2>&1
  # name, mean, sd, median, min (ms) from hyperfine's JSON
  python3 - "$json" <<'PY' >"$tmp/rows"
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%s\t%.2f\t%.2f\t%.2f\t%.2f\t%d" % (r["command"], 1e3 * r["mean"], 1e3 * r["stddev"],
          1e3 * r["median"], 1e3 * r["min"], len(r["times"])))
PY
else
  echo "(hyperfine not found: median of 21 runs of a shell loop)"
  : >"$tmp/rows"
  for i in "${!names[@]}"; do
    times=()
    for k in $(seq 1 21); do
      t0=$(date +%s%N)
      ${cmds[$i]} >/dev/null
      t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000 )))
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    med=$(awk "BEGIN{printf \"%.2f\", ${sorted[10]}/1000}")
    min=$(awk "BEGIN{printf \"%.2f\", ${sorted[0]}/1000}")
    printf '%s\t-\t-\t%s\t%s\t21\n' "${names[$i]}" "$med" "$min" >>"$tmp/rows"
  done
fi

printf '%-10s %10s %10s %10s %10s %6s\n' what mean_ms sd_ms median_ms min_ms runs
while IFS=$'\t' read -r name mean sd med min n; do
  printf '%-10s %10s %10s %10s %10s %6s\n' "$name" "$mean" "$sd" "$med" "$min" "$n"
  median[$name]=$med
done <"$tmp/rows"
awk -v a="${median[run 520]}" -v b="${median[run 1]}" \
  'BEGIN { printf "per week   %.4f ms (median run 520 - median run 1) / 519\n", (a - b) / 519 }'
awk -v a="${median[run 520]}" \
  'BEGIN { printf "target    default 10 years < 50 ms whole process: %s (median %.1f ms)\n", (a < 50) ? "PASS" : "FAIL", a }'
