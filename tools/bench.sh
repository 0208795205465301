#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/bench.sh [BOARD]: instruction counts, deterministic (QEMU -icount
# shift=0: one instruction = 1 ns, counter at 1 GHz). Runs the test guest's
# `test=bench` natively (no hypervisor, same GIC version as the board) and
# under Tessera, twice each, prints the table and writes
# build/bench/results.json. Metrics: null hypercall, trapped GICD read, EOI,
# virtual timer IRQ latency, virtual IPI latency (guest-visible and EL2
# instructions); a metric the guest could not measure (no virtual GIC yet)
# shows n/a (null in the JSON).
set -euo pipefail

cd "$(dirname "$0")/.."
BOARD=${1:-${BOARD:-qemu-virt-arm64}}
B=build/$BOARD
BOARD_MK=boards/$BOARD/board.mk
PLAN=tests/integration/plans/bench.dts
ITERS=1000
BOOTARGS="test=bench iters=$ITERS"
TIMEOUT=${TIMEOUT:-120}
OUT=build/bench
mkdir -p "$OUT"

[ -f "$BOARD_MK" ] || { echo "bench: unknown board '$BOARD'" >&2; exit 2; }
mkvar() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$BOARD_MK" |
		tail -n1 | sed 's/[[:space:]]*$//'
}
QEMU=$(mkvar QEMU)
QEMU_CPU=$(mkvar QEMU_CPU)
QEMU_MACHINE=$(mkvar QEMU_MACHINE)
# Native: the board's machine without EL2/EL3, so the guest runs at EL1 on
# the same GIC (e.g. virt,gic-version=3 or virt,gic-version=2).
NATIVE_MACHINE=$(printf '%s\n' "${QEMU_MACHINE:-virt}" | tr ',' '\n' |
	grep -v -e '^virtualization=' -e '^secure=' | paste -sd, -)

# Same PLAN_ID as the Makefile.
id=${PLAN%.dts}
id=${id//..\//}
id=${id//\//_}
P=$B/plans/$id

echo "bench: building (make -s BOARD=$BOARD PLAN=$PLAN all)"
make -s BOARD="$BOARD" PLAN="$PLAN" all >"$OUT/check.log" 2>&1 || {
	cat "$OUT/check.log" >&2
	echo "bench: make check failed" >&2
	exit 1
}

run_native() { # LOG
	local rc=0
	timeout "$TIMEOUT" "$QEMU" -M "$NATIVE_MACHINE" -cpu "$QEMU_CPU,cntfrq=1000000000" \
		-icount shift=0,sleep=off -m 1G -nographic \
		-kernel "$B/guests/testguest.bin" -append "$BOOTARGS" \
		</dev/null >"$1" 2>&1 || rc=$?
	tr -d '\r' <"$1" >"$1.tmp" && mv "$1.tmp" "$1"
	return $rc
}

run_tessera() { # LOG
	TIMEOUT=$TIMEOUT tools/qemu-run.sh --board-mk "$BOARD_MK" --mode direct --icount \
		--hyp "$B/tessera.bin" --dtb "$P/board.dtb" --pack "$P/images.pack" \
		</dev/null >"$1" 2>&1
}

# field LOG METRIC NAME: value of NAME=<n> on the `bench METRIC per-...:`
# line (empty when the guest printed none).
field() {
	sed -n 's/.*bench '"$2"' per-[a-z]*:.*[[:space:]]'"$3"'=\([0-9][0-9]*\).*/\1/p' "$1" | head -n1
}
# The bench lines themselves (`bench <metric> ...`), without the console prefix.
bench_lines() {
	sed -n 's/.*\(bench [a-z][a-z-]* .*\)/\1/p' "$1"
}

for run in 1 2; do
	echo "bench: run $run: native"
	run_native "$OUT/native-$run.log" || {
		echo "bench: native run failed (exit $?), log: $OUT/native-$run.log" >&2
		tail -n 20 "$OUT/native-$run.log" >&2
		exit 1
	}
	echo "bench: run $run: tessera"
	run_tessera "$OUT/tessera-$run.log" || {
		echo "bench: tessera run failed (exit $?), log: $OUT/tessera-$run.log" >&2
		tail -n 20 "$OUT/tessera-$run.log" >&2
		exit 1
	}
	for k in native tessera; do
		if [ -z "$(field "$OUT/$k-$run.log" null-hvc guest)" ]; then
			echo "bench: no 'bench null-hvc per-call:' line in $OUT/$k-$run.log" >&2
			tail -n 20 "$OUT/$k-$run.log" >&2
			exit 1
		fi
	done
done

# The doorbell round trip needs two VMs: its own plan, Tessera only.
SHM_PLAN=tests/integration/plans/shmem.dts
sid=${SHM_PLAN%.dts}
sid=${sid//..\//}
sid=${sid//\//_}
make -s BOARD="$BOARD" PLAN="$SHM_PLAN" all >"$OUT/check-shm.log" 2>&1 || {
	cat "$OUT/check-shm.log" >&2
	exit 1
}
for run in 1 2; do
	echo "bench: run $run: tessera, shared-memory doorbells"
	TIMEOUT=$TIMEOUT tools/qemu-run.sh --board-mk "$BOARD_MK" --mode direct --icount \
		--hyp "$B/tessera.bin" --dtb "$B/plans/$sid/board.dtb" \
		--pack "$B/plans/$sid/images.pack" </dev/null >"$OUT/shm-$run.log" 2>&1 || {
		echo "bench: doorbell run failed, log: $OUT/shm-$run.log" >&2
		exit 1
	}
done

repeat=true
for k in native tessera shm; do
	if ! diff <(bench_lines "$OUT/$k-1.log") <(bench_lines "$OUT/$k-2.log") >/dev/null; then
		repeat=false
		echo "bench: WARNING: $k figures differ between runs:"
		diff <(bench_lines "$OUT/$k-1.log") <(bench_lines "$OUT/$k-2.log") | sed 's/^/  /' || true
	fi
done

# Rows: key, label, metric, guest-visible field (native and Tessera).
ROWS=(
	"null_hvc|null hypercall (PSCI_VERSION over HVC)|null-hvc|guest"
	"gicd_read|trapped GICD read (GICD_TYPER)|gicd-read|guest"
	"eoi|EOI (EOIR1/GICC_EOIR, timer IRQ)|eoi|guest"
	"timer_irq|virtual timer IRQ latency|timer-irq|latency"
	"ipi_self|virtual IPI to self latency|ipi-self|latency"
	"shm_doorbell|doorbell round trip (shmem, 2 VMs) latency|shm-doorbell|latency"
)
declare -A NAT TES EL2
for row in "${ROWS[@]}"; do
	IFS='|' read -r key label metric gf <<<"$row"
	log=$OUT/tessera-1.log
	[ "$key" = shm_doorbell ] && log=$OUT/shm-1.log
	NAT[$key]=$(field "$OUT/native-1.log" "$metric" "$gf")
	TES[$key]=$(field "$log" "$metric" "$gf")
	EL2[$key]=$(field "$log" "$metric" el2)
done
size=$(stat -c %s "$B/tessera.bin")
# Non-blank lines of the hypervisor's sources (tests and tools excluded).
loc=$(find arch/ core/ drivers/ include/ -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.S' -o -name '*.ld' \) -print0 2>/dev/null |
	xargs -0 -r cat | grep -c '[^[:space:]]' || true)

echo
printf '%-40s  %22s  %24s  %20s\n' "metric" "native (guest insns)" "tessera (guest-visible)" "EL2 insns (tessera)"
for row in "${ROWS[@]}"; do
	IFS='|' read -r key label metric gf <<<"$row"
	printf '%-40s  %22s  %24s  %20s\n' "$label" "${NAT[$key]:-n/a}" "${TES[$key]:-n/a}" "${EL2[$key]:-n/a}"
done
echo "(latency rows: counter ticks = instructions from the deadline / SGI write to the guest's IRQ vector;"
echo " EL2 column: hypervisor instructions per call / per interrupt)"
echo "image size: tessera.bin $size bytes; lines of code: $loc (arch/ core/ drivers/ include/, without tests and tools)"
if [ "$repeat" = true ]; then
	echo "repeatability: both runs gave identical figures"
else
	echo "repeatability: runs DIFFER (see above)"
fi

json_str() { # escape for JSON
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}
json_lines() { # LOG -> JSON array of bench lines
	local first=1 l
	printf '['
	while IFS= read -r l; do
		[ $first -eq 1 ] || printf ', '
		first=0
		json_str "$l"
	done < <(bench_lines "$1")
	printf ']'
}
{
	echo "{"
	echo "  \"board\": $(json_str "$BOARD"),"
	echo "  \"iters\": $ITERS,"
	echo "  \"native_machine\": $(json_str "$NATIVE_MACHINE"),"
	for row in "${ROWS[@]}"; do
		IFS='|' read -r key label metric gf <<<"$row"
		echo "  \"$key\": {"
		echo "    \"label\": $(json_str "$label"),"
		echo "    \"unit\": \"$([ "$gf" = latency ] && echo counter_ticks || echo insns)\","
		echo "    \"native_guest\": ${NAT[$key]:-null},"
		echo "    \"tessera_guest\": ${TES[$key]:-null},"
		echo "    \"tessera_el2_insns\": ${EL2[$key]:-null}"
		echo "  },"
	done
	echo "  \"tessera_bin_bytes\": $size,"
	echo "  \"lines_of_code\": $loc,"
	echo "  \"repeatable\": $repeat,"
	echo "  \"raw\": {"
	echo "    \"native\": $(json_lines "$OUT/native-1.log"),"
	echo "    \"tessera\": $(json_lines "$OUT/tessera-1.log")"
	echo "  }"
	echo "}"
} >"$OUT/results.json"
echo "bench: wrote $OUT/results.json"
