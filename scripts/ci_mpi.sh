#!/usr/bin/env bash
# ci_mpi.sh: the Open MPI check of CI (issue 7). Builds sgf with MPI into its
# own directory (no viewer, no tests, warnings as errors) and runs
# tests/sweep_mpi.sh, which compares `mpirun --oversubscribe
# --allow-run-as-root -np 3 sgf sweep` with `sgf sweep -j 1` byte for byte:
# a whole sweep, a sweep killed with SIGKILL and resumed, and an MPI shard
# merged with a threaded one.
#
#   bash scripts/ci_mpi.sh          # scripts/test.sh calls it after the Release suite
#
# Environment:
#   SGF_MPI_BUILD_DIR  the MPI build (default: build-mpi)
#   SGF_BIN            the reference sgf, built without MPI (default: build/sgf)
# Needs the Debian packages libopenmpi-dev and openmpi-bin (scripts/setup.sh).
# Exit status 0 when the build and every check passed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mpi_dir=${SGF_MPI_BUILD_DIR:-build-mpi}
ref=${SGF_BIN:-build/sgf}

if ! command -v mpirun >/dev/null; then
  echo "ci_mpi: mpirun not found: install openmpi-bin and libopenmpi-dev (scripts/setup.sh)" >&2
  exit 1
fi
if [[ ! -x $ref ]]; then
  echo "ci_mpi: the reference $ref is not built (scripts/build.sh builds build/sgf)" >&2
  exit 1
fi

echo "== build ($mpi_dir: Open MPI, no viewer, warnings as errors) =="
SGF_BUILD_DIR=$mpi_dir SGF_WERROR=ON SGF_WITH_VIEWER=OFF \
  bash scripts/build.sh -DSGF_WITH_MPI=ON -DSGF_BUILD_TESTS=OFF

echo "== MPI sweep: mpirun -np 3 against -j 1 =="
SGF_MPI_BIN=$mpi_dir/sgf SGF_BIN=$ref bash tests/sweep_mpi.sh
