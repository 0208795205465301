# SPDX-License-Identifier: Apache-2.0
# Through Debian's U-Boot (booti), as `make run` does: Linux beside the
# bare-metal ticker, both run to completion and power off.
# It boots through Debian's U-Boot for QEMU virt.
BOARDS=(qemu-virt-*)
PLAN=tests/integration/plans/linux.dts
MODE=uboot
TIMEOUT=180
EXPECT=(
	"U-Boot 20"
	"Starting kernel"
	"[tessera] vm 'linux' started"
	"[tessera] vm 'ticker' started"
	"[linux] linux: smp ok, 2 cpus online"
	"[ticker] testguest: done, 0 failed"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"linux: FAIL"
	"Kernel panic"
)
