#!/usr/bin/env bash
# sweep_mpi.sh: `mpirun -np 3 sgf sweep` writes the same files as `sgf sweep -j 1`.
#
#   SGF_MPI_BIN=build-mpi/sgf [SGF_BIN=build/sgf] bash tests/sweep_mpi.sh
#
# Builds nothing. SGF_MPI_BIN is an sgf configured with -DSGF_WITH_MPI=ON
# (Debian: libopenmpi-dev, openmpi-bin); SGF_BIN, the reference, defaults to
# SGF_MPI_BIN run without mpirun (threads). Three checks, each comparing
# runs.csv, aggregate.csv and sweep.json byte for byte:
#   1. a whole sweep farmed over 3 ranks (rank 0 hands out runs, 2 workers)
#   2. an MPI sweep killed in the middle and resumed under MPI
#   3. shard 1/2 under MPI and shard 2/2 with threads, joined by sgf merge
# The last line is "N passed, N failed"; the exit status is 0 when all pass.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${SGF_MPI_BIN:?set SGF_MPI_BIN to an sgf built with -DSGF_WITH_MPI=ON}"
ref=${SGF_BIN:-$SGF_MPI_BIN}
sweep=${SGF_SWEEP_FILE:-scenarios/sweeps/capabilities.cfg}
mpirun=(mpirun --oversubscribe --allow-run-as-root -np 3)
command -v mpirun >/dev/null || { echo "sweep_mpi: mpirun not found (install openmpi-bin)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/sgf-sweep-mpi-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# same DIR_A DIR_B LABEL: the three files identical?
same() {
  local ok=1 f
  for f in runs.csv aggregate.csv sweep.json; do
    if ! cmp -s "$1/$f" "$2/$f"; then
      echo "FAIL $3: $f differs ($1 vs $2)" >&2
      ok=0
    fi
  done
  if ((ok)); then echo "ok   $3"; passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# The reference: threads, one at a time.
"$ref" sweep "$sweep" --ticks 26 -j 1 --out "$tmp/ref" --quiet || { echo "sweep_mpi: reference sweep failed" >&2; exit 1; }

# 1. the whole sweep over 3 ranks
if "${mpirun[@]}" "$SGF_MPI_BIN" sweep "$sweep" --ticks 26 --out "$tmp/mpi" --quiet; then
  same "$tmp/ref" "$tmp/mpi" "mpirun -np 3 equals -j 1"
else
  echo "FAIL mpirun -np 3: exit status $?" >&2
  failed=$((failed + 1))
fi

# 2. killed mid-sweep, resumed under MPI (longer runs so the kill lands inside)
"$ref" sweep "$sweep" --ticks 260 -j 2 --out "$tmp/ref260" --quiet
"${mpirun[@]}" "$SGF_MPI_BIN" sweep "$sweep" --ticks 260 --out "$tmp/killed" --quiet &
pid=$!
for _ in $(seq 1 2000); do
  [[ -f $tmp/killed/runs.csv ]] && (($(wc -l <"$tmp/killed/runs.csv") > 5)) && break
  sleep 0.01
done
# SIGKILL the whole job at once, as a scheduler would: this mpirun and its
# ranks (its children), by process id.
kids=$(pgrep -P "$pid" || true)
kill -9 "$pid" $kids 2>/dev/null
wait "$pid" 2>/dev/null
for k in $kids; do
  while kill -0 "$k" 2>/dev/null; do sleep 0.05; done
done
if [[ -f $tmp/killed/aggregate.csv ]]; then
  echo "sweep_mpi: the sweep finished before the kill; the resume check is weaker" >&2
fi
if "${mpirun[@]}" "$SGF_MPI_BIN" sweep "$sweep" --ticks 260 --out "$tmp/killed" --resume --quiet; then
  same "$tmp/ref260" "$tmp/killed" "MPI sweep killed and resumed equals -j 2"
else
  echo "FAIL resume under mpirun" >&2
  failed=$((failed + 1))
fi

# 3. one shard under MPI, the other with threads, merged
"${mpirun[@]}" "$SGF_MPI_BIN" sweep "$sweep" --ticks 26 --shard 1/2 --out "$tmp/s1" --quiet &&
  "$ref" sweep "$sweep" --ticks 26 --shard 2/2 -j 2 --out "$tmp/s2" --quiet &&
  "$ref" merge "$tmp/s1" "$tmp/s2" --out "$tmp/merged" --quiet
if (($? == 0)); then
  same "$tmp/ref" "$tmp/merged" "MPI shard + thread shard merged equals -j 1"
else
  echo "FAIL shards under mpirun" >&2
  failed=$((failed + 1))
fi

echo "sweep_mpi: $passed passed, $failed failed"
((failed == 0))
