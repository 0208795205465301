# SPDX-License-Identifier: Apache-2.0
# Xilinx ZCU102 (Zynq UltraScale+ ZU9EG): 4x Cortex-A53 at EL2, GIC-400,
# Cadence UARTs, RAM at 0x0. Its hardware DT is Debian's
# xilinx/zynqmp-zcu102-rev1.0.dtb from the same linux-image package as the
# rich OS's kernel (never committed); qemu.dtsi is what QEMU's model needs
# and the board's firmware would provide (only for QEMU runs; HW=1 builds
# without it). QEMU: `-M xlnx-zcu102,virtualization=on` has no EL3 firmware
# and no U-Boot in Debian, so QEMU's -kernel stands in for TF-A -> U-Boot
# (BOOT=direct) and QEMU answers PSCI over SMC.
PLATFORM := zynqmp
QEMU := qemu-system-aarch64
QEMU_MACHINE := xlnx-zcu102,virtualization=on
QEMU_CPU := cortex-a53
QEMU_SMP := 4
QEMU_MEM := 2G
BOOT_DEFAULT := direct
HW_DTS := zynqmp-zcu102-rev1.0.dts
HW_DTS_DEPS = $(LX_DEPS)/dtbs/stamp
HW_DTS_RECIPE = dtc -q -I dtb -O dts -o $@ $(LX_DEPS)/dtbs/xilinx/zynqmp-zcu102-rev1.0.dtb
QEMU_OVERLAY := qemu.dtsi
# UART0 is Tessera's console, UART1 the second -serial (the ticker's own).
QEMU_SERIALS := 2
# GEM3 (ethernet@ff0e0000, the board's RJ45) on QEMU's user network; the
# model connects NICs to GEM0..3 in order, so three unconnected ones first.
QEMU_NET := -netdev user,id=net0 -net nic,model=cadence_gem -net nic,model=cadence_gem -net nic,model=cadence_gem -net nic,model=cadence_gem,netdev=net0
# The SD card in slot 1 (mmc@ff170000): the ext2 disk the build makes. The
# DisplayPort's audio gets no sound card (else QEMU probes the host's).
QEMU_DEVICES := -drive if=sd,index=1,file=build/xlnx-zcu102/guests/disk.img,format=raw,snapshot=on -audiodev none,id=noaudio
# Drivers of the devices the rich OS is given that Debian's kernel has as
# modules (guests/linux/guest.mk): the GEM Ethernet (and the board's PHY),
# the SD controller.
LX_BOARD_MODULES := macb dp83867 sdhci_of_arasan
# The test guest linked for native runs (make bench) at the board RAM base.
TG_NATIVE_RAM_BASE := 0x0
# make bench: natively QEMU writes no DT for this machine: boot with the
# board's own (tools/bench.sh, tools/bench-linux.sh), on UART0.
NATIVE_DTB := board
NATIVE_CONSOLE := ttyPS0
