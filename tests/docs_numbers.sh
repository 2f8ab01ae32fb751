#!/bin/bash
# docs_numbers: the documented model results agree with the model.
#   1. scripts/docs_numbers.py --check passes on the tree: every generated
#      block is what docs/numbers.json renders to, and every documented figure
#      overlaps a fresh 4-replication run of its command, and every result of
#      docs/VALIDATION.md a reduced run of its sgf validate or sgf survey;
#   2. it fails on a copy whose numbers.json (and so its tables) claims a
#      revenue 30 % higher than the model gives: a drifted document;
#   3. it fails on a copy where a generated table cell was edited by hand;
#   4. it fails on a copy whose validation result (check 1b) is 30 % off
#      (docs/VALIDATION.md's blocks, checked against reduced sgf validate runs);
#   5. it fails on a copy whose Ishigami indices (docs/exploration.md) are
#      not what `sgf sensitivity` gives.
# Usage: docs_numbers.sh SGF_BINARY SOURCE_DIR
set -u
sgf=$1
src=$2
py="python3 $src/scripts/docs_numbers.py --sgf $sgf"
fail=0
tmp=$(mktemp -d /tmp/sgf-docs-numbers-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if ! $py --check; then
    echo "FAIL: the documents disagree with the model (see above)"
    fail=1
fi

copy() {
    rm -rf "$tmp/t"
    mkdir -p "$tmp/t"
    cp -r "$src/docs" "$src/scenarios" "$src/README.md" "$tmp/t/"
}

# 2. a drifted number, rendered consistently into the tables
copy
python3 - "$tmp/t/docs/numbers.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
v = d["experiments"]["shocks"]["values"]["revenue_total_eur|delta.cfg"]
for k in ("mean", "lo", "hi"):
    v[k] *= 1.3
json.dump(d, open(p, "w"), indent=1, sort_keys=True)
PY
# re-render the blocks from the changed json without rerunning the model
python3 - "$src/scripts" "$tmp/t" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
import docs_numbers as dn
dn.set_root(sys.argv[2])
dn.rewrite(json.load(open(dn.JSON)))
PY
out=$($py --check --rerun compare --root "$tmp/t" 2>&1)
if [ $? -eq 0 ] || ! grep -q "revenue_total_eur of delta.cfg: documented" <<<"$out"; then
    echo "FAIL: a revenue 30 % off went unnoticed:"
    echo "$out" | tail -5
    fail=1
fi

# 3. a table edited by hand
copy
sed -i '0,/| `delta.cfg` | [0-9.]*/s//| `delta.cfg` | 999.9/' "$tmp/t/docs/scenarios.md"
out=$($py --check --rerun none --root "$tmp/t" 2>&1)
if [ $? -eq 0 ] || ! grep -q "differs from what docs/numbers.json gives" <<<"$out"; then
    echo "FAIL: a hand-edited table went unnoticed:"
    echo "$out" | tail -5
    fail=1
fi
# 4. a drifted validation result (check 1b, the liability of outsidership, 30 % off),
#    rendered consistently into docs/VALIDATION.md
copy
python3 - "$tmp/t/docs/numbers.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
c = d["validate"]["runs"]["full"]["checks"]["1b"]
for k in ("estimate", "lo", "hi"):
    c[k] *= 1.3
json.dump(d, open(p, "w"), indent=1, sort_keys=True)
PY
python3 - "$src/scripts" "$tmp/t" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
import docs_numbers as dn
dn.set_root(sys.argv[2])
dn.rewrite(json.load(open(dn.JSON)))
PY
out=$($py --check --rerun validate --root "$tmp/t" 2>&1)
if [ $? -eq 0 ] || ! grep -q "validate full check 1b: documented" <<<"$out"; then
    echo "FAIL: a validation result 30 % off went unnoticed:"
    echo "$out" | tail -5
    fail=1
fi
# 5. a Sobol index of the Ishigami table that the analysis does not give,
#    rendered consistently (docs/exploration.md)
copy
python3 - "$tmp/t/docs/numbers.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
for r in d["sensitivity"]["ishigami"]["rows"]:
    if r["factor"] == "x1" and r["statistic"] == "S1":
        r["value"] += 0.05
json.dump(d, open(p, "w"), indent=1, sort_keys=True)
PY
python3 - "$src/scripts" "$tmp/t" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
import docs_numbers as dn
dn.set_root(sys.argv[2])
dn.rewrite(json.load(open(dn.JSON)))
PY
out=$($py --check --rerun sensitivity --root "$tmp/t" 2>&1)
if [ $? -eq 0 ] || ! grep -q "sensitivity ishigami: a fresh" <<<"$out"; then
    echo "FAIL: a changed Sobol index went unnoticed:"
    echo "$out" | tail -5
    fail=1
fi
[ $fail -eq 0 ] && echo "docs_numbers: ok"
exit $fail
