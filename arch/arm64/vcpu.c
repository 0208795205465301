/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPU reset, entry and exception injection. The vCPU owns its CPU, so EL1
 * registers are only ever written here (at reset) and by the guest.
 */
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/arch/vcpu.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

#define HCR_GUEST                                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TWE | HCR_TSC |       \
	 HCR_TIDCP | HCR_TACR | HCR_RW)
#define VMPIDR_RES1 (1UL << 31)
#define IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 0x38 of an arm64 Image */

uint64_t arm64_pa_range(void);
noreturn void arm64_enter_guest(struct arch_regs *frame);

/*
 * The FP/SIMD registers are the guest's (never switched: one vCPU per CPU),
 * but they hold what the last run of this VM left, or what libfdt left at
 * boot: a vCPU starts with them zero, FPCR and FPSR too.
 */
static void fp_reset(void)
{
	__asm__ volatile(".arch_extension fp\n .arch_extension simd\n"
			 "movi v0.2d, #0\n movi v1.2d, #0\n movi v2.2d, #0\n movi v3.2d, #0\n"
			 "movi v4.2d, #0\n movi v5.2d, #0\n movi v6.2d, #0\n movi v7.2d, #0\n"
			 "movi v8.2d, #0\n movi v9.2d, #0\n movi v10.2d, #0\n movi v11.2d, #0\n"
			 "movi v12.2d, #0\n movi v13.2d, #0\n movi v14.2d, #0\n movi v15.2d, #0\n"
			 "movi v16.2d, #0\n movi v17.2d, #0\n movi v18.2d, #0\n movi v19.2d, #0\n"
			 "movi v20.2d, #0\n movi v21.2d, #0\n movi v22.2d, #0\n movi v23.2d, #0\n"
			 "movi v24.2d, #0\n movi v25.2d, #0\n movi v26.2d, #0\n movi v27.2d, #0\n"
			 "movi v28.2d, #0\n movi v29.2d, #0\n movi v30.2d, #0\n movi v31.2d, #0\n"
			 "msr fpcr, xzr\n msr fpsr, xzr" ::: "memory");
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg, bool dtb_boot)
{
	uint64_t vmid = (uint64_t)(v->vm->id + 1) << VTTBR_VMID_SHIFT;

	write_sysreg(HCR_GUEST, hcr_el2);
	write_sysreg(VTCR_RES1 | VTCR_T0SZ(40) | VTCR_SL0_L1 | VTCR_IRGN_WB | VTCR_ORGN_WB |
			     VTCR_SH_IS | (arm64_pa_range() << VTCR_PS_SHIFT),
		     vtcr_el2);
	write_sysreg(pt_root_pa(&v->vm->s2) | vmid, vttbr_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(VMPIDR_RES1 | v->idx, vmpidr_el2);
	write_sysreg(CPTR_EL2_RES1, cptr_el2);
	/* All event counters to the guest; nothing trapped (the benchmark reads them). */
	write_sysreg(PMCR_N(read_sysreg(pmcr_el0)), mdcr_el2);
	write_sysreg(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN, cnthctl_el2);
	/* One offset per VM: its vCPUs' virtual counters agree and start near zero. */
	write_sysreg(v->vm->cntvoff, cntvoff_el2);
	/* Architectural reset: MMU and caches off, no vectors yet. */
	write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
	write_sysreg(0, vbar_el1);
	isb();
	__asm__ volatile("tlbi vmalls12e1\n dsb nsh\n ic iallu\n dsb nsh\n isb" ::: "memory");

	fp_reset();

	/* Linux arm64 booting.rst and PSCI CPU_ON both pass their argument in x0. */
	(void)dtb_boot;
	memset(v->regs, 0, sizeof(*v->regs));
	v->regs->x[0] = arg;
	write_sysreg(entry, elr_el2);
	write_sysreg(PSR_MODE_EL1h | PSR_DAIF, spsr_el2);
}

bool arch_vcpu_entry_ok(uint64_t entry)
{
	return (entry & 3) == 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--) {
		v = (v << 8) | p[i];
	}
	return v;
}

/*
 * An arm64 Image ("ARM\x64" at 0x38) goes text_offset above a 2 MiB-aligned
 * base and may use image_size bytes (Linux booting.rst); anything else goes
 * at the start of RAM.
 */
uint64_t arch_kernel_offset(const uint8_t *img, size_t size, uint64_t ram_base,
			    uint64_t *footprint)
{
	if (size < 64 || le64(img + 0x38) != IMAGE_MAGIC) {
		return 0;
	}
	if (le64(img + 16) > *footprint) {
		*footprint = le64(img + 16);
	}
	return ALIGN_UP(ram_base, 2 * MiB) - ram_base + le64(img + 8);
}

noreturn void arch_vcpu_enter(struct vcpu *v)
{
	arm64_enter_guest(v->regs);
}

uint64_t arch_vcpu_pc(void)
{
	return read_sysreg(elr_el2);
}

/*
 * Emulate taking an exception to EL1 (ARM ARM D1.10): the vector offset
 * depends on where the guest was: EL1 with SP_EL1 (0x200), EL1 with SP_EL0
 * (0x000) or EL0 (0x400).
 */
static bool inject(uint64_t ec, uint64_t iss, uint64_t far)
{
	uint64_t spsr = read_sysreg(spsr_el2);
	uint64_t pc = read_sysreg(elr_el2);
	uint64_t vbar = read_sysreg(vbar_el1);
	uint64_t mode = spsr & PSR_MODE_MASK;
	uint64_t off = mode == PSR_MODE_EL0t ? 0x400 : mode == PSR_MODE_EL1h ? 0x200 : 0;

	/* No vectors, or faulting inside them: injecting would only loop. */
	if (vbar == 0 || (pc >= vbar && pc < vbar + 0x800)) {
		return false;
	}
	if (mode == PSR_MODE_EL0t) {
		ec -= 1; /* the "from a lower EL" class */
	}
	write_sysreg((ec << ESR_EC_SHIFT) | ESR_IL | iss, esr_el1);
	write_sysreg(far, far_el1);
	write_sysreg(pc, elr_el1);
	write_sysreg(spsr, spsr_el1);
	write_sysreg(vbar + off, elr_el2);
	write_sysreg(PSR_MODE_EL1h | PSR_DAIF, spsr_el2);
	return true;
}

bool arch_vcpu_inject_abort(struct vcpu *v, uint64_t va, bool write, bool instr)
{
	(void)v;
	if (instr) {
		return inject(EC_IABT_CUR, FSC_EXTABT, va);
	}
	return inject(EC_DABT_CUR, FSC_EXTABT | (write ? ESR_WNR : 0), va);
}

bool arch_vcpu_inject_undef(struct vcpu *v)
{
	(void)v;
	/* EC 0 has no lower-EL variant; inject() subtracts one for EL0, so pre-add it. */
	uint64_t mode = read_sysreg(spsr_el2) & PSR_MODE_MASK;

	return inject(mode == PSR_MODE_EL0t ? 1 : EC_UNKNOWN, 0, 0);
}
