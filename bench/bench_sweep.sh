#!/usr/bin/env bash
# bench_sweep.sh: sweep throughput in runs per second at -j 1 and -j 2
# (issue 8; not part of CTest).
#
#   bash bench/bench_sweep.sh [SGF_BINARY] [SWEEP_FILE] [TICKS]
#
# Defaults: build/sgf, scenarios/sweeps/capabilities.cfg (27 points x 4
# replications = 108 runs of the default scenario) and 104 weeks a run.
# Each thread count runs the whole sweep into a fresh directory (the time
# includes writing runs.csv, syncing each row, and aggregate.csv). Uses
# hyperfine when present, else the best of 3. The target: -j 2 at least 1.8
# times the runs per second of -j 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sgf=$(realpath "${1:-build/sgf}")
sweep=${2:-scenarios/sweeps/capabilities.cfg}
ticks=${3:-104}
[[ -x $sgf ]] || { echo "bench_sweep: $sgf not found: build first" >&2; exit 1; }
tmp=$(mktemp -d /tmp/sgf-bench-sweep-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

runs=$("$sgf" sweep "$sweep" --ticks "$ticks" --dry-run | awk '$1 == "runs" { print $2; exit }')
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sweep:   $sweep, $runs runs of $ticks weeks"

declare -A best
for j in 1 2; do
  cmd="$sgf sweep $sweep --ticks $ticks -j $j --out $tmp/out --quiet"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 1 --runs 5 --prepare "rm -rf $tmp/out" --export-json "$tmp/j$j.json" \
      -n "threads=$j" "$cmd" >/dev/null
    best[$j]=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; \
print('%.4f %.4f' % (r['median'], r['min']))" "$tmp/j$j.json")
  else
    b=""
    for k in 1 2 3; do
      rm -rf "$tmp/out"
      t0=$(date +%s%N); $cmd; t1=$(date +%s%N)
      s=$(awk "BEGIN{print ($t1-$t0)/1e9}")
      if [[ -z $b ]] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi
    done
    best[$j]="$b $b"
  fi
  rm -rf "$tmp/out"
done

printf '%-6s %10s %10s %12s %12s\n' threads median_s min_s runs_per_s per_run_ms
for j in 1 2; do
  read -r med min <<<"${best[$j]}"
  awk -v j="$j" -v med="$med" -v min="$min" -v n="$runs" \
    'BEGIN { printf "-j %-3d %10.3f %10.3f %12.1f %12.2f\n", j, med, min, n / med, 1e3 * med / n }'
done
read -r m1 _ <<<"${best[1]}"
read -r m2 _ <<<"${best[2]}"
awk -v a="$m1" -v b="$m2" 'BEGIN { s = a / b;
  printf "speed-up  -j 2 / -j 1 = %.2f (target >= 1.8: %s)\n", s, (s >= 1.8) ? "PASS" : "FAIL" }'
