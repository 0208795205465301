/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest exits, dispatched on the exception class (HSR.EC, ARMv7 ARM
 * B3.13.6). The arch decodes; core/ decides (PSCI, MMIO emulation, fault
 * policy).
 */
#include <asm/sysreg.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

#define SMCCC_NOT_SUPPORTED 0xffffffffu
/* MCRR p15, 0, Rt, Rt2, c12: ICC_SGI1R (GICv3 CPU interface in AArch32). */
#define CP64_ICC_SGI1R_CRM 12

static void skip_instruction(uint32_t hsr)
{
	write_sysreg(read_sysreg(elr_el2) + ((hsr & HSR_IL) ? 4 : 2), elr_el2);
}

/*
 * A trapped conditional instruction may trap although its condition fails
 * (B3.13.6): then it must do nothing. CV clear (Thumb IT blocks) means the
 * condition passed as far as this decoder is concerned.
 */
static bool condition_passed(uint32_t hsr)
{
	uint32_t psr = read_sysreg(spsr_el2);
	bool n = psr >> 31 & 1, z = psr >> 30 & 1, c = psr >> 29 & 1, v = psr >> 28 & 1;
	uint32_t cond = HSR_COND(hsr);
	bool r;

	if (!(hsr & HSR_CV) || cond >= 0xe) {
		return true;
	}
	switch (cond >> 1) {
	case 0: r = z; break;                  /* EQ */
	case 1: r = c; break;                  /* CS */
	case 2: r = n; break;                  /* MI */
	case 3: r = v; break;                  /* VS */
	case 4: r = c && !z; break;            /* HI */
	case 5: r = n == v; break;             /* GE */
	default: r = !z && n == v; break;      /* GT */
	}
	return (cond & 1) ? !r : r;
}

static void data_abort(struct vcpu *v, uint32_t hsr)
{
	uint32_t far = read_sysreg(far_el2);
	uint64_t ipa = ((uint64_t)(read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff);
	bool write = hsr & HSR_WNR;

	if (hsr & HSR_S1PTW) {
		vm_fault(v, ipa, far, false, false, "its page-table walk left its memory");
		return;
	}
	if (hsr & HSR_ISV) {
		unsigned size = 1u << HSR_SAS(hsr);
		unsigned rt = HSR_SRT(hsr);
		/* A narrow store writes only the low bytes of its register. */
		uint64_t val = write ? vcpu_reg(v, rt) & (0xffffffffu >> (32 - 8 * size)) : 0;

		if (mmio_access(v, ipa, size, write, &val)) {
			if (!write) {
				/* Only the bytes loaded, zero- or sign-extended (SSE): nothing more of the register. */
				if (size < 4) {
					uint64_t high = ~0ULL << (size * 8);

					val = (hsr & HSR_SSE) && (val >> (size * 8 - 1)) & 1 ? val | high
											 : val & ~high;
				}
				vcpu_set_reg(v, rt, val & 0xffffffffu);
			}
			skip_instruction(hsr);
			return;
		}
	}
	vm_fault(v, ipa, far, write, false, "outside its memory");
}

static void undefined(struct vcpu *v, uint32_t hsr)
{
	vm_report(v->vm, VM_REPORT_UNDEF, "vm '%s' vcpu %u: trapped instruction (EC 0x%x, HSR "
		  "0x%x) at PC 0x%x: undefined instruction injected",
		  v->vm->label, v->idx, (unsigned)HSR_EC(hsr), (unsigned)hsr,
		  (unsigned)read_sysreg(elr_el2));
	if (!arch_vcpu_inject_undef(v)) {
		vm_fail(v, "undefined instruction with no exception vector");
	}
}

/*
 * MCR/MRC trapped by HCR.TAC: the Auxiliary Control Register. Its bits
 * (e.g. Cortex-A15's SMP bit) belong to the CPU, not the VM: reads see the
 * hardware's value, writes are ignored, as a guest under a hypervisor
 * expects. Anything else trapped here (HCR.TIDCP) is undefined.
 */
static void cp15_32(struct vcpu *v, uint32_t hsr)
{
	if ((hsr & HSR_CP32_MASK) == HSR_CP32_ACTLR) {
		if (hsr & HSR_CP_READ) {
			uint32_t actlr;

			__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(actlr));
			vcpu_set_reg(v, HSR_CP32_RT(hsr), actlr);
		}
		skip_instruction(hsr);
		return;
	}
	undefined(v, hsr);
}

static void cp15_64(struct vcpu *v, uint32_t hsr)
{
	if (HSR_CP64_OPC1(hsr) == 0 && HSR_CP64_CRM(hsr) == CP64_ICC_SGI1R_CRM &&
	    !(hsr & HSR_CP_READ)) {
		vgic_sgi1r(v, vcpu_reg(v, HSR_CP64_RT2(hsr)) << 32 | vcpu_reg(v, HSR_CP64_RT(hsr)));
		skip_instruction(hsr);
		return;
	}
	undefined(v, hsr);
}

void arm32_trap_sync(struct arch_regs *regs)
{
	struct vcpu *v = this_vcpu();
	uint32_t hsr = read_sysreg(esr_el2);

	switch (HSR_EC(hsr)) {
	case EC_HVC:
		/* The return address is already the next instruction; only HVC #0 is SMCCC. */
		if (unlikely(hsr & 0xffff)) {
			regs->r[0] = SMCCC_NOT_SUPPORTED;
			vm_report(v->vm, VM_REPORT_HVC, "vm '%s' vcpu %u: HVC #0x%x is not an SMCCC "
				  "call: refused", v->vm->label, v->idx, (unsigned)(hsr & 0xffff));
		} else {
			smccc_call(v);
		}
		break;
	case EC_SMC: {
		/* Trapped by HCR.TSC before it executes: step over it. */
		uint32_t fid = regs->r[0];

		skip_instruction(hsr);
		if (!smccc_call(v)) {
			vm_report(v->vm, VM_REPORT_SMC, "vm '%s' vcpu %u: SMC function 0x%x refused "
				  "(firmware calls are not forwarded)", v->vm->label, v->idx,
				  (unsigned)fid);
		}
		break;
	}
	case EC_DABT_LOW:
		data_abort(v, hsr);
		break;
	case EC_IABT_LOW: {
		uint32_t far = read_sysreg(hifar);

		vm_fault(v, ((uint64_t)(read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff), far, false,
			 true, "executed outside its memory");
		break;
	}
	case EC_WFX:
		/* As on arm64: WFI waits for the vCPU's interrupts, WFE runs here. */
		skip_instruction(hsr);
		if (!condition_passed(hsr)) {
			break;
		}
		if (hsr & HSR_WFX_WFE) {
			arch_cpu_wait_event();
		} else {
			vcpu_wfi(v);
		}
		break;
	case EC_CP15_32:
	case EC_CP15_64:
		if (!condition_passed(hsr)) {
			skip_instruction(hsr);
		} else if (HSR_EC(hsr) == EC_CP15_32) {
			cp15_32(v, hsr);
		} else {
			cp15_64(v, hsr);
		}
		break;
	default:
		undefined(v, hsr);
		break;
	}
	if (unlikely(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)) {
		vcpu_park(v);
	}
}

void arm32_trap_irq(struct arch_regs *regs)
{
	struct vcpu *v = this_vcpu();

	(void)regs;
	irq_handle(v);
	if (unlikely(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)) {
		vcpu_park(v);
	}
}

static const char *const hyp_exception_names[] = {
	"reset vector", "undefined instruction", "HVC/SVC", "prefetch abort", "data abort",
};

noreturn void hyp_exception(struct arch_regs *regs, unsigned kind)
{
	log_info("Hyp mode %s: HSR 0x%x ELR 0x%x HDFAR 0x%x HIFAR 0x%x SPSR 0x%x",
		 hyp_exception_names[kind < 5 ? kind : 0], (unsigned)read_sysreg(esr_el2),
		 (unsigned)read_sysreg(elr_el2), (unsigned)read_sysreg(far_el2),
		 (unsigned)read_sysreg(hifar), (unsigned)read_sysreg(spsr_el2));
	for (unsigned i = 0; i < 12; i += 4) {
		log_info("r%-2u %08x %08x %08x %08x", i, (unsigned)regs->r[i], (unsigned)regs->r[i + 1],
			 (unsigned)regs->r[i + 2], (unsigned)regs->r[i + 3]);
	}
	log_info("r12 %08x lr  %08x sp  %08x", (unsigned)regs->r[12], (unsigned)regs->lr_usr,
		 (unsigned)(uintptr_t)(regs + 1));
	panic("unexpected exception in Hyp mode");
}
