/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest exits, dispatched on the exception class (ESR_EL2.EC). The arch
 * decodes; core/ decides (PSCI, MMIO emulation, fault policy).
 */
#include <asm/sysreg.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

#define SMCCC_NOT_SUPPORTED 0xffffffffffffffffUL

static void skip_instruction(void)
{
	write_sysreg(read_sysreg(elr_el2) + 4, elr_el2);
}

static void data_abort(struct vcpu *v, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff);
	bool write = esr & ESR_WNR;

	if (esr & ESR_S1PTW) {
		vm_fault(v, ipa, far, false, false, "its page-table walk left its memory");
		return;
	}
	if (esr & ESR_ISV) {
		unsigned size = 1u << ESR_SAS(esr);
		unsigned rt = ESR_SRT(esr);
		/* A narrow store writes only the low bytes of its register. */
		uint64_t val = write ? vcpu_reg(v, rt) & (~0UL >> (64 - 8 * size)) : 0;

		if (mmio_access(v, ipa, size, write, &val)) {
			if (!write) {
				/* Only the bytes loaded, zero- or sign-extended (SSE): nothing more of the register. */
				if (size < 8) {
					uint64_t high = ~0UL << (size * 8);

					val = (esr & ESR_SSE) && (val >> (size * 8 - 1)) & 1 ? val | high
											: val & ~high;
				}
				if (!(esr & ESR_SF)) {
					val &= 0xffffffffUL;
				}
				vcpu_set_reg(v, rt, val);
			}
			skip_instruction();
			return;
		}
	}
	vm_fault(v, ipa, far, write, false, "outside its memory");
}

/* HVC and trapped SMC: the light path of vectors.S (x19-x29 are not in the frame). */
void arm64_trap_smccc(struct arch_regs *regs, uint64_t esr)
{
	struct vcpu *v = this_vcpu();
	bool smc = ESR_EC(esr) == EC_SMC64;
	uint32_t fid = (uint32_t)regs->x[0];

	if (smc) {
		/* Trapped by HCR_EL2.TSC before it executes: step over it. */
		skip_instruction();
	} else if (unlikely(esr & 0xffff)) {
		/* HVC's return address is already the next instruction; only HVC #0 is SMCCC. */
		regs->x[0] = SMCCC_NOT_SUPPORTED;
		vm_report(v->vm, VM_REPORT_HVC, "vm '%s' vcpu %u: HVC #0x%llx is not an SMCCC call: "
			  "refused", v->vm->label, v->idx, (unsigned long long)(esr & 0xffff));
		return;
	}
	/*
	 * No "stopped meanwhile?" check here: a call that takes this vCPU out
	 * parks it itself, and another CPU that stops or restarts the VM kicks
	 * this one, whose kick, pending, is taken as an exit on the way back.
	 */
	if (!smccc_call(v) && unlikely(smc)) {
		vm_report(v->vm, VM_REPORT_SMC, "vm '%s' vcpu %u: SMC function 0x%x refused "
			  "(firmware calls are not forwarded)", v->vm->label, v->idx, fid);
	}
}

static void undefined(struct vcpu *v, uint64_t esr)
{
	vm_report(v->vm, VM_REPORT_UNDEF, "vm '%s' vcpu %u: trapped instruction (EC 0x%llx, ESR "
		  "0x%llx) at PC 0x%llx: undefined instruction injected",
		  v->vm->label, v->idx, (unsigned long long)ESR_EC(esr), (unsigned long long)esr,
		  (unsigned long long)read_sysreg(elr_el2));
	if (!arch_vcpu_inject_undef(v)) {
		vm_fail(v, "undefined instruction with no exception vector");
	}
}

void arm64_trap_sync(struct arch_regs *regs)
{
	struct vcpu *v = this_vcpu();
	uint64_t esr = read_sysreg(esr_el2);

	(void)regs;
	switch (ESR_EC(esr)) {
	case EC_DABT_LOW:
		data_abort(v, esr);
		break;
	case EC_IABT_LOW: {
		uint64_t far = read_sysreg(far_el2);

		vm_fault(v, ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff), far, false, true,
			 "executed outside its memory");
		break;
	}
	case EC_WFX:
		/*
		 * WFI waits until the vCPU has an interrupt. WFE is carried out here: the
		 * event register and the event stream belong to this CPU, which only this
		 * vCPU uses, so the guest sees the same semantics (and QEMU yields).
		 */
		skip_instruction();
		if (esr & ESR_WFX_WFE) {
			arch_cpu_wait_event();
		} else {
			vcpu_wfi(v);
		}
		break;
	case EC_SYS64:
		if ((esr & ESR_SYSREG_MASK) == ESR_SYSREG_ICC_SGI1R && !(esr & ESR_SYSREG_READ)) {
			vgic_sgi1r(v, vcpu_reg(v, ESR_SYSREG_RT(esr)));
			skip_instruction();
			break;
		}
		undefined(v, esr);
		break;
	default:
		undefined(v, esr);
		break;
	}
	if (unlikely(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)) {
		vcpu_park(v);
	}
}

void arm64_trap_irq(struct arch_regs *regs)
{
	struct vcpu *v = this_vcpu();

	(void)regs;
	irq_handle(v);
	if (unlikely(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)) {
		vcpu_park(v);
	}
}

void arm64_trap_serror(struct arch_regs *regs)
{
	struct vcpu *v = this_vcpu();

	(void)regs;
	vm_fail(v, "SError (asynchronous abort)");
	vcpu_park(v);
}

static const char *const hyp_exception_names[] = {
	"sync (SP_EL0)", "irq (SP_EL0)", "fiq (SP_EL0)", "serror (SP_EL0)",
	"synchronous exception", "irq", "fiq", "serror",
};

noreturn void hyp_exception(struct arch_regs *regs, unsigned kind)
{
	log_info("EL2 %s: ESR 0x%llx ELR 0x%llx FAR 0x%llx SPSR 0x%llx", hyp_exception_names[kind & 7],
		 (unsigned long long)read_sysreg(esr_el2), (unsigned long long)read_sysreg(elr_el2),
		 (unsigned long long)read_sysreg(far_el2), (unsigned long long)read_sysreg(spsr_el2));
	for (unsigned i = 0; i < 31; i += 4) {
		log_info("x%-2u %016llx %016llx %016llx %016llx", i, (unsigned long long)regs->x[i],
			 (unsigned long long)regs->x[i + 1], (unsigned long long)regs->x[i + 2],
			 (unsigned long long)(i + 3 < 31 ? regs->x[i + 3] : 0));
	}
	panic("unexpected exception at EL2");
}
