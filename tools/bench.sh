#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/bench.sh [BOARD]: `make bench` (DESIGN.md section 6,
# docs/benchmarks.md). Instruction counts on QEMU -icount shift=0,sleep=off
# with the counter at 1 GHz (one tick = one instruction). For the test
# guest's `test=bench` (tests/integration/plans/bench.dts) natively (the
# board's machine without EL2, same GIC) and under Tessera, the same for
# `test=bench-ipi` on two CPUs (bench-ipi.dts; natively -smp 2), for the
# shared-memory doorbell (shmem.dts, Tessera only) and for Linux's boot to
# its shell (tools/bench-linux.sh; BENCH_LINUX=0 skips it), each run twice:
# prints the table, says whether each figure repeated, and writes
#   build/bench/<board>/          the consoles, the samples (*.dat), results.json
#   build/bench/<board>-latency.png  the timer IRQ latency distribution (gnuplot)
#   build/bench/results.json      every board benchmarked so far, one object each
# A metric the guest could not measure shows n/a (null in the JSON).
set -euo pipefail

cd "$(dirname "$0")/.."
BOARD=${1:-${BOARD:-qemu-virt-arm64}}
B=build/$BOARD
BOARD_MK=boards/$BOARD/board.mk
# A board whose devices differ from QEMU virt's brings its own bench plan.
PLAN=tests/integration/plans/bench.dts
[ -f "boards/$BOARD/bench.dts" ] && PLAN=boards/$BOARD/bench.dts
SHM_PLAN=tests/integration/plans/shmem.dts
# The SGI to a vCPU in WFI needs two CPUs: its own plan, natively with -smp 2.
IPI_PLAN=tests/integration/plans/bench-ipi.dts
TIMEOUT=${TIMEOUT:-120}
BENCH_LINUX=${BENCH_LINUX:-1}
RUNS=2
TOP=build/bench
OUT=$TOP/$BOARD
PNG=$TOP/$BOARD-latency.png
# The PL031 follows QEMU's virtual clock (instructions under -icount) from a
# fixed date, so its alarm is as exact as the timers.
RTC_ARGS="-rtc base=2024-01-01T00:00:00,clock=vm"
ICOUNT_ARGS="-icount shift=0,sleep=off"
CNTFRQ=1000000000

[ -f "$BOARD_MK" ] || { echo "bench: unknown board '$BOARD'" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.dat "$OUT"/*.icount "$OUT/linux-settings.txt" "$OUT/results.json" "$PNG"

mkvar() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$BOARD_MK" |
		tail -n1 | sed 's/[[:space:]]*$//'
}
QEMU=$(mkvar QEMU)
QEMU_CPU=$(mkvar QEMU_CPU)
QEMU_MACHINE=$(mkvar QEMU_MACHINE)
QEMU_SMP=$(mkvar QEMU_SMP)
QEMU_MEM=$(mkvar QEMU_MEM)
# Native: the board's machine without EL2/EL3, so the guest runs at EL1 on
# the same GIC (e.g. virt,gic-version=3 or virt,gic-version=2). The guest
# is testguest-native.bin, linked for the board's RAM (TG_NATIVE_RAM_BASE;
# on the virt boards the same bytes as the VM's testguest.bin).
# The board's network setting (the virt boards: none), for the native runs too.
QEMU_NET=$(mkvar QEMU_NET | grep . || echo -nic none)
NATIVE_MACHINE=$(printf '%s\n' "${QEMU_MACHINE:-virt}" | tr ',' '\n' |
	grep -v -e '^virtualization=' -e '^secure=' | paste -sd, -)
# QEMU writes a DT for virt; a real board (NATIVE_DTB = board in board.mk)
# boots natively with its own, the bench plan's board.dtb (the guest skips
# /tessera), on its memory size.
NATIVE_DTB=$(mkvar NATIVE_DTB)
NATIVE_MEM=${QEMU_MEM:-1G}

plan_dir() { # PLAN: the Makefile's $(P) for it
	local id=${1%.dts}
	id=${id//..\//}
	echo "$B/plans/${id//\//_}"
}
P=$(plan_dir "$PLAN")
SP=$(plan_dir "$SHM_PLAN")
IP=$(plan_dir "$IPI_PLAN")

build() { # PLAN LOG
	make -s BOARD="$BOARD" PLAN="$1" hyp guests check >"$2" 2>&1 || {
		cat "$2" >&2
		echo "bench: make BOARD=$BOARD PLAN=$1 failed" >&2
		exit 1
	}
}
echo "bench: building (make -s BOARD=$BOARD PLAN=$PLAN hyp guests check)"
build "$PLAN" "$OUT/check.log"
build "$SHM_PLAN" "$OUT/check-shm.log"
build "$IPI_PLAN" "$OUT/check-ipi.log"
# The native run gets exactly the VM's bootargs.
BOOTARGS=$(fdtget "$P/guest-dts/bench.dtb" /chosen bootargs)
IPI_BOOTARGS=$(fdtget "$IP/guest-dts/bench.dtb" /chosen bootargs)

native_dtb=()
[ "$NATIVE_DTB" = board ] && native_dtb=(-dtb "$P/board.dtb")
NATIVE_CMD="$QEMU -M $NATIVE_MACHINE -cpu $QEMU_CPU,cntfrq=$CNTFRQ $ICOUNT_ARGS $RTC_ARGS -m $NATIVE_MEM $QEMU_NET"
NATIVE_CMD+=" -smp 1 -nographic -kernel testguest-native.bin${native_dtb[*]:+ -dtb board.dtb} -append \"$BOOTARGS\""
TESSERA_CMD="$QEMU -M $QEMU_MACHINE -cpu $QEMU_CPU,cntfrq=$CNTFRQ -smp $QEMU_SMP -m $QEMU_MEM"
TESSERA_CMD+=" $ICOUNT_ARGS $RTC_ARGS -kernel tessera.bin -dtb board.dtb -initrd images.pack"

# A machine with a minimum CPU count (orangepi-pc: 4; NATIVE_SMP in board.mk)
# gets it; the guest starts only the CPUs it asks for.
NATIVE_SMP=$(mkvar NATIVE_SMP)
run_native() { # LOG [BOOTARGS CPUS]
	local rc=0 cpus=${3:-1}
	[ -n "$NATIVE_SMP" ] && [ "$NATIVE_SMP" -gt "$cpus" ] && cpus=$NATIVE_SMP
	# shellcheck disable=SC2086 # the argument strings are words on purpose
	timeout "$TIMEOUT" "$QEMU" -M "$NATIVE_MACHINE" -cpu "$QEMU_CPU,cntfrq=$CNTFRQ" \
		-smp "$cpus" $ICOUNT_ARGS $RTC_ARGS -m "$NATIVE_MEM" $QEMU_NET -nographic \
		-kernel "$B/guests/testguest-native.bin" "${native_dtb[@]}" -append "${2:-$BOOTARGS}" \
		</dev/null >"$1" 2>&1 || rc=$?
	tr -d '\r' <"$1" >"$1.tmp" && mv "$1.tmp" "$1"
	return $rc
}

run_tessera() { # LOG PLAN-DIR
	TIMEOUT=$TIMEOUT tools/qemu-run.sh --board-mk "$BOARD_MK" --mode direct --icount \
		--hyp "$B/tessera.bin" --dtb "$2/board.dtb" --pack "$2/images.pack" \
		--extra "$RTC_ARGS" </dev/null >"$1" 2>&1
}

# field LOG METRIC NAME: value of NAME=<n> on the `bench METRIC <kind>:`
# line (empty when the guest printed none).
field() {
	[ -f "$1" ] || return 0
	sed -n 's/.*bench '"$2"' [a-z-]*:.*[[:space:]]'"$3"'=\([0-9][0-9]*\).*/\1/p' "$1" | head -n1
}
# The bench lines (`bench <metric> ...`), without the console prefix.
bench_lines() {
	sed -n 's/.*\(bench [a-z][a-z-]* .*\)/\1/p' "$1"
}
must_have() { # LOG METRIC NAME
	if [ -z "$(field "$1" "$2" "$3")" ]; then
		echo "bench: no 'bench $2 ...: $3=' line in $1" >&2
		tail -n 20 "$1" >&2
		exit 1
	fi
}

for run in $(seq 1 $RUNS); do
	echo "bench: run $run: native"
	run_native "$OUT/native-$run.log" || {
		echo "bench: native run failed (exit $?), log: $OUT/native-$run.log" >&2
		tail -n 20 "$OUT/native-$run.log" >&2
		exit 1
	}
	echo "bench: run $run: tessera"
	run_tessera "$OUT/tessera-$run.log" "$P" || {
		echo "bench: tessera run failed (exit $?), log: $OUT/tessera-$run.log" >&2
		tail -n 20 "$OUT/tessera-$run.log" >&2
		exit 1
	}
	must_have "$OUT/native-$run.log" null-hvc guest
	must_have "$OUT/tessera-$run.log" null-hvc guest
	# The doorbell round trip needs two VMs: its own plan, Tessera only.
	echo "bench: run $run: tessera, shared-memory doorbells (2 VMs)"
	run_tessera "$OUT/shm-$run.log" "$SP" || {
		echo "bench: doorbell run failed, log: $OUT/shm-$run.log" >&2
		tail -n 20 "$OUT/shm-$run.log" >&2
		exit 1
	}
	echo "bench: run $run: native and tessera, SGI to a vCPU in WFI (2 CPUs)"
	run_native "$OUT/ipi-native-$run.log" "$IPI_BOOTARGS" 2 || {
		echo "bench: native 2-CPU run failed, log: $OUT/ipi-native-$run.log" >&2
		tail -n 20 "$OUT/ipi-native-$run.log" >&2
		exit 1
	}
	run_tessera "$OUT/ipi-tessera-$run.log" "$IP" || {
		echo "bench: tessera 2-vCPU run failed, log: $OUT/ipi-tessera-$run.log" >&2
		tail -n 20 "$OUT/ipi-tessera-$run.log" >&2
		exit 1
	}
	must_have "$OUT/ipi-native-$run.log" ipi-wfi latency
	must_have "$OUT/ipi-tessera-$run.log" ipi-wfi latency
done
if [ "$BENCH_LINUX" != 0 ]; then
	tools/bench-linux.sh "$BOARD" "$OUT" "$RUNS"
fi
# A board with an SMMU: the price of DMA protection (tools/bench-dma.sh).
if [ "$BENCH_LINUX" != 0 ] && [ -f "boards/$BOARD/bench-dma.dts" ]; then
	tools/bench-dma.sh "$BOARD" "$OUT" "$RUNS"
fi

# Temporal isolation (docs/isolation.md, console and trap flood): the
# victim's line and timer figures alone (flood-bench-alone.dts, the
# "native" column) and beside a flooder (flood-bench.dts, the "tessera"
# column), the console paced as a 115200-baud UART; the ratio is the cost
# of the flooder (goal: within 5 %). The flood must outlast the victim's
# measurement (both print the counter when done).
FLOOD_ALONE_PLAN=tests/integration/plans/flood-bench-alone.dts
FLOOD_PLAN=tests/integration/plans/flood-bench.dts
build "$FLOOD_ALONE_PLAN" "$OUT/check-flood-alone.log"
build "$FLOOD_PLAN" "$OUT/check-flood.log"
for run in $(seq 1 $RUNS); do
	for f in flood-alone:$FLOOD_ALONE_PLAN flood:$FLOOD_PLAN; do
		echo "bench: run $run: tessera, the victim (${f%%:*}, slow UART)"
		run_tessera "$OUT/${f%%:*}-$run.log" "$(plan_dir "${f#*:}")" || {
			echo "bench: ${f%%:*} run failed, log: $OUT/${f%%:*}-$run.log" >&2
			tail -n 20 "$OUT/${f%%:*}-$run.log" >&2
			exit 1
		}
		must_have "$OUT/${f%%:*}-$run.log" flood-line guest
		must_have "$OUT/${f%%:*}-$run.log" flood-timer latency
	done
	victim_end=$(field "$OUT/flood-$run.log" flood-victim cntpct)
	flood_end=$(sed -n 's/.*\[flooder\] flood: done.*cntpct=\([0-9]*\).*/\1/p' "$OUT/flood-$run.log")
	if [ -z "$flood_end" ] || [ -z "$victim_end" ] || [ "$flood_end" -le "$victim_end" ]; then
		echo "bench: WARNING: run $run: the flood did not outlast the victim's measurement" \
			"(victim done at ${victim_end:-?}, flooder at ${flood_end:-?})"
	fi
done

# Rows: key | label | unit | where (bench: test guest native and Tessera;
# ipi: the same on two CPUs; shm: Tessera only; linux: Linux native and
# Tessera; dma: Linux through the SMMU vs bypassing it, tools/bench-dma.sh)
# | metric | value
# field | EL2 field (-: none; derived: Tessera minus native).
ROWS=(
	"boot_first_insn|boot to the guest's first instruction|insns|bench|boot|cntpct|derived"
	"null_hvc|null hypercall (PSCI_VERSION over HVC)|insns|bench|null-hvc|guest|el2"
	"gicd_read|trapped GICD read (GICD_TYPER)|insns|bench|gicd-read|guest|el2"
	"console_write|console write (a byte to UARTDR)|insns|bench|console-write|guest|el2"
	"eoi|EOI of a timer IRQ (the guest's write)|insns|bench|eoi|guest|el2"
	"timer_irq|virtual timer IRQ latency (guest polling)|ticks|bench|timer-irq|latency|el2"
	"timer_irq_busy|virtual timer IRQ latency (guest in GICD reads)|ticks|bench|timer-irq-busy|latency|-"
	"timer_wfi|virtual timer IRQ, guest in WFI|ticks|bench|timer-wfi|latency|el2"
	"ipi_self|virtual IPI to self latency|ticks|bench|ipi-self|latency|el2"
	"ipi_wfi|SGI to a vCPU in WFI|ticks|ipi|ipi-wfi|latency|el2"
	"spi_passthrough|passthrough SPI latency (PL031 alarm)|ticks|bench|spi|latency|el2"
	"shm_doorbell|doorbell round trip (shmem, 2 VMs)|ticks|shm|shm-doorbell|latency|el2"
	"linux_shell|Linux boot to shell (guest's CNTVCT)|ticks|linux|linux-shell|cntvct|-"
	"linux_icount|Linux reset to power-off at shell (icount)|insns|linux|linux-power-off|icount|-"
	"dma_read|Linux dd of a PCIe disk (native: SMMU bypassed)|MiB/Ginsn|dma|dma-read|mib-per-ginsn|-"
	"flood_line|victim's 64-byte line, alone / + flooder (slow UART)|insns|flood|flood-line|guest|-"
	"flood_timer|victim's vtimer latency, alone / + flooder (slow UART)|ticks|flood|flood-timer|latency|-"
)

logfile() { # WHERE SIDE RUN: the console holding that side's figures
	case $1 in
	bench) echo "$OUT/$2-$3.log" ;;
	ipi) echo "$OUT/ipi-$2-$3.log" ;;
	shm) [ "$2" = tessera ] && echo "$OUT/shm-$3.log" || echo /nonexistent ;;
	linux) echo "$OUT/linux-$2-$3.log" ;;
	dma) [ "$2" = native ] && echo "$OUT/dma-bypass-$3.log" || echo "$OUT/dma-smmu-$3.log" ;;
	flood) [ "$2" = native ] && echo "$OUT/flood-alone-$3.log" || echo "$OUT/flood-$3.log" ;;
	esac
}

declare -A NAT TES EL2 REP RATIO RATIO_JSON
all_repeat=true
for row in "${ROWS[@]}"; do
	IFS='|' read -r key label unit where metric vf ef <<<"$row"
	same=true
	for run in $(seq 1 $RUNS); do
		n=$(field "$(logfile "$where" native "$run")" "$metric" "$vf")
		t=$(field "$(logfile "$where" tessera "$run")" "$metric" "$vf")
		e=
		case $ef in
		derived) [ -n "$n" ] && [ -n "$t" ] && e=$((t - n)) ;;
		-) ;;
		*) e=$(field "$(logfile "$where" tessera "$run")" "$metric" "$ef") ;;
		esac
		if [ "$run" -eq 1 ]; then
			NAT[$key]=$n TES[$key]=$t EL2[$key]=$e
		elif [ "$n|$t|$e" != "${NAT[$key]}|${TES[$key]}|${EL2[$key]}" ]; then
			same=false
			echo "bench: WARNING: $key differs between runs: run 1 native=${NAT[$key]}" \
				"tessera=${TES[$key]} el2=${EL2[$key]}, run $run native=$n tessera=$t el2=$e"
		fi
	done
	if [ -z "${NAT[$key]}${TES[$key]}" ]; then
		REP[$key]=null
	elif [ "$where" = dma ]; then
		# Disk I/O completes in QEMU's main loop, not in instructions:
		# these figures move by a few percent from run to run.
		REP[$key]=$same
	else
		REP[$key]=$same
		[ "$same" = true ] || all_repeat=false
	fi
	RATIO[$key]='' RATIO_JSON[$key]=''
	# No ratio for the boot: its native figure is only QEMU's reset stub.
	if [ -n "${NAT[$key]}" ] && [ -n "${TES[$key]}" ] && [ "${NAT[$key]}" -gt 0 ] &&
		[ "$ef" != derived ]; then
		# Four decimals near 1, fewer as it grows.
		RATIO[$key]=$(awk -v t="${TES[$key]}" -v n="${NAT[$key]}" 'BEGIN { r = t / n
			printf (r < 10 ? "%.4f" : r < 1000 ? "%.1f" : "%.0f"), r }')
		RATIO_JSON[$key]=$(awk -v t="${TES[$key]}" -v n="${NAT[$key]}" \
			'BEGIN { printf "%.6f", t / n }')
	fi
done
# Every bench line (samples included) identical from run to run?
for k in native tessera ipi-native ipi-tessera shm linux-native linux-tessera; do
	[ -f "$OUT/$k-1.log" ] || continue
	if ! diff <(bench_lines "$OUT/$k-1.log") <(bench_lines "$OUT/$k-$RUNS.log") >/dev/null; then
		all_repeat=false
		echo "bench: WARNING: the $k bench lines differ between runs:"
		diff <(bench_lines "$OUT/$k-1.log") <(bench_lines "$OUT/$k-$RUNS.log") | sed 's/^/  /' ||
			true
	fi
done

size=$(stat -c %s "$B/tessera.bin")
# Non-blank lines of the hypervisor's sources (tests and tools excluded).
loc=$(find arch/ core/ drivers/ include/ -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.S' -o -name '*.ld' \) -print0 2>/dev/null |
	xargs -0 -r cat | grep -c '[^[:space:]]' || true)
qemu_version=$("$QEMU" --version | head -n1)

# The latency samples, one per line, and the chart.
for m in timer-irq timer-irq-busy; do
	for k in native tessera; do
		sed -n "s/.*bench $m samples: //p" "$OUT/$k-1.log" | tr ' ' '\n' | grep . \
			>"$OUT/$m-$k.dat" || true
	done
done
chart=
if ! command -v gnuplot >/dev/null; then
	echo "bench: WARNING: no gnuplot (scripts/deps.sh installs gnuplot-nox): no chart"
elif [ ! -s "$OUT/timer-irq-native.dat" ] || [ ! -s "$OUT/timer-irq-tessera.dat" ]; then
	echo "bench: WARNING: no timer IRQ samples: no chart"
else
	gnuplot -e "dir='$OUT'; board='$BOARD'; out='$PNG'" tools/bench-latency.gp
	chart=$PNG
fi

echo
echo "$BOARD ($qemu_version; $ICOUNT_ARGS, counter at 1 GHz: 1 tick = 1 instruction)"
fmt='%-48s  %-5s  %13s  %13s  %8s  %11s  %6s\n'
# shellcheck disable=SC2059 # the format is the variable
printf "$fmt" metric unit native tessera ratio "EL2 insns" repeat
for row in "${ROWS[@]}"; do
	IFS='|' read -r key label unit where metric vf ef <<<"$row"
	r=${REP[$key]}
	[ "$r" = true ] && r=yes
	[ "$r" = false ] && r=NO
	[ "$r" = null ] && r=-
	[ "$where" = dma ] && [ "$r" = NO ] && r=varies
	# shellcheck disable=SC2059
	printf "$fmt" "$label" "$unit" "${NAT[$key]:-n/a}" "${TES[$key]:-n/a}" \
		"${RATIO[$key]:-n/a}" "${EL2[$key]:-n/a}" "$r"
done
echo "(insns: instructions per call, per byte, or since reset; ticks: counter ticks from"
echo " the deadline / SGI write / RTC alarm to the guest's IRQ vector, or to the shell;"
echo " EL2 insns: hypervisor instructions per call / per interrupt (boot: Tessera's whole boot))"
echo "image size: tessera.bin $size bytes; lines of code: $loc (arch/ core/ drivers/ include/," \
	"without tests and tools)"
if [ "$all_repeat" = true ]; then
	echo "repeatability: both runs gave identical figures"
else
	echo "repeatability: runs DIFFER (see above)"
fi

json_str() { # escape for JSON
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}
json_num() { # a number, or null
	if [ -n "$1" ]; then printf '%s' "$1"; else printf null; fi
}
json_lines() { # LOG -> JSON array of its bench lines, samples left out
	local first=1 l
	printf '['
	[ -f "$1" ] || { printf ']'; return; }
	while IFS= read -r l; do
		[ $first -eq 1 ] || printf ', '
		first=0
		json_str "$l"
	done < <(bench_lines "$1" | grep -v ' samples:')
	printf ']'
}
json_samples() { # DAT -> JSON array
	printf '['
	[ -s "$1" ] && paste -sd, "$1" | sed 's/,/, /g' | tr -d '\n'
	printf ']'
}
{
	echo "{"
	echo "  \"board\": $(json_str "$BOARD"),"
	echo "  \"qemu\": $(json_str "$qemu_version"),"
	echo "  \"qemu_settings\": {"
	echo "    \"native\": $(json_str "$NATIVE_CMD"),"
	echo "    \"tessera\": $(json_str "$TESSERA_CMD"),"
	echo "    \"native_ipi\": $(json_str "${NATIVE_CMD/-smp 1/-smp 2} (bootargs \"$IPI_BOOTARGS\")"),"
	if [ -f "$OUT/linux-settings.txt" ]; then
		echo "    \"linux_native\": $(json_str "$(sed -n 's/^native: //p' "$OUT/linux-settings.txt")"),"
		echo "    \"linux_tessera\": $(json_str "$(sed -n 's/^tessera: //p' "$OUT/linux-settings.txt")"),"
	fi
	echo "    \"runs\": $RUNS"
	echo "  },"
	echo "  \"metrics\": {"
	i=0
	for row in "${ROWS[@]}"; do
		IFS='|' read -r key label unit where metric vf ef <<<"$row"
		i=$((i + 1))
		sep=,
		[ "$i" -eq "${#ROWS[@]}" ] && sep=
		printf '    "%s": {"label": %s, "unit": "%s", "native": %s, "tessera": %s, ' \
			"$key" "$(json_str "$label")" \
			"$(case $unit in ticks) echo counter_ticks ;; insns) echo instructions ;; *) echo "$unit" ;; esac)" \
			"$(json_num "${NAT[$key]}")" "$(json_num "${TES[$key]}")"
		printf '"ratio": %s, "el2": %s, "repeatable": %s}%s\n' "$(json_num "${RATIO_JSON[$key]}")" \
			"$(json_num "${EL2[$key]}")" "${REP[$key]}" "$sep"
	done
	echo "  },"
	echo "  \"tessera_bin_bytes\": $size,"
	echo "  \"lines_of_code\": $loc,"
	echo "  \"repeatable\": $all_repeat,"
	echo "  \"latency_chart\": $(if [ -n "$chart" ]; then json_str "$chart"; else echo null; fi),"
	echo "  \"samples\": {"
	echo "    \"timer_irq\": {\"native\": $(json_samples "$OUT/timer-irq-native.dat"),"
	echo "                  \"tessera\": $(json_samples "$OUT/timer-irq-tessera.dat")},"
	echo "    \"timer_irq_busy\": {\"native\": $(json_samples "$OUT/timer-irq-busy-native.dat"),"
	echo "                       \"tessera\": $(json_samples "$OUT/timer-irq-busy-tessera.dat")}"
	echo "  },"
	echo "  \"raw\": {"
	echo "    \"native\": $(json_lines "$OUT/native-1.log"),"
	echo "    \"tessera\": $(json_lines "$OUT/tessera-1.log"),"
	echo "    \"ipi_native\": $(json_lines "$OUT/ipi-native-1.log"),"
	echo "    \"ipi_tessera\": $(json_lines "$OUT/ipi-tessera-1.log"),"
	echo "    \"shm\": $(json_lines "$OUT/shm-1.log"),"
	echo "    \"linux_native\": $(json_lines "$OUT/linux-native-1.log"),"
	echo "    \"linux_tessera\": $(json_lines "$OUT/linux-tessera-1.log")"
	echo "  }"
	echo "}"
} >"$OUT/results.json"

# build/bench/results.json: every board's latest results, one object each.
{
	echo "{"
	echo "  \"boards\": {"
	first=1
	for f in "$TOP"/*/results.json; do
		b=$(basename "$(dirname "$f")")
		[ -f "boards/$b/board.mk" ] || continue
		[ $first -eq 1 ] || echo "    ,"
		first=0
		echo "    $(json_str "$b"):"
		sed 's/^/    /' "$f"
	done
	echo "  }"
	echo "}"
} >"$TOP/results.json"
echo "bench: wrote $OUT/results.json and $TOP/results.json${chart:+; chart: $chart}"
