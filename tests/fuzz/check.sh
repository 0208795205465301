#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/fuzz/check.sh BIN RUNS SEED OUT SEED_DIR [libFuzzer flags...]
# The bounded fuzz run of `make fuzz-check` (tests/fuzz/fuzz.mk): RUNS
# inputs from the seeds in SEED_DIR with libFuzzer seed SEED, a scratch
# corpus in OUT/check-corpus and crashes in OUT/crashes. Prints
#   PASS: fuzz NAME: RUNS inputs, no crash, hang or leak
# or
#   FAIL: fuzz NAME: <what> (reproduce: BIN <file>; log: OUT/check.log)
# NAME is $FUZZ_NAME, config when unset.
set -uo pipefail

bin=$1 runs=$2 seed=$3 out=$4 seeds=$5
shift 5
name=${FUZZ_NAME:-config}

scratch=$out/check-corpus
log=$out/check.log
rm -rf "$scratch"
mkdir -p "$scratch" "$out/crashes"

start=$SECONDS
"$bin" -runs="$runs" -seed="$seed" -artifact_prefix="$out/crashes/" "$@" \
	"$scratch" "$seeds" >"$log" 2>&1
rc=$?
secs=$((SECONDS - start))

if [ "$rc" -eq 0 ] && grep -q '^Done [0-9]* runs' "$log"; then
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	echo "PASS: fuzz $name: $runs inputs, no crash, hang or leak (${cov:-cov: ?}, ${secs}s)"
	exit 0
fi

# What went wrong, from libFuzzer's and the sanitizers' reports.
what=$(grep -m1 -oE '(AddressSanitizer|LeakSanitizer|libFuzzer): [A-Za-z-]+|runtime error: .*|invariant broken: .*' "$log")
where=$(grep -m1 -oE 'in [A-Za-z_0-9]+ [^ ]*(core|tests|tools)/[^ ]*' "$log")
what="$what${where:+ $where}"
artifact=$(grep -m1 -o 'Test unit written to .*' "$log" | sed 's/^Test unit written to //')
echo "FAIL: fuzz $name: ${what:-exited with status $rc} (reproduce: $bin ${artifact:-<none written>}; log: $log)"
# The report itself, indented so it is not counted as a result line.
grep -m1 -B2 -A25 -E '^==[0-9]+==ERROR|runtime error|invariant broken|ERROR: libFuzzer' "$log" |
	sed 's/^/    /'
exit 1
