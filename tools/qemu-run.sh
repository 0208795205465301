#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Boot Tessera in QEMU.
#   tools/qemu-run.sh --board-mk FILE --mode uboot|direct --hyp tessera.bin
#                     --dtb board.dtb --pack images.pack [--log FILE]
#                     [--icount] [--extra "qemu args"]
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
	sed -n '4,16s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

board_mk= mode=direct hyp= dtb= pack= log= icount=0 extra=
while [ $# -gt 0 ]; do
	case $1 in
	--board-mk) board_mk=$2; shift 2 ;;
	--mode) mode=$2; shift 2 ;;
	--hyp) hyp=$2; shift 2 ;;
	--dtb) dtb=$2; shift 2 ;;
	--pack) pack=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--extra) extra=$2; shift 2 ;;
	-h|--help) usage ;;
	*) echo "qemu-run: unknown argument '$1'" >&2; usage ;;
	esac
done
[ -n "$board_mk" ] && [ -n "$hyp" ] && [ -n "$dtb" ] && [ -n "$pack" ] || usage
case $mode in uboot|direct) ;; *) echo "qemu-run: --mode must be uboot or direct" >&2; exit 2 ;; esac
for f in "$board_mk" "$hyp" "$dtb" "$pack"; do
	[ -f "$f" ] || { echo "qemu-run: $f: no such file" >&2; exit 2; }
done

# board.mk holds simple `VAR := value` lines; read them without running make.
mkvar() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$board_mk" |
		tail -n1 | sed 's/[[:space:]]*$//'
}
QEMU=$(mkvar QEMU)
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
if [ "$mode" = uboot ]; then
	[ -n "$UBOOT_BIN" ] || { echo "qemu-run: UBOOT_BIN not set in $board_mk" >&2; exit 2; }
	[ -f "$UBOOT_BIN" ] || { echo "qemu-run: $UBOOT_BIN missing (apt-get install u-boot-qemu)" >&2; exit 2; }
	# U-Boot's distro boot: target `qfw` fetches -kernel/-initrd over fw_cfg
	# and runs `booti $kernel_addr_r $ramdisk_addr_r:$filesize $fdtcontroladdr`,
	# where the control DT is the -dtb given here.
	args+=(-bios "$UBOOT_BIN")
fi
args+=(-kernel "$hyp" -dtb "$dtb" -initrd "$pack")
if [ -n "$extra" ]; then
	read -r -a xargs_ <<<"$extra"
	args+=("${xargs_[@]}")
fi

if [ -t 0 ]; then
	# Interactive: console attached; Ctrl-A x quits QEMU.
	set +e
	"$QEMU" "${args[@]}" -nographic
	exit $?
fi

TIMEOUT=${TIMEOUT:-60}
if [ -n "$log" ]; then
	mkdir -p "$(dirname "$log")"
	exec 4>"$log"
else
	exec 4>/dev/null
fi

tmp=$(mktemp -d)
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkfifo "$tmp/out"

timeout "$TIMEOUT" "$QEMU" "${args[@]}" -serial stdio -monitor none -display none \
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
