# SPDX-License-Identifier: Apache-2.0
# The hypervisor checks the plan itself at boot: a board DT with a bad plan
# (built here with dtc, bypassing `make check`) must not boot any VM.
# PLAN (a good plan) only gets everything built and provides a pack.
PLAN=tests/integration/plans/two-guests.dts
MODE=direct
TIMEOUT=30
# Whether the hypervisor then powers off or parks is not specified: stop QEMU
# once the refusal is printed (status 0 either way).
STOP_ON="[tessera] refusing to boot"
BUILD_DTB=bad_cpu_dtb
EXPECT=(
	"[tessera] plan error: /tessera/vm@1:"
	"[tessera] refusing to boot"
)
FORBID=(
	"[tessera] vm 'alpha' started"
	"[tessera] vm 'beta' started"
)

# $1: the board DTB to write (board_dtb is provided by run.sh).
bad_cpu_dtb() {
	board_dtb tests/plans/integration/bad-cpu.dts "$1"
}
