#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# scripts/fetch-target-libfdt.sh DEB_ARCH OUTDIR
# Download Debian's libfdt-dev for the target architecture and unpack it
# into OUTDIR (OUTDIR/usr/lib/<triplet>/libfdt.a, OUTDIR/usr/include/libfdt.h).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 DEB_ARCH OUTDIR" >&2
	exit 2
fi
arch=$1
out=$2

"$(dirname "$0")/fetch-deb.sh" "libfdt-dev:$arch" "$out" >/dev/null
lib=$(find "$out/usr/lib" -name libfdt.a | head -n1)
if [ -z "$lib" ] || [ ! -f "$out/usr/include/libfdt.h" ]; then
	echo "fetch-target-libfdt: $(cat "$out/stamp") did not contain libfdt.a and libfdt.h" >&2
	exit 1
fi
# Make the output newer than anything make compares it against.
touch "$lib"
echo "fetch-target-libfdt: $lib ($(cat "$out/stamp"))"
