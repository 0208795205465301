#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/fuzz/regress.sh BIN OUT INPUT...
# Replays each crash the fuzzer found (tests/fuzz/crashes/<name>.dts, built
# into OUT/regress/<name>.dtb) once, with the fuzz target's known-bug filters
# off (FUZZ_KNOWN_BUGS=1), and prints `PASS: fuzz regression <name>` or
# `FAIL: fuzz regression <name>: <what> (log: ...)`. Exit 1 if any failed.
# For another fuzzer, FUZZ_NAME names it (the lines say <FUZZ_NAME>/<name>)
# and FUZZ_REGRESS_SRC says where its inputs come from.
set -uo pipefail

bin=$1 out=$2
shift 2
status=0
mkdir -p "$out/regress"
for dtb in "$@"; do
	[ -e "$dtb" ] || continue # an unmatched glob: no inputs
	name=$(basename "$dtb" .dtb)
	log=$out/regress/$name.log
	src=${FUZZ_REGRESS_SRC:-tests/fuzz/crashes/$name.*}
	label=${FUZZ_NAME:+$FUZZ_NAME/}$name
	if FUZZ_KNOWN_BUGS=1 "$bin" "$dtb" >"$log" 2>&1; then
		echo "PASS: fuzz regression $label"
	else
		what=$(grep -m1 -oE '(AddressSanitizer|LeakSanitizer|libFuzzer): [A-Za-z-]+|runtime error: .*|invariant broken: .*' "$log")
		where=$(grep -m1 -oE 'in [A-Za-z_0-9]+ [^ ]*(core|tests|tools)/[^ ]*' "$log")
		what="$what${where:+ $where}"
		echo "FAIL: fuzz regression $label: ${what:-exited non-zero} ($src; log: $log)"
		status=1
	fi
done
exit $status
