#!/usr/bin/env bash
# check_layers.sh: the include-rule script passes on the tree and fails, naming
# file and line, on copies of the tree with one rule broken each.
set -uo pipefail
src=${SGF_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
script=$src/scripts/check_layers.py
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

if out=$(python3 "$script" "$src" 2>&1); then ok "the tree keeps the layers"; else
  bad "the tree breaks the layers:"; echo "$out"; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# broken FILE LINE_TEXT EXPECT LABEL [WHERE]: a fresh copy with LINE_TEXT put
# after line 1 of FILE (or as sed's WHERE says: '$a' appends); the script
# must exit 1 and print EXPECT (a FILE:LINE: prefix).
broken() {
  local file=$1 text=$2 expect=$3 label=$4 where=${5:-1a} out rc
  rm -rf "$tmp/t" && mkdir -p "$tmp/t/include"
  cp -r "$src/sim" "$src/viz" "$tmp/t/" && cp -r "$src/include/sgf" "$tmp/t/include/"
  sed -i "$where $text" "$tmp/t/$file"
  out=$(python3 "$script" "$tmp/t" 2>&1)
  rc=$?
  if [[ $rc == 1 && $out == *"$expect"* ]]; then ok "$label"; else
    bad "$label (exit $rc)"; echo "$out"; fi
}
broken sim/model/world.c '#include <libconfig.h>' 'sim/model/world.c:2: model includes <libconfig.h>' \
  "libconfig in a model file"
broken sim/base/rng.c '#include "model/world_internal.h"' 'sim/base/rng.c:2: base reaches up to model' \
  "base reaching up to model"
broken sim/io/output.c '#include "model/net.h"' "sim/io/output.c:2: io includes the model's private" \
  "io reading model internals"
broken sim/model/market.c '#include "sgf/sgf_scenario.h"' 'sim/model/market.c:2: model reaches up to io' \
  "model including an io public header"
broken sim/explore/sweep.c '#include <SDL.h>' 'sim/explore/sweep.c:2: explore includes <SDL.h>' \
  "SDL in sim/"
broken include/sgf/sgf_world.h '#include "sgf_sweep.h"' 'include/sgf/sgf_world.h:2: model reaches up to explore' \
  "a public header reaching up"
broken sim/model/finance.c 'static void f_(void) { FILE *f = fopen("x", "w"); (void)f; }' \
  'model calls fopen(): the model writes no files' "file writing in the model" '$a' 
broken viz/draw.c '#include "io/fmtnum.h"' "viz/draw.c:2: viz includes sim's private" \
  "viz using sim's private headers"

echo "layers: $passed passed, $failed failed"
((failed == 0))
