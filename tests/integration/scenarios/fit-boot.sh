# SPDX-License-Identifier: Apache-2.0
# As on a board: the plan's FIT image (`make fit`: Tessera, board DT, image
# pack, sha256 hashes) on a disk, found by Debian's U-Boot distro boot,
# which sources boot.scr and runs `bootm`. Two hello guests run and stop.
# It boots through Debian's U-Boot for QEMU virt.
BOARDS=(qemu-virt-*)
PLAN=tests/integration/plans/two-guests.dts
MODE=fit
TIMEOUT=90
EXPECT=(
	"U-Boot 20"
	"Verifying Hash Integrity ... sha256+ OK"
	"[tessera] vm 'alpha' started"
	"[tessera] vm 'beta' started"
	"[alpha] hello from vcpu0"
	"[beta] hello from vcpu0"
	"[alpha] count 5"
	"[beta] count 5"
	"[tessera] vm 'alpha' powered off"
	"[tessera] vm 'beta' powered off"
)
EXPECT_ORDER=(
	"Found U-Boot script /boot.scr"
	"## Loading kernel from FIT Image"
	"Trying 'tessera' kernel subimage"
	"Verifying Hash Integrity ... sha256+ OK"
	"## Loading ramdisk from FIT Image"
	"Trying 'pack' ramdisk subimage"
	"Verifying Hash Integrity ... sha256+ OK"
	"## Loading fdt from FIT Image"
	"Trying 'fdt' fdt subimage"
	"Verifying Hash Integrity ... sha256+ OK"
	"Starting kernel"
	"[tessera] all VMs stopped; powering off"
)
# (distro boot's qfw target fails first, with "Command 'load' failed":
# there is no -kernel, as on a board)
FORBID=(
	"Bad hash"
	"Bad Data Hash"
	" error!"
	"ERROR"
	"overlaps"
	"Wrong Image"
)
