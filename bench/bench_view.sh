#!/usr/bin/env bash
# bench_view.sh: the viewer's draw time per frame at 500, 2,000 and 10,000
# nodes, headless (issue 8; not part of CTest).
#
#   bash bench/bench_view.sh [SGF_BINARY]     (default: build/sgf, built with the viewer)
#
# The built-in scenario has 2,000 partners, 1,895 of them in the population
# "EMEA resellers"; its count is set so that the net has N nodes. Each
# layout (value chain, world map) draws 31 frames, one a week, at 1280x800
# with SDL's software renderer into PNG files under /tmp (`sgf view
# --headless --timing`). The viewer reports the CPU time of drawing, mean
# and worst after the first frame (which renders glyphs and, on the map,
# the coastline once). The target: 16 ms a frame or less at 2,000 nodes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sgf=$(realpath "${1:-build/sgf}")
[[ -x $sgf ]] || { echo "bench_view: $sgf not found: build first (bash scripts/build.sh)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/sgf-bench-view-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-6s %12s %12s %14s\n' nodes layout mean_ms max_ms first_ms
others=105 # partners outside "EMEA resellers" in the built-in scenario
for nodes in 500 2000 10000; do
  for layout in chain map; do
    line=$("$sgf" view --headless --frames 31 --every 1 --timing --layout "$layout" \
      --out "$tmp/$nodes-$layout" --set "populations.EMEA resellers.count=$((nodes - others))" \
      2>&1 | grep 'draw time mean' || true)
    if [[ -z $line ]]; then
      echo "bench_view: $sgf view failed (built without the viewer?)" >&2
      exit 1
    fi
    # "... draw time mean 6.19 ms, max 6.52 ms per frame after the first (13.41 ms); ..."
    mean=$(sed -E 's/.*mean ([0-9.]+) ms.*/\1/' <<<"$line")
    max=$(sed -E 's/.*max ([0-9.]+) ms.*/\1/' <<<"$line")
    first=$(sed -E 's/.*after the first \(([0-9.]+) ms\).*/\1/' <<<"$line")
    printf '%-7s %-6s %12s %12s %14s\n' "$nodes" "$layout" "$mean" "$max" "$first"
    if ((nodes == 2000)); then
      awk -v m="$max" -v l="$layout" 'BEGIN { printf "target   2,000 nodes (%s), worst frame <= 16 ms: %s\n", l, (m <= 16) ? "PASS" : "FAIL" }' >&2
    fi
    rm -rf "${tmp:?}/$nodes-$layout"
  done
done
