#!/usr/bin/env bash
# build.sh: configure and build sgf with CMake (Release).
#
#   bash scripts/build.sh [extra cmake -D options...]
#
# Environment:
#   SGF_BUILD_DIR   build directory (default: build)
#   SGF_WERROR      ON: treat warnings as errors
#   SGF_SANITIZE    ON: AddressSanitizer + UndefinedBehaviorSanitizer
#   SGF_WITH_VIEWER OFF: skip the SDL2 viewer
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${SGF_BUILD_DIR:-build}
args=(-DCMAKE_BUILD_TYPE=Release)
[[ -n ${SGF_WERROR:-} ]] && args+=("-DSGF_WERROR=${SGF_WERROR}")
[[ -n ${SGF_SANITIZE:-} ]] && args+=("-DSGF_SANITIZE=${SGF_SANITIZE}")
[[ -n ${SGF_WITH_VIEWER:-} ]] && args+=("-DSGF_WITH_VIEWER=${SGF_WITH_VIEWER}")

cmake -S . -B "$build_dir" "${args[@]}" "$@"
cmake --build "$build_dir" -j "$(nproc)"
