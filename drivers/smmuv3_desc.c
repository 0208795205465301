/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMMUv3 structures, field by field (Arm IHI 0070: 5.2 STE, 5.4 CD, 4 the
 * commands, 7.3 the events). Nothing here touches hardware.
 */
#include <string.h>
#include <tessera/iommu.h>
#include <tessera/smmuv3.h>

#include "../arch/lpae/lpae.h"

#define FIELD(v, lo) ((uint64_t)(v) << (lo))
#define ADDR(pa, lo) ((pa) & (((1ULL << 52) - 1) & ~((1ULL << (lo)) - 1)))

/* STE dword 0 */
#define STE0_V FIELD(1, 0)
#define STE0_CONFIG(c) FIELD(c, 1)
/* dword 1: S1CIR/S1COR/S1CSH (how the CD is fetched), SHCFG */
#define STE1_S1CIR_WBRA FIELD(1, 2)
#define STE1_S1COR_WBRA FIELD(1, 4)
#define STE1_S1CSH_ISH FIELD(3, 6)
#define STE1_SHCFG_INCOMING FIELD(1, 44)
/* dword 2: S2VMID, then the VTCR-like fields from bit 32 */
#define STE2_S2T0SZ(t) FIELD(t, 32)
#define STE2_S2SL0(l) FIELD(l, 38)
#define STE2_S2IR0_WBRA FIELD(1, 40)
#define STE2_S2OR0_WBRA FIELD(1, 42)
#define STE2_S2SH0_ISH FIELD(3, 44)
#define STE2_S2PS(ps) FIELD(ps, 48)
#define STE2_S2AA64 FIELD(1, 51)
#define STE2_S2R FIELD(1, 58)   /* record faults */

/* CD dword 0 */
#define CD0_T0SZ(t) FIELD(t, 0)
#define CD0_IRGN0_WBRA FIELD(1, 8)
#define CD0_ORGN0_WBRA FIELD(1, 10)
#define CD0_SH0_ISH FIELD(3, 12)
#define CD0_EPD1 FIELD(1, 30)   /* no TTB1 walks */
#define CD0_V FIELD(1, 31)
#define CD0_IPS(ps) FIELD(ps, 32)
#define CD0_AA64 FIELD(1, 41)
#define CD0_R FIELD(1, 45)      /* record faults */
#define CD0_A FIELD(1, 46)      /* abort (not stall) on a fault */
#define CD0_ASET FIELD(1, 47)   /* ASID not shared with the CPUs' TLBs */
#define CD0_ASID(a) FIELD(a, 48)

/* Commands */
#define CMD_CFGI_STE 0x03
#define CMD_CFGI_ALL 0x04       /* CFGI_STE_RANGE with Range = 31 */
#define CMD_TLBI_NSNH_ALL 0x30
#define CMD_SYNC 0x46

void smmu_ste_abort(uint64_t ste[SMMU_STE_DWORDS])
{
	memset(ste, 0, SMMU_STE_DWORDS * 8);
	ste[0] = STE0_V | STE0_CONFIG(SMMU_STE_CFG_ABORT);
}

void smmu_ste_translate(uint64_t ste[SMMU_STE_DWORDS], const struct iommu_ctx *ctx,
			uint64_t cd_pa, unsigned oas)
{
	memset(ste, 0, SMMU_STE_DWORDS * 8);
	ste[1] = STE1_SHCFG_INCOMING;
	if (ctx->stage2) {
		/* SL0 for a 4 KiB granule: 0 starts at level 2, 1 at level 1, 2 at level 0. */
		ste[0] = STE0_V | STE0_CONFIG(SMMU_STE_CFG_S2);
		ste[2] = ctx->tag | STE2_S2T0SZ(64 - ctx->ias) | STE2_S2SL0(2 - ctx->level) |
			 STE2_S2IR0_WBRA | STE2_S2OR0_WBRA | STE2_S2SH0_ISH |
			 STE2_S2PS(smmu_addr_size(oas)) | STE2_S2AA64 | STE2_S2R;
		ste[3] = ADDR(ctx->root, 4);
		return;
	}
	/* S1Fmt 0, S1CDMax 0: one context descriptor, at cd_pa. */
	ste[0] = STE0_V | STE0_CONFIG(SMMU_STE_CFG_S1) | ADDR(cd_pa, 6);
	ste[1] |= STE1_S1CIR_WBRA | STE1_S1COR_WBRA | STE1_S1CSH_ISH;
}

void smmu_cd(uint64_t cd[SMMU_CD_DWORDS], const struct iommu_ctx *ctx, unsigned oas)
{
	memset(cd, 0, SMMU_CD_DWORDS * 8);
	/* TG0 = 0: 4 KiB granule; TTB0 walks start where T0SZ puts them. */
	cd[0] = CD0_T0SZ(64 - ctx->ias) | CD0_IRGN0_WBRA | CD0_ORGN0_WBRA | CD0_SH0_ISH |
		CD0_EPD1 | CD0_V | CD0_IPS(smmu_addr_size(oas)) | CD0_AA64 | CD0_R | CD0_A |
		CD0_ASET | CD0_ASID(ctx->tag);
	cd[1] = ADDR(ctx->root, 4);
	cd[3] = LPAE_MAIR_VALUE;
}

uint64_t smmu_l1_desc(uint64_t l2_pa)
{
	/* Span = log2(STEs) + 1 */
	return FIELD(SMMU_STRTAB_SPLIT + 1, 0) | ADDR(l2_pa, 6);
}

unsigned smmu_addr_size(unsigned bits)
{
	static const unsigned sizes[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned i = 0;

	while (i + 1 < sizeof(sizes) / sizeof(sizes[0]) && sizes[i + 1] <= bits) {
		i++;
	}
	return i;
}

void smmu_cmd_cfgi_ste(uint64_t cmd[SMMU_CMD_DWORDS], uint32_t sid)
{
	cmd[0] = CMD_CFGI_STE | FIELD(sid, 32);
	cmd[1] = 1;             /* Leaf: only the STE, not what it points to */
}

void smmu_cmd_cfgi_all(uint64_t cmd[SMMU_CMD_DWORDS])
{
	cmd[0] = CMD_CFGI_ALL;
	cmd[1] = 31;            /* Range 31: every stream */
}

void smmu_cmd_tlbi_nsnh_all(uint64_t cmd[SMMU_CMD_DWORDS])
{
	cmd[0] = CMD_TLBI_NSNH_ALL;
	cmd[1] = 0;
}

void smmu_cmd_sync(uint64_t cmd[SMMU_CMD_DWORDS])
{
	cmd[0] = CMD_SYNC;      /* CS = 0: completion is seen in CMDQ_CONS */
	cmd[1] = 0;
}

void smmu_event_decode(const uint64_t evt[SMMU_EVT_DWORDS], struct smmu_event *e)
{
	e->type = (unsigned)(evt[0] & 0xff);
	e->sid = (uint32_t)(evt[0] >> 32);
	e->read = (evt[1] >> 35) & 1;
	e->addr = 0;
	if (e->type == SMMU_EVT_F_TRANSL_FORBIDDEN ||
	    (e->type >= SMMU_EVT_F_WALK_EABT && e->type <= SMMU_EVT_F_PERMISSION)) {
		e->addr = evt[2];
	}
}

const char *smmu_event_name(unsigned type)
{
	switch (type) {
	case SMMU_EVT_C_BAD_STREAMID: return "no stream table entry";
	case SMMU_EVT_F_STE_FETCH: return "stream table fetch failed";
	case SMMU_EVT_C_BAD_STE: return "stream owned by no VM";
	case SMMU_EVT_F_STREAM_DISABLED: return "stream disabled";
	case SMMU_EVT_F_TRANSL_FORBIDDEN: return "translation forbidden";
	case SMMU_EVT_C_BAD_CD: return "bad context descriptor";
	case SMMU_EVT_F_WALK_EABT: return "table walk abort";
	case SMMU_EVT_F_TRANSLATION: return "translation fault";
	case SMMU_EVT_F_ADDR_SIZE: return "address size fault";
	case SMMU_EVT_F_ACCESS: return "access flag fault";
	case SMMU_EVT_F_PERMISSION: return "permission fault";
	default: return NULL;
	}
}
