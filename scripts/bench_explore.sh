#!/usr/bin/env bash
# bench_explore.sh: what `sgf sensitivity` adds to the runs it makes, its
# -j 2 speed-up and its memory (issue 16's performance targets; by hand,
# not part of CTest; docs/PERFORMANCE.md records a run).
#
#   bash scripts/bench_explore.sh [SGF_BINARY] [TICKS] [REPEATS]
#
# The workload: a Sobol design on the default scenario over 8 settings,
# N = 100 samples, N (8 + 2) = 1,000 runs of TICKS weeks (default 104),
# against a plain `sgf sweep` of the same settings and ranges, a Latin
# hypercube of 1,000 points: the same number of runs of the same scenario,
# the same journal and aggregate.csv, and no index computation. Each at
# -j 1 and -j 2, the best of REPEATS (default 2) wall times, with the CPU
# time (user + system) of that run. Memory: the
# peak resident size of the Sobol analysis at N = 25 (250 runs) and N = 100
# (1,000 runs). The analysis alone: `--resume` on the finished directory.
# Targets: sensitivity within 5 % of the sweep's time, -j 2 at
# least 1.8 x -j 1, memory flat in the number of runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sgf=$(realpath "${1:-build/sgf}")
ticks=${2:-104}
repeats=${3:-2}
[[ -x $sgf ]] || { echo "bench_explore: $sgf not found: build first" >&2; exit 1; }
tmp=$(mktemp -d /tmp/sgf-bench-explore-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

vary='vary = (
  { path = "firm.capabilities.interface_competence"; from = 0.2; to = 0.9; },
  { path = "firm.capabilities.absorptive_capacity"; from = 0.2; to = 0.9; },
  { path = "firm.capabilities.flexibility"; from = 0.2; to = 0.9; },
  { path = "firm.capabilities.innovativeness"; from = 0.2; to = 0.9; },
  { path = "firm.management.attention_hours_per_week"; from = 40.0; to = 300.0; scale = "log"; },
  { path = "firm.incentives.margin_share"; from = 0.1; to = 0.35; },
  { path = "firm.incentives.training_eur_per_week"; from = 0.0; to = 8000.0; },
  { path = "firm.supply.cover_weeks"; from = 1.0; to = 8.0; } );
metrics = ["revenue_total_eur", "mean_commitment", "partners_final"];'
for n in 25 100; do
  printf 'name = "sobol%d"; base = "default"; seed = 16; method = "sobol"; samples = %d;\n%s\n' \
    "$n" "$n" "$vary" >"$tmp/sobol$n.cfg"
done
printf 'name = "lhs"; base = "default"; seed = 16; design = "latin_hypercube"; points = 1000;\n%s\n' \
  "$vary" >"$tmp/lhs.cfg"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload: 1,000 runs of $ticks weeks (sgf sensitivity sobol N = 100, d = 8; sgf sweep lhs 1,000 points)"

# best KIND J: "wall cpu" of the run with the best wall time of `repeats`,
# seconds; cpu is user + system time, which a busy machine moves less
best() {
  local kind=$1 j=$2 b="" c="" line w u s
  for _ in $(seq "$repeats"); do
    rm -rf "$tmp/out"
    if [[ $kind == sobol ]]; then
      line=$( { /usr/bin/time -f '%e %U %S' "$sgf" sensitivity "$tmp/sobol100.cfg" \
                --ticks "$ticks" -j "$j" --out "$tmp/out" --quiet; } 2>&1 | tail -1)
    else
      line=$( { /usr/bin/time -f '%e %U %S' "$sgf" sweep "$tmp/lhs.cfg" --ticks "$ticks" \
                -j "$j" --out "$tmp/out" --quiet; } 2>&1 | tail -1)
    fi
    read -r w u s <<<"$line"
    if [[ -z $b ]] || awk "BEGIN{exit !($w < $b)}"; then b=$w; c=$(awk "BEGIN{print $u + $s}"); fi
  done
  echo "$b $c"
}

declare -A t cpu
for j in 1 2; do
  for kind in sweep sobol; do
    read -r t[$kind$j] cpu[$kind$j] <<<"$(best $kind $j)"
    printf '%-6s -j %d  wall %8.3f s  cpu %8.3f s  %6.2f ms/run wall\n' "$kind" "$j" \
      "${t[$kind$j]}" "${cpu[$kind$j]}" "$(awk "BEGIN{print 1000*${t[$kind$j]}/1000}")"
  done
done
for j in 1 2; do
  awk -v a="${t[sobol$j]}" -v b="${t[sweep$j]}" -v c="${cpu[sobol$j]}" -v d="${cpu[sweep$j]}" \
    -v j="$j" 'BEGIN { o = 100 * (a / b - 1); p = 100 * (c / d - 1);
    printf "overhead -j %d: sensitivity / sweep - 1 = %+.1f %% wall, %+.1f %% cpu (target <= 5 %%: %s)\n",
           j, o, p, (o <= 5) ? "PASS" : "FAIL" }'
done
# The analysis alone: --resume on the finished directory the last run left
# (sobol, -j 2) runs nothing; it reads runs.csv back and computes the
# indices with their bootstrap. A cost a busy machine cannot hide.
ab=""
for _ in 1 2 3; do
  w=$( { /usr/bin/time -f '%e' "$sgf" sensitivity "$tmp/sobol100.cfg" --ticks "$ticks" \
         --out "$tmp/out" --resume --quiet; } 2>&1 | tail -1)
  if [[ -z $ab ]] || awk "BEGIN{exit !($w < $ab)}"; then ab=$w; fi
done
awk -v a="$ab" -v b="${t[sweep1]}" 'BEGIN {
  printf "analysis alone (--resume on the finished runs): %.2f s = %.1f %% of the sweep at -j 1\n",
         a, 100 * a / b }'
for kind in sweep sobol; do
  awk -v a="${t[${kind}1]}" -v b="${t[${kind}2]}" -v k="$kind" 'BEGIN { s = a / b;
    printf "speed-up %s -j 2 / -j 1 = %.2f (target >= 1.8: %s)\n", k, s, (s >= 1.8) ? "PASS" : "FAIL" }'
done
for n in 25 100; do
  rm -rf "$tmp/out"
  kb=$( { /usr/bin/time -f '%M' "$sgf" sensitivity "$tmp/sobol$n.cfg" --ticks "$ticks" -j 2 \
          --out "$tmp/out" --quiet; } 2>&1 | tail -1)
  echo "peak resident size, sobol N = $n ($((n * 10)) runs): $kb kB"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
