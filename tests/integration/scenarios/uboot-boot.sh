# SPDX-License-Identifier: Apache-2.0
# The default board plan, booted through Debian's U-Boot (booti), as
# `make run` does. The demo guests power off after ~10 s without input.
PLAN=boards/qemu-virt-arm64/plan.dts
MODE=uboot
TIMEOUT=90
EXPECT=(
	"U-Boot 20"
	"Starting kernel"
	"[tessera] vm 'alpha' started"
	"[tessera] vm 'beta' started"
	"[tessera] all VMs stopped; powering off"
)
