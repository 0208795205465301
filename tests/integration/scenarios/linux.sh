# SPDX-License-Identifier: Apache-2.0
# Stock Debian Linux with 2 vCPUs boots to its initramfs under Tessera: timer
# ticks on both vCPUs, SMP up, clean power-off; the bare-metal ticker beside
# it keeps its own timer exact.
PLAN=tests/integration/plans/linux.dts
MODE=direct
TIMEOUT=180
EXPECT=(
	"[linux] linux: init started"
	"arch_timer"
	"[linux] linux: smp ok, 2 cpus online"
	"[linux] linux: timer ticks on all 2 cpus"
	"[ticker] PASS: ticker"
	"[ticker] testguest: done, 0 failed"
	"[tessera] vm 'linux' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"linux: FAIL"
	"Kernel panic"
	"BUG:"
	"Oops"
	"soft lockup"
)
