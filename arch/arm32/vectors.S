/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hyp mode vectors (HVBAR, ARMv7 ARM B1.8.1). Every guest exit arrives at
 * the Hyp trap or the IRQ/FIQ entry. A guest trap saves r0-r12 and LR
 * (Hyp mode shares LR with User mode) with one STM into the frame at the
 * top of this CPU's stack (SP_hyp points at it while a guest runs), calls
 * C, restores with one LDM and returns with ERET. Hyp mode's own SP,
 * ELR_hyp and SPSR_hyp are banked: nothing else needs saving.
 */
#include <asm/regs.h>

	.arch_extension virt
	.arm

/* An exception taken in Hyp mode itself: a hypervisor bug. */
.macro hyp_vector kind
	sub	sp, sp, #FRAME_SIZE
	stmia	sp, {r0-r12, lr}
	mov	r0, sp
	mov	r1, #\kind
	b	hyp_exception
.endm

	.section .text.vectors, "ax"
	.balign	32
	.global	hyp_vectors
hyp_vectors:
	b	hyp_reset		/* 0x00: unused */
	b	hyp_undef		/* 0x04: undefined instruction in Hyp mode */
	b	hyp_call		/* 0x08: HVC/SVC in Hyp mode */
	b	hyp_pabt		/* 0x0c: prefetch abort in Hyp mode */
	b	hyp_dabt		/* 0x10: data abort in Hyp mode */
	b	guest_trap		/* 0x14: Hyp trap: every synchronous guest exit */
	b	guest_irq		/* 0x18: IRQ (HCR.IMO) */
	b	guest_irq		/* 0x1c: FIQ (HCR.FMO) */

guest_trap:
	stmia	sp, {r0-r12, lr}
	mov	r0, sp
	bl	arm32_trap_sync
	b	guest_exit

guest_irq:
	stmia	sp, {r0-r12, lr}
	mov	r0, sp
	bl	arm32_trap_irq
	/* fall through */
	.global	guest_exit
guest_exit:
	ldmia	sp, {r0-r12, lr}
	eret

/* arm32_enter_guest(frame): drop whatever C stack we are on and run the guest. */
	.global	arm32_enter_guest
arm32_enter_guest:
	mov	sp, r0
	b	guest_exit

hyp_reset:	hyp_vector 0
hyp_undef:	hyp_vector 1
hyp_call:	hyp_vector 2
hyp_pabt:	hyp_vector 3
hyp_dabt:	hyp_vector 4
