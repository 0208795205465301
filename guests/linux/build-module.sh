#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/build-module.sh IMAGE KDIR SRCDIR OUTDIR
# Build the out-of-tree kernel module in SRCDIR (a Kbuild file and its .c)
# for the kernel IMAGE, whose "Linux version" string names it
# (6.1.0-50-arm64), and put each resulting .ko, without debug sections, in
# OUTDIR with OUTDIR/load-order listing them for /init.
#
# Debian's own kbuild tree is used, so the module's vermagic and symbol
# CRCs match the stock kernel: linux-headers-<version>:arm64,
# linux-headers-<version minus flavour>-common and linux-kbuild-<X.Y> for
# the build machine (its scripts/ are host binaries), apt-get download +
# dpkg-deb -x into KDIR once (KDIR/stamp). The compiler is
# aarch64-linux-gnu-gcc-12 (gcc-aarch64-linux-gnu), as Debian built the
# kernel with gcc-12. Debian does not sign it: the kernel loads it and
# notes "module verification failed" (taint E), not an error.
set -euo pipefail

if [ $# -ne 4 ]; then
	echo "usage: $0 IMAGE KDIR SRCDIR OUTDIR" >&2
	exit 2
fi
image=$1
kdir=$2
src=$(cd "$3" && pwd)
out=$4

kver=$(grep -a -m1 -o 'Linux version [^ ]*' "$image" | head -n1 | cut -d' ' -f3 || true)
case "$kver" in
*-arm64) ;;
*)
	echo "build-module: no arm64 'Linux version' string in $image ('$kver')" >&2
	exit 1
	;;
esac
abi=${kver%-arm64}             # 6.1.0-50
series=$(echo "$kver" | cut -d. -f1-2)   # 6.1

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)

if [ ! -f "$kdir/stamp" ]; then
	rm -rf "$kdir"
	mkdir -p "$kdir"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pkgs=("linux-headers-$kver:arm64" "linux-headers-$abi-common" "linux-kbuild-$series")
	"$(dirname "$0")/../../scripts/deb-download.sh" "$tmp" "${pkgs[@]}"
	: >"$kdir/VERSIONS"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$kdir"
		echo "$(dpkg-deb -f "$deb" Package):$(dpkg-deb -f "$deb" Architecture) $(dpkg-deb -f "$deb" Version)" >>"$kdir/VERSIONS"
	done
	rm -rf "$tmp"
	trap - EXIT
	# The flavour's Makefile includes the common one by its installed path.
	sed -i "s|^include /usr/src/|include $(cd "$kdir" && pwd)/usr/src/|" \
		"$kdir/usr/src/linux-headers-$kver/Makefile"
	touch "$kdir/stamp"
fi
kbuild=$(cd "$kdir/usr/src/linux-headers-$kver" && pwd)

# Build in a copy: kbuild writes its objects next to the sources.
rm -rf "$out"
mkdir -p "$out/build"
cp "$src"/* "$out/build/"
make -s -C "$kbuild" M="$(cd "$out/build" && pwd)" ARCH=arm64 \
	CROSS_COMPILE=aarch64-linux-gnu- modules 2>&1 | grep -v 'Skipping BTF generation' || true
: >"$out/load-order"
for ko in "$out"/build/*.ko; do
	[ -e "$ko" ] || { echo "build-module: no .ko built from $src" >&2; exit 1; }
	name=$(basename "$ko" .ko)
	aarch64-linux-gnu-strip --strip-debug -o "$out/$name.ko" "$ko"
	magic=$(tr '\0' '\n' <"$out/$name.ko" | sed -n 's/^vermagic=//p' | head -n1)
	case "$magic" in
	"$kver "*) ;;
	*) echo "build-module: $name.ko has vermagic '$magic', not $kver" >&2; exit 1 ;;
	esac
	echo "$name" >>"$out/load-order"
	echo "build-module: $name.ko for $kver ($(stat -c %s "$out/$name.ko") bytes)"
done
rm -rf "$out/build"
touch "$out/stamp"
