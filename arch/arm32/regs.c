/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest registers that are not in the trap frame. In AArch32, r13 and r14
 * (and r8-r12 in FIQ mode) are banked per mode; Hyp mode reaches any bank
 * with the banked-register MRS/MSR of the virtualization extensions. Which
 * bank is the guest's is its mode at the trap, in SPSR_hyp. Only MMIO
 * emulation with r8-r14 as its data register comes here.
 */
#include <asm/regs.h>
#include <asm/sysreg.h>

#define MRS(reg)                                                                               \
	({                                                                                     \
		uint32_t v_;                                                                   \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                                  \
		v_;                                                                            \
	})
#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0" : : "r"(v) : "memory")

uint32_t arm32_banked_get(const struct arch_regs *r, unsigned n)
{
	uint32_t mode = read_sysreg(spsr_el2) & PSR_MODE_MASK;

	if (n < 13 && mode != PSR_MODE_FIQ) {
		return r->r[n];
	}
	switch (mode << 4 | n) {
	case PSR_MODE_FIQ << 4 | 8: return MRS(r8_fiq);
	case PSR_MODE_FIQ << 4 | 9: return MRS(r9_fiq);
	case PSR_MODE_FIQ << 4 | 10: return MRS(r10_fiq);
	case PSR_MODE_FIQ << 4 | 11: return MRS(r11_fiq);
	case PSR_MODE_FIQ << 4 | 12: return MRS(r12_fiq);
	case PSR_MODE_FIQ << 4 | 13: return MRS(sp_fiq);
	case PSR_MODE_FIQ << 4 | 14: return MRS(lr_fiq);
	case PSR_MODE_IRQ << 4 | 13: return MRS(sp_irq);
	case PSR_MODE_IRQ << 4 | 14: return MRS(lr_irq);
	case PSR_MODE_SVC << 4 | 13: return MRS(sp_svc);
	case PSR_MODE_SVC << 4 | 14: return MRS(lr_svc);
	case PSR_MODE_ABT << 4 | 13: return MRS(sp_abt);
	case PSR_MODE_ABT << 4 | 14: return MRS(lr_abt);
	case PSR_MODE_UND << 4 | 13: return MRS(sp_und);
	case PSR_MODE_UND << 4 | 14: return MRS(lr_und);
	default: /* User and System mode share the User bank */
		return n == 13 ? MRS(sp_usr) : r->lr_usr;
	}
}

void arm32_banked_set(struct arch_regs *r, unsigned n, uint32_t v)
{
	uint32_t mode = read_sysreg(spsr_el2) & PSR_MODE_MASK;

	if (n < 13 && mode != PSR_MODE_FIQ) {
		r->r[n] = v;
		return;
	}
	switch (mode << 4 | n) {
	case PSR_MODE_FIQ << 4 | 8: MSR(r8_fiq, v); break;
	case PSR_MODE_FIQ << 4 | 9: MSR(r9_fiq, v); break;
	case PSR_MODE_FIQ << 4 | 10: MSR(r10_fiq, v); break;
	case PSR_MODE_FIQ << 4 | 11: MSR(r11_fiq, v); break;
	case PSR_MODE_FIQ << 4 | 12: MSR(r12_fiq, v); break;
	case PSR_MODE_FIQ << 4 | 13: MSR(sp_fiq, v); break;
	case PSR_MODE_FIQ << 4 | 14: MSR(lr_fiq, v); break;
	case PSR_MODE_IRQ << 4 | 13: MSR(sp_irq, v); break;
	case PSR_MODE_IRQ << 4 | 14: MSR(lr_irq, v); break;
	case PSR_MODE_SVC << 4 | 13: MSR(sp_svc, v); break;
	case PSR_MODE_SVC << 4 | 14: MSR(lr_svc, v); break;
	case PSR_MODE_ABT << 4 | 13: MSR(sp_abt, v); break;
	case PSR_MODE_ABT << 4 | 14: MSR(lr_abt, v); break;
	case PSR_MODE_UND << 4 | 13: MSR(sp_und, v); break;
	case PSR_MODE_UND << 4 | 14: MSR(lr_und, v); break;
	default:
		if (n == 13) {
			MSR(sp_usr, v);
		} else {
			r->lr_usr = v;
		}
		break;
	}
}
