# SPDX-License-Identifier: Apache-2.0
# DMA isolation by the SMMU (docs/isolation.md, attacks 30-36): a VM that
# owns the PCIe host bridge drives QEMU's edu DMA engine. Within its own
# memory (IPA 0x40000000, host 0x7fe00000: the SMMU translates) a round
# trip comes back byte for byte; its first life ends in a SYSTEM_RESET with
# a DMA in flight, and Tessera stops its streams before reloading it and
# lets them through after. Then reads and writes of the victim's memory,
# Tessera's and an address nothing maps: each is blocked at the SMMU and
# reported (the first of each burst); the victim's checksum holds, and the
# attacker runs to its end.
BOARDS=(qemu-virt-arm64-smmu)
PLAN=tests/integration/plans/smmu-dma.dts
MODE=direct
TIMEOUT=120
EXPECT=(
	"[tessera] vm 'dma': 1 vCPU(s) on CPU 0; 2 MiB at IPA 0x40000000 (host 0x7fe00000)"
	"[tessera] vm 'victim': 1 vCPU(s) on CPU 1; 16 MiB at IPA 0x40000000 (host 0x7ee00000)"
	"[tessera] SMMU /smmuv3@9050000: 4096 stream(s) of 1 VM(s) confined to their memory (stage 1, two-level stream table); every other stream aborts"
	"[dma] dma: edu at 00:02.0, BAR0 at 0x10000000, id 0x010000ed"
	"[dma] PASS: dma: own memory round trip through the SMMU (256 bytes, IPA 0x40180000 -> edu -> IPA 0x40181000)"
	"[tessera] vm 'dma': DMA blocked by SMMU /smmuv3@9050000: stream 0x10 read at 0x7f200000 (translation fault); 1 so far"
	"[tessera] vm 'dma': DMA blocked by SMMU /smmuv3@9050000: stream 0x10 write to 0x7f200000 (translation fault)"
	"[tessera] vm 'dma': DMA blocked by SMMU /smmuv3@9050000: stream 0x10 read at 0x40200000 (translation fault)"
	"[tessera] vm 'dma': DMA blocked by SMMU /smmuv3@9050000: stream 0x10 write to 0x40200000 (translation fault)"
	"[tessera] vm 'dma': DMA blocked by SMMU /smmuv3@9050000: stream 0x10 read at 0x7000000000 (translation fault)"
	"[tessera] vm 'dma': DMA blocked by SMMU /smmuv3@9050000: stream 0x10 write to 0x7000000000 (translation fault)"
	"[dma] PASS: dma: 6 foreign DMAs issued; none brought back the victim's data"
	"[victim] PASS: victim memory checksum unchanged"
	"[victim] PASS: victim 1500 ticks within 2% of 1500"
)
EXPECT_ORDER=(
	"[dma] dma: SYSTEM_RESET with a DMA into its memory in flight"
	"[tessera] vm 'dma' restarting (SYSTEM_RESET)"
	"[tessera] vm 'dma': DMA of its devices stopped at the SMMU"
	"[tessera] vm 'dma': DMA of its devices goes through the SMMU again"
	"[tessera] vm 'dma' restarted (1 restart(s))"
	"[dma] dma: second life (edu remembers the first)"
	"[dma] testguest: done, 0 failed"
	"[tessera] vm 'dma': DMA of its devices stopped at the SMMU"
	"[tessera] vm 'dma' powered off"
	"[victim] testguest: done, 0 failed"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"stopped:"
)
