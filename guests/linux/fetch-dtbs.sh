#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/fetch-dtbs.sh ARCH KERNEL OUTDIR
# The device trees Debian ships with the kernel the Linux guest runs: every
# .dtb of linux-image-<release>:ARCH (/usr/lib/linux-image-<release>/), the
# release read from KERNEL's "Linux version" string, unpacked into OUTDIR
# (OUTDIR/xilinx/zynqmp-zcu102-rev1.0.dtb, OUTDIR/sun8i-h3-orangepi-pc.dtb,
# ...). Real boards take their hardware DT from here (boards/*/board.mk), so
# the DT and the rich OS's kernel come from the same package, downloaded once
# for the modules too (lib.sh: lx_image_deb). OUTDIR/stamp comes last.
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 ARCH KERNEL OUTDIR" >&2
	exit 2
fi
arch=$1 image=$2 out=$3
# shellcheck source=guests/linux/lib.sh
. "$(dirname "$0")/lib.sh"
lx_arch "$arch"

kver=$(lx_release "$image" || true)
[ -n "$kver" ] || { echo "fetch-dtbs: no 'Linux version' string in $image" >&2; exit 1; }
deb=$(lx_image_deb "$arch" "$kver" "$(dirname "$image")")
rm -rf "$out"
mkdir -p "$out"
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$out" --wildcards --strip-components=4 \
	"./usr/lib/linux-image-$kver/*"
echo "linux-image-$kver:$arch $(dpkg-deb -f "$deb" Version)" >"$out/VERSIONS"
touch "$out/stamp"
echo "fetch-dtbs: $(find "$out" -name '*.dtb' | wc -l) device trees of linux-image-$kver:$arch in $out"
