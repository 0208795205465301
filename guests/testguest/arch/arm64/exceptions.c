// SPDX-License-Identifier: Apache-2.0
/*
 * C side of the EL1 vectors (vectors.S). Expected faults (test=fault) and
 * calls that are UNDEFINED on this platform (HVC/SMC with nothing at EL2/EL3
 * to take them) are recorded and skipped; IRQs go to the GIC driver once
 * it is set up; anything else is a test failure
 * and powers the guest off, so a crash can never read as success.
 */
#include "testguest.h"

#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3fu
#define ESR_EC_UNKNOWN 0x00u
#define ESR_EC_DABT_CUR 0x25u
#define VECTOR_CUR_SPX_SYNC 4
#define VECTOR_CUR_SPX_IRQ 5
#define INSN_SIZE 4
#define SPSR_IL (1ull << 20)

_Static_assert(sizeof(struct tg_frame) == 272, "vectors.S FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct tg_frame, elr) == 248, "vectors.S FRAME_ELR");
_Static_assert(__builtin_offsetof(struct tg_frame, spsr) == 256, "vectors.S FRAME_SPSR");
_Static_assert(__builtin_offsetof(struct tg_frame, stamp) == 264, "vectors.S FRAME_STAMP");

struct tg_fault tg_fault;
volatile bool tg_call_probe;

static const char *const vector_names[16] = {
	"cur-sp0 sync", "cur-sp0 irq", "cur-sp0 fiq", "cur-sp0 serror",
	"cur-spx sync", "cur-spx irq", "cur-spx fiq", "cur-spx serror",
	"lower64 sync", "lower64 irq", "lower64 fiq", "lower64 serror",
	"lower32 sync", "lower32 irq", "lower32 fiq", "lower32 serror",
};

void tg_exception(struct tg_frame *f, uint64_t vector);

void tg_exception(struct tg_frame *f, uint64_t vector)
{
	if (vector == VECTOR_CUR_SPX_IRQ && gic_version != 0) {
		gic_handle_irq(f);
		return;
	}

	uint64_t esr = read_sysreg(esr_el1);
	uint64_t far = read_sysreg(far_el1);
	unsigned int ec = (unsigned int)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	if (vector == VECTOR_CUR_SPX_SYNC && tg_fault.expected) {
		tg_fault.esr = esr;
		tg_fault.far = far;
		tg_fault.data_abort = ec == ESR_EC_DABT_CUR;
		tg_fault.expected = false;
		tg_fault.taken = true;
		if (tg_fault.resume_lr) {
			/* A jump's target faulted: back to the caller (test=attack). */
			tg_fault.resume_lr = false;
			f->elr = f->x[30];
		} else {
			f->elr += INSN_SIZE;
		}
		/* After an illegal exception return PSTATE.IL is set: do not restore it. */
		f->spsr &= ~SPSR_IL;
		return;
	}
	/*
	 * An HVC/SMC with no handler above EL1 is UNDEFINED (EC 0, ELR at the
	 * call itself): report it as SMCCC NOT_SUPPORTED to the caller.
	 */
	if (vector == VECTOR_CUR_SPX_SYNC && tg_call_probe && ec == ESR_EC_UNKNOWN) {
		tg_printf("testguest: call at 0x%lx is UNDEFINED here; treating as "
			  "NOT_SUPPORTED\n",
			  f->elr);
		f->x[0] = (uint64_t)(int64_t)PSCI_RET_NOT_SUPPORTED;
		f->elr += INSN_SIZE;
		return;
	}
	tg_fail("unexpected exception: %s ESR=0x%lx FAR=0x%lx ELR=0x%lx\n",
		vector_names[vector & 15], esr, far, f->elr);
	tg_finish();
}
