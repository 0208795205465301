#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/fetch-linux.sh ARCH OUTDIR
# Fetch what the Linux guest for Debian architecture ARCH (arm64, armhf) is
# made of from Debian's archive (apt-get download + dpkg-deb; nothing else
# is downloaded, nothing is installed):
#
#   OUTDIR/Image     arm64: Debian's stock arm64 kernel as a raw arm64 Image
#   OUTDIR/zImage    armhf: Debian's stock armmp kernel, an arm32 zImage
#                    (from $LINUX_PKG, default debian-installer-12-netboot-ARCH;
#                    a linux-image-<version>-<flavour> package works as well)
#   OUTDIR/busybox   the static busybox binary from busybox-static:ARCH
#   OUTDIR/VERSIONS  which packages and versions these came from
#   OUTDIR/stamp     touched last, when all of the above are complete
#
# The .deb files are deleted once the two files are extracted (the arm64
# netboot package alone is ~120 MiB). A gzip-compressed kernel (vmlinuz) is
# gunzipped, and the result must carry the arm64 Image magic "ARM\x64" at
# offset 0x38 (arm64) or the zImage magic 0x016f2818 at 0x24 (armhf).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 ARCH OUTDIR" >&2
	exit 2
fi
arch=$1
out=$2
# shellcheck source=guests/linux/lib.sh
. "$(dirname "$0")/lib.sh"
lx_arch "$arch"
kpkg=${LINUX_PKG:-debian-installer-12-netboot-$arch}
bpkg=busybox-static:$arch

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)

mkdir -p "$out"
rm -f "$out/stamp"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

native=$(dpkg --print-architecture)
if [ "$native" != "$arch" ] && ! grep -qx "$arch" <<<"$(dpkg --print-foreign-architectures)"; then
	echo "fetch-linux: adding dpkg architecture $arch"
	"${SUDO[@]}" dpkg --add-architecture "$arch"
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
fi

"$(dirname "$0")/../../scripts/deb-download.sh" "$tmp" "$kpkg" "$bpkg"

kdeb=$(compgen -G "$tmp/${kpkg%%:*}_*.deb" | head -n1 || true)
bdeb=$(compgen -G "$tmp/busybox-static_*_$arch.deb" | head -n1 || true)
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
di_dir=${LX_DI_KERNEL%/*} # text/debian-installer/<arch>
kmember=$(grep -m1 -E "/$LX_DI_KERNEL\$" <<<"$members" ||
	grep -m1 -E "/${di_dir#text/}/${LX_DI_KERNEL##*/}\$" <<<"$members" ||
	grep -m1 -E '^\./boot/vmlinuz-' <<<"$members" || true)
if [ -z "$kmember" ]; then
	echo "fetch-linux: no kernel (.../${di_dir#text/}/${LX_DI_KERNEL##*/} or boot/vmlinuz-*) in $(basename "$kdeb")" >&2
	exit 1
fi
extract "$kdeb" "$kmember" "$tmp/kernel"
if [ "$(head -c2 "$tmp/kernel" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
	echo "fetch-linux: $kmember is gzip-compressed; gunzipping"
	gunzip -c <"$tmp/kernel" >"$tmp/kernel.raw"
	mv "$tmp/kernel.raw" "$tmp/kernel"
fi
case $LX_KFILE in
Image)
	if [ "$(od -An -tx1 -j 56 -N 4 "$tmp/kernel" | tr -d ' ')" != 41524d64 ]; then
		echo "fetch-linux: $kmember is not a raw arm64 Image (no ARM64 magic 41 52 4d 64 at 0x38)" >&2
		exit 1
	fi
	;;
zImage)
	if [ "$(od -An -tx1 -j 36 -N 4 "$tmp/kernel" | tr -d ' ')" != 18286f01 ]; then
		echo "fetch-linux: $kmember is not an arm32 zImage (no magic 18 28 6f 01 at 0x24)" >&2
		exit 1
	fi
	;;
esac
# The modules and the headers are looked up by this release.
kver=$(lx_release "$tmp/kernel" || true)
if [ -z "$kver" ]; then
	echo "fetch-linux: no 'Linux version' string in $kmember" >&2
	exit 1
fi
mv "$tmp/kernel" "$out/$LX_KFILE"

# --- busybox ---------------------------------------------------------------
extract "$bdeb" ./bin/busybox "$out/busybox"
chmod 0755 "$out/busybox"

{
	echo "$(dpkg-deb -f "$kdeb" Package) $(dpkg-deb -f "$kdeb" Version) ($kmember, kernel $kver)"
	echo "$(dpkg-deb -f "$bdeb" Package):$arch $(dpkg-deb -f "$bdeb" Version) (./bin/busybox)"
} >"$out/VERSIONS"
touch "$out/stamp"
sed 's/^/fetch-linux: /' "$out/VERSIONS"
