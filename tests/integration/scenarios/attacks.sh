# SPDX-License-Identifier: Apache-2.0
# The isolation catalogue (docs/isolation.md): an attacker VM runs 29 attacks
# (memory, the board's devices (boards/<board>/attack-args.dtsi), GIC, PSCI/SMCCC, system registers, stage 1, caches,
# debug, PMU, interrupt storms, WFx, wild jumps) against the victim VM
# beside it; each must be reported contained, Tessera must report what it
# refused and stay up, the attacker's SYSTEM_OFF over a raw SMC must stop
# only the attacker, control bytes sent to the console must not fake a line
# of Tessera's (escape sequences dropped, other controls shown as ^[ and ^H,
# backspaces only over the attacker's own text), and the victim's memory checksum, timer ticks and SGI
# count must come through untouched.
PLAN=tests/integration/plans/attacks.dts
MODE=direct
TIMEOUT=120
ATTACKS=(
	victim-memory tessera-memory fp-simd-residue high-addresses unassigned-mmio
	foreign-devices gic-foreign-frames isv-less-access gic-foreign-irqs sgi-foreign-cpus sgi-registers
	psci-cpu-on-foreign psci-foreign-targets smc-firmware smccc-garbage-ids el2-registers
	trapped-registers mode-escape stage1-foreign-map stage1-walk-outside cache-by-va
	set-way-maintenance debug-registers pmu timer-storm sgi-storm wfx-abuse victim-data
	wild-jump
)
EXPECT=(
	# The host addresses the attacker aims at (its bootargs) are where Tessera put the VMs.
	"[tessera] vm 'attacker': 1 vCPU(s) on CPU 0; 16 MiB at IPA 0x40000000 (host 0x7f000000)"
	"[tessera] vm 'victim': 1 vCPU(s) on CPU 1; 16 MiB at IPA 0x40000000 (host 0x7e000000)"
	# What Tessera refused, in its own words: each kind the 1st, 10th,
	# 100th... time (core/report.c), then every count when it powers off.
	"[tessera] vm 'attacker': data abort at IPA 0x7e000000 "
	"abort injected (1 so far)"
	"abort injected (10 so far)"
	"its page-table walk left its memory; abort injected (1 so far)"
	"[tessera] vm 'attacker': instruction abort at IPA 0x7e000000 "
	" data abort(s), "
	" instruction abort(s), "
	" refused SMC(s), "
	" refused GIC access(es)"
	"touches interrupts it does not own: ignored"
	"[attacker] PASS: all ${#ATTACKS[@]} attacks contained"
	"[victim] PASS: victim received no sgi and no stray interrupt"
	"[victim] PASS: victim pmu cycle counter never ran back"
	" ticks within 2% of 1500"
	# ESC [2K is dropped, a lone ESC shows as ^[, one backspace takes back its "8", ten show as ^H.
	"[attacker] ^[8"$'\b'"^H^H^H^H^H^H^H^H^H^H[tessera] vm 'victim' forged by the attacker"
)
for i in "${!ATTACKS[@]}"; do
	EXPECT+=("[attacker] attack $((i + 1)) ${ATTACKS[$i]}: contained (")
done
case $ARCH in
arm64)
	# ACTLR_EL1 (HCR_EL2.TACR): trapped and refused.
	EXPECT+=("[tessera] vm 'attacker' vcpu 0: trapped instruction (EC 0x18") ;;
esac
EXPECT_ORDER=(
	"[victim] victim: filled"
	"[attacker] attack 28 victim-data: contained ("
	"[attacker] testguest: done, 0 failed"
	"[tessera] vm 'attacker' so far: "
	"[tessera] vm 'attacker' powered off"
	"[victim] PASS: victim memory checksum unchanged"
	"[victim] testguest: done, 0 failed"
	"[tessera] vm 'victim' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	$'\e' # no raw ESC reaches the terminal
	"NOT CONTAINED"
	"stopped:"
	"restarting"
	"unexpected interrupt"
	"unexpected exception"
	"[tessera] EL2 "
	"[tessera] Hyp mode "
)
