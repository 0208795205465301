#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/fetch-linux.sh OUTDIR
# Fetch what the Linux guest is made of from Debian's archive (apt-get
# download + dpkg-deb; nothing else is downloaded, nothing is installed):
#
#   OUTDIR/Image     Debian's stock arm64 kernel as a raw arm64 Image (from
#                    $LINUX_PKG, default debian-installer-12-netboot-arm64;
#                    a linux-image-<version>-arm64 package works as well)
#   OUTDIR/busybox   the static busybox binary from busybox-static:arm64
#   OUTDIR/VERSIONS  which packages and versions these came from
#   OUTDIR/stamp     touched last, when all of the above are complete
#
# The .deb files are deleted once the two files are extracted (the netboot
# package alone is ~120 MiB). A gzip-compressed kernel (vmlinuz) is
# gunzipped, and the result must carry the arm64 Image magic "ARM\x64" at
# offset 0x38.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$1
kpkg=${LINUX_PKG:-debian-installer-12-netboot-arm64}
bpkg=busybox-static:arm64

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)

mkdir -p "$out"
rm -f "$out/stamp"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

native=$(dpkg --print-architecture)
if [ "$native" != arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "fetch-linux: adding dpkg architecture arm64"
	"${SUDO[@]}" dpkg --add-architecture arm64
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
fi

"$(dirname "$0")/../../scripts/deb-download.sh" "$tmp" "$kpkg" "$bpkg"

kdeb=$(compgen -G "$tmp/${kpkg%%:*}_*.deb" | head -n1 || true)
bdeb=$(compgen -G "$tmp/busybox-static_*_arm64.deb" | head -n1 || true)
if [ -z "$kdeb" ] || [ -z "$bdeb" ]; then
	echo "fetch-linux: expected .deb files were not downloaded" >&2
	exit 1
fi

# Pull one member out of a .deb without unpacking the rest.
extract() { # deb member dest
	dpkg-deb --fsys-tarfile "$1" | tar -xOf - "$2" >"$3"
}

# --- the kernel ------------------------------------------------------------
members=$(dpkg-deb --fsys-tarfile "$kdeb" | tar -tf -)
kmember=$(grep -m1 -E '/text/debian-installer/arm64/linux$' <<<"$members" ||
	grep -m1 -E '/debian-installer/arm64/linux$' <<<"$members" ||
	grep -m1 -E '^\./boot/vmlinuz-' <<<"$members" || true)
if [ -z "$kmember" ]; then
	echo "fetch-linux: no kernel (.../debian-installer/arm64/linux or boot/vmlinuz-*) in $(basename "$kdeb")" >&2
	exit 1
fi
extract "$kdeb" "$kmember" "$tmp/kernel"
if [ "$(head -c2 "$tmp/kernel" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
	echo "fetch-linux: $kmember is gzip-compressed; gunzipping"
	gunzip -c <"$tmp/kernel" >"$tmp/kernel.raw"
	mv "$tmp/kernel.raw" "$tmp/kernel"
fi
if [ "$(od -An -tx1 -j 56 -N 4 "$tmp/kernel" | tr -d ' ')" != 41524d64 ]; then
	echo "fetch-linux: $kmember is not a raw arm64 Image (no ARM64 magic 41 52 4d 64 at 0x38)" >&2
	exit 1
fi
kver=$(grep -a -m1 -o 'Linux version [^ ]* ([^)]*)' "$tmp/kernel" | head -n1 | cut -d' ' -f3 || true)
mv "$tmp/kernel" "$out/Image"

# --- busybox ---------------------------------------------------------------
extract "$bdeb" ./bin/busybox "$out/busybox"
chmod 0755 "$out/busybox"

{
	echo "$(dpkg-deb -f "$kdeb" Package) $(dpkg-deb -f "$kdeb" Version) ($kmember, kernel ${kver:-unknown})"
	echo "$(dpkg-deb -f "$bdeb" Package):arm64 $(dpkg-deb -f "$bdeb" Version) (./bin/busybox)"
} >"$out/VERSIONS"
touch "$out/stamp"
sed 's/^/fetch-linux: /' "$out/VERSIONS"
