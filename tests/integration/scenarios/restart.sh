# SPDX-License-Identifier: Apache-2.0
# SYSTEM_RESET restarts only the VM that asks: the bare-metal guest, whose
# second vCPU asks while the first waits, is rebuilt from its pristine image
# and boots again (at least three times) with its FP/SIMD registers zero on
# both vCPUs (each run fills them), while Linux
# beside it boots, passes its checks and powers off. The bare-metal guest
# resets for ever, so the run ends when Linux has powered off.
PLAN=tests/integration/plans/restart.dts
MODE=direct
TIMEOUT=240
STOP_ON="[tessera] vm 'linux' powered off"
EXPECT=(
	"[linux] linux: init started"
	"[linux] linux: smp ok, 2 cpus online"
	"[linux] linux: timer ticks on all 2 cpus"
	"[tessera] vm 'phoenix' restarting (SYSTEM_RESET)"
	"[phoenix] vcpu1 requests SYSTEM_RESET"
)
EXPECT_ORDER=(
	"[phoenix] testguest: start test=reset"
	"[tessera] vm 'phoenix' restarted (1 restart(s))"
	"[phoenix] testguest: start test=reset"
	"[phoenix] PASS: vcpu0 FP/SIMD registers zero at start"
	"[phoenix] PASS: vcpu1 FP/SIMD registers zero at start"
	"[tessera] vm 'phoenix' restarted (2 restart(s))"
	"[phoenix] testguest: start test=reset"
	"[tessera] vm 'phoenix' restarted (3 restart(s))"
	"[phoenix] testguest: start test=reset"
	"[linux] linux: poweroff"
	"[tessera] vm 'linux' powered off"
)
FORBID=(
	"linux: FAIL"
	"Kernel panic"
	"BUG:"
	"Oops"
	"soft lockup"
	"stopped:"
	"SYSTEM_RESET returned"
)
