# SPDX-License-Identifier: Apache-2.0
# A guest reading/writing outside its memory gets an abort injected and lives
# on; the guest next to it is not disturbed.
PLAN=tests/integration/plans/fault-isolation.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[tessera] vm 'attacker': data abort at IPA 0x80000000"
	"[attacker] PASS: read fault caught"
	"[attacker] PASS: write fault caught"
	"[attacker] still alive after faults"
	"[victim] count 30"
	"[tessera] vm 'attacker' powered off"
	"[tessera] vm 'victim' powered off"
	"[tessera] all VMs stopped; powering off"
)
