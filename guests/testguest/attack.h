// SPDX-License-Identifier: Apache-2.0
/*
 * The isolation catalogue (docs/isolation.md): test=attack runs the attacks
 * (test_attack.c: memory, devices, GIC, firmware calls; test_attack_cpu.c:
 * the CPU's own state), test=victim is the VM beside it that must not
 * notice (test_victim.c). This header holds what they share: the victim's
 * memory pattern, the pieces of test=ticker and test=gic-abuse they reuse,
 * and the arch-specific attacks each arch/<arch>/attack.c implements, so
 * that the shared C needs no #ifdef.
 */
#ifndef ATTACK_H
#define ATTACK_H

#include "testguest.h"

/*
 * The victim's checksummed buffer, at the same IPA in both VMs: the
 * attacker scans its own copy of these addresses for the victim's data.
 */
#define VICTIM_BUF_IPA 0x40400000ul
#define VICTIM_BUF_SIZE 0x400000ul

/* The victim's word at ipa: never 0, so scrubbed memory never matches. */
static inline uint32_t victim_word(uintptr_t ipa)
{
	uint32_t x = (uint32_t)ipa * 0x9e3779b1u ^ 0x5ca1ab1eu;

	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	return x | 1u;
}

/* test_timer.c: the 100 Hz virtual-timer tick of test=ticker (GIC set up). */
uint64_t ticker_start(uint64_t seconds); /* returns the counter at the start */
uint32_t ticker_ticks(void);
/* Waits for the last tick, stops, prints "<who>: done, ..." and PASS/FAIL (2%). */
bool ticker_report(const char *who, uint64_t seconds);

/*
 * test_gic_abuse.c: an SGI counter (a handler for SGIs 0-15) and the GIC
 * abuse steps, each returning its verdict and a one-line account in msg.
 */
void sgi_counter_install(void);
uint32_t sgi_counter_total(void);
const char *sgi_counter_list(void);
void gic_abuse_seed(uint32_t seed);
uint32_t gic_abuse_rnd(void);				 /* xorshift32 */
unsigned int gic_abuse_scribble(char *msg, size_t size); /* returns the faulted accesses */
bool gic_abuse_absent_sgis(char *msg, size_t size);	 /* all SGIs enabled first */
bool gic_abuse_storm(uint32_t n, unsigned int seconds, char *msg, size_t size);
bool gic_abuse_foreign_spis(char *msg, size_t size);

/* test_attack.c: fault capture around single accesses, and the targets. */
void attack_arm(void);	  /* arms tg_fault */
bool attack_disarm(void); /* true if a fault was taken since attack_arm() */
/* Host addresses (Tessera's boot log): the victim's RAM, this VM's, Tessera's image. */
extern uint64_t attack_victim, attack_self, attack_hyp;
#define PSCI_VERSION_1_1 0x10001

/* Appends printf-style to the NUL-terminated buf of size bytes. */
#define ATTACK_ADD(buf, size, ...)                                                                 \
	do {                                                                                       \
		size_t l_ = strlen(buf);                                                           \
		tg_snprintf((buf) + l_, (size)-l_, __VA_ARGS__);                                   \
	} while (0)

/* test_attack_cpu.c: the attacks on the CPU's own state, run by test_attack.c. */
bool attack_el2_regs(char *how, size_t size);
bool attack_trapped_regs(char *how, size_t size);
bool attack_sgi_regs(char *how, size_t size);
bool attack_mode_escape(char *how, size_t size);
bool attack_stage1_map(char *how, size_t size);
bool attack_stage1_walk(char *how, size_t size);
bool attack_cache_by_va(char *how, size_t size);
bool attack_set_way(char *how, size_t size);
bool attack_debug(char *how, size_t size);
bool attack_pmu(char *how, size_t size);
bool attack_timer_storm(char *how, size_t size);
bool attack_wfx(char *how, size_t size);

/*
 * arch/<arch>/attack.c. A register probe reads and/or writes one system
 * register (or runs one system instruction); REG_UNDEF ones must be
 * UNDEFINED, REG_NO_EFFECT ones UNDEFINED or the write must not stick (the
 * write flips `value`'s bits of what the read gave), REG_WRITE_ONLY ones are
 * UNDEFINED or accepted (their effect is judged elsewhere).
 */
enum reg_kind { REG_UNDEF, REG_NO_EFFECT, REG_WRITE_ONLY };

struct reg_probe {
	const char *name;
	enum reg_kind kind;
	uint64_t (*read)(void);	   /* NULL: write-only */
	void (*write)(uint64_t v); /* NULL: read-only */
	uint64_t value;
};

struct reg_probes {
	const struct reg_probe *p;
	unsigned int n;
};

/* An access or maintenance instruction on one address; must_abort: it writes there. */
struct addr_op {
	const char *name;
	void (*op)(uintptr_t addr);
	bool must_abort;
};

struct addr_ops {
	const struct addr_op *p;
	unsigned int n;
};

extern const struct reg_probes arch_el2_regs;	  /* EL2/Hyp and EL3/Monitor state */
extern const struct reg_probes arch_trapped_regs; /* what HCR_EL2.TACR/TIDCP trap */
extern const struct reg_probes arch_sgi_regs;	  /* SGI registers other than ICC_SGI1R */
extern const struct addr_ops arch_isvless_ops;	/* accesses without a syndrome (pair, writeback) */
extern const struct addr_ops arch_cache_va_ops; /* cache maintenance (and DC ZVA) by VA */

/* The instruction that fills memory "with no code": permanently undefined. */
extern const uint32_t arch_udf_insn;
/* Branch with link to target (blr/blx); see tg_fault.resume_lr. */
void arch_jump(uintptr_t target);
/* What the last caught fault was: "data abort", "prefetch abort", "undefined", ... */
const char *arch_fault_kind(void);

/*
 * The FP/SIMD registers as this VM found them (the guest itself never uses
 * them): how many of the 32 (V0-V31, D0-D31) are not zero; *sample gets
 * the first such 64 bits. Access is enabled for the read and then dropped.
 */
unsigned int arch_fp_residue(uint64_t *sample);
/* Fill all 32 FP/SIMD registers with pattern (a restart must not leave it). */
void arch_fp_fill(uint64_t pattern);

/* SMCCC over HVC/SMC with a non-zero immediate. */
int64_t arch_hvc_imm(uint64_t fn);
int64_t arch_smc_imm(uint64_t fn);
/*
 * test=flood: one trapped instruction Tessera refuses as undefined (arm64:
 * an ACTLR_EL1 read, trapped by HCR_EL2.TACR); true if the undefined
 * exception came. arm32: false, there is none (QEMU implements no
 * HCR.TIDCP, and ACTLR is emulated).
 */
bool arch_flood_undef(void);

/* Exception returns and mode changes to EL2/EL3 (Hyp/Monitor); returns how many worked. */
unsigned int arch_mode_escape(char *how, size_t size);

/*
 * Stage 1 with the long-descriptor format (arm64 4 KiB granule, arm32
 * LPAE; the descriptors are the same): ttbr0 translates VA 0-4 GiB with a
 * level-1 table; ttbr1, if not 0, the range from arch_ttbr1_va up.
 */
void arch_mmu_on(uint64_t ttbr0, uint64_t ttbr1);
void arch_mmu_off(void);
extern const uintptr_t arch_ttbr1_va;

/* Data-cache maintenance by set/way over every level, three passes; returns the ops. */
unsigned int arch_set_way_all(void);
/* Inner-shareable broadcasts: I-cache and TLB invalidation (and branch predictor). */
void arch_broadcast_maintenance(void);

/*
 * Self-hosted debug (ARM ARM D2): watchpoint/breakpoint n on addr. mask:
 * the watchpoint covers 2^mask bytes (0: the 8 bytes at addr). el2: match
 * at EL2 (Hyp mode) only (HMC=1, SSC=0b11, PxC=0b00), else EL1 (PL1) only.
 */
void arch_debug_on(void);
void arch_debug_off(void); /* also disables every breakpoint and watchpoint */
void arch_watch(unsigned int n, uintptr_t addr, unsigned int mask, bool el2);
void arch_break(unsigned int n, uintptr_t addr, bool el2);
void arch_bp_target(void); /* a nop and a return, for the EL1 breakpoint */

/*
 * PMU: reset every counter of this CPU (PMCR.P and C); the cycle counter,
 * counting at EL0/EL1 (PL0/PL1) or at EL2 (Hyp mode) only. On arm32 it
 * counts every 64th cycle (PMCR.D), so that 32 bits last minutes.
 */
void arch_pmu_reset_all(void);
void arch_pmu_cycles_on(bool el2_only);
uint64_t arch_pmu_cycles(void);

#endif
