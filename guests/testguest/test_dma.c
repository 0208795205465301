// SPDX-License-Identifier: Apache-2.0
/*
 * test=dma ecam=E bar=B victim=V hyp=H: a VM that owns a PCIe host bridge
 * (ECAM at E, its memory window at B) with QEMU's "edu" device on it turns
 * the device's DMA engine on memory (docs/isolation.md, the SMMU board).
 *
 * First within its own memory: bytes it writes go to edu's buffer by DMA
 * and come back by DMA to another place, equal. Then at memory that is not
 * its: the victim VM's buffer (host address V + its offset), Tessera's
 * (host address H), an address nothing maps; a write and a read of each,
 * a second and a half apart (each a burst of its own for Tessera's
 * report). The guest sees every DMA complete (edu reports no error); the
 * SMMU must have stopped each: Tessera says so, the victim's checksum
 * holds, and what came back into edu's buffer is none of the victim's.
 *
 * With restart=1, the first life ends in a SYSTEM_RESET with a DMA into
 * its memory in flight (Tessera stops the VM's streams before reloading
 * its memory); edu, which a VM restart does not reset, remembers that in
 * its liveness register, and the second life runs the rest.
 */
#include "attack.h"

#define EDU_ID 0x11e81234u         /* device 11e8, vendor 1234 */
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_DMA_RUN 0x1u
#define EDU_DMA_TO_RAM 0x2u         /* direction: edu's buffer -> the bus address */
#define EDU_BUF 0x40000u            /* edu's 4 KiB buffer, on its side */
#define EDU_LIVENESS 0x04          /* reads back the complement of what was written */
#define RESTART_MARK 0x7e57au
#define PCI_COMMAND 0x04
#define PCI_CMD_MEMORY (1u << 1)
#define PCI_CMD_MASTER (1u << 2)
#define PCI_BAR0 0x10

#define DMA_LEN 256u
#define OWN_SRC 0x40180000ul        /* inside a 2 MiB VM, clear of the image and its DT */
#define OWN_DST 0x40181000ul
#define NOWHERE 0x7000000000ull     /* an IPA no VM has */

static uintptr_t edu;

static uint64_t ecam_fn(uint64_t ecam, unsigned dev)
{
	return ecam + ((uint64_t)dev << 15); /* bus 0, function 0 */
}

static void wr64(uintptr_t a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

/* One DMA of DMA_LEN bytes; false if edu never said it was done. */
static bool dma(uint64_t src, uint64_t dst, uint32_t cmd)
{
	uint64_t deadline = counter_now() + 2 * tg_counter_freq();

	wr64(edu + EDU_DMA_SRC, src);
	wr64(edu + EDU_DMA_DST, dst);
	wr64(edu + EDU_DMA_COUNT, DMA_LEN);
	mmio_write32(edu + EDU_DMA_CMD, cmd | EDU_DMA_RUN);
	while (mmio_read32(edu + EDU_DMA_CMD) & EDU_DMA_RUN) {
		if (counter_now() > deadline) {
			return false;
		}
		cpu_relax();
	}
	return true;
}

static bool find_edu(uint64_t ecam, uint64_t bar)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		uint64_t cfg = ecam_fn(ecam, dev);

		if (mmio_read32(cfg) != EDU_ID) {
			continue;
		}
		mmio_write32(cfg + PCI_BAR0, (uint32_t)bar);
		mmio_write32(cfg + PCI_COMMAND, PCI_CMD_MEMORY | PCI_CMD_MASTER);
		edu = (uintptr_t)bar;
		tg_printf("dma: edu at 00:%02x.0, BAR0 at 0x%jx, id 0x%08x\n", dev, bar,
			  mmio_read32(edu));
		return true;
	}
	return false;
}

static void wait_quiet(void)
{
	uint64_t until = counter_now() + tg_counter_freq() * 3 / 2;

	while (counter_now() < until) {
		cpu_relax();
	}
}

void test_dma(void)
{
	volatile uint8_t *src = (volatile uint8_t *)OWN_SRC, *dst = (volatile uint8_t *)OWN_DST;
	uint64_t victim = tg_arg_u64("victim", 0) + (VICTIM_BUF_IPA - 0x40000000ul);
	const struct {
		const char *name;
		uint64_t at;
	} targets[] = {
		{ "the victim's memory", victim },
		{ "Tessera's memory", tg_arg_u64("hyp", 0) },
		{ "an address nothing maps", NOWHERE },
	};
	unsigned bad = 0, issued = 0;

	if (!find_edu(tg_arg_u64("ecam", 0), tg_arg_u64("bar", 0))) {
		tg_fail("dma: no edu device (1234:11e8) on bus 0\n");
		return;
	}
	for (unsigned i = 0; i < DMA_LEN; i++) {
		src[i] = (uint8_t)(i * 7 + 3);
		dst[i] = 0;
	}
	if (!dma(OWN_SRC, EDU_BUF, 0) || !dma(EDU_BUF, OWN_DST, EDU_DMA_TO_RAM)) {
		tg_fail("dma: edu's DMA never completed\n");
		return;
	}
	for (unsigned i = 0; i < DMA_LEN; i++) {
		bad += dst[i] != src[i];
	}
	if (bad) {
		tg_fail("dma: own memory round trip: %u of %u bytes differ\n", bad, DMA_LEN);
		return;
	}
	tg_pass("dma: own memory round trip through the SMMU (%u bytes, IPA 0x%lx -> edu -> IPA 0x%lx)\n",
		DMA_LEN, OWN_SRC, OWN_DST);
	if (tg_arg_u64("restart", 0) && mmio_read32(edu + EDU_LIVENESS) != RESTART_MARK) {
		mmio_write32(edu + EDU_LIVENESS, ~RESTART_MARK);
		wr64(edu + EDU_DMA_SRC, EDU_BUF);
		wr64(edu + EDU_DMA_DST, OWN_DST);
		wr64(edu + EDU_DMA_COUNT, DMA_LEN);
		mmio_write32(edu + EDU_DMA_CMD, EDU_DMA_TO_RAM | EDU_DMA_RUN);
		tg_printf("dma: SYSTEM_RESET with a DMA into its memory in flight\n");
		psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		tg_fail("dma: SYSTEM_RESET returned\n");
		return;
	}
	if (tg_arg_u64("restart", 0)) {
		tg_printf("dma: second life (edu remembers the first)\n");
	}

	for (unsigned t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		for (unsigned write = 0; write < 2; write++) {
			wait_quiet();
			/* edu's buffer holds our own bytes before each foreign DMA */
			dma(OWN_SRC, EDU_BUF, 0);
			tg_printf("dma: %s %s at 0x%jx\n", write ? "write to" : "read of",
				  targets[t].name, targets[t].at);
			if (!(write ? dma(EDU_BUF, targets[t].at, EDU_DMA_TO_RAM)
				    : dma(targets[t].at, EDU_BUF, 0))) {
				tg_fail("dma: edu's DMA never completed\n");
				return;
			}
			issued++;
			/* What is in edu's buffer now: ours, or zeros; never the victim's. */
			dma(EDU_BUF, OWN_DST, EDU_DMA_TO_RAM);
			for (unsigned i = 0; i < DMA_LEN; i += 4) {
				uint32_t w = *(volatile uint32_t *)(OWN_DST + i);

				if (w == victim_word(VICTIM_BUF_IPA + i)) {
					tg_fail("dma: read the victim's word at +0x%x\n", i);
					return;
				}
			}
		}
	}
	tg_pass("dma: %u foreign DMAs issued; none brought back the victim's data\n", issued);
}
