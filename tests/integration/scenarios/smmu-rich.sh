# SPDX-License-Identifier: Apache-2.0
# The rich OS on the SMMU board gets the PCIe host bridge like everything
# else nobody has, and its streams are bound the same way: confined to its
# memory by the SMMU (its virtio-mmio transports, behind no SMMU, are what
# still needs identity-map and dma-unsafe).
BOARDS=(qemu-virt-arm64-smmu)
PLAN=tests/plans/integration/rich-os.dts
CHECK_ONLY=1
EXPECT_CHECK=(
	"vm@0: pcie@10000000 windows 0x3eff0000+0x10000 (I/O), 0x10000000+0x2eff0000 (memory), 0x8000000000+0x8000000000 (memory); INTx: SPI 3, SPI 4, SPI 5, SPI 6"
	"vm@0: DMA of /pcie@10000000 through SMMU /smmuv3@9050000: stream ID 0x0-0xfff; reaches its memory only"
)
