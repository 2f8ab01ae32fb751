#!/usr/bin/env bash
# semfuzz.sh: the CI batch of the semantic fuzzer (tests/semfuzz.py) on the
# ASan+UBSan build: random scenarios over every setting of the schema, each
# run 104 weeks under `sgf run --check`, with a new seed every run (from
# /dev/urandom; printed first, with the reproducer of any failure).
#
#   bash scripts/semfuzz.sh                 # 200 cases, at most 150 s of them
#   SGF_SEMFUZZ_SEED=123 bash scripts/semfuzz.sh   # one batch again
#
# SGF_SEMFUZZ_COUNT, _WEEKS, _BUDGET (seconds), _SEED and _BIN change the
# batch. Failing cases are kept in build-asan/semfuzz-failures/. The last line
# is "semfuzz: N passed, N failed" (scripts/test.sh counts it).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=(--bin "${SGF_SEMFUZZ_BIN:-build-asan/sgf}" --count "${SGF_SEMFUZZ_COUNT:-200}"
      --weeks "${SGF_SEMFUZZ_WEEKS:-104}" --budget "${SGF_SEMFUZZ_BUDGET:-150}"
      --jobs 2 --timeout 60 --keep build-asan/semfuzz-failures)
if [[ -n ${SGF_SEMFUZZ_SEED:-} ]]; then args+=(--seed "$SGF_SEMFUZZ_SEED"); fi
exec python3 tests/semfuzz.py "${args[@]}"
