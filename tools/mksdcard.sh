#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# A bootable card image, as one would write it to an SD card with `dd`.
#   tools/mksdcard.sh --fit tessera.itb --fit-addr ADDR --arch arm|arm64
#                     [--spl FILE] [--data FILE] [--size MIB] -o OUT.img
# Layout (an MBR, 512-byte sectors):
#   8 KiB        the SPL + U-Boot image, if --spl (Allwinner's boot ROM reads
#                it there: sunxi's u-boot-sunxi-with-spl.bin)
#   partition 1  at 1 MiB, bootable, ext2 "tessera": /boot.scr and
#                /tessera.itb; the script loads the FIT at ADDR and `bootm`s
#                it, which U-Boot's distro boot runs from any disk it scans
#   partition 2  right after, if --data: that file (a file system image,
#                the guests' disk) as it is
# --size rounds the image up to that many MiB (QEMU's SD model wants a
# power of two); without it, the image is as small as its partitions.
# Needs mkimage (u-boot-tools) and mke2fs (e2fsprogs); no root rights.
set -euo pipefail

usage() {
	sed -n '4,18s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

fit= addr= arch= spl= data= size= out=
while [ $# -gt 0 ]; do
	case $1 in
	--fit) fit=$2; shift 2 ;;
	--fit-addr) addr=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	--spl) spl=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--size) size=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-h|--help) usage ;;
	*) echo "mksdcard: unknown argument '$1'" >&2; usage ;;
	esac
done
[ -n "$fit" ] && [ -n "$addr" ] && [ -n "$arch" ] && [ -n "$out" ] || usage
for f in "$fit" ${spl:+"$spl"} ${data:+"$data"}; do
	[ -f "$f" ] || { echo "mksdcard: $f: no such file" >&2; exit 2; }
done
command -v mkimage >/dev/null || { echo "mksdcard: mkimage missing (apt-get install u-boot-tools)" >&2; exit 2; }
command -v mke2fs >/dev/null || PATH=$PATH:/sbin:/usr/sbin
command -v mke2fs >/dev/null || { echo "mksdcard: mke2fs missing (apt-get install e2fsprogs)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
le32() {
	# shellcheck disable=SC2059 # the inner printf makes the \xNN escapes
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"
}
# An MBR partition entry: bootable flag, type 0x83 (Linux), first LBA, sectors.
entry() {
	printf '%b\x00\x00\x00\x83\x00\x00\x00' "$1"
	le32 "$2"
	le32 "$3"
}

mkdir -p "$tmp/boot"
cp "$fit" "$tmp/boot/tessera.itb"
cat >"$tmp/boot.cmd" <<EOF
echo "Tessera: bootm tessera.itb from \${devtype} \${devnum}:\${distro_bootpart}"
load \${devtype} \${devnum}:\${distro_bootpart} $addr \${prefix}tessera.itb
bootm $addr
EOF
mkimage -A "$arch" -O linux -T script -C none -n "Tessera FIT boot" \
	-d "$tmp/boot.cmd" "$tmp/boot/boot.scr" >/dev/null
# Room for the files, ext2 metadata and some slack, in whole MiB.
kib=$(du -sk "$tmp/boot" | cut -f1)
kib=$(((kib * 11 / 10 + 2048 + 1023) / 1024 * 1024))
: >"$tmp/boot.img"
mke2fs -q -F -t ext2 -L tessera -m 0 -d "$tmp/boot" "$tmp/boot.img" "${kib}k" </dev/null >/dev/null

p1=2048
p1n=$(($(stat -c %s "$tmp/boot.img") / 512))
p2=$((p1 + p1n))
p2n=0
[ -n "$data" ] && p2n=$((($(stat -c %s "$data") + 511) / 512))
{
	head -c 446 /dev/zero
	entry '\x80' "$p1" "$p1n"
	if [ "$p2n" -gt 0 ]; then
		entry '\x00' "$p2" "$p2n"
	else
		head -c 16 /dev/zero
	fi
	head -c 32 /dev/zero
	printf '\x55\xaa'
} >"$tmp/card.img"
truncate -s $((p1 * 512)) "$tmp/card.img"
if [ -n "$spl" ]; then
	if [ $(($(stat -c %s "$spl") + 8192)) -gt $((p1 * 512)) ]; then
		echo "mksdcard: $spl does not fit between 8 KiB and 1 MiB" >&2
		exit 1
	fi
	dd if="$spl" of="$tmp/card.img" bs=1024 seek=8 conv=notrunc status=none
fi
cat "$tmp/boot.img" >>"$tmp/card.img"
[ -z "$data" ] || cat "$data" >>"$tmp/card.img"
if [ -n "$size" ]; then
	if [ "$(stat -c %s "$tmp/card.img")" -gt $((size << 20)) ]; then
		echo "mksdcard: the partitions need more than $size MiB" >&2
		exit 1
	fi
	truncate -s $((size << 20)) "$tmp/card.img"
fi
mv "$tmp/card.img" "$out"
