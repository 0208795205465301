#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/build-module.sh ARCH KERNEL KDIR SRCDIR OUTDIR
# Build the out-of-tree kernel module in SRCDIR (a Kbuild file and its .c)
# for the Debian ARCH (arm64, armhf) kernel KERNEL (fetch-linux.sh's Image
# or zImage), whose "Linux version" string names it (6.1.0-50-arm64,
# 6.1.0-50-armmp), and put each resulting .ko, without debug sections, in
# OUTDIR with OUTDIR/load-order listing them for /init.
#
# Debian's own kbuild tree is used, so the module's vermagic and symbol
# CRCs match the stock kernel: linux-headers-<release>:ARCH,
# linux-headers-<release minus flavour>-common and linux-kbuild-<X.Y> for
# the build machine (its scripts/ are host binaries), apt-get download +
# dpkg-deb -x into KDIR once (KDIR/stamp). The compiler is Debian's
# cross gcc-12, as Debian built the kernel with gcc-12:
# aarch64-linux-gnu-gcc-12 (gcc-aarch64-linux-gnu) for arm64,
# arm-linux-gnueabihf-gcc-12 (gcc-arm-linux-gnueabihf) for armhf. Debian
# does not sign it: the kernel loads it and notes "module verification
# failed" (taint E), not an error.
set -euo pipefail

if [ $# -ne 5 ]; then
	echo "usage: $0 ARCH KERNEL KDIR SRCDIR OUTDIR" >&2
	exit 2
fi
arch=$1
image=$2
kdir=$3
src=$(cd "$4" && pwd)
out=$5
# shellcheck source=guests/linux/lib.sh
. "$(dirname "$0")/lib.sh"
lx_arch "$arch"

kver=$(lx_release "$image" || true)
abi=$(echo "$kver" | cut -d- -f1-2)      # 6.1.0-50
case "$kver" in
"$abi"-?*) ;;
*)
	echo "build-module: no Debian 'Linux version' string in $image ('$kver')" >&2
	exit 1
	;;
esac
series=$(echo "$kver" | cut -d. -f1-2)   # 6.1
if ! command -v "${LX_CROSS}gcc-12" >/dev/null; then
	echo "build-module: ${LX_CROSS}gcc-12 not found (apt-get install gcc-${LX_CROSS%-})" >&2
	exit 1
fi

if [ ! -f "$kdir/stamp" ]; then
	rm -rf "$kdir"
	mkdir -p "$kdir"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pkgs=("linux-headers-$kver:$arch" "linux-headers-$abi-common" "linux-kbuild-$series")
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

# Build in a copy: kbuild writes its objects next to the sources. The
# build directory and KDIR are mapped out of the debug info, so the .ko's
# build ID does not depend on where the tree is (same sources, same bytes).
rm -rf "$out"
mkdir -p "$out/build"
cp "$src"/* "$out/build/"
mdir=$(cd "$out/build" && pwd)
kroot=$(cd "$kdir" && pwd)
make -s -C "$kbuild" M="$mdir" ARCH="$LX_KARCH" CROSS_COMPILE="$LX_CROSS" \
	KCFLAGS="-ffile-prefix-map=$mdir=$(basename "$src") -ffile-prefix-map=$kroot/=/" \
	modules 2>&1 | grep -v 'Skipping BTF generation' || true
: >"$out/load-order"
for ko in "$out"/build/*.ko; do
	[ -e "$ko" ] || { echo "build-module: no .ko built from $src" >&2; exit 1; }
	name=$(basename "$ko" .ko)
	"${LX_CROSS}strip" --strip-debug -o "$out/$name.ko" "$ko"
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
