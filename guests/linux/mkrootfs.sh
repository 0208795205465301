#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/mkrootfs.sh BUSYBOX INIT OUT.cpio.gz [MODDIR...]
# Build the Linux guest's initramfs: a gzip'd newc cpio holding the static
# busybox as /bin/busybox (plus /bin/sh), the /init script, empty mount
# points and, with MODDIRs (fetch-modules.sh's and build-module.sh's output),
# their *.ko files in /lib/modules and their load-orders, one after the
# other, in /lib/modules/load-order for /init to insmod. Every entry is
# owned by 0:0; no root rights are needed. There is
# no /dev/console node in it (that would need mknod): the kernel's built-in
# initramfs already has one, and /init mounts devtmpfs on /dev.
set -euo pipefail

if [ $# -lt 3 ]; then
	echo "usage: $0 BUSYBOX INIT OUT.cpio.gz [MODDIR...]" >&2
	exit 2
fi
busybox=$1
init=$2
out=$3
shift 3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
install -m 0755 "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 0755 "$init" "$root/init"
if [ $# -gt 0 ]; then
	mkdir -p "$root/lib/modules" "$root/mnt"
	: >"$root/lib/modules/load-order"
	for moddir in "$@"; do
		while read -r m; do
			install -m 0644 "$moddir/$m.ko" "$root/lib/modules/$m.ko"
			echo "$m" >>"$root/lib/modules/load-order"
		done <"$moddir/load-order"
	done
	chmod 0644 "$root/lib/modules/load-order"
fi
# Fixed timestamps, sorted names: the same inputs give the same archive.
find "$root" -exec touch -h -d @0 {} +

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$out.tmp"
mv "$out.tmp" "$out"
echo "  linux rootfs: $out ($(stat -c %s "$out") bytes)"
