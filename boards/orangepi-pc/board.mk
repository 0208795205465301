# SPDX-License-Identifier: Apache-2.0
# Xunlong Orange Pi PC (Allwinner H3): 4x Cortex-A7 in Hyp mode, GIC-400,
# DesignWare 16550 UARTs, 1 GiB of RAM at 0x40000000. Its hardware DT is
# Debian's sun8i-h3-orangepi-pc.dtb from the same linux-image-*-armmp
# package as the rich OS's kernel (never committed). QEMU's orangepi-pc
# models the boot ROM too, so `make run` boots the SD card image `make
# sdcard` writes: SPL -> U-Boot (Debian's orangepi_plus build) -> bootm of
# Tessera's FIT, in Hyp mode, U-Boot's PSCI starting the other CPUs.
PLATFORM := sun8i-h3
QEMU := qemu-system-arm
QEMU_MACHINE := orangepi-pc
QEMU_CPU := cortex-a7,cntfrq=24000000
QEMU_SMP := 4
QEMU_MEM := 1G
BOOT_DEFAULT := sdcard
HW_DTS := sun8i-h3-orangepi-pc.dts
HW_DTS_DEPS = $(LX_DEPS)/dtbs/stamp
HW_DTS_RECIPE = dtc -q -I dtb -O dts -o $@ $(LX_DEPS)/dtbs/sun8i-h3-orangepi-pc.dtb
# UART0 is Tessera's console, UART1 the second -serial (the ticker's own).
QEMU_SERIALS := 2
# The EMAC on QEMU's user network.
QEMU_NET := -nic user
# The SD card (a direct -kernel boot; the SD card image brings its own).
QEMU_DEVICES := -drive if=sd,file=build/orangepi-pc/guests/disk.img,format=raw,snapshot=on
# U-Boot for the SD card: Debian's u-boot-sunxi has no orangepi_pc build;
# its orangepi_plus one (same H3) boots it (boards/orangepi-pc/README.md).
UBOOT_DEB := u-boot-sunxi:armhf
UBOOT_SPL := usr/lib/u-boot/orangepi_plus/u-boot-sunxi-with-spl.bin
# Where U-Boot loads the FIT and the pack (its RAM starts at 0x40000000;
# Tessera runs at 0x40200000).
FIT_LOAD_ADDR := 0x44000000
FIT_RAMDISK_ADDR := 0x48000000
# Drivers of the rich OS's devices that Debian's armmp kernel has as modules.
LX_BOARD_MODULES := sunxi_mmc dwmac_sun8i
# make bench: natively QEMU writes no DT for this machine.
NATIVE_DTB := board
NATIVE_CONSOLE := ttyS0
# QEMU's orangepi-pc has at least 4 CPUs: make bench's native Linux run gets
# them, and nr_cpus= the VM's count.
NATIVE_SMP := 4
