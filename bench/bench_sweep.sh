#!/usr/bin/env bash
# bench_sweep.sh: throughput of many runs, in runs per second at -j 1 and
# -j 2 (issue 8; not part of CTest).
#
#   bash bench/bench_sweep.sh [SGF_BINARY] [SWEEP_FILE] [TICKS]
#
# Two workloads, each at -j 1 and -j 2:
#   sweep  `sgf sweep` of SWEEP_FILE (default scenarios/sweeps/capabilities.cfg:
#          27 points x 4 replications = 108 runs of the default scenario),
#          TICKS weeks a run (default 104), into a fresh directory. It
#          includes writing runs.csv with one synced row per run, and
#          aggregate.csv.
#   batch  `sgf compare default default --reps 200 --ticks TICKS`: 400 runs
#          on the batch runner, results kept in memory. This is the
#          simulation alone, with no per-run I/O.
# Uses hyperfine when present, else the best of 3. The target: -j 2 at
# least 1.8 times the runs per second of -j 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sgf=$(realpath "${1:-build/sgf}")
sweep=${2:-scenarios/sweeps/capabilities.cfg}
ticks=${3:-104}
[[ -x $sgf ]] || { echo "bench_sweep: $sgf not found: build first" >&2; exit 1; }
tmp=$(mktemp -d /tmp/sgf-bench-sweep-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

sweep_runs=$("$sgf" sweep "$sweep" --ticks "$ticks" --dry-run | awk '$1 == "runs" { print $2; exit }')
batch_reps=200
batch_runs=$((2 * batch_reps))
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sweep:   $sweep, $sweep_runs runs of $ticks weeks"
echo "batch:   sgf compare default default --reps $batch_reps, $batch_runs runs of $ticks weeks"

# time_it NAME RUNS PREPARE COMMAND: prints "NAME RUNS median_s min_s"
time_it() {
  local name=$1 runs=$2 prepare=$3 cmd=$4
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 1 --runs 7 --prepare "$prepare" --export-json "$tmp/t.json" \
      -n "$name" "$cmd" >/dev/null 2>&1
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; \
print(sys.argv[2], sys.argv[3], '%.4f %.4f' % (r['median'], r['min']))" "$tmp/t.json" "$name" "$runs"
  else
    local best="" s t0 t1
    for _ in 1 2 3; do
      $prepare
      t0=$(date +%s%N); $cmd >/dev/null; t1=$(date +%s%N)
      s=$(awk "BEGIN{print ($t1-$t0)/1e9}")
      if [[ -z $best ]] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
    done
    echo "$name $runs $best $best"
  fi
}

: >"$tmp/rows"
for j in 1 2; do
  time_it "sweep-j$j" "$sweep_runs" "rm -rf $tmp/out" \
    "$sgf sweep $sweep --ticks $ticks -j $j --out $tmp/out --quiet" >>"$tmp/rows"
  time_it "batch-j$j" "$batch_runs" "true" \
    "$sgf compare default default --reps $batch_reps --ticks $ticks -j $j" >>"$tmp/rows"
done

printf '%-10s %6s %10s %10s %12s %12s\n' workload runs median_s min_s runs_per_s ms_per_run
sort "$tmp/rows" | while read -r name runs med min; do
  awk -v n="$name" -v r="$runs" -v med="$med" -v min="$min" \
    'BEGIN { printf "%-10s %6d %10.3f %10.3f %12.1f %12.2f\n", n, r, med, min, r / med, 1e3 * med / r }'
done
for w in sweep batch; do
  read -r m1 b1 <<<"$(awk -v n="$w-j1" '$1 == n { print $3, $4 }' "$tmp/rows")"
  read -r m2 b2 <<<"$(awk -v n="$w-j2" '$1 == n { print $3, $4 }' "$tmp/rows")"
  awk -v w="$w" -v a="$m1" -v b="$m2" -v c="$b1" -v d="$b2" 'BEGIN { s = a / b;
    printf "%-6s speed-up -j 2 / -j 1 = %.2f by medians, %.2f by minima (target >= 1.8 by medians: %s)\n",
           w, s, c / d, (s >= 1.8) ? "PASS" : "FAIL" }'
done
