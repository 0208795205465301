# SPDX-License-Identifier: Apache-2.0
# QEMU virt, arm64, EL2, GICv3, with an SMMUv3 in front of the PCIe host
# bridge (iommu=smmuv3; QEMU 7.2's does stage 1 only). The hardware DT is
# dumped from QEMU with exactly these flags. On the bridge: a virtio-blk
# disk (the guests' ext2 disk) and QEMU's "edu" device, whose DMA engine
# the isolation tests aim at memory that is not the VM's.
PLATFORM := qemu-virt-arm64
QEMU := qemu-system-aarch64
QEMU_MACHINE := virt,virtualization=on,gic-version=3,iommu=smmuv3
QEMU_CPU := cortex-a57
QEMU_SMP := 4
QEMU_MEM := 1G
BOOT_DEFAULT := direct
HW_DTS := qemu-virt-arm64-smmu.dts
QEMU_NET := -nic none
HW_DTS_RECIPE = $(QEMU) -M $(QEMU_MACHINE) -cpu $(QEMU_CPU) -smp $(QEMU_SMP) -m $(QEMU_MEM) \
	$(QEMU_NET) -display none -machine dumpdtb=$(B)/hw/hw.dtb >/dev/null && \
	dtc -q -I dtb -O dts -o $@ $(B)/hw/hw.dtb
# PCI devices at fixed slots (00:01.0 the disk, 00:02.0 edu). The disk
# honours the IOMMU (iommu_platform=on: a modern virtio device that uses the
# DMA API's addresses; otherwise QEMU lets virtio bypass the SMMU). edu's
# DMA engine takes 40-bit addresses (its default mask is 28 bits).
# (One line: tools/qemu-run.sh reads it.)
QEMU_DEVICES := -drive file=build/qemu-virt-arm64-smmu/guests/disk.img,if=none,format=raw,id=disk0,snapshot=on -device virtio-blk-pci,drive=disk0,iommu_platform=on,disable-legacy=on,addr=01.0 -device edu,dma_mask=0xffffffffff,addr=02.0
# The rich OS's drivers for the bridge's devices.
LX_BOARD_MODULES := virtio_pci
