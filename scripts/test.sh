#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# scripts/test.sh: every test, in order: host unit tests (`make -s unit`),
# bounded runs of the three fuzzers (config engine, vGIC, PSCI/SMCCC:
# `make -s fuzz-check`) with their bug inputs replayed, the plan checker
# over Debian's kernel DTBs (`make -s corpus`), then
# the QEMU integration scenarios (tests/integration/run.sh) on
# qemu-virt-arm64, a GICv2 subset on qemu-virt-arm64-gicv2, every scenario
# again on the ARMv7-A board qemu-virt-arm32, then on the real SoCs
# xlnx-zcu102 and orangepi-pc, and the SMMU board's own scenarios. Each step
# ends with a line `-- NAME: S s` (its time: the suite must stay well under
# CI's budget, DESIGN.md). Counts the `PASS:`/`FAIL:` lines (at column 0 only) over
# everything and ends with one line `N passed, M failed`; exit 1 if M > 0.
# A step that fails without printing a FAIL line counts as one failure.
set -uo pipefail

cd "$(dirname "$0")/.."

passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# step NAME CMD...: run CMD, output to stdout, and count its results.
step() {
	local name=$1 rc p f t0=$SECONDS
	shift
	echo "== $name"
	"$@" </dev/null 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS:' "$out")
	f=$(grep -c '^FAIL:' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $name exited $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "-- $name: $((SECONDS - t0)) s"
}

step unit make -s unit
# libFuzzer with ASan/UBSan on the config engine, the vGIC and the PSCI
# decoder: bounded, seeded runs, then every bug input kept replayed
# (tests/fuzz/fuzz.mk, tests/fuzz/crashes/README.md).
step fuzz make -s fuzz-check
# The plan checker (ASan/UBSan) over every DTB of Debian's arm64 and armmp
# kernel packages whose GIC can virtualise, with generated plans
# (tests/corpus/corpus.mk; the DTBs are fetched once, ~63 MiB).
step corpus make -s corpus
step integration env BOARD=qemu-virt-arm64 tests/integration/run.sh

# The GICv2 board: the scenarios where the interrupt controller matters.
# Results read `PASS: vgic [gicv2]`.
gicv2_scenarios=(two-guests vgic timer attacks restart restart-fault flood)
for f in tests/integration/scenarios/linux*.sh; do
	[ -f "$f" ] && gicv2_scenarios+=("$(basename "$f" .sh)")
done
step integration-gicv2 env BOARD=qemu-virt-arm64-gicv2 TAG=gicv2 \
	tests/integration/run.sh "${gicv2_scenarios[@]}"

# The arm32 board (Hyp mode, Cortex-A15): the same scenario files, none of
# them is arm64-specific. Results read `PASS: linux [arm32]`.
step integration-arm32 env BOARD=qemu-virt-arm32 TAG=arm32 tests/integration/run.sh

# A real SoC: the Xilinx ZCU102 (Zynq UltraScale+, GIC-400, Cadence UARTs)
# from Debian's device tree: every scenario that is not QEMU virt's (the
# others print "skip:"), and its own (zcu102-*). Results read `PASS: linux [zcu102]`.
step integration-zcu102 env BOARD=xlnx-zcu102 TAG=zcu102 tests/integration/run.sh

# DMA isolation: QEMU virt with an SMMUv3 before its PCIe host bridge, only
# the scenarios written for it (smmu-*), and the flood (its SMMU interrupt
# shares the console's CPU). Results read `PASS: smmu-dma [smmu]`.
step integration-smmu env BOARD=qemu-virt-arm64-smmu TAG=smmu tests/integration/run.sh \
	$(cd tests/integration/scenarios && ls smmu-*.sh) flood.sh

# The second real SoC: the Orange Pi PC (Allwinner H3, Hyp mode, GIC-400,
# 16550 UARTs four to a page), booted from its SD card image through the
# boot ROM, U-Boot's SPL and U-Boot (orangepi-boot), and the same scenarios.
# Results read `PASS: linux [orangepi]`.
step integration-orangepi env BOARD=orangepi-pc TAG=orangepi tests/integration/run.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
