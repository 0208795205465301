#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/bench-dma.sh BOARD OUTDIR [RUNS]: the price of DMA protection, for
# `make bench` (tools/bench.sh runs it on a board with a bench-dma.dts).
# Debian's Linux, one vCPU, reads a 64 MiB virtio-blk disk on the PCIe
# host bridge with dd, RUNS times each way, on QEMU -icount shift=0,
# sleep=off with a 1 GHz counter:
#   smmu    boards/<board>/bench-dma.dts: the VM at IPA 0x40000000, not its
#           host address; the disk's every DMA through the SMMU
#   bypass  bench-dma-identity.dts: the VM identity-mapped and dma-unsafe,
#           the disk set to bypass the SMMU (iommu_platform=off: QEMU's
#           virtio then reaches memory directly)
# and leaves the consoles in OUTDIR/dma-{bypass,smmu}-<run>.log, each with
#   bench dma-read dd: bytes=B ticks=T mib-per-ginsn=M
# (T: the guest's counter across dd; M: MiB read per 10^9 instructions).
set -euo pipefail

cd "$(dirname "$0")/.."
BOARD=${1:?usage: tools/bench-dma.sh BOARD OUTDIR [RUNS]}
OUT=${2:?usage: tools/bench-dma.sh BOARD OUTDIR [RUNS]}
RUNS=${3:-2}
TIMEOUT=${LINUX_TIMEOUT:-300}
BOARD_MK=boards/$BOARD/board.mk
B=build/$BOARD
G=$B/guests
DISK=$OUT/dma-disk.img
RTC_ARGS="-rtc base=2024-01-01T00:00:00,clock=vm"
mkdir -p "$OUT"

plan_dir() {
	local id=${1%.dts}
	echo "$B/plans/${id//\//_}"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s BOARD="$BOARD" guests >"$OUT/dma-build.log" 2>&1 || {
	cat "$OUT/dma-build.log" >&2
	exit 1
}
# The overlay: /bench/env.sh times dd over the disk at 00:03.0, then powers off.
mkdir -p "$tmp/root/bench"
# shellcheck disable=SC2016 # $(CC) is make's
CC=$(make -s --no-print-directory BOARD="$BOARD" --eval 'bench-print-cc: ; @echo $(CC)' \
	bench-print-cc | tail -n1)
"$CC" -std=gnu11 -Wall -Wextra -Werror -O2 -static -nostdlib -ffreestanding \
	-fno-stack-protector -fno-pic -no-pie -fno-tree-loop-distribute-patterns \
	-Wl,--build-id=none -o "$tmp/root/bench/stamp" tools/bench-stamp.c -lgcc
cat >"$tmp/root/bench/env.sh" <<-'EOF'
	# Sourced by the guest's interactive shell (ENV=, tools/bench-dma.sh).
	for b in /sys/block/vd*; do
		case $(readlink -f "$b/device") in */0000:00:03.0/*) disk=/dev/${b##*/} ;; esac
	done
	t0=$(/bench/stamp | sed 's/.*cntvct=//')
	dd if="$disk" of=/dev/null bs=1M 2>/dev/null
	t1=$(/bench/stamp | sed 's/.*cntvct=//')
	bytes=$(($(cat "/sys/block/${disk#/dev/}/size") * 512))
	echo "bench dma-read dd: bytes=$bytes ticks=$((t1 - t0)) mib-per-ginsn=$((bytes / 1048576 * 1000000000 / (t1 - t0)))"
	poweroff -f
EOF
find "$tmp/root" -exec touch -h -d @0 {} +
(cd "$tmp/root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$tmp/overlay.cpio.gz"
cat "$G/linux-rootfs.cpio.gz" "$tmp/overlay.cpio.gz" >"$G/linux-dma-rootfs.cpio.gz"
# 64 MiB of zeros, sparse: dd reads them through the device all the same.
rm -f "$DISK"
truncate -s 64M "$DISK"

for kind in smmu bypass; do
	plan=boards/$BOARD/bench-dma.dts
	platform=on
	if [ "$kind" = bypass ]; then
		plan=boards/$BOARD/bench-dma-identity.dts
		platform=off
	fi
	make -s BOARD="$BOARD" PLAN="$plan" hyp check >"$OUT/dma-check-$kind.log" 2>&1 || {
		cat "$OUT/dma-check-$kind.log" >&2
		exit 1
	}
	p=$(plan_dir "$plan")
	for run in $(seq 1 "$RUNS"); do
		log=$OUT/dma-$kind-$run.log
		echo "bench: run $run: Linux dd of a disk on PCIe, $kind"
		TIMEOUT=$TIMEOUT tools/qemu-run.sh --board-mk "$BOARD_MK" --mode direct --icount \
			--hyp "$B/tessera.bin" --dtb "$p/board.dtb" --pack "$p/images.pack" \
			--extra "$RTC_ARGS -blockdev driver=null-co,node-name=bench,size=67108864,read-zeroes=on -device virtio-blk-pci,drive=bench,iommu_platform=$platform,disable-legacy=on,addr=03.0" \
			</dev/null >"$log" 2>&1 || {
			echo "bench: the $kind dd run failed, log: $log" >&2
			tail -n 20 "$log" >&2
			exit 1
		}
		grep -q 'bench dma-read dd: bytes=' "$log" || {
			echo "bench: no 'bench dma-read' line in $log" >&2
			tail -n 20 "$log" >&2
			exit 1
		}
	done
done
