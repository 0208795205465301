#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Boot Tessera in QEMU.
#   tools/qemu-run.sh --board-mk FILE --mode uboot|direct --hyp tessera.bin
#                     --dtb board.dtb --pack images.pack [--log FILE]
#                     [--icount] [--extra "qemu args"]
#   tools/qemu-run.sh --board-mk FILE --mode fit --fit tessera.itb [...]
#   tools/qemu-run.sh --board-mk FILE --mode sdcard --sdcard card.img [...]
# fit: U-Boot `bootm`s the FIT (tools/mkfit.sh) from a virtio disk, as from
# an SD card; uboot: U-Boot `booti` via QEMU's -kernel; direct: no U-Boot;
# sdcard: the machine's boot ROM boots the card image (tools/mksdcard.sh:
# SPL, U-Boot, the FIT), nothing else.
# Interactive (stdin is a terminal): QEMU in the foreground, console attached
# (Ctrl-A x quits); exits with QEMU's status.
# Otherwise: runs under `timeout $TIMEOUT` (default 60 s), copies the console
# to stdout (and --log); exit 0 if QEMU exited by itself with status 0 and no
# line contains "panic", 1 on a panic line (QEMU is stopped at once), 124 on
# timeout, QEMU's status otherwise. With STOP_ON=<text> in the environment,
# QEMU is also stopped once a line contains <text> (status 0; tests use it
# for a hypervisor that parks instead of powering off).
set -euo pipefail

usage() {
	sed -n '4,21s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

board_mk= mode=direct hyp= dtb= pack= fit= sdcard= log= icount=0 extra=
while [ $# -gt 0 ]; do
	case $1 in
	--board-mk) board_mk=$2; shift 2 ;;
	--mode) mode=$2; shift 2 ;;
	--hyp) hyp=$2; shift 2 ;;
	--dtb) dtb=$2; shift 2 ;;
	--pack) pack=$2; shift 2 ;;
	--fit) fit=$2; shift 2 ;;
	--sdcard) sdcard=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--extra) extra=$2; shift 2 ;;
	-h|--help) usage ;;
	*) echo "qemu-run: unknown argument '$1'" >&2; usage ;;
	esac
done
case $mode in
uboot|direct)
	[ -n "$board_mk" ] && [ -n "$hyp" ] && [ -n "$dtb" ] && [ -n "$pack" ] || usage
	files=("$board_mk" "$hyp" "$dtb" "$pack") ;;
fit)
	# The FIT carries Tessera, the DT and the pack: --hyp/--dtb/--pack unused.
	[ -n "$board_mk" ] && [ -n "$fit" ] || usage
	files=("$board_mk" "$fit") ;;
sdcard)
	[ -n "$board_mk" ] && [ -n "$sdcard" ] || usage
	files=("$board_mk" "$sdcard") ;;
*) echo "qemu-run: --mode must be fit, sdcard, uboot or direct" >&2; exit 2 ;;
esac
for f in "${files[@]}"; do
	[ -f "$f" ] || { echo "qemu-run: $f: no such file" >&2; exit 2; }
done

# board.mk holds simple `VAR := value` lines; read them without running make.
mkvar() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$board_mk" |
		tail -n1 | sed 's/[[:space:]]*$//'
}
QEMU=$(mkvar QEMU)
# U-Boot's architecture name, for the boot script's header.
uboot_arch=arm64
[ "$QEMU" = qemu-system-arm ] && uboot_arch=arm
QEMU_MACHINE=$(mkvar QEMU_MACHINE)
QEMU_CPU=$(mkvar QEMU_CPU)
QEMU_SMP=$(mkvar QEMU_SMP)
QEMU_MEM=$(mkvar QEMU_MEM)
UBOOT_BIN=$(mkvar UBOOT_BIN)
for v in QEMU QEMU_MACHINE QEMU_CPU QEMU_SMP QEMU_MEM; do
	[ -n "${!v}" ] || { echo "qemu-run: $v not set in $board_mk" >&2; exit 2; }
done

cpu=$QEMU_CPU
args=()
if [ "$icount" -eq 1 ]; then
	# One instruction = 1 ns; a 1 GHz counter makes ticks = instructions.
	cpu="$QEMU_CPU,cntfrq=1000000000"
	args+=(-icount shift=0,sleep=off)
fi
args=(-M "$QEMU_MACHINE" -cpu "$cpu" -smp "$QEMU_SMP" -m "$QEMU_MEM" "${args[@]}")
# The board's network (QEMU_NET, default none: no ROM or NIC is assumed).
read -r -a net_ <<<"$(mkvar QEMU_NET | grep . || echo -nic none)"
args+=("${net_[@]}")
# The board's own devices (e.g. the disk its default plan hands Linux) come
# first: they are pinned to particular virtio-mmio transports.
QEMU_DEVICES=$(mkvar QEMU_DEVICES)
# (A card image brings its own disk: its second partition.)
if [ -n "$QEMU_DEVICES" ] && [ "$mode" != sdcard ]; then
	read -r -a devs_ <<<"$QEMU_DEVICES"
	args+=("${devs_[@]}")
fi

tmp=$(mktemp -d)
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$mode" = uboot ] || [ "$mode" = fit ]; then
	[ -n "$UBOOT_BIN" ] || { echo "qemu-run: UBOOT_BIN not set in $board_mk" >&2; exit 2; }
	[ -f "$UBOOT_BIN" ] || { echo "qemu-run: $UBOOT_BIN missing (apt-get install u-boot-qemu)" >&2; exit 2; }
	args+=(-bios "$UBOOT_BIN")
fi
if [ "$mode" = fit ]; then
	# A disk as an SD card would be (tools/mksdcard.sh: a bootable ext2
	# partition with boot.scr and the FIT, no SPL), as a virtio disk. No
	# -kernel, so distro boot's `qfw` target finds nothing; `virtio0` sources
	# /boot.scr, which loads the FIT at FIT_LOAD_ADDR (board.mk, default
	# 0x50000000: clear of Tessera's LOAD_ADDR, which is also U-Boot's
	# ${loadaddr} here, and of the ramdisk) and runs `bootm`. U-Boot runs on
	# QEMU's own DT (same hardware); the FIT brings ours.
	"$(dirname "$0")/mksdcard.sh" --fit "$fit" --fit-addr "$(mkvar FIT_LOAD_ADDR | grep . || echo 0x50000000)" \
		--arch "$uboot_arch" -o "$tmp/disk.img"
	args+=(-drive "if=none,file=$tmp/disk.img,format=raw,id=fitdisk,readonly=on"
		-device virtio-blk-device,drive=fitdisk)
elif [ "$mode" = sdcard ]; then
	# The card in the machine's SD slot, as written to a real one (snapshot:
	# the guests may write, the image stays as built).
	args+=(-drive "if=sd,file=$sdcard,format=raw,snapshot=on")
else
	# uboot: U-Boot's distro boot target `qfw` fetches -kernel/-initrd over
	# fw_cfg and runs `booti $kernel_addr_r $ramdisk_addr_r:$filesize
	# $fdtcontroladdr`, where the control DT is the -dtb given here.
	args+=(-kernel "$hyp" -dtb "$dtb" -initrd "$pack")
fi
if [ -n "$extra" ]; then
	read -r -a xargs_ <<<"$extra"
	args+=("${xargs_[@]}")
fi

# Boards with a second UART for a VM of its own (QEMU_SERIALS = 2, e.g. the
# ZCU102's UART1): its lines show as "[uart1] ...".
SERIALS=$(mkvar QEMU_SERIALS | grep . || echo 1)

if [ -t 0 ]; then
	# Interactive: console attached; Ctrl-A x quits QEMU. A second UART
	# shares the terminal (Ctrl-A c cycles input: UART0, UART1, monitor).
	set +e
	if [ "$SERIALS" -ge 2 ]; then
		"$QEMU" "${args[@]}" -display none -chardev stdio,id=term,mux=on,signal=off \
			-serial chardev:term -serial chardev:term -mon chardev=term
	else
		"$QEMU" "${args[@]}" -nographic
	fi
	exit $?
fi

TIMEOUT=${TIMEOUT:-60}
if [ -n "$log" ]; then
	mkdir -p "$(dirname "$log")"
	exec 4>"$log"
else
	exec 4>/dev/null
fi

trap 'exit 130' INT
trap 'exit 143' TERM
mkfifo "$tmp/out"

serial1=()
if [ "$SERIALS" -ge 2 ]; then
	# QEMU writes UART1 to uart1.out, which a reader copies, line by line
	# (each line one write, so it never splits another's), prefixed.
	mkfifo "$tmp/uart1.in" "$tmp/uart1.out"
	serial1=(-serial "pipe:$tmp/uart1")
	while IFS= read -r line || [ -n "$line" ]; do
		line="[uart1] ${line%$'\r'}"
		printf '%s\n' "$line"
		printf '%s\n' "$line" >&4
	done <"$tmp/uart1.out" &
fi

timeout "$TIMEOUT" "$QEMU" "${args[@]}" -serial stdio "${serial1[@]}" -monitor none -display none \
	</dev/null >"$tmp/out" 2>&1 &
qpid=$!

panic=0 stopped=0
STOP_ON=${STOP_ON:-}
while IFS= read -r line || [ -n "$line" ]; do
	line=${line%$'\r'}
	printf '%s\n' "$line"
	printf '%s\n' "$line" >&4
	if [ "$panic" -eq 0 ] && [[ $line == *panic* ]]; then
		panic=1
		# Stop QEMU now; keep draining what it already wrote.
		kill "$qpid" 2>/dev/null || true
	fi
	if [ -n "$STOP_ON" ] && [ "$stopped" -eq 0 ] && [[ $line == *"$STOP_ON"* ]]; then
		stopped=1
		kill "$qpid" 2>/dev/null || true
	fi
done <"$tmp/out"

set +e
wait "$qpid"
rc=$?
if [ "$SERIALS" -ge 2 ]; then
	# The reader ends at end of file; if QEMU never opened the pipe, this
	# open (read-write: it cannot block) lets the reader's open return.
	exec 5<>"$tmp/uart1.out"
	exec 5>&-
	wait
fi
set -e
qpid=

if [ "$panic" -eq 1 ]; then
	exit 1
fi
if [ "$stopped" -eq 1 ]; then
	exit 0
fi
if [ "$rc" -eq 124 ]; then
	msg="qemu-run: timed out after $TIMEOUT s"
	echo "$msg"
	echo "$msg" >&4
	exit 124
fi
exit "$rc"
