/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMMUv3 (Arm IHI 0070) in-memory structures: the stream table entries,
 * context descriptors and commands Tessera writes, the event records it
 * reads. Pure encoders (drivers/smmuv3_desc.c), shared by the driver and
 * the host unit tests.
 */
#ifndef TESSERA_SMMUV3_H
#define TESSERA_SMMUV3_H

#include <stdbool.h>
#include <stdint.h>

struct iommu_ctx;

#define SMMU_STE_DWORDS 8
#define SMMU_CD_DWORDS 8
#define SMMU_CMD_DWORDS 2
#define SMMU_EVT_DWORDS 4
/* Two-level stream tables: 2^8 STEs (16 KiB) per level-2 table. */
#define SMMU_STRTAB_SPLIT 8

/* STE.Config */
#define SMMU_STE_CFG_ABORT 0x0
#define SMMU_STE_CFG_S1 0x5     /* stage 1 translates, stage 2 bypassed */
#define SMMU_STE_CFG_S2 0x6     /* stage 1 bypassed, stage 2 translates */

/* Event types (IHI 0070 7.3) Tessera names. */
#define SMMU_EVT_C_BAD_STREAMID 0x02
#define SMMU_EVT_F_STE_FETCH 0x03
#define SMMU_EVT_C_BAD_STE 0x04
#define SMMU_EVT_F_STREAM_DISABLED 0x06
#define SMMU_EVT_F_TRANSL_FORBIDDEN 0x07
#define SMMU_EVT_C_BAD_CD 0x0a
#define SMMU_EVT_F_WALK_EABT 0x0b
#define SMMU_EVT_F_TRANSLATION 0x10
#define SMMU_EVT_F_ADDR_SIZE 0x11
#define SMMU_EVT_F_ACCESS 0x12
#define SMMU_EVT_F_PERMISSION 0x13

/* A stream that must not reach memory at all: valid, Config = abort (no event). */
void smmu_ste_abort(uint64_t ste[SMMU_STE_DWORDS]);
/*
 * A stream translated by ctx: stage 1 through the context descriptor at
 * cd_pa (one, no substreams), or stage 2 through ctx's tables (VMID =
 * ctx->tag); oas is the SMMU's output address size in bits. Faults are
 * recorded as events and the transaction is terminated with an abort.
 */
void smmu_ste_translate(uint64_t ste[SMMU_STE_DWORDS], const struct iommu_ctx *ctx,
			uint64_t cd_pa, unsigned oas);
/* The stage-1 context descriptor for ctx (ASID = ctx->tag, MAIR as Tessera's tables use). */
void smmu_cd(uint64_t cd[SMMU_CD_DWORDS], const struct iommu_ctx *ctx, unsigned oas);
/* A level-1 stream table descriptor pointing at a level-2 table of 2^SMMU_STRTAB_SPLIT STEs. */
uint64_t smmu_l1_desc(uint64_t l2_pa);
/* The IPS/PS encoding of an address size in bits (32 .. 52). */
unsigned smmu_addr_size(unsigned bits);

void smmu_cmd_cfgi_ste(uint64_t cmd[SMMU_CMD_DWORDS], uint32_t sid);
void smmu_cmd_cfgi_all(uint64_t cmd[SMMU_CMD_DWORDS]);
void smmu_cmd_tlbi_nsnh_all(uint64_t cmd[SMMU_CMD_DWORDS]);
void smmu_cmd_sync(uint64_t cmd[SMMU_CMD_DWORDS]);

struct smmu_event {
	unsigned type;
	uint32_t sid;
	uint64_t addr;          /* the input address (faults with one), else 0 */
	bool read;
};
void smmu_event_decode(const uint64_t evt[SMMU_EVT_DWORDS], struct smmu_event *e);
/* "translation fault", ...; NULL for a type without a name here. */
const char *smmu_event_name(unsigned type);

#endif
