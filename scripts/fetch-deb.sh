#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# scripts/fetch-deb.sh PKG:ARCH OUTDIR
# Download one Debian package (for any architecture: the target's libfdt-dev,
# a board's U-Boot) and unpack it into OUTDIR without installing it; add the
# dpkg architecture first if the package lists lack it. OUTDIR/stamp names
# the .deb, touched last.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 PKG:ARCH OUTDIR" >&2
	exit 2
fi
pkg=$1
out=$2
arch=${pkg##*:}

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)

native=$(dpkg --print-architecture)
if [ "$arch" != "$pkg" ] && [ "$arch" != "$native" ] &&
	! grep -qx "$arch" <<<"$(dpkg --print-foreign-architectures)"; then
	echo "fetch-deb: adding dpkg architecture $arch"
	"${SUDO[@]}" dpkg --add-architecture "$arch"
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$(dirname "$0")/deb-download.sh" "$tmp" "$pkg"
deb=$(compgen -G "$tmp/${pkg%%:*}_*.deb" | head -n1 || true)
if [ -z "$deb" ]; then
	echo "fetch-deb: $pkg: no .deb downloaded" >&2
	exit 1
fi
mkdir -p "$out"
dpkg -x "$deb" "$out"
basename "$deb" >"$out/stamp"
echo "fetch-deb: $pkg unpacked into $out ($(basename "$deb"))"
