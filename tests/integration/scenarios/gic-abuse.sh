# SPDX-License-Identifier: Apache-2.0
# A VM abusing its virtual GIC (garbage in every GICD/GICR register, SGIs to
# vCPUs it does not have, an SGI storm, every SPI enabled and pended) keeps a
# working GIC of its own; Tessera refuses and reports what is not its to
# touch and stays up; the ticker VM next to it keeps its 100 Hz.
PLAN=tests/integration/plans/gic-abuse.dts
MODE=direct
TIMEOUT=90
EXPECT=(
	"[attacker] PASS: "
	"sgis to vcpus this vm does not have came back to none"
	"[attacker] PASS: sgi storm to self"
	"[attacker] PASS: spis 32-127 other than its console's stay disabled and idle"
	"[attacker] gic-abuse: survived"
	"[attacker] PASS: own gic still works after abuse"
	"[attacker] testguest: done, 0 failed"
	"touches interrupts it does not own"
	"[victim] PASS: ticker"
	"[victim] testguest: done, 0 failed"
	"[tessera] vm 'attacker' powered off"
	"[tessera] vm 'victim' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"stopped:"
	"unexpected interrupt"
)
