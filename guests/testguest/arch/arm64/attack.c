// SPDX-License-Identifier: Apache-2.0
/*
 * The AArch64 instructions of test=attack (attack.h, docs/isolation.md):
 * EL2/EL3 system registers and instructions (each UNDEFINED at EL1, as
 * its description in the ARM ARM says), the registers Tessera traps with HCR_EL2.TACR and TIDCP, the GICv3
 * SGI registers other than ICC_SGI1R_EL1, loads and stores without an
 * instruction syndrome, cache maintenance by VA and by set/way, illegal
 * exception returns, stage-1 control, the debug and PMU registers, and the
 * HVC/SMC immediates. Each register access is one instruction, so the
 * fault handler can skip it.
 */
#include "attack.h"

#define EC_SHIFT 26
#define EC_MASK 0x3fu
#define EC_UNKNOWN 0x00u
#define EC_ILLEGAL_STATE 0x0eu
#define EC_IABT_LOW 0x20u
#define EC_IABT_CUR 0x21u
#define EC_DABT_LOW 0x24u
#define EC_DABT_CUR 0x25u
#define EC_BREAKPOINT_CUR 0x31u
#define EC_WATCHPOINT_CUR 0x35u
#define CURRENT_EL_SHIFT 2

#define HCR_RW (1ull << 31)
#define ICC_SGI_IRM (1ull << 40)
#define ICC_SGI_INTID(n) ((uint64_t)(n) << 24)

/* Accessor pairs, one instruction each. */
#define SYSREG(id, reg)                                                                            \
	static uint64_t rd_##id(void)                                                              \
	{                                                                                          \
		return read_sysreg(reg);                                                           \
	}                                                                                          \
	static void wr_##id(uint64_t v)                                                            \
	{                                                                                          \
		write_sysreg(reg, v);                                                              \
	}
#define SYSOP(id, insn)                                                                            \
	static void op_##id(uint64_t v)                                                            \
	{                                                                                          \
		__asm__ volatile(insn : : "r"(v) : "memory");                                      \
	}
#define SYSOP0(id, insn)                                                                           \
	static void op_##id(uint64_t v)                                                            \
	{                                                                                          \
		(void)v;                                                                           \
		__asm__ volatile(insn ::: "memory");                                               \
	}
/* clang-format off */
#define RW(name, id, kind, v) { name, kind, rd_##id, wr_##id, v }
#define OP(name, id, v) { name, REG_UNDEF, NULL, op_##id, v }
/* clang-format on */

extern char tg_vectors[];

SYSREG(hcr, hcr_el2)
SYSREG(vttbr, vttbr_el2)
SYSREG(vtcr, vtcr_el2)
SYSREG(vbar2, vbar_el2)
SYSREG(sctlr2, sctlr_el2)
SYSREG(ttbr0_2, ttbr0_el2)
SYSREG(tcr2, tcr_el2)
SYSREG(mdcr2, mdcr_el2)
SYSREG(cptr2, cptr_el2)
SYSREG(hstr2, hstr_el2)
SYSREG(cnthctl, cnthctl_el2)
SYSREG(cntvoff, cntvoff_el2)
SYSREG(cnthp_ctl, cnthp_ctl_el2)
SYSREG(tpidr2, tpidr_el2)
SYSREG(elr2, elr_el2)
SYSREG(spsr2, spsr_el2)
SYSREG(esr2, esr_el2)
SYSREG(hpfar, hpfar_el2)
SYSREG(vpidr, vpidr_el2)
SYSREG(vmpidr, vmpidr_el2)
SYSREG(ich_hcr, S3_4_C12_C11_0)
SYSREG(ich_vmcr, S3_4_C12_C11_7)
SYSREG(ich_lr0, S3_4_C12_C12_0)
SYSREG(icc_sre2, S3_4_C12_C9_5)
SYSREG(scr3, scr_el3)
SYSREG(vbar3, vbar_el3)
SYSREG(cntps_ctl, cntps_ctl_el1)
SYSREG(cntfrq, cntfrq_el0)
SYSOP0(tlbi_alle2, "tlbi alle2")
SYSOP0(tlbi_alle1is, "tlbi alle1is")
SYSOP0(tlbi_vmalls12e1, "tlbi vmalls12e1")
SYSOP(tlbi_ipas2e1, "tlbi ipas2e1, %0")
SYSOP(at_s12e1r, "at s12e1r, %0")
SYSOP(at_s1e2r, "at s1e2r, %0")

static const struct reg_probe el2_regs[] = {
	RW("HCR_EL2", hcr, REG_UNDEF, HCR_RW), /* stage 2 off */
	RW("VTTBR_EL2", vttbr, REG_UNDEF, 0),
	RW("VTCR_EL2", vtcr, REG_UNDEF, 0),
	RW("VBAR_EL2", vbar2, REG_UNDEF, (uintptr_t)tg_vectors),
	RW("SCTLR_EL2", sctlr2, REG_UNDEF, 0),
	RW("TTBR0_EL2", ttbr0_2, REG_UNDEF, 0),
	RW("TCR_EL2", tcr2, REG_UNDEF, 0),
	RW("MDCR_EL2", mdcr2, REG_UNDEF, 0),
	RW("CPTR_EL2", cptr2, REG_UNDEF, 0),
	RW("HSTR_EL2", hstr2, REG_UNDEF, 0xffff),
	RW("CNTHCTL_EL2", cnthctl, REG_UNDEF, 0),
	RW("CNTVOFF_EL2", cntvoff, REG_UNDEF, 0),
	RW("CNTHP_CTL_EL2", cnthp_ctl, REG_UNDEF, 1),
	RW("TPIDR_EL2", tpidr2, REG_UNDEF, 0),
	RW("ELR_EL2", elr2, REG_UNDEF, 0),
	RW("SPSR_EL2", spsr2, REG_UNDEF, 0),
	RW("ESR_EL2", esr2, REG_UNDEF, 0),
	RW("HPFAR_EL2", hpfar, REG_UNDEF, 0),
	RW("VPIDR_EL2", vpidr, REG_UNDEF, 0),
	RW("VMPIDR_EL2", vmpidr, REG_UNDEF, 0x80000001u),
	RW("ICH_HCR_EL2", ich_hcr, REG_UNDEF, 0),
	RW("ICH_VMCR_EL2", ich_vmcr, REG_UNDEF, 0),
	RW("ICH_LR0_EL2", ich_lr0, REG_UNDEF, 1ull << 62 | 27), /* a pending vINTID 27 */
	RW("ICC_SRE_EL2", icc_sre2, REG_UNDEF, 0),
	RW("SCR_EL3", scr3, REG_UNDEF, 0),
	RW("VBAR_EL3", vbar3, REG_UNDEF, 0),
	RW("CNTPS_CTL_EL1", cntps_ctl, REG_UNDEF, 1),
	RW("CNTFRQ_EL0", cntfrq, REG_NO_EFFECT, 1),
	OP("TLBI ALLE2", tlbi_alle2, 0),
	OP("TLBI ALLE1IS", tlbi_alle1is, 0),
	OP("TLBI VMALLS12E1", tlbi_vmalls12e1, 0),
	OP("TLBI IPAS2E1", tlbi_ipas2e1, 0x40000),
	OP("AT S12E1R", at_s12e1r, 0x40000000u),
	OP("AT S1E2R", at_s1e2r, 0x40200000u),
};

const struct reg_probes arch_el2_regs = { el2_regs, sizeof(el2_regs) / sizeof(el2_regs[0]) };

/* HCR_EL2.TACR and TIDCP (Cortex-A57's implementation-defined registers, TRM 4.3). */
SYSREG(actlr, actlr_el1)
SYSREG(cpuactlr, S3_1_C15_C2_0)
SYSREG(cpuectlr, S3_1_C15_C2_1)
SYSREG(l2ctlr, S3_1_C11_C0_2)
SYSREG(l2ectlr, S3_1_C11_C0_3)
SYSREG(l2actlr, S3_1_C15_C0_0)

#define CPUECTLR_SMPEN (1u << 6)

static const struct reg_probe trapped_regs[] = {
	RW("ACTLR_EL1", actlr, REG_NO_EFFECT, 1),
	RW("CPUACTLR_EL1", cpuactlr, REG_NO_EFFECT, 1),
	RW("CPUECTLR_EL1", cpuectlr, REG_NO_EFFECT, CPUECTLR_SMPEN),
	RW("L2CTLR_EL1", l2ctlr, REG_NO_EFFECT, 1),
	RW("L2ECTLR_EL1", l2ectlr, REG_NO_EFFECT, 1),
	RW("L2ACTLR_EL1", l2actlr, REG_NO_EFFECT, 1),
};

const struct reg_probes arch_trapped_regs = { trapped_regs,
					      sizeof(trapped_regs) / sizeof(trapped_regs[0]) };

/* ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 (IHI 0069 12.2): broadcast, and to CPU 1. */
SYSOP(sgi0r, "msr S3_0_C12_C11_7, %0")
SYSOP(asgi1r, "msr S3_0_C12_C11_6, %0")

static const struct reg_probe sgi_regs[] = {
	{ "ICC_SGI0R_EL1 (all but self)", REG_WRITE_ONLY, NULL, op_sgi0r,
	  ICC_SGI_IRM | ICC_SGI_INTID(1) },
	{ "ICC_SGI0R_EL1 (CPU 1)", REG_WRITE_ONLY, NULL, op_sgi0r, ICC_SGI_INTID(2) | 2u },
	{ "ICC_ASGI1R_EL1 (all but self)", REG_WRITE_ONLY, NULL, op_asgi1r,
	  ICC_SGI_IRM | ICC_SGI_INTID(3) },
};

const struct reg_probes arch_sgi_regs = { sgi_regs, sizeof(sgi_regs) / sizeof(sgi_regs[0]) };

/* No instruction syndrome (ESR_EL2.ISV = 0): pairs and writeback. */
static void stp_op(uintptr_t a)
{
	__asm__ volatile("stp %w0, %w0, [%1]" : : "r"(0xffffffffu), "r"(a) : "memory");
}

static void ldp_op(uintptr_t a)
{
	uint32_t x, y;

	__asm__ volatile("ldp %w0, %w1, [%2]" : "=&r"(x), "=&r"(y) : "r"(a) : "memory");
}

static void ldr_post_op(uintptr_t a)
{
	uint32_t x;

	__asm__ volatile("ldr %w0, [%1], #4" : "=&r"(x), "+r"(a) : : "memory");
}

static void str_pre_op(uintptr_t a)
{
	__asm__ volatile("str %w1, [%0, #4]!" : "+r"(a) : "r"(0xffffffffu) : "memory");
}

static const struct addr_op isvless[] = {
	{ "stp", stp_op, true },
	{ "ldp", ldp_op, true },
	{ "ldr post-index", ldr_post_op, true },
	{ "str pre-index", str_pre_op, true },
};

const struct addr_ops arch_isvless_ops = { isvless, sizeof(isvless) / sizeof(isvless[0]) };

#define VA_OP(id, insn)                                                                            \
	static void id(uintptr_t a)                                                                \
	{                                                                                          \
		__asm__ volatile(insn ", %0\n dsb sy" : : "r"(a) : "memory");                      \
	}
VA_OP(dc_zva, "dc zva")
VA_OP(dc_civac, "dc civac")
VA_OP(dc_cvac, "dc cvac")
VA_OP(dc_ivac, "dc ivac")
VA_OP(ic_ivau, "ic ivau")

static const struct addr_op cache_va[] = {
	{ "DC ZVA", dc_zva, true },    { "DC CIVAC", dc_civac, false },
	{ "DC CVAC", dc_cvac, false }, { "DC IVAC", dc_ivac, false },
	{ "IC IVAU", ic_ivau, false },
};

const struct addr_ops arch_cache_va_ops = { cache_va, sizeof(cache_va) / sizeof(cache_va[0]) };

/* CPACR_EL1.FPEN = 0b11: FP/SIMD at EL1 and EL0 without trapping. */
#define CPACR_FPEN (3ull << 20)
#define FP_REGS 32u

static uint64_t fp_regs[2 * FP_REGS] __attribute__((aligned(16)));

/* One instruction for all of V0-V31, from or to fp_regs: op is "stp" or "ldp". */
#define FP_ALL(op)                                                                             \
	"isb\n" op " q0, q1, [%0, #0]\n " op " q2, q3, [%0, #32]\n " op " q4, q5, [%0, #64]\n " op \
	" q6, q7, [%0, #96]\n " op " q8, q9, [%0, #128]\n " op " q10, q11, [%0, #160]\n " op         \
	" q12, q13, [%0, #192]\n " op " q14, q15, [%0, #224]\n " op " q16, q17, [%0, #256]\n " op   \
	" q18, q19, [%0, #288]\n " op " q20, q21, [%0, #320]\n " op " q22, q23, [%0, #352]\n " op   \
	" q24, q25, [%0, #384]\n " op " q26, q27, [%0, #416]\n " op " q28, q29, [%0, #448]\n " op   \
	" q30, q31, [%0, #480]\n"

/* Copy the 32 registers to fp_regs (or load them from it), with access enabled just for that. */
static void fp_transfer(bool load)
{
	uint64_t cpacr = read_sysreg(cpacr_el1);

	write_sysreg(cpacr_el1, cpacr | CPACR_FPEN);
	if (load) {
		__asm__ volatile(FP_ALL("ldp") : : "r"(fp_regs) : "memory");
	} else {
		__asm__ volatile(FP_ALL("stp") : : "r"(fp_regs) : "memory");
	}
	write_sysreg(cpacr_el1, cpacr);
	__asm__ volatile("isb" ::: "memory");
}

unsigned int arch_fp_residue(uint64_t *sample)
{
	unsigned int nonzero = 0;

	fp_transfer(false);
	*sample = 0;
	for (unsigned int i = 0; i < FP_REGS; i++) {
		uint64_t lo = fp_regs[2 * i], hi = fp_regs[2 * i + 1];

		if ((lo | hi) != 0 && nonzero++ == 0) {
			*sample = lo != 0 ? lo : hi;
		}
	}
	return nonzero;
}

void arch_fp_fill(uint64_t pattern)
{
	for (unsigned int i = 0; i < 2 * FP_REGS; i++) {
		fp_regs[i] = pattern + i;
	}
	fp_transfer(true);
}

const uint32_t arch_udf_insn = 0x00000000u; /* UDF #0 */

void arch_jump(uintptr_t target)
{
	__asm__ volatile("blr %0" : : "r"(target) : "x30", "memory");
}

const char *arch_fault_kind(void)
{
	switch ((unsigned int)(tg_fault.esr >> EC_SHIFT) & EC_MASK) {
	case EC_UNKNOWN:
		return "undefined";
	case EC_ILLEGAL_STATE:
		return "illegal state";
	case EC_IABT_LOW:
	case EC_IABT_CUR:
		return "prefetch abort";
	case EC_DABT_LOW:
	case EC_DABT_CUR:
		return "data abort";
	case EC_BREAKPOINT_CUR:
		return "breakpoint";
	case EC_WATCHPOINT_CUR:
		return "watchpoint";
	default:
		return "another exception";
	}
}

#define SMCCC_CLOBBERS                                                                             \
	"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",   \
		"x15", "x16", "x17", "memory"

int64_t arch_hvc_imm(uint64_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	__asm__ volatile("hvc #0x1234" : "+r"(x0) : : SMCCC_CLOBBERS);
	return (int64_t)x0;
}

int64_t arch_smc_imm(uint64_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	__asm__ volatile("smc #1" : "+r"(x0) : : SMCCC_CLOBBERS);
	return (int64_t)x0;
}

/*
 * ERET at EL1 to EL2, to EL3, and to AArch32 (EL1 is AArch64 here): each
 * an illegal exception return (ARM ARM D1.11.5): PSTATE.IL is set and the
 * next instruction takes an Illegal Execution state exception at EL1.
 */
#define SPSR_EL2H 0x9u
#define SPSR_EL3H 0xdu
#define SPSR_AARCH32_SVC 0x13u
#define SPSR_DAIF 0x3c0u

static unsigned int current_el(void)
{
	return (unsigned int)(read_sysreg(CurrentEL) >> CURRENT_EL_SHIFT);
}

static bool illegal_return(uint64_t spsr)
{
	attack_arm();
	__asm__ volatile("adr x9, 1f\n"
			 "msr elr_el1, x9\n"
			 "msr spsr_el1, %0\n"
			 "isb\n"
			 "eret\n"
			 "1: nop\n"
			 :
			 : "r"(spsr | SPSR_DAIF)
			 : "x9", "memory");
	bool f = attack_disarm();

	return f && ((tg_fault.esr >> EC_SHIFT) & EC_MASK) == EC_ILLEGAL_STATE && current_el() == 1;
}

unsigned int arch_mode_escape(char *how, size_t size)
{
	const uint64_t spsr[] = { SPSR_EL2H, SPSR_EL3H, SPSR_AARCH32_SVC };
	unsigned int escaped = 0;

	for (size_t i = 0; i < sizeof(spsr) / sizeof(spsr[0]); i++) {
		escaped += !illegal_return(spsr[i]);
	}
	ATTACK_ADD(how, size,
		   "ERET to EL2h, EL3h and AArch32 SVC: %u of 3 illegal returns, still "
		   "at EL%u",
		   3 - escaped, current_el());
	return escaped;
}

/* Stage 1: 39-bit VAs in both halves, 4 KiB granule, walks from level 1. */
#define TCR_T0SZ(n) ((uint64_t)(n))
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_EPD1 (1ull << 23)
#define TCR_TG1_4K (2ull << 30)
#define TCR_IPS_40 (2ull << 32)
#define VA_BITS_39 25u
#define MAIR_DEVICE_NC 0x4400ull /* attr0 Device-nGnRnE, attr1 Normal non-cacheable */
#define SCTLR_M (1ull << 0)

const uintptr_t arch_ttbr1_va = 0xffffff8000000000ul;

static void tlb_flush(void)
{
	__asm__ volatile("isb\n tlbi vmalle1\n dsb nsh\n isb" ::: "memory");
}

void arch_mmu_on(uint64_t ttbr0, uint64_t ttbr1)
{
	write_sysreg(mair_el1, MAIR_DEVICE_NC);
	write_sysreg(tcr_el1, TCR_T0SZ(VA_BITS_39) | TCR_T1SZ(VA_BITS_39) | TCR_TG1_4K |
				      TCR_IPS_40 | (ttbr1 != 0 ? 0 : TCR_EPD1));
	write_sysreg(ttbr0_el1, ttbr0);
	write_sysreg(ttbr1_el1, ttbr1);
	tlb_flush();
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M);
	__asm__ volatile("isb" ::: "memory");
}

void arch_mmu_off(void)
{
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
	tlb_flush();
}

/* Set/way over every data or unified cache level (ARM ARM D4.4.8 / K13). */
#define CLIDR_CTYPE(c, l) (((c) >> (3 * (l))) & 7u)
#define CTYPE_DATA 2u
#define MAX_LEVELS 7u

unsigned int arch_set_way_all(void)
{
	uint64_t clidr = read_sysreg(clidr_el1);
	unsigned int n = 0;

	for (unsigned int pass = 0; pass < 3; pass++) {
		for (unsigned int level = 0; level < MAX_LEVELS; level++) {
			unsigned int ctype = (unsigned int)CLIDR_CTYPE(clidr, level);

			if (ctype == 0) {
				break;
			}
			if (ctype < CTYPE_DATA) {
				continue;
			}
			write_sysreg(csselr_el1, level << 1);
			__asm__ volatile("isb" ::: "memory");
			uint64_t ccsidr = read_sysreg(ccsidr_el1);
			unsigned int line = (unsigned int)(ccsidr & 7u) + 4;
			unsigned int ways = (unsigned int)((ccsidr >> 3) & 0x3ffu) + 1;
			unsigned int sets = (unsigned int)((ccsidr >> 13) & 0x7fffu) + 1;
			unsigned int wshift = ways > 1 ? (unsigned int)__builtin_clz(ways - 1) : 0;

			for (uint64_t w = 0; w < ways; w++) {
				for (uint64_t s = 0; s < sets; s++) {
					uint64_t v = w << wshift | s << line | level << 1;

					if (pass == 0) {
						__asm__ volatile("dc isw, %0"
								 :
								 : "r"(v)
								 : "memory");
					} else if (pass == 1) {
						__asm__ volatile("dc cisw, %0"
								 :
								 : "r"(v)
								 : "memory");
					} else {
						__asm__ volatile("dc csw, %0"
								 :
								 : "r"(v)
								 : "memory");
					}
					n++;
				}
			}
		}
	}
	__asm__ volatile("dsb sy\n isb" ::: "memory");
	return n;
}

void arch_broadcast_maintenance(void)
{
	__asm__ volatile("ic ialluis\n tlbi vmalle1is\n dsb ish\n isb" ::: "memory");
}

/* Self-hosted debug (ARM ARM D2): MDSCR_EL1, DBGBCR/DBGWCR fields. */
#define MDSCR_KDE (1u << 13)
#define MDSCR_MDE (1u << 15)
#define DBG_E (1u << 0)
#define DBG_PRIV_EL1 (1u << 1) /* PMC/PAC = 0b01 */
#define DBG_HMC (1u << 13)
#define DBG_SSC_NS (3u << 14)
#define DBGWCR_LSC_ANY (3u << 3)
#define DBGWCR_BAS_ALL (0xffu << 5)
#define DBGWCR_MASK_SHIFT 24
#define DBGBCR_BAS_A64 (0xfu << 5)

static uint64_t dbg_priv(bool el2)
{
	return el2 ? DBG_HMC | DBG_SSC_NS : DBG_PRIV_EL1;
}

void arch_debug_on(void)
{
	write_sysreg(oslar_el1, 0);
	write_sysreg(mdscr_el1, read_sysreg(mdscr_el1) | MDSCR_KDE | MDSCR_MDE);
	__asm__ volatile("isb\n msr daifclr, #8\n isb" ::: "memory");
}

void arch_debug_off(void)
{
	write_sysreg(dbgwcr0_el1, 0);
	write_sysreg(dbgwcr1_el1, 0);
	write_sysreg(dbgbcr0_el1, 0);
	write_sysreg(dbgbcr1_el1, 0);
	write_sysreg(mdscr_el1, read_sysreg(mdscr_el1) & ~(uint64_t)(MDSCR_KDE | MDSCR_MDE));
	__asm__ volatile("isb\n msr daifset, #8\n isb" ::: "memory");
}

void arch_watch(unsigned int n, uintptr_t addr, unsigned int mask, bool el2)
{
	uint64_t wcr = DBG_E | dbg_priv(el2) | DBGWCR_LSC_ANY | DBGWCR_BAS_ALL |
		       (uint64_t)mask << DBGWCR_MASK_SHIFT;

	if (n == 0) {
		write_sysreg(dbgwvr0_el1, addr);
		write_sysreg(dbgwcr0_el1, wcr);
	} else {
		write_sysreg(dbgwvr1_el1, addr);
		write_sysreg(dbgwcr1_el1, wcr);
	}
	__asm__ volatile("isb" ::: "memory");
}

void arch_break(unsigned int n, uintptr_t addr, bool el2)
{
	uint64_t bcr = DBG_E | dbg_priv(el2) | DBGBCR_BAS_A64;

	if (n == 0) {
		write_sysreg(dbgbvr0_el1, addr);
		write_sysreg(dbgbcr0_el1, bcr);
	} else {
		write_sysreg(dbgbvr1_el1, addr);
		write_sysreg(dbgbcr1_el1, bcr);
	}
	__asm__ volatile("isb" ::: "memory");
}

__asm__(".text\n"
	".balign 4\n"
	".globl arch_bp_target\n"
	".type arch_bp_target, %function\n"
	"arch_bp_target:\n"
	"	nop\n"
	"	ret\n");

/* PMU (ARM ARM D7): PMCR_EL0.C resets the cycle counter; PMCNTENSET bit 31 enables it. */
#define PMCR_C (1u << 2)
#define PMCNTEN_CYCLES (1u << 31)
#define PMCCFILTR_EL2_ONLY (PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH)

void arch_pmu_reset_all(void)
{
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E | PMCR_P | PMCR_C);
	__asm__ volatile("isb" ::: "memory");
}

void arch_pmu_cycles_on(bool el2_only)
{
	write_sysreg(pmccfiltr_el0, el2_only ? PMCCFILTR_EL2_ONLY : 0);
	write_sysreg(pmcntenset_el0, PMCNTEN_CYCLES);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E);
	__asm__ volatile("isb" ::: "memory");
}

uint64_t arch_pmu_cycles(void)
{
	__asm__ volatile("isb" ::: "memory");
	return read_sysreg(pmccntr_el0);
}

bool arch_flood_undef(void)
{
	attack_arm();
	(void)rd_actlr();
	return attack_disarm();
}
