// SPDX-License-Identifier: Apache-2.0
/*
 * C side of the arm32 vectors (vectors.S). Expected faults (test=fault,
 * probes of the GIC and of devices) and calls that are UNDEFINED on this
 * platform (HVC/SMC with nothing in Hyp or Monitor mode to take them) are
 * recorded and skipped; IRQs go to the GIC driver once it is set up;
 * anything else is a test failure and powers the guest off, so a crash can
 * never read as success.
 */
#include "testguest.h"

/* Vector offsets / 4 (ARM ARM v7-A B1.8.1), as vectors.S numbers them. */
#define VEC_UNDEF 1u
#define VEC_PABT 3u
#define VEC_DABT 4u
#define VEC_IRQ 6u
#define NR_VECTORS 8u
#define INSN_SIZE 4 /* the guest is ARM code only (-marm) */

_Static_assert(sizeof(struct tg_frame) == 72, "vectors.S FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct tg_frame, stamp) == 0, "vectors.S stamp");
_Static_assert(__builtin_offsetof(struct tg_frame, r) == 8, "vectors.S r0-r12");
_Static_assert(__builtin_offsetof(struct tg_frame, pc) == 64, "vectors.S SRS frame");

struct tg_fault tg_fault;
volatile bool tg_call_probe;

static const char *const vector_names[NR_VECTORS] = {
	"reset", "undefined instruction", "svc", "prefetch abort",
	"data abort", "hyp trap", "irq", "fiq",
};

void tg_exception(struct tg_frame *f, uint32_t vector);

void tg_exception(struct tg_frame *f, uint32_t vector)
{
	if (vector == VEC_IRQ && gic_version != 0) {
		gic_handle_irq(f);
		return;
	}

	uint32_t fsr = 0, far = 0;

	if (vector == VEC_DABT) {
		fsr = cp15_read(DFSR);
		far = cp15_read(DFAR);
	} else if (vector == VEC_PABT) {
		fsr = cp15_read(IFSR);
		far = cp15_read(IFAR);
	}
	bool sync = vector == VEC_UNDEF || vector == VEC_PABT || vector == VEC_DABT;

	if (sync && tg_fault.expected) {
		tg_fault.esr = fsr;
		tg_fault.far = far;
		tg_fault.data_abort = vector == VEC_DABT;
		tg_fault.expected = false;
		tg_fault.taken = true;
		if (tg_fault.resume_lr) {
			/* A jump's target faulted: back to the caller (test=attack). */
			tg_fault.resume_lr = false;
			f->pc = f->lr;
		} else {
			f->pc += INSN_SIZE;
		}
		return;
	}
	/*
	 * An HVC/SMC with no handler above PL1 is UNDEFINED (the undefined
	 * instruction vector, at the call itself): report it as SMCCC
	 * NOT_SUPPORTED to the caller.
	 */
	if (vector == VEC_UNDEF && tg_call_probe) {
		tg_printf("testguest: call at 0x%x is UNDEFINED here; treating as "
			  "NOT_SUPPORTED\n",
			  f->pc);
		f->r[0] = (uint32_t)PSCI_RET_NOT_SUPPORTED;
		f->pc += INSN_SIZE;
		return;
	}
	tg_fail("unexpected exception: %s FSR=0x%x FAR=0x%x PC=0x%x SPSR=0x%x\n",
		vector_names[vector % NR_VECTORS], fsr, far, f->pc, f->spsr);
	tg_finish();
}
