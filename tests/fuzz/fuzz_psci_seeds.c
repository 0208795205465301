/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PSCI fuzz target's seeds, written in its input format by
 * LLVMFuzzerInitialize when FUZZ_WRITE_SEEDS=<dir> is set (into <dir>/seeds;
 * <dir>/regress would hold one input per bug found: none so far).
 */
#include <tessera/hyp.h>

#include "fuzz_psci.h"

/* nr vCPUs, the arm32 entry rule or not, vCPUs 1-7 running; memory: one range (or two). */
static void s_vm(struct seed *s, unsigned nr, bool a32, uint8_t on, unsigned nr_mem)
{
	put_u8(s, (uint8_t)((nr - 1) | (a32 ? 8 : 0) | (nr_mem - 1) << 4));
	put_u8(s, on);
	for (unsigned i = 0; i < nr_mem; i++) {
		if (a32) {
			put_u8(s, 1);       /* just under 4 GiB */
			put_u16(s, 0x3fff); /* 64 MiB */
		} else {
			put_u8(s, (uint8_t)(4 * i)); /* base 1 GiB + 4 MiB * i */
			put_u16(s, 0xfff);           /* 16 MiB */
			put_u16(s, 4);
		}
	}
}

static uint8_t fid_index(uint32_t fid)
{
	for (unsigned i = 0; i < nr_fids; i++) {
		if (fids[i] == fid) {
			return (uint8_t)i;
		}
	}
	abort();
}

static void s_head(struct seed *s, unsigned v, enum conduit c, bool flag, uint32_t fid)
{
	put_u8(s, OPC_CALL);
	put_u8(s, (uint8_t)v);
	put_u8(s, (uint8_t)(c | (flag ? 4 : 0)));
	put_u8(s, fid_index(fid));
	put_u16(s, c == BY_HVC_IMM ? 5 : 0);
}

/* A target for pick_mpidr: vCPU aff0, with Aff1 = aff1 when that is not 0. */
static void s_mpidr(struct seed *s, unsigned aff0, unsigned aff1)
{
	put_u8(s, (uint8_t)(aff0 | (aff1 ? 0x40 : 0)));
	if (aff1) {
		put_u8(s, 0);
		put_u8(s, (uint8_t)aff1);
		put_u8(s, 0);
	}
}

/* CPU_ON of vCPU aff0 (Aff1 aff1), at entry mode `entry` (pick_entry) of range 0. */
static void s_cpu_on(struct seed *s, unsigned v, enum conduit c, uint32_t fid, unsigned aff0,
		     unsigned aff1, unsigned entry, uint32_t off, uint64_t context)
{
	s_head(s, v, c, false, fid);
	s_mpidr(s, aff0, aff1);
	put_u8(s, (uint8_t)entry);
	put_u32(s, off);
	if (entry == 5) {
		put_u32(s, 1); /* upper half of a 32-bit call's entry */
	} else if (entry >= 6) {
		put_u64(s, off);
	}
	put_u64(s, context);
}

static void s_affinity(struct seed *s, unsigned v, unsigned aff0, int level)
{
	s_head(s, v, BY_HVC0, level >= 0, PSCI_AFFINITY_INFO);
	s_mpidr(s, aff0, 0);
	if (level >= 0) {
		put_u8(s, (uint8_t)level);
	}
	put_u64(s, 0);
}

/* Any other call, with x1 as given. */
static void s_call(struct seed *s, unsigned v, enum conduit c, uint32_t fid, uint64_t x1)
{
	s_head(s, v, c, true, fid);
	put_u64(s, x1);
	put_u64(s, 0x1234);
	put_u64(s, 0);
}

static void s_enter(struct seed *s)
{
	put_u8(s, OPC_ENTER);
	put_u8(s, 0);
}

void write_seeds(const char *dir)
{
	char sub[400];
	struct seed s;

	snprintf(sub, sizeof(sub), "%s/seeds", dir);

	/* Linux bringing up its secondaries, one going off and on again. */
	s = (struct seed){ 0 };
	s_vm(&s, 4, false, 0, 1);
	for (unsigned t = 1; t < 4; t++) {
		s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, t, 0, 0, 0x1000 * t, 0xc0de0000 + t);
		s_affinity(&s, 0, t, -1);
		s_enter(&s);
	}
	s_call(&s, 3, BY_HVC0, PSCI_CPU_OFF, 0);
	s_affinity(&s, 0, 3, -1);
	s_cpu_on(&s, 1, BY_SMC, PSCI_CPU_ON | FID_64, 3, 0, 0, 0x2000, 7);
	s_cpu_on(&s, 2, BY_HVC0, PSCI_CPU_ON | FID_64, 3, 0, 0, 0x3000, 8);
	s_enter(&s);
	s_cpu_on(&s, 2, BY_HVC0, PSCI_CPU_ON | FID_64, 3, 0, 0, 0x3000, 8);
	seed_write(sub, "smp-boot", &s);

	/* Discovery: versions; PSCI_FEATURES and SMCCC_ARCH_FEATURES of calls, real or not. */
	s = (struct seed){ 0 };
	s_vm(&s, 1, false, 0, 1);
	s_call(&s, 0, BY_HVC0, PSCI_VERSION, 0);
	s_call(&s, 0, BY_SMC, SMCCC_VERSION, 0);
	for (unsigned i = 0; i < nr_fids; i += 3) {
		s_call(&s, 0, BY_HVC0, PSCI_FEATURES, fids[i]);
	}
	s_call(&s, 0, BY_HVC0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES);
	s_call(&s, 0, BY_HVC0, SMCCC_ARCH_FEATURES, 0x80008000);
	s_call(&s, 0, BY_HVC0, PSCI_MIGRATE_INFO_TYPE, 0);
	s_call(&s, 0, BY_HVC0, PSCI_CPU_SUSPEND | FID_64, 0x10000);
	seed_write(sub, "discovery", &s);

	/* Arguments PSCI must refuse. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, false, 0, 2);
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 9, 0, 0, 0, 0);      /* no such vCPU */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 1, 1, 0, 0, 0);      /* Aff1 set */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 1, 0, 1, 0x1002, 0); /* misaligned */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 1, 0, 2, 4, 0);      /* past the end */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 1, 0, 3, 0, 0);      /* before the start */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 1, 0, 4, 0x100, 0);  /* Thumb bit */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON, 1, 0, 5, 0x100,
		 0xffffffff00000001ull);                                   /* SMC32: upper halves */
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON | FID_64, 0, 0, 0, 0x100, 0); /* itself */
	s_affinity(&s, 0, 1, 1);                                           /* level 1 */
	s_call(&s, 0, BY_HVC_IMM, PSCI_VERSION, 0);                        /* HVC #5 */
	s_call(&s, 0, BY_SMC, PSCI_CPU_OFF | FID_64, 0);
	s_call(&s, 0, BY_HVC0, 0xc400000e, 0);
	seed_write(sub, "refusals", &s);

	/* Resets: SYSTEM_RESET2 of each kind, SYSTEM_RESET, SYSTEM_OFF. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, false, 0x2, 1);
	s_call(&s, 1, BY_HVC0, PSCI_SYSTEM_RESET2, RESET2_VENDOR | 3);
	s_call(&s, 1, BY_HVC0, PSCI_SYSTEM_RESET2 | FID_64, 1);
	s_call(&s, 1, BY_SMC, PSCI_SYSTEM_RESET2 | FID_64, 0xffffffff00000000ull);
	s_enter(&s);
	s_call(&s, 0, BY_HVC0, PSCI_SYSTEM_RESET, 0);
	s_enter(&s);
	s_call(&s, 0, BY_HVC0, PSCI_SYSTEM_OFF, 0);
	put_u8(&s, 0x2); /* the next life: vCPU 1 runs too */
	s_call(&s, 1, BY_HVC0, PSCI_CPU_OFF, 0);
	seed_write(sub, "resets", &s);

	/* An arm32 VM under 4 GiB: Thumb entry points. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, true, 0, 1);
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON, 1, 0, 4, 0x8000, 1);
	s_enter(&s);
	s_call(&s, 1, BY_HVC0, PSCI_CPU_OFF, 0);
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON, 1, 0, 1, 0x8002, 2);
	s_cpu_on(&s, 0, BY_HVC0, PSCI_CPU_ON, 1, 0, 2, 2, 3);
	seed_write(sub, "arm32", &s);
}
