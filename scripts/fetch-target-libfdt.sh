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

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)

native=$(dpkg --print-architecture)
if [ "$arch" != "$native" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	echo "fetch-target-libfdt: adding dpkg architecture $arch"
	"${SUDO[@]}" dpkg --add-architecture "$arch"
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$(dirname "$0")/deb-download.sh" "$tmp" "libfdt-dev:$arch"

deb=$(ls "$tmp"/libfdt-dev_*_"$arch".deb 2>/dev/null | head -n1)
if [ -z "$deb" ]; then
	echo "fetch-target-libfdt: no .deb downloaded" >&2
	exit 1
fi
mkdir -p "$out"
dpkg -x "$deb" "$out"
lib=$(find "$out/usr/lib" -name libfdt.a | head -n1)
if [ -z "$lib" ] || [ ! -f "$out/usr/include/libfdt.h" ]; then
	echo "fetch-target-libfdt: $deb did not contain libfdt.a and libfdt.h" >&2
	exit 1
fi
# Make the output newer than anything make compares it against.
touch "$lib"
echo "fetch-target-libfdt: $lib ($(basename "$deb"))"
