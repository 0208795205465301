# SPDX-License-Identifier: Apache-2.0
# PCIe passthrough behind the SMMU: stock Debian Linux in a VM at IPA
# 0x40000000, host 0x70000000 (no identity-map, no dma-unsafe), gets the
# whole host bridge (ECAM, windows, INTx lines rewritten for its virtual
# GIC, no MSI: the ITS stays Tessera's), enumerates it and mounts the
# virtio-blk disk at 00:01.0: every descriptor and block the disk moves
# goes through the SMMU's translation of its IPAs.
BOARDS=(qemu-virt-arm64-smmu)
PLAN=tests/integration/plans/smmu-linux.dts
MODE=direct
TIMEOUT=240
EXPECT=(
	"[tessera] vm 'linux': 2 vCPU(s) on CPU 0,1; 256 MiB at IPA 0x40000000 (host 0x70000000)"
	"[tessera] SMMU /smmuv3@9050000: 4096 stream(s) of 1 VM(s) confined to their memory"
	"pci-host-generic 4010000000.pcie: ECAM at [mem 0x4010000000-0x401fffffff] for [bus 00-0f]"
	"[linux] linux: disk ok: tessera disk ok (/dev/vda, ext2, 4096 KiB, PCI 0000:00:01.0)"
	"[tessera] vm 'linux' powered off"
)
FORBID=(
	"DMA blocked"
	"Kernel panic"
	"Internal error"
)
