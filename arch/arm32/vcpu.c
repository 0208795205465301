/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPU reset, entry and exception injection for AArch32 guests. The vCPU
 * owns its CPU, so PL1 registers are only ever written here (at reset) and
 * by the guest.
 */
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/arch/vcpu.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

#define HCR_GUEST                                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TWE | HCR_TSC |       \
	 HCR_TIDCP | HCR_TAC)
#define VMPIDR_MP (1u << 31)
#define ZIMAGE_MAGIC 0x016f2818u
/* Where QEMU's -kernel loader puts a zImage too, so a guest runs the same under both. */
#define ZIMAGE_OFFSET 0x10000
/* The decompressor writes the kernel below the zImage and moves itself above it. */
#define ZIMAGE_FOOTPRINT_FACTOR 4
/* Fault status: synchronous external abort (short-descriptor FS 0b01000; LPAE 0b010000). */
#define FSR_EXTABT_SHORT 0x008u
#define FSR_EXTABT_LPAE (0x010u | (1u << 9))
#define FSR_WNR (1u << 11)
#define FPEXC_EN (1u << 30)

noreturn void arm32_enter_guest(struct arch_regs *frame);

/*
 * The VFP registers are the guest's (never switched: one vCPU per CPU), but
 * they hold what the last run of this VM left: a vCPU starts with D0-D31
 * (D0-D15 on a D16 VFP) and FPSCR zero, and VFP off (FPEXC.EN clear), as
 * after a reset.
 */
static void fp_reset(void)
{
	uint32_t mvfr0;

	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpexc, %1\n isb\n vmrs %0, mvfr0"
			 : "=r"(mvfr0) : "r"(FPEXC_EN));
	__asm__ volatile(".fpu neon-vfpv4\n"
			 "vmov d0, %0, %0\n vmov d1, %0, %0\n vmov d2, %0, %0\n vmov d3, %0, %0\n"
			 "vmov d4, %0, %0\n vmov d5, %0, %0\n vmov d6, %0, %0\n vmov d7, %0, %0\n"
			 "vmov d8, %0, %0\n vmov d9, %0, %0\n vmov d10, %0, %0\n vmov d11, %0, %0\n"
			 "vmov d12, %0, %0\n vmov d13, %0, %0\n vmov d14, %0, %0\n vmov d15, %0, %0\n"
			 "vmsr fpscr, %0" : : "r"(0));
	if ((mvfr0 & 0xf) == 2) {
		__asm__ volatile(".fpu neon-vfpv4\n"
				 "vmov d16, %0, %0\n vmov d17, %0, %0\n vmov d18, %0, %0\n"
				 "vmov d19, %0, %0\n vmov d20, %0, %0\n vmov d21, %0, %0\n"
				 "vmov d22, %0, %0\n vmov d23, %0, %0\n vmov d24, %0, %0\n"
				 "vmov d25, %0, %0\n vmov d26, %0, %0\n vmov d27, %0, %0\n"
				 "vmov d28, %0, %0\n vmov d29, %0, %0\n vmov d30, %0, %0\n"
				 "vmov d31, %0, %0" : : "r"(0));
	}
	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpexc, %0\n isb" : : "r"(0) : "memory");
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg, bool dtb_boot)
{
	uint64_t vmid = (uint64_t)(v->vm->id + 1) << VTTBR_VMID_SHIFT;

	write_sysreg(HCR_GUEST, hcr_el2);
	write_sysreg(VTCR_RES1 | VTCR_T0SZ_40 | VTCR_SL0_L1 | VTCR_IRGN_WB | VTCR_ORGN_WB | VTCR_SH_IS,
		     vtcr_el2);
	write_sysreg(pt_root_pa(&v->vm->s2) | vmid, vttbr_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(VMPIDR_MP | v->idx, vmpidr_el2);
	/* VFP/NEON and every coprocessor belong to the guest: nothing trapped. */
	write_sysreg(0, cptr_el2);
	/* All event counters to the guest; nothing trapped (the benchmark reads them). */
	write_sysreg(PMCR_N(read_sysreg(pmcr_el0)), mdcr_el2);
	write_sysreg(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN, cnthctl_el2);
	/* One offset per VM: its vCPUs' virtual counters agree and start near zero. */
	write_sysreg(v->vm->cntvoff, cntvoff_el2);
	/* Architectural reset: MMU and caches off, low vectors at 0. */
	write_sysreg(SCTLR_GUEST_RESET, sctlr_el1);
	write_sysreg(0, vbar_el1);
	isb();
	/* TLBIALLNSNH (this CPU runs no other VM's PL1&0 entries), ICIALLU. */
	__asm__ volatile("mcr p15, 4, %0, c8, c7, 4\n dsb nsh\n mcr p15, 0, %0, c7, c5, 0\n"
			 " dsb nsh\n isb" : : "r"(0) : "memory");

	fp_reset();

	memset(v->regs, 0, sizeof(*v->regs));
	if (dtb_boot) {
		/* Linux arm booting.rst: r0 = 0, r1 = machine type (none: ~0), r2 = DTB. */
		v->regs->r[1] = ~0u;
		v->regs->r[2] = (uint32_t)arg;
	} else {
		v->regs->r[0] = (uint32_t)arg; /* PSCI CPU_ON context id */
	}
	/* SVC mode, asynchronous aborts, IRQ and FIQ masked; bit 0 of the entry selects Thumb. */
	write_sysreg((uint32_t)entry & ~1u, elr_el2);
	write_sysreg(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F | ((entry & 1) ? PSR_T : 0), spsr_el2);
}

bool arch_vcpu_entry_ok(uint64_t entry)
{
	return entry < (1ULL << 32) && ((entry & 1) || !(entry & 2));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A zImage (magic at 0x24) goes at RAM base + 64 KiB; anything else at the start of RAM. */
uint64_t arch_kernel_offset(const uint8_t *img, size_t size, uint64_t ram_base,
			    uint64_t *footprint)
{
	(void)ram_base;
	if (size < 0x30 || le32(img + 0x24) != ZIMAGE_MAGIC) {
		return 0;
	}
	*footprint = (uint64_t)size * ZIMAGE_FOOTPRINT_FACTOR;
	return ZIMAGE_OFFSET;
}

noreturn void arch_vcpu_enter(struct vcpu *v)
{
	arm32_enter_guest(v->regs);
}

uint64_t arch_vcpu_pc(void)
{
	return read_sysreg(elr_el2);
}

/*
 * Take an exception to the guest as the hardware would (ARMv7 ARM B1.9.3,
 * B1.9.10): the new mode's banked SPSR and LR, IRQ and asynchronous aborts
 * masked, the instruction set and endianness SCTLR.TE/EE choose, and the
 * vector at VBAR (or 0xffff0000 with SCTLR.V). lr_off is the return offset
 * the exception defines from the address of the faulting instruction.
 */
static bool inject(struct vcpu *v, uint32_t mode, uint32_t vector, uint32_t lr_off)
{
	uint32_t spsr = read_sysreg(spsr_el2);
	uint32_t pc = read_sysreg(elr_el2);
	uint32_t sctlr = read_sysreg(sctlr_el1);
	uint32_t vbar = (sctlr & SCTLR_V) ? 0xffff0000u : read_sysreg(vbar_el1);
	uint32_t cpsr = (spsr & ~(PSR_MODE_MASK | PSR_T | PSR_E | PSR_J | PSR_IT_MASK)) | mode |
			PSR_I | PSR_A;

	/*
	 * Faulting inside the vectors, or (MMU off: addresses are IPAs) no
	 * vectors in its memory: injecting would only loop. With its MMU on
	 * the vectors are a virtual address (Linux's at 0xffff0000), its own
	 * page tables' business.
	 */
	if ((pc >= vbar && pc < vbar + 0x20) ||
	    (!(sctlr & SCTLR_M) && !vm_owns(v->vm, vbar + vector, 4))) {
		return false;
	}
	cpsr |= (sctlr & SCTLR_TE) ? PSR_T : 0;
	cpsr |= (sctlr & SCTLR_EE) ? PSR_E : 0;
	if (mode == PSR_MODE_ABT) {
		__asm__ volatile("msr spsr_abt, %0\n msr lr_abt, %1" : : "r"(spsr), "r"(pc + lr_off));
	} else {
		__asm__ volatile("msr spsr_und, %0\n msr lr_und, %1" : : "r"(spsr), "r"(pc + lr_off));
	}
	write_sysreg(vbar + vector, elr_el2);
	write_sysreg(cpsr, spsr_el2);
	return true;
}

bool arch_vcpu_inject_abort(struct vcpu *v, uint64_t va, bool write, bool instr)
{
	uint32_t fsr = (read_sysreg(ttbcr) & TTBCR_EAE) ? FSR_EXTABT_LPAE : FSR_EXTABT_SHORT;

	if (instr) {
		write_sysreg(fsr, ifsr);
		write_sysreg((uint32_t)va, ifar);
		return inject(v, PSR_MODE_ABT, 0x0c, 4);
	}
	write_sysreg(fsr | (write ? FSR_WNR : 0), dfsr);
	write_sysreg((uint32_t)va, dfar);
	return inject(v, PSR_MODE_ABT, 0x10, 8);
}

bool arch_vcpu_inject_undef(struct vcpu *v)
{
	/* LR_und is the next instruction: 2 on after a 16-bit Thumb instruction. */
	bool thumb16 = (read_sysreg(spsr_el2) & PSR_T) && !(read_sysreg(esr_el2) & HSR_IL);

	return inject(v, PSR_MODE_UND, 0x04, thumb16 ? 2 : 4);
}
