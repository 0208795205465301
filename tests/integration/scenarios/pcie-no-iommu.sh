# SPDX-License-Identifier: Apache-2.0
# Without an SMMU (QEMU virt's default), the PCIe host bridge is a DMA
# master nothing confines: refused for a VM that is not identity-mapped
# and marked dma-unsafe.
BOARDS=(qemu-virt-arm64)
PLAN=tests/plans/integration/pcie-no-iommu.dts
CHECK_ONLY=1
EXPECT_CHECK_FAIL=(
	"/tessera/vm@0: device /pcie@10000000 is a DMA-capable device without an IOMMU ('dma-coherent'): the VM could read any memory; map it identity (identity-map) and mark it unsafe (dma-unsafe) to accept"
)
