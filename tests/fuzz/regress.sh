#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/fuzz/regress.sh BIN OUT DTB...
# Replays each crash the fuzzer found (tests/fuzz/crashes/<name>.dts, built
# into OUT/regress/<name>.dtb) once, with the fuzz target's known-bug filters
# off (FUZZ_KNOWN_BUGS=1), and prints `PASS: fuzz regression <name>` or
# `FAIL: fuzz regression <name>: <what> (log: ...)`. Exit 1 if any failed.
set -uo pipefail

bin=$1 out=$2
shift 2
status=0
for dtb in "$@"; do
	name=$(basename "$dtb" .dtb)
	log=$out/regress/$name.log
	if FUZZ_KNOWN_BUGS=1 "$bin" "$dtb" >"$log" 2>&1; then
		echo "PASS: fuzz regression $name"
	else
		what=$(grep -m1 -oE '(AddressSanitizer|LeakSanitizer|libFuzzer): [A-Za-z-]+|runtime error: .*|invariant broken: .*' "$log")
		where=$(grep -m1 -oE 'in [A-Za-z_0-9]+ [^ ]*(core|tests|tools)/[^ ]*' "$log")
		what="$what${where:+ $where}"
		echo "FAIL: fuzz regression $name: ${what:-exited non-zero} (tests/fuzz/crashes/$name.*; log: $log)"
		status=1
	fi
done
exit $status
