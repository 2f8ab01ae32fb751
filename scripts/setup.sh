#!/usr/bin/env bash
# setup.sh: install the Debian 12 packages sgf needs to build, test and view.
#
# Run as root on a fresh Debian 12 machine (or with sudo available). Only
# missing packages are installed, and the package lists are refreshed only
# when something is missing, so a second run takes a fraction of a second.
set -euo pipefail

packages=(
  build-essential   # gcc, make, libc headers
  g++               # the PCG reference generator used by the tests
  cmake
  pkg-config
  libconfig-dev     # scenario files
  libpcg-cpp-dev    # pcg_random.hpp, the reference for sim/base/rng.c
  xvfb              # the viewer test drives a real window on a virtual display
  xdotool           # ... and presses its keys
  zlib1g-dev
  libsdl2-dev       # the viewer (sgf view)
  libsdl2-ttf-dev
  libsdl2-image-dev
  fonts-dejavu-core
  libopenmpi-dev    # the MPI build of sgf sweep (scripts/ci_mpi.sh)
  openmpi-bin       # mpirun
  clang-14          # scripts/fuzz.sh: the libFuzzer targets in tests/fuzz
  libclang-rt-14-dev # ... libFuzzer's runtime and clang's sanitizer runtimes
  valgrind          # scripts/valgrind.sh: memcheck of sgf's commands
  python3           # scripts/check_layers.py, tests/json_outputs.py, tests/semfuzz.py
  python3-networkx  # tests/check_gexf.py: network.gexf as networkx reads it
  python3-pandas    # scripts/read_outputs.py: the files read with no cleaning step
  r-base-core       # scripts/read_outputs.R: the same read in R (about 9 s, 4 packages)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup: missing packages: ${missing[*]}" >&2
  echo "setup: run this script as root (or install sudo) to install them" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
