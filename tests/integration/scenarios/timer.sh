# SPDX-License-Identifier: Apache-2.0
# Virtual and physical EL1 timer interrupts through the virtual GIC.
PLAN=tests/integration/plans/timer.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[timer] PASS: 50 virtual timer ticks"
	"[timer] PASS: 10 physical timer ticks"
	"[timer] testguest: done, 0 failed"
)
