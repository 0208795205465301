# SPDX-License-Identifier: Apache-2.0
# `make check` of the SMMU board's default plan: the host bridge's windows
# and INTx lines go with it, its buses 0-15 are the VM's streams, and no
# identity-map is needed (docs/binding.md, "DMA").
BOARDS=(qemu-virt-arm64-smmu)
PLAN=boards/qemu-virt-arm64-smmu/plan.dts
CHECK_ONLY=1
EXPECT_CHECK=(
	"vm@0 devices: /pcie@10000000 (0x4010000000+0x10000000)"
	"vm@0: pcie@10000000 windows 0x3eff0000+0x10000 (I/O), 0x10000000+0x2eff0000 (memory), 0x8000000000+0x8000000000 (memory); INTx: SPI 3, SPI 4, SPI 5, SPI 6"
	"vm@0: DMA of /pcie@10000000 through SMMU /smmuv3@9050000: stream ID 0x0-0xfff; reaches its memory only"
)
