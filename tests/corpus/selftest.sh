#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/corpus/selftest.sh PLANGEN OUT
# Does tests/corpus/run.sh catch what it is there to catch? It runs over a
# corpus of five small boards (the unit tests' QEMU-virt-like hardware,
# tests/plans/hw.dtsi, four times, and one whose GIC has no virtualisation
# interface) with a stand-in for tcheck that misbehaves on cue, plan by
# plan: a crash, a sanitizer report, a hang, a leak report, an unexplained
# line, a miscounted refusal, a guest DT dtc rejects; and behaves on three
# (two refusals, an acceptance). Prints `PASS: corpus self-test: ...` if
# run.sh reports each misbehaviour, counts the others as good and exits 1;
# else a FAIL line per thing it missed. A few seconds.
set -uo pipefail

plangen=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
mkdir -p "$out/corpus"

# The boards: a-d with the unit tests' hardware, z with a GIC of no use.
for b in a b c d; do
	printf '/dts-v1/;\n/include/ "hw.dtsi"\n' |
		dtc -q -I dts -O dtb -i "$top/tests/plans" -o "$out/corpus/$b.dtb" - || exit 1
done
dtc -q -I dts -O dtb -o "$out/corpus/z.dtb" - <<'EOF' || exit 1
/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	interrupt-parent = <&gic>;
	cpus { #address-cells = <1>; #size-cells = <0>;
		cpu@0 { device_type = "cpu"; reg = <0>; }; };
	gic: interrupt-controller@1000 { compatible = "arm,cortex-a9-gic";
		interrupt-controller; #interrupt-cells = <3>; reg = <0x1000 0x1000 0x100 0x100>; };
};
EOF

# The stand-in: what it does with a plan is in FAKE_<board>_<plan>.
cat >"$out/fake-tcheck" <<'EOF'
#!/usr/bin/env bash
while [ $# -gt 1 ]; do
	case $1 in
	--dt-out) gdt=$2; shift 2 ;;
	--*) shift 2 ;;
	*) break ;;
	esac
done
plan=$1
board=$(sed -n 's#^dtb .*/##p' "$(dirname "$plan")/board.txt")
var=FAKE_${board%.dtb}_$(basename "$plan" .dtb)
case ${!var:-refuse} in
crash) kill -SEGV $$ ;;
hang) sleep 30 ;;
leak) echo "==1==ERROR: LeakSanitizer: detected memory leaks" >&2; exit 97 ;;
asan) echo "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1" >&2
	echo "    #0 0x1 in cfg_parse /src/core/config.c:99:1" >&2; exit 99 ;;
odd) echo "$plan: /tessera/vm@0: fine" >&2; echo "something went wrong" >&2
	echo "tcheck: refusing the plan: 2 problem(s)" >&2; exit 2 ;;
miscount) echo "$plan: /tessera/vm@0: one" >&2
	echo "tcheck: refusing the plan: 3 problem(s)" >&2; exit 2 ;;
silent) echo "tcheck: refusing the plan: 1 problem(s)" >&2; exit 2 ;;
badgdt) mkdir -p "$gdt"; echo garbage >"$gdt/rich.dtb"; exit 0 ;;
accept) mkdir -p "$gdt"; cp "$plan" "$gdt/rich.dtb"; exit 0 ;;
refuse) echo "$plan: /tessera/vm@0: device /pl031@9010000 is not yours" >&2
	echo "$plan: /: no RAM" >&2
	echo "tcheck: refusing the plan: 2 problem(s)" >&2; exit 2 ;;
esac
EOF
chmod +x "$out/fake-tcheck"

export FAKE_a_dev_0=crash FAKE_a_rich=hang FAKE_a_rich_id=leak
export FAKE_b_rich=odd FAKE_b_rich_id=miscount
export FAKE_c_rich=badgdt FAKE_c_rich_id=accept FAKE_a_dev_1=asan
# Plan files are dev-N.dtb: bash variable names cannot hold '-'.
sed -i 's#basename "\$plan" .dtb)#basename "$plan" .dtb | tr - _)#' "$out/fake-tcheck"

CORPUS_TIMEOUT=1 CORPUS_JOBS=2 "$top/tests/corpus/run.sh" "$out/fake-tcheck" "$plangen" \
	"$out/corpus" "$out/run" >"$out/run.log" 2>&1
rc=$?

missed=()
expect() { # what pattern
	grep -qE "$2" "$out/run.log" || missed+=("$1")
}
expect "a crash" '^FAIL: corpus: a\.dtb each-device: crash: killed by signal 11'
expect "a sanitizer report" '^FAIL: corpus: a\.dtb each-device: crash: ERROR: AddressSanitizer: heap-buffer-overflow in cfg_parse core/config\.c'
expect "a hang" '^FAIL: corpus: a\.dtb rich-os: hang'
expect "a leak" '^FAIL: corpus: a\.dtb rich-os-identity: leak: ERROR: LeakSanitizer'
expect "an unexplained line" "^FAIL: corpus: b\.dtb rich-os: unexplained: .*something went wrong"
expect "a miscount" '^FAIL: corpus: b\.dtb rich-os-identity: unexplained: tcheck counts 3 problem\(s\) but explains 1'
expect "a guest DT dtc rejects" '^FAIL: corpus: c\.dtb rich-os: dtc: guest DT rejected by dtc'
expect "the counts" '^corpus: 5 DTBs \(4 with a virtualisation-capable GIC\), 10 plans \(7 of the 7 distinct devices in each-device plans; 28 devices on these boards\): 1 accepted, 2 refused with a reason; 2 crashes, 1 hangs, 1 leaks, 2 unexplained refusals, 1 guest DTs rejected by dtc'
[ "$rc" -eq 1 ] || missed+=("the exit status (got $rc)")
if grep -q '^PASS: ' "$out/run.log"; then
	missed+=("a PASS line despite failures")
fi

if [ "${#missed[@]}" -eq 0 ]; then
	echo "PASS: corpus self-test: run.sh reports a crash, a sanitizer report, a hang, a leak, an unexplained line, a miscount and a dtc rejection"
	exit 0
fi
for m in "${missed[@]}"; do
	echo "FAIL: corpus self-test: run.sh missed $m (log: $out/run.log)"
done
exit 1
