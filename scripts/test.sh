#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# scripts/test.sh: every test, in order: host unit tests (`make -s unit`),
# then the QEMU integration scenarios (tests/integration/run.sh). Counts the
# `PASS:`/`FAIL:` lines (at column 0 only) over everything and ends with one
# line `N passed, M failed`; exit 1 if M > 0. A step that fails without
# printing a FAIL line counts as one failure.
set -uo pipefail

cd "$(dirname "$0")/.."

passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# step NAME CMD...: run CMD, output to stdout, and count its results.
step() {
	local name=$1 rc p f
	shift
	echo "== $name"
	"$@" </dev/null 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS:' "$out")
	f=$(grep -c '^FAIL:' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $name exited $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

step unit make -s unit
step integration env BOARD=qemu-virt-arm64 tests/integration/run.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
