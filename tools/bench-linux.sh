#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/bench-linux.sh BOARD OUTDIR [RUNS]: the Linux boot benchmark of
# `make bench` (tools/bench.sh runs it). Boots Debian's kernel with the
# project's initramfs (guests/linux) to its interactive shell, RUNS times
# (default 2) natively and RUNS times under Tessera, on QEMU -icount
# shift=0,sleep=off with a 1 GHz counter, and leaves the consoles in
# OUTDIR/linux-{native,tessera}-<run>.log.
#
# The end mark: an overlay archive, appended to the initramfs
# (build/<board>/guests/linux-bench-rootfs.cpio.gz; the kernel unpacks
# concatenated archives in turn), adds /bench/stamp (tools/bench-stamp.c)
# and /bench/env.sh. ENV=/bench/env.sh on the kernel command line reaches
# /init's environment and so the shell /init starts, which sources it as it
# starts: the stamp prints the guest's virtual counter
# ("bench linux-shell at-prompt: cntvct=N") and the guest powers off.
# guests/linux/init itself is unchanged.
#
# Same guest both ways: the VM of tests/integration/plans/bench-linux.dts
# (one vCPU, 256 MiB) under Tessera, and natively the same kernel,
# initramfs, command line and that VM's own device tree (written by `make
# check`), on one CPU with the same memory size. A real board has its own
# plan (boards/<board>/bench-linux.dts: the rich OS) and boots natively
# with its own DT (NATIVE_DTB, NATIVE_CONSOLE in its board.mk).
set -euo pipefail

cd "$(dirname "$0")/.."
BOARD=${1:?usage: tools/bench-linux.sh BOARD OUTDIR [RUNS]}
OUT=${2:?usage: tools/bench-linux.sh BOARD OUTDIR [RUNS]}
RUNS=${3:-2}
TIMEOUT=${LINUX_TIMEOUT:-300}
# Real-time clocks that start at a fixed date and follow the instruction
# count (tools/bench.sh's too): a board whose RTC Linux reads at boot (the
# H3's) otherwise boots a little differently each time.
RTC_ARGS="-rtc base=2024-01-01T00:00:00,clock=vm"
BOARD_MK=boards/$BOARD/board.mk
B=build/$BOARD
G=$B/guests
PLAN=tests/integration/plans/bench-linux.dts
# A real board brings its own: the rich OS on the board's own devices.
[ -f "boards/$BOARD/bench-linux.dts" ] && PLAN=boards/$BOARD/bench-linux.dts
P=$B/plans/$(printf '%s' "${PLAN%.dts}" | tr / _)
mkdir -p "$OUT"

mkvar() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$BOARD_MK" |
		tail -n1 | sed 's/[[:space:]]*$//'
}
QEMU=$(mkvar QEMU)
QEMU_CPU=$(mkvar QEMU_CPU)
QEMU_NET=$(mkvar QEMU_NET | grep . || echo -nic none)
NATIVE_MACHINE=$(printf '%s\n' "$(mkvar QEMU_MACHINE)" | tr ',' '\n' |
	grep -v -e '^virtualization=' -e '^secure=' | paste -sd, -)
# The board's Linux C compiler (the hypervisor's: aarch64-linux-gnu-gcc or
# arm-linux-gnueabihf-gcc), as the Makefile names it.
# shellcheck disable=SC2016 # $(CC) is make's, not the shell's
CC=$(make -s --no-print-directory BOARD="$BOARD" --eval 'bench-print-cc: ; @echo $(CC)' \
	bench-print-cc | tail -n1)

# The kernel and the project's initramfs first (downloaded once).
echo "bench: linux: building the guests (make -s BOARD=$BOARD guests)"
make -s BOARD="$BOARD" guests >"$OUT/linux-build.log" 2>&1 || {
	cat "$OUT/linux-build.log" >&2
	exit 1
}

# The overlay: /bench/stamp and /bench/env.sh, fixed owners and times.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/bench"
"$CC" -std=gnu11 -Wall -Wextra -Werror -O2 -static -nostdlib -ffreestanding \
	-fno-stack-protector -fno-pic -no-pie -fno-tree-loop-distribute-patterns \
	-Wl,--build-id=none -o "$tmp/root/bench/stamp" tools/bench-stamp.c -lgcc
cat >"$tmp/root/bench/env.sh" <<-'EOF'
	# Sourced by the guest's interactive shell as it starts (ENV=, tools/bench-linux.sh).
	/bench/stamp
	poweroff -f
EOF
chmod 0644 "$tmp/root/bench/env.sh"
find "$tmp/root" -exec touch -h -d @0 {} +
(cd "$tmp/root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$tmp/overlay.cpio.gz"
cat "$G/linux-rootfs.cpio.gz" "$tmp/overlay.cpio.gz" >"$G/linux-bench-rootfs.cpio.gz.tmp"
mv "$G/linux-bench-rootfs.cpio.gz.tmp" "$G/linux-bench-rootfs.cpio.gz"

make -s BOARD="$BOARD" PLAN="$PLAN" hyp guests check >"$OUT/linux-check.log" 2>&1 || {
	cat "$OUT/linux-check.log" >&2
	exit 1
}

# What the native run takes from the plan and the VM's device tree. On a
# real board (NATIVE_DTB = board in board.mk) Linux boots natively with the
# board's own DT instead (the plan's board.dtb; Linux skips /tessera), on
# the board's console (NATIVE_CONSOLE), with the VM's memory size: the VM
# is the rich OS, whose DT is that same board DT but for the GIC, the
# console, the CPUs and the memory.
DTB=$P/guest-dts/linux.dtb
NATIVE_DTB=$DTB
native_dtb_name=guest-dts/linux.dtb
native_devices=
if [ "$(mkvar NATIVE_DTB)" = board ]; then
	NATIVE_DTB=$P/board.dtb
	native_dtb_name=board.dtb
	# The same machine as under Tessera: its devices (the SD card) too.
	native_devices=$(mkvar QEMU_DEVICES)
fi
kernel=$(fdtget "$P/board.dtb" /tessera/vm@0 kernel)
bootargs=$(fdtget "$DTB" /chosen bootargs)
native_bootargs=$bootargs
if [ -n "$(mkvar NATIVE_CONSOLE)" ]; then
	native_bootargs=${bootargs//console=ttyAMA0/console=$(mkvar NATIVE_CONSOLE)}
fi
mem_node=$(fdtget -l "$DTB" / | grep -m1 '^memory')
# reg = <addr-hi addr-lo size-hi size-lo> (2 address and 2 size cells).
read -r _ _ size_hi size_lo < <(fdtget -t x "$DTB" "/$mem_node" reg)
mem_mib=$((((0x$size_hi << 32) | 0x$size_lo) >> 20))
ncpus=$(fdtget -l "$DTB" /cpus | grep -c '^cpu@')
# A machine with a minimum CPU count (orangepi-pc: 4; NATIVE_SMP in board.mk)
# gets that many, and Linux is told to use the VM's (nr_cpus=).
native_smp=$ncpus
if [ -n "$(mkvar NATIVE_SMP)" ] && [ "$(mkvar NATIVE_SMP)" -gt "$ncpus" ]; then
	native_smp=$(mkvar NATIVE_SMP)
	native_bootargs="$native_bootargs nr_cpus=$ncpus"
fi

# The exact settings, for bench.sh's JSON and the docs (both runs also get
# qmp_args below, which do not touch the guest).
cat >"$OUT/linux-settings.txt" <<-EOF
	native: $QEMU -M $NATIVE_MACHINE -cpu $QEMU_CPU,cntfrq=1000000000 -icount shift=0,sleep=off $RTC_ARGS -smp $native_smp -m ${mem_mib}M $QEMU_NET${native_devices:+ $native_devices} -kernel $kernel -initrd linux-bench-rootfs.cpio.gz -dtb $native_dtb_name -append "$native_bootargs"
	tessera: $QEMU -M $(mkvar QEMU_MACHINE) -cpu $QEMU_CPU,cntfrq=1000000000 -smp $(mkvar QEMU_SMP) -m $(mkvar QEMU_MEM) -icount shift=0,sleep=off $RTC_ARGS -kernel tessera.bin -dtb board.dtb -initrd images.pack (plan $PLAN: 1 VM, $ncpus vCPU, ${mem_mib} MiB, bootargs "$bootargs")
EOF

# QMP on a pair of FIFOs (QEMU's pipe chardev, path.in and path.out), so no
# socket tool is needed. QEMU runs with -no-shutdown: the guest's power-off
# at the prompt pauses it (a STOP event) instead of ending it, and
# query-replay then gives QEMU's instruction count (icount: every
# instruction any CPU executed since reset; idle time skipped by
# sleep=off is not in it), which this writes to RESULT before quitting QEMU.
qmp_args() { # FIFO
	printf -- '-chardev pipe,id=benchqmp,path=%s -mon chardev=benchqmp,mode=control -no-shutdown' "$1"
}
qmp_icount_at_stop() { # FIFO RESULT
	local l
	exec 7>"$1.in" 8<"$1.out"
	read -r -t 60 l <&8 || return 0 # the greeting
	echo '{"execute": "qmp_capabilities"}' >&7
	while read -r -t "$TIMEOUT" l <&8; do
		case $l in
		*'"event": "STOP"'*)
			echo '{"execute": "query-replay"}' >&7
			;;
		*'"icount":'*)
			l=${l#*\"icount\": }
			echo "${l%%[!0-9]*}" >"$2"
			echo '{"execute": "quit"}' >&7
			break
			;;
		esac
	done
	exec 7>&- 8<&-
}

run_native() { # LOG FIFO
	local rc=0
	# shellcheck disable=SC2046,SC2086 # qmp_args, QEMU_NET, native_devices are words on purpose
	timeout "$TIMEOUT" "$QEMU" -M "$NATIVE_MACHINE" -cpu "$QEMU_CPU,cntfrq=1000000000" \
		-icount shift=0,sleep=off -smp "$native_smp" -m "${mem_mib}M" $QEMU_NET $native_devices -nographic \
		-kernel "$G/$kernel" -initrd "$G/linux-bench-rootfs.cpio.gz" -dtb "$NATIVE_DTB" \
		-append "$native_bootargs" $RTC_ARGS $(qmp_args "$2") </dev/null >"$1" 2>&1 || rc=$?
	tr -d '\r' <"$1" >"$1.tmp" && mv "$1.tmp" "$1"
	return $rc
}

run_tessera() { # LOG FIFO
	TIMEOUT=$TIMEOUT tools/qemu-run.sh --board-mk "$BOARD_MK" --mode direct --icount \
		--hyp "$B/tessera.bin" --dtb "$P/board.dtb" --pack "$P/images.pack" \
		--extra "$RTC_ARGS $(qmp_args "$2")" </dev/null >"$1" 2>&1
}

for run in $(seq 1 "$RUNS"); do
	for k in native tessera; do
		log=$OUT/linux-$k-$run.log
		icount=$OUT/linux-$k-$run.icount
		fifo=$tmp/qmp-$k-$run
		rm -f "$icount"
		mkfifo "$fifo.in" "$fifo.out"
		echo "bench: run $run: $k, Linux boot to its shell"
		qmp_icount_at_stop "$fifo" "$icount" &
		qpid=$!
		rc=0
		"run_$k" "$log" "$fifo" || rc=$?
		# The watcher is done unless QEMU never got that far.
		kill "$qpid" 2>/dev/null || true
		wait "$qpid" 2>/dev/null || true
		if [ "$rc" -ne 0 ]; then
			echo "bench: Linux $k run failed (exit $rc), log: $log" >&2
			tail -n 20 "$log" >&2
			exit 1
		fi
		if ! grep -q 'bench linux-shell at-prompt: cntvct=' "$log" || [ ! -s "$icount" ]; then
			echo "bench: no 'bench linux-shell' line or no icount for $log" >&2
			tail -n 20 "$log" >&2
			exit 1
		fi
		echo "bench linux-power-off at-stop: icount=$(cat "$icount")" >>"$log"
	done
done
