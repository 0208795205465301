# SPDX-License-Identifier: Apache-2.0
# QEMU virt, arm64, EL2, GICv2 with virtualization extensions. QEMU's GICv2
# takes at most 8 CPUs. The hardware DT is dumped from QEMU with exactly
# these flags, so the plan always matches the machine `make run` boots.
PLATFORM := qemu-virt-arm64-gicv2
QEMU := qemu-system-aarch64
QEMU_MACHINE := virt,virtualization=on,gic-version=2
QEMU_CPU := cortex-a57
QEMU_SMP := 4
QEMU_MEM := 1G
UBOOT_BIN := /usr/lib/u-boot/qemu_arm64/u-boot.bin
HW_DTS := qemu-virt-arm64-gicv2.dts
# No network unless a plan needs one: QEMU's default NIC on virt wants the
# efi-virtio.rom of ipxe-qemu, which a fresh machine lacks (issue 11).
QEMU_NET := -nic none
HW_DTS_RECIPE = $(QEMU) -M $(QEMU_MACHINE) -cpu $(QEMU_CPU) -smp $(QEMU_SMP) -m $(QEMU_MEM) \
	$(QEMU_NET) -display none -machine dumpdtb=$(B)/hw/hw.dtb >/dev/null && \
	dtc -q -I dtb -O dts -o $@ $(B)/hw/hw.dtb
# Devices the default plan hands a guest, for tools/qemu-run.sh: the ext2 disk
# the build makes (guests/disk) as a virtio-blk device on the highest virtio-mmio
# transport, bus .31 = /virtio_mmio@a003e00 (pinned, so another -device cannot
# take it silently). snapshot=on: the guest may write, the image stays as built.
QEMU_DEVICES := -drive file=build/qemu-virt-arm64-gicv2/guests/disk.img,if=none,format=raw,id=disk0,snapshot=on -device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.31
