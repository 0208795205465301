# SPDX-License-Identifier: Apache-2.0
# Stock Debian Linux uses two passed-through board devices: it mounts the
# ext2 disk on the virtio-mmio transport (virtio-blk, DMA into its
# identity-mapped memory) and reads the date from the PL031 RTC, both
# described in the device tree Tessera generates for it. The bare-metal
# guest beside it cannot reach the RTC. Needs the board's QEMU_DEVICES (the
# disk) on the QEMU command line.
# Its devices are QEMU virt's.
BOARDS=(qemu-virt-*)
PLAN=tests/integration/plans/linux-devices.dts
MODE=direct
TIMEOUT=180
EXPECT=(
	"[linux] linux: init started"
	"[linux] linux: smp ok, 2 cpus online"
	"[linux] linux: timer ticks on all 2 cpus"
	"[linux] linux: disk ok: tessera disk ok (/dev/vda, ext2"
	"[linux] linux: rtc ok: "
	"rtc-pl031 9010000.pl031"
	"[other] PASS: rtc not reachable from this vm"
	"[other] PASS: foreign spi 34 not enabled"
	"[other] testguest: done, 0 failed"
	"[tessera] vm 'linux' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"linux: FAIL"
	"linux: insmod"
	"Kernel panic"
	"BUG:"
	"Oops"
	"soft lockup"
	"probe of virtio0 failed"
)
