// SPDX-License-Identifier: Apache-2.0
/*
 * The AArch32 (ARMv7-A, PL1) instructions of test=attack (attack.h,
 * docs/isolation.md): Hyp-mode and Secure/Monitor CP15 registers and
 * operations (UNDEFINED at Non-secure PL1, ARM ARM v7-A B3.18 / B4.1), the
 * registers Tessera traps with HCR.TAC and HCR.TIDCP, the GICv3 SGI
 * registers (absent on this CPU), loads and stores without an instruction
 * syndrome, cache maintenance by MVA and by set/way, mode changes to Hyp
 * and Monitor, LPAE stage-1 control, CP14 debug and the PMU, and the
 * HVC/SMC immediates. Each register access is one instruction, so the fault
 * handler can skip it.
 */
#include "attack.h"

#define CP32(id, enc)                                                                              \
	static uint64_t rd_##id(void)                                                              \
	{                                                                                          \
		return cp15_read(enc);                                                             \
	}                                                                                          \
	static void wr_##id(uint64_t v)                                                            \
	{                                                                                          \
		cp15_write(enc, v);                                                                \
	}
#define CP64(id, enc)                                                                              \
	static uint64_t rd_##id(void)                                                              \
	{                                                                                          \
		return cp15_read64(enc);                                                           \
	}                                                                                          \
	static void wr_##id(uint64_t v)                                                            \
	{                                                                                          \
		cp15_write64(enc, v);                                                              \
	}
#define CPOP(id, enc)                                                                              \
	static void op_##id(uint64_t v)                                                            \
	{                                                                                          \
		cp15_write(enc, v);                                                                \
	}
/* clang-format off */
#define RW(name, id, kind, v) { name, kind, rd_##id, wr_##id, v }
#define OP(name, id, v) { name, REG_UNDEF, NULL, op_##id, v }
/* clang-format on */

/* Where the image is linked (testguest.ld); a constant, unlike a 64-bit copy of &tg_vectors. */
#define GUEST_IMAGE 0x40010000u

CP32(hcr, "p15, 4, %0, c1, c1, 0")
CP32(hdcr, "p15, 4, %0, c1, c1, 1")
CP32(hcptr, "p15, 4, %0, c1, c1, 2")
CP32(hstr, "p15, 4, %0, c1, c1, 3")
CP32(hsctlr, "p15, 4, %0, c1, c0, 0")
CP32(hvbar, "p15, 4, %0, c12, c0, 0")
CP32(htcr, "p15, 4, %0, c2, c0, 2")
CP32(vtcr, "p15, 4, %0, c2, c1, 2")
CP64(httbr, "p15, 4, %Q0, %R0, c2")
CP64(vttbr, "p15, 6, %Q0, %R0, c2")
CP32(hmair0, "p15, 4, %0, c10, c2, 0")
CP32(cnthctl, "p15, 4, %0, c14, c1, 0")
CP32(cnthp_ctl, "p15, 4, %0, c14, c2, 1")
CP64(cntvoff, "p15, 4, %Q0, %R0, c14")
CP32(htpidr, "p15, 4, %0, c13, c0, 2")
CP32(vpidr, "p15, 4, %0, c0, c0, 0")
CP32(vmpidr, "p15, 4, %0, c0, c0, 5")
CP32(hsr, "p15, 4, %0, c5, c2, 0")
CP32(hpfar, "p15, 4, %0, c6, c0, 4")
CP32(scr, "p15, 0, %0, c1, c1, 0")
CP32(mvbar, "p15, 0, %0, c12, c0, 1")
CP32(nsacr, "p15, 0, %0, c1, c1, 2")
CP32(cntfrq, CNTFRQ)
CPOP(tlbiallh, "p15, 4, %0, c8, c7, 0")
CPOP(tlbiallnsnh, "p15, 4, %0, c8, c7, 4")
CPOP(ats1hr, "p15, 4, %0, c7, c8, 0")
CPOP(ats12nsopr, "p15, 0, %0, c7, c8, 4")

/* The Hyp-mode banked registers, by MRS/MSR (banked), also PL2-only. */
static uint64_t rd_elr_hyp(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, elr_hyp" : "=r"(v));
	return v;
}

static void wr_elr_hyp(uint64_t v)
{
	__asm__ volatile("msr elr_hyp, %0" : : "r"((uint32_t)v) : "memory");
}

static uint64_t rd_sp_hyp(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, sp_hyp" : "=r"(v));
	return v;
}

static void wr_sp_hyp(uint64_t v)
{
	__asm__ volatile("msr sp_hyp, %0" : : "r"((uint32_t)v) : "memory");
}

static const struct reg_probe el2_regs[] = {
	RW("HCR", hcr, REG_UNDEF, 0), /* stage 2 off */
	RW("HDCR", hdcr, REG_UNDEF, 0),
	RW("HCPTR", hcptr, REG_UNDEF, 0),
	RW("HSTR", hstr, REG_UNDEF, 0xffff),
	RW("HSCTLR", hsctlr, REG_UNDEF, 0),
	RW("HVBAR", hvbar, REG_UNDEF, GUEST_IMAGE), /* Hyp vectors in its own image */
	RW("HTCR", htcr, REG_UNDEF, 0),
	RW("VTCR", vtcr, REG_UNDEF, 0),
	RW("HTTBR", httbr, REG_UNDEF, 0),
	RW("VTTBR", vttbr, REG_UNDEF, 0),
	RW("HMAIR0", hmair0, REG_UNDEF, 0),
	RW("CNTHCTL", cnthctl, REG_UNDEF, 0),
	RW("CNTHP_CTL", cnthp_ctl, REG_UNDEF, 1),
	RW("CNTVOFF", cntvoff, REG_UNDEF, 0),
	RW("HTPIDR", htpidr, REG_UNDEF, 0),
	RW("VPIDR", vpidr, REG_UNDEF, 0),
	RW("VMPIDR", vmpidr, REG_UNDEF, 0x80000001u),
	RW("HSR", hsr, REG_UNDEF, 0),
	RW("HPFAR", hpfar, REG_UNDEF, 0),
	RW("ELR_hyp", elr_hyp, REG_UNDEF, 0),
	RW("SP_hyp", sp_hyp, REG_UNDEF, 0),
	RW("SCR", scr, REG_UNDEF, 0),
	RW("MVBAR", mvbar, REG_UNDEF, 0),
	RW("NSACR", nsacr, REG_NO_EFFECT, 0xc00), /* CP10/CP11 access */
	RW("CNTFRQ", cntfrq, REG_NO_EFFECT, 1),
	OP("TLBIALLH", tlbiallh, 0),
	OP("TLBIALLNSNH", tlbiallnsnh, 0),
	OP("ATS1HR", ats1hr, 0x40200000u),
	OP("ATS12NSOPR", ats12nsopr, 0x40000000u),
};

const struct reg_probes arch_el2_regs = { el2_regs, sizeof(el2_regs) / sizeof(el2_regs[0]) };

/* HCR.TAC (ACTLR) and HCR.TIDCP (Cortex-A15's implementation-defined registers, TRM 4.3). */
CP32(actlr, "p15, 0, %0, c1, c0, 1")
CP32(l2ctlr, "p15, 1, %0, c9, c0, 2")
CP32(l2ectlr, "p15, 1, %0, c9, c0, 3")
CP32(l2actlr, "p15, 1, %0, c15, c0, 0")
CP32(impdef_c15, "p15, 0, %0, c15, c0, 0")

#define ACTLR_SMP (1u << 6)

static const struct reg_probe trapped_regs[] = {
	RW("ACTLR", actlr, REG_NO_EFFECT, ACTLR_SMP), RW("L2CTLR", l2ctlr, REG_NO_EFFECT, 1),
	RW("L2ECTLR", l2ectlr, REG_NO_EFFECT, 1),     RW("L2ACTLR", l2actlr, REG_NO_EFFECT, 1),
	RW("c15 c0 0", impdef_c15, REG_NO_EFFECT, 1),
};

const struct reg_probes arch_trapped_regs = { trapped_regs,
					      sizeof(trapped_regs) / sizeof(trapped_regs[0]) };

/* The GICv3 CPU interface's SGI registers (IHI 0069 12.1.4): broadcast, and to CPU 1. */
#define ICC_SGI_IRM (1ull << 40)
#define ICC_SGI_INTID(n) ((uint64_t)(n) << 24)

static void op_sgi0r(uint64_t v)
{
	cp15_write64("p15, 2, %Q0, %R0, c12", v);
}

static void op_asgi1r(uint64_t v)
{
	cp15_write64("p15, 1, %Q0, %R0, c12", v);
}

static void op_sgi1r(uint64_t v)
{
	cp15_write64(ICC_SGI1R, v);
}

static const struct reg_probe sgi_regs[] = {
	{ "ICC_SGI0R (all but self)", REG_WRITE_ONLY, NULL, op_sgi0r,
	  ICC_SGI_IRM | ICC_SGI_INTID(1) },
	{ "ICC_SGI0R (CPU 1)", REG_WRITE_ONLY, NULL, op_sgi0r, ICC_SGI_INTID(2) | 2u },
	{ "ICC_ASGI1R (all but self)", REG_WRITE_ONLY, NULL, op_asgi1r,
	  ICC_SGI_IRM | ICC_SGI_INTID(3) },
	{ "ICC_SGI1R (CPU 1)", REG_WRITE_ONLY, NULL, op_sgi1r, ICC_SGI_INTID(4) | 2u },
};

const struct reg_probes arch_sgi_regs = { sgi_regs, sizeof(sgi_regs) / sizeof(sgi_regs[0]) };

/* No instruction syndrome (HSR.ISV = 0): doubleword, multiple and writeback forms. */
static void ldrd_op(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldrd %Q0, %R0, [%1]" : "=&r"(v) : "r"(a) : "memory");
}

static void strd_op(uintptr_t a)
{
	__asm__ volatile("strd %Q0, %R0, [%1]" : : "r"(~0ull), "r"(a) : "memory");
}

static void ldm_op(uintptr_t a)
{
	__asm__ volatile("ldm %0, {r2, r3}" : : "r"(a) : "r2", "r3", "memory");
}

static void stm_op(uintptr_t a)
{
	__asm__ volatile("mvn r2, #0\n mvn r3, #0\n stm %0, {r2, r3}"
			 :
			 : "r"(a)
			 : "r2", "r3", "memory");
}

static void ldr_post_op(uintptr_t a)
{
	uint32_t x;

	__asm__ volatile("ldr %0, [%1], #4" : "=&r"(x), "+r"(a) : : "memory");
}

static void str_pre_op(uintptr_t a)
{
	__asm__ volatile("str %1, [%0, #4]!" : "+r"(a) : "r"(0xffffffffu) : "memory");
}

static const struct addr_op isvless[] = {
	{ "ldrd", ldrd_op, true },
	{ "strd", strd_op, true },
	{ "ldm", ldm_op, true },
	{ "stm", stm_op, true },
	{ "ldr post-index", ldr_post_op, true },
	{ "str pre-index", str_pre_op, true },
};

const struct addr_ops arch_isvless_ops = { isvless, sizeof(isvless) / sizeof(isvless[0]) };

#define MVA_OP(id, enc)                                                                            \
	static void id(uintptr_t a)                                                                \
	{                                                                                          \
		cp15_write(enc, a);                                                                \
		__asm__ volatile("dsb sy" ::: "memory");                                           \
	}
MVA_OP(dcimvac, "p15, 0, %0, c7, c6, 1")
MVA_OP(dccimvac, "p15, 0, %0, c7, c14, 1")
MVA_OP(dccmvac, "p15, 0, %0, c7, c10, 1")
MVA_OP(dccmvau, "p15, 0, %0, c7, c11, 1")
MVA_OP(icimvau, "p15, 0, %0, c7, c5, 1")

static const struct addr_op cache_va[] = {
	{ "DCIMVAC", dcimvac, false }, { "DCCIMVAC", dccimvac, false },
	{ "DCCMVAC", dccmvac, false }, { "DCCMVAU", dccmvau, false },
	{ "ICIMVAU", icimvau, false },
};

const struct addr_ops arch_cache_va_ops = { cache_va, sizeof(cache_va) / sizeof(cache_va[0]) };

/* CPACR cp10 and cp11 full access, FPEXC.EN (ARM ARM v7-A B4.1.40, B6.1.38). */
#define CPACR "p15, 0, %0, c1, c0, 2"
#define CPACR_CP10_CP11 (0xfu << 20)
#define FPEXC_EN (1u << 30)
#define FP_REGS 32u

static uint64_t fp_regs[FP_REGS] __attribute__((aligned(8)));

/* Copy D0-D31 to fp_regs (or load them from it), with access enabled just for that. */
static void fp_transfer(bool load)
{
	uint32_t cpacr = cp15_read(CPACR), fpexc;

	cp15_write(CPACR, cpacr | CPACR_CP10_CP11);
	__asm__ volatile("isb\n .fpu neon-vfpv4\n vmrs %0, fpexc" : "=r"(fpexc));
	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpexc, %0\n isb" : : "r"(fpexc | FPEXC_EN));
	if (load) {
		__asm__ volatile(".fpu neon-vfpv4\n vldmia %0, {d0-d15}\n vldmia %1, {d16-d31}"
				 : : "r"(fp_regs), "r"(fp_regs + FP_REGS / 2) : "memory");
	} else {
		__asm__ volatile(".fpu neon-vfpv4\n vstmia %0, {d0-d15}\n vstmia %1, {d16-d31}"
				 : : "r"(fp_regs), "r"(fp_regs + FP_REGS / 2) : "memory");
	}
	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpexc, %0\n isb" : : "r"(fpexc) : "memory");
	cp15_write(CPACR, cpacr);
	__asm__ volatile("isb" ::: "memory");
}

unsigned int arch_fp_residue(uint64_t *sample)
{
	unsigned int nonzero = 0;

	fp_transfer(false);
	*sample = 0;
	for (unsigned int i = 0; i < FP_REGS; i++) {
		if (fp_regs[i] != 0 && nonzero++ == 0) {
			*sample = fp_regs[i];
		}
	}
	return nonzero;
}

void arch_fp_fill(uint64_t pattern)
{
	for (unsigned int i = 0; i < FP_REGS; i++) {
		fp_regs[i] = pattern + i;
	}
	fp_transfer(true);
}

const uint32_t arch_udf_insn = 0xe7f000f0u; /* UDF #0, ARM state */

void arch_jump(uintptr_t target)
{
	__asm__ volatile("blx %0" : : "r"(target) : "lr", "memory");
}

/* Short-descriptor FSR (TTBCR.EAE = 0 here): FS[4] at bit 10, FS[3:0]; 0b00010 is a debug event. */
#define FSR_FS(f) ((((f) >> 6) & 0x10u) | ((f)&0xfu))
#define FS_DEBUG 0x2u

const char *arch_fault_kind(void)
{
	uint32_t fsr = (uint32_t)tg_fault.esr;

	if (tg_fault.data_abort) {
		return FSR_FS(fsr) == FS_DEBUG ? "watchpoint" : "data abort";
	}
	if (fsr != 0) {
		return FSR_FS(fsr) == FS_DEBUG ? "breakpoint" : "prefetch abort";
	}
	return "undefined";
}

#define SMCCC_CLOBBERS "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r12", "memory"

int64_t arch_hvc_imm(uint64_t fn)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)fn;

	__asm__ volatile("hvc #0x1234" : "+r"(r0) : : SMCCC_CLOBBERS);
	return (int32_t)r0;
}

int64_t arch_smc_imm(uint64_t fn)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)fn;

	__asm__ volatile("smc #1" : "+r"(r0) : : SMCCC_CLOBBERS);
	return (int32_t)r0;
}

/*
 * CPS and MSR to Hyp and Monitor mode from SVC, and an exception return
 * to Hyp mode: none may change the mode (ARM ARM v7-A B1.7, B9.3).
 */
#define MODE_MASK 0x1fu
#define MODE_SVC 0x13u
#define MODE_MON 0x16u
#define MODE_HYP 0x1au

static uint32_t cpsr_read(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static bool still_svc(void)
{
	return (cpsr_read() & MODE_MASK) == MODE_SVC;
}

static void cps_hyp(void)
{
	__asm__ volatile("cps #0x1a" ::: "memory");
}

static void cps_mon(void)
{
	__asm__ volatile("cps #0x16" ::: "memory");
}

static void msr_hyp(void)
{
	__asm__ volatile("msr cpsr_c, %0"
			 :
			 : "r"((cpsr_read() & ~MODE_MASK) | MODE_HYP)
			 : "memory");
}

static void eret_hyp(void)
{
	__asm__ volatile("msr spsr_cxsf, %0\n"
			 "adr lr, 1f\n"
			 "movs pc, lr\n"
			 "1:\n"
			 :
			 : "r"((cpsr_read() & ~MODE_MASK) | MODE_HYP)
			 : "lr", "cc", "memory");
}

unsigned int arch_mode_escape(char *how, size_t size)
{
	void (*const tries[])(void) = { cps_hyp, cps_mon, msr_hyp, eret_hyp };
	unsigned int n = sizeof(tries) / sizeof(tries[0]), escaped = 0, faulted = 0;

	for (unsigned int i = 0; i < n; i++) {
		attack_arm();
		tries[i]();
		faulted += attack_disarm();
		escaped += !still_svc();
	}
	ATTACK_ADD(how, size,
		   "CPS #Hyp, CPS #Mon, MSR CPSR_c Hyp, MOVS PC to Hyp: %u of %u left it in "
		   "SVC mode (%u faulted)",
		   n - escaped, n, faulted);
	return escaped;
}

/* LPAE stage 1 (ARM ARM v7-A B3.6): TTBCR.EAE, T0SZ/T1SZ 0 or 1 start at level 1. */
#define TTBCR "p15, 0, %0, c2, c0, 2"
#define TTBCR_EAE (1u << 31)
#define TTBCR_SPLIT (1u << 16 | 1u) /* T1SZ = T0SZ = 1: TTBR1 from 0x80000000 */
#define TTBR0 "p15, 0, %Q0, %R0, c2"
#define TTBR1 "p15, 1, %Q0, %R0, c2"
#define MAIR0 "p15, 0, %0, c10, c2, 0"
#define MAIR1 "p15, 0, %0, c10, c2, 1"
#define MAIR_DEVICE_NC 0x4400u /* attr0 Strongly-ordered, attr1 Normal non-cacheable */
#define SCTLR "p15, 0, %0, c1, c0, 0"
#define SCTLR_M (1u << 0)
#define TLBIALL "p15, 0, %0, c8, c7, 0"

const uintptr_t arch_ttbr1_va = 0x80000000u;

static void tlb_flush(void)
{
	__asm__ volatile("isb" ::: "memory");
	cp15_write(TLBIALL, 0);
	__asm__ volatile("dsb sy\n isb" ::: "memory");
}

void arch_mmu_on(uint64_t ttbr0, uint64_t ttbr1)
{
	cp15_write(MAIR0, MAIR_DEVICE_NC);
	cp15_write(MAIR1, 0);
	cp15_write(TTBCR, TTBCR_EAE | (ttbr1 != 0 ? TTBCR_SPLIT : 0));
	cp15_write64(TTBR0, ttbr0);
	cp15_write64(TTBR1, ttbr1);
	tlb_flush();
	cp15_write(SCTLR, cp15_read(SCTLR) | SCTLR_M);
	__asm__ volatile("isb" ::: "memory");
}

void arch_mmu_off(void)
{
	cp15_write(SCTLR, cp15_read(SCTLR) & ~SCTLR_M);
	__asm__ volatile("isb" ::: "memory");
	cp15_write(TTBCR, 0);
	tlb_flush();
}

/* Set/way over every data or unified cache level (ARM ARM v7-A B4.2.1). */
#define CLIDR "p15, 1, %0, c0, c0, 1"
#define CSSELR "p15, 2, %0, c0, c0, 0"
#define CCSIDR "p15, 1, %0, c0, c0, 0"
#define DCISW "p15, 0, %0, c7, c6, 2"
#define DCCISW "p15, 0, %0, c7, c14, 2"
#define DCCSW "p15, 0, %0, c7, c10, 2"
#define CLIDR_CTYPE(c, l) (((c) >> (3 * (l))) & 7u)
#define CTYPE_DATA 2u
#define MAX_LEVELS 7u

unsigned int arch_set_way_all(void)
{
	uint32_t clidr = cp15_read(CLIDR);
	unsigned int n = 0;

	for (unsigned int pass = 0; pass < 3; pass++) {
		for (unsigned int level = 0; level < MAX_LEVELS; level++) {
			unsigned int ctype = CLIDR_CTYPE(clidr, level);

			if (ctype == 0) {
				break;
			}
			if (ctype < CTYPE_DATA) {
				continue;
			}
			cp15_write(CSSELR, level << 1);
			__asm__ volatile("isb" ::: "memory");
			uint32_t ccsidr = cp15_read(CCSIDR);
			unsigned int line = (ccsidr & 7u) + 4;
			unsigned int ways = ((ccsidr >> 3) & 0x3ffu) + 1;
			unsigned int sets = ((ccsidr >> 13) & 0x7fffu) + 1;
			unsigned int wshift = ways > 1 ? (unsigned int)__builtin_clz(ways - 1) : 0;

			for (uint32_t w = 0; w < ways; w++) {
				for (uint32_t s = 0; s < sets; s++) {
					uint32_t v = w << wshift | s << line | level << 1;

					if (pass == 0) {
						cp15_write(DCISW, v);
					} else if (pass == 1) {
						cp15_write(DCCISW, v);
					} else {
						cp15_write(DCCSW, v);
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
	cp15_write("p15, 0, %0, c7, c1, 0", 0); /* ICIALLUIS */
	cp15_write("p15, 0, %0, c7, c1, 6", 0); /* BPIALLIS */
	cp15_write("p15, 0, %0, c8, c3, 0", 0); /* TLBIALLIS */
	__asm__ volatile("dsb ish\n isb" ::: "memory");
}

/* CP14 debug (ARM ARM v7-A C11): DBGDSCRext.MDBGen, DBGBCR/DBGWCR fields. */
#define cp14_write(reg, v) __asm__ volatile("mcr " reg : : "r"((uint32_t)(v)) : "memory")
#define cp14_read(reg)                                                                             \
	({                                                                                         \
		uint32_t v__;                                                                      \
		__asm__ volatile("mrc " reg : "=r"(v__));                                          \
		v__;                                                                               \
	})
#define DBGOSLAR "p14, 0, %0, c1, c0, 4"
#define DBGDSCREXT "p14, 0, %0, c0, c2, 2"
#define DBGDSCR_MDBGEN (1u << 15)
#define DBG_E (1u << 0)
#define DBG_PRIV_PL1 (1u << 1) /* PMC/PAC = 0b01 */
#define DBG_HMC (1u << 13)
#define DBG_SSC_NS (3u << 14)
#define DBGWCR_LSC_ANY (3u << 3)
#define DBGWCR_BAS_WORD (0xfu << 5)
#define DBGWCR_BAS_ALL (0xffu << 5)
#define DBGWCR_MASK_SHIFT 24
#define DBGBCR_BAS_ARM (0xfu << 5)

static uint32_t dbg_priv(bool el2)
{
	return el2 ? DBG_HMC | DBG_SSC_NS : DBG_PRIV_PL1;
}

void arch_debug_on(void)
{
	cp14_write(DBGOSLAR, 0);
	cp14_write(DBGDSCREXT, cp14_read(DBGDSCREXT) | DBGDSCR_MDBGEN);
	__asm__ volatile("isb" ::: "memory");
}

void arch_debug_off(void)
{
	cp14_write("p14, 0, %0, c0, c0, 7", 0); /* DBGWCR0 */
	cp14_write("p14, 0, %0, c0, c1, 7", 0); /* DBGWCR1 */
	cp14_write("p14, 0, %0, c0, c0, 5", 0); /* DBGBCR0 */
	cp14_write("p14, 0, %0, c0, c1, 5", 0); /* DBGBCR1 */
	cp14_write(DBGDSCREXT, cp14_read(DBGDSCREXT) & ~DBGDSCR_MDBGEN);
	__asm__ volatile("isb" ::: "memory");
}

/* A masked watchpoint has BAS all ones; otherwise the word at addr. */
void arch_watch(unsigned int n, uintptr_t addr, unsigned int mask, bool el2)
{
	uint32_t wcr = DBG_E | dbg_priv(el2) | DBGWCR_LSC_ANY |
		       (mask != 0 ? DBGWCR_BAS_ALL : DBGWCR_BAS_WORD) | mask << DBGWCR_MASK_SHIFT;

	if (n == 0) {
		cp14_write("p14, 0, %0, c0, c0, 6", addr);
		cp14_write("p14, 0, %0, c0, c0, 7", wcr);
	} else {
		cp14_write("p14, 0, %0, c0, c1, 6", addr);
		cp14_write("p14, 0, %0, c0, c1, 7", wcr);
	}
	__asm__ volatile("isb" ::: "memory");
}

void arch_break(unsigned int n, uintptr_t addr, bool el2)
{
	uint32_t bcr = DBG_E | dbg_priv(el2) | DBGBCR_BAS_ARM;

	if (n == 0) {
		cp14_write("p14, 0, %0, c0, c0, 4", addr);
		cp14_write("p14, 0, %0, c0, c0, 5", bcr);
	} else {
		cp14_write("p14, 0, %0, c0, c1, 4", addr);
		cp14_write("p14, 0, %0, c0, c1, 5", bcr);
	}
	__asm__ volatile("isb" ::: "memory");
}

__asm__(".text\n"
	".arm\n"
	".balign 4\n"
	".globl arch_bp_target\n"
	".type arch_bp_target, %function\n"
	"arch_bp_target:\n"
	"	nop\n"
	"	bx lr\n");

/*
 * PMU (ARM ARM v7-A C12): PMCR.C resets the cycle counter, PMCR.D makes it
 * count every 64th cycle (32 bits then last minutes, not seconds).
 */
#define PMCR_C (1u << 2)
#define PMCR_D (1u << 3)
#define PMCNTEN_CYCLES (1u << 31)
#define PMCCNTR "p15, 0, %0, c9, c13, 0"
#define PMSEL_CYCLES 31u /* PMXEVTYPER is then the cycle counter's filter */
#define PMCCFILTR_EL2_ONLY (PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH)

void arch_pmu_reset_all(void)
{
	cp15_write(PMCR, cp15_read(PMCR) | PMCR_E | PMCR_P | PMCR_C);
	__asm__ volatile("isb" ::: "memory");
}

void arch_pmu_cycles_on(bool el2_only)
{
	cp15_write(PMSELR, PMSEL_CYCLES);
	__asm__ volatile("isb" ::: "memory");
	cp15_write(PMXEVTYPER, el2_only ? PMCCFILTR_EL2_ONLY : 0);
	cp15_write(PMCNTENSET, PMCNTEN_CYCLES);
	cp15_write(PMCR, cp15_read(PMCR) | PMCR_E | PMCR_D);
	__asm__ volatile("isb" ::: "memory");
}

uint64_t arch_pmu_cycles(void)
{
	__asm__ volatile("isb" ::: "memory");
	return cp15_read(PMCCNTR);
}

bool arch_flood_undef(void)
{
	return false;
}
