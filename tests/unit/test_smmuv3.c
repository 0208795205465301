/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SMMUv3 structures Tessera writes, checked field by field against the
 * layouts of Arm IHI 0070 (STE 5.2, CD 5.4, commands 4.x, events 7.3): a
 * field one bit off is a stream that translates wrongly or not at all.
 */
#include <stdint.h>
#include <tessera/iommu.h>
#include <tessera/smmuv3.h>

#include "check.h"

/* Bits hi..lo of a 64-bit word. */
static uint64_t bits(uint64_t w, unsigned hi, unsigned lo)
{
	return (w >> lo) & ((hi - lo == 63) ? ~0ULL : ((1ULL << (hi - lo + 1)) - 1));
}

int main(void)
{
	uint64_t ste[SMMU_STE_DWORDS], cd[SMMU_CD_DWORDS], cmd[SMMU_CMD_DWORDS];
	struct iommu_ctx s1 = { .stage2 = false, .root = 0x12345000, .ias = 40, .level = 0,
				.root_tables = 1, .tag = 3 };
	struct iommu_ctx s2 = { .stage2 = true, .root = 0x7f000000, .ias = 40, .level = 1,
				.root_tables = 2, .tag = 5 };

	smmu_ste_abort(ste);
	CHECK(bits(ste[0], 0, 0) == 1 && bits(ste[0], 3, 1) == 0 && !ste[1] && !ste[2] && !ste[3],
	      "smmuv3: abort STE: V = 1, Config = 0b000, nothing else");

	smmu_ste_translate(ste, &s1, 0x4567840, 44);
	CHECK(bits(ste[0], 0, 0) == 1 && bits(ste[0], 3, 1) == 0x5 && bits(ste[0], 5, 4) == 0 &&
	      bits(ste[0], 51, 6) << 6 == 0x4567840 && bits(ste[0], 63, 59) == 0,
	      "smmuv3: stage-1 STE: V, Config = 0b101 (S1 translate, S2 bypass), S1Fmt 0, S1ContextPtr, S1CDMax 0");
	CHECK(bits(ste[1], 3, 2) == 1 && bits(ste[1], 5, 4) == 1 && bits(ste[1], 7, 6) == 3 &&
	      bits(ste[1], 27, 27) == 0 && bits(ste[1], 45, 44) == 1,
	      "smmuv3: stage-1 STE: CD fetched write-back inner shareable, no stall (S1STALLD 0), SHCFG incoming");

	smmu_ste_translate(ste, &s2, 0, 44);
	CHECK(bits(ste[0], 3, 1) == 0x6 && bits(ste[2], 15, 0) == 5,
	      "smmuv3: stage-2 STE: Config = 0b110, S2VMID = the VM's tag");
	CHECK(bits(ste[2], 37, 32) == 24 && bits(ste[2], 39, 38) == 1 && bits(ste[2], 41, 40) == 1 &&
	      bits(ste[2], 43, 42) == 1 && bits(ste[2], 45, 44) == 3 && bits(ste[2], 47, 46) == 0 &&
	      bits(ste[2], 50, 48) == 4 && bits(ste[2], 51, 51) == 1 && bits(ste[2], 58, 58) == 1,
	      "smmuv3: stage-2 STE: S2T0SZ 24, S2SL0 1 (level 1), WB ISH walks, 4 KiB, S2PS 44 bits, AArch64, faults recorded");
	CHECK(bits(ste[3], 51, 4) << 4 == 0x7f000000 && bits(ste[3], 3, 0) == 0,
	      "smmuv3: stage-2 STE: S2TTB is the VM's stage-2 root");

	smmu_cd(cd, &s1, 44);
	CHECK(bits(cd[0], 5, 0) == 24 && bits(cd[0], 7, 6) == 0 && bits(cd[0], 9, 8) == 1 &&
	      bits(cd[0], 11, 10) == 1 && bits(cd[0], 13, 12) == 3 && bits(cd[0], 14, 14) == 0 &&
	      bits(cd[0], 30, 30) == 1,
	      "smmuv3: CD: T0SZ 24 (40-bit DMA addresses), TG0 4 KiB, WB ISH walks, TTB0 on, TTB1 off (EPD1)");
	CHECK(bits(cd[0], 31, 31) == 1 && bits(cd[0], 34, 32) == 4 && bits(cd[0], 41, 41) == 1 &&
	      bits(cd[0], 44, 44) == 0 && bits(cd[0], 45, 45) == 1 && bits(cd[0], 46, 46) == 1 &&
	      bits(cd[0], 63, 48) == 3,
	      "smmuv3: CD: V, IPS 44 bits, AArch64, no stall, faults recorded (R) and aborted (A), ASID = tag");
	CHECK(bits(cd[1], 51, 4) << 4 == 0x12345000 && cd[3] == 0xff04,
	      "smmuv3: CD: TTB0 is the DMA tables' root, MAIR as Tessera's descriptors index it");

	CHECK(smmu_l1_desc(0x87654000) == (0x87654000 | 9),
	      "smmuv3: level-1 descriptor: L2Ptr, Span 9 (256 STEs)");
	CHECK(smmu_addr_size(32) == 0 && smmu_addr_size(40) == 2 && smmu_addr_size(44) == 4 &&
	      smmu_addr_size(48) == 5 && smmu_addr_size(52) == 6 && smmu_addr_size(46) == 4,
	      "smmuv3: address sizes encode as the spec's IPS/PS table (rounded down)");

	smmu_cmd_cfgi_ste(cmd, 0x10);
	CHECK(bits(cmd[0], 7, 0) == 0x03 && bits(cmd[0], 63, 32) == 0x10 && cmd[1] == 1,
	      "smmuv3: CMD_CFGI_STE: opcode 0x03, StreamID, Leaf");
	smmu_cmd_cfgi_all(cmd);
	CHECK(bits(cmd[0], 7, 0) == 0x04 && bits(cmd[1], 4, 0) == 31,
	      "smmuv3: CMD_CFGI_ALL: opcode 0x04 with Range 31");
	smmu_cmd_tlbi_nsnh_all(cmd);
	CHECK(cmd[0] == 0x30 && cmd[1] == 0, "smmuv3: CMD_TLBI_NSNH_ALL: opcode 0x30");
	smmu_cmd_sync(cmd);
	CHECK(bits(cmd[0], 7, 0) == 0x46 && bits(cmd[0], 13, 12) == 0,
	      "smmuv3: CMD_SYNC: opcode 0x46, completion signalled by nothing but CONS");

	const uint64_t fault[SMMU_EVT_DWORDS] = { 0x10ULL | 0x10ULL << 32, 1ULL << 35, 0x7f200024, 0 };
	const uint64_t write[SMMU_EVT_DWORDS] = { 0x10ULL | 0x8ULL << 32, 0, 0x40200000, 0 };
	const uint64_t bad_ste[SMMU_EVT_DWORDS] = { 0x04ULL | 0x123ULL << 32, 0, 0xdead, 0 };
	struct smmu_event e;

	smmu_event_decode(fault, &e);
	CHECK(e.type == SMMU_EVT_F_TRANSLATION && e.sid == 0x10 && e.read && e.addr == 0x7f200024,
	      "smmuv3: F_TRANSLATION event: type, StreamID, RnW (read), input address");
	smmu_event_decode(write, &e);
	CHECK(e.sid == 8 && !e.read && e.addr == 0x40200000, "smmuv3: a write fault reads as a write");
	smmu_event_decode(bad_ste, &e);
	CHECK(e.type == SMMU_EVT_C_BAD_STE && e.sid == 0x123 && e.addr == 0,
	      "smmuv3: C_BAD_STE event: no address taken from a record that has none");
	CHECK(smmu_event_name(SMMU_EVT_F_PERMISSION) && smmu_event_name(0x7e) == NULL,
	      "smmuv3: events have names, unknown types none");
	return check_status();
}
