/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors. A guest trap saves registers into the frame that
 * sits at the top of this CPU's stack (SP_EL2 points at it whenever a guest
 * runs), calls C, restores and returns. ELR/SPSR stay in their registers.
 *
 * SMCCC calls (HVC, trapped SMC) are the hottest exit and take a lighter
 * path: SMCCC 1.1 passes everything in x0-x17 and the C handler preserves
 * x19-x29 (AAPCS64), so only x0-x18 and x30 go to the frame. Anything on
 * that path that must rewrite the whole frame (a vCPU reset) leaves through
 * guest_exit, which restores all of it.
 */
#include <asm/regs.h>

#define EC_HVC64 0x16
#define EC_SMC64 0x17

/* x2-x18 and x30: what C may clobber (x0/x1 are saved first, by the caller). */
.macro save_caller_regs
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	str	x18, [sp, #16 * 9]
	str	x30, [sp, #16 * 15]
.endm

/* x19-x29: what C preserves, saved only when a handler needs the whole frame. */
.macro save_callee_regs
	stp	x19, x20, [sp, #16 * 9 + 8]
	stp	x21, x22, [sp, #16 * 10 + 8]
	stp	x23, x24, [sp, #16 * 11 + 8]
	stp	x25, x26, [sp, #16 * 12 + 8]
	stp	x27, x28, [sp, #16 * 13 + 8]
	str	x29, [sp, #16 * 14 + 8]
.endm

.macro save_regs
	stp	x0, x1, [sp, #16 * 0]
	save_caller_regs
	save_callee_regs
.endm

/* A guest exit: save, call C handler, return to the guest. */
.macro guest_vector handler
	.balign	0x80
	save_regs
	mov	x0, sp
	bl	\handler
	b	guest_exit
.endm

/*
 * An interrupt: its handling never reads or writes the guest's registers, so
 * like an SMCCC call it saves only what C may clobber (see the top).
 */
.macro light_vector handler
	.balign	0x80
	stp	x0, x1, [sp, #16 * 0]
	save_caller_regs
	mov	x0, sp
	bl	\handler
	b	light_exit
.endm

/* An exception taken from EL2 itself: a hypervisor bug. */
.macro hyp_vector kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	save_regs
	mov	x0, sp
	mov	x1, #\kind
	b	hyp_exception
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.global	el2_vectors
el2_vectors:
	hyp_vector 0		/* current EL, SP_EL0 */
	hyp_vector 1
	hyp_vector 2
	hyp_vector 3
	hyp_vector 4		/* current EL, SP_EL2: sync */
	hyp_vector 5		/* irq */
	hyp_vector 6		/* fiq */
	hyp_vector 7		/* serror */
	.balign	0x80			/* lower EL, AArch64: sync, SMCCC calls first */
	stp	x0, x1, [sp, #16 * 0]
	mrs	x1, esr_el2
	lsr	x0, x1, #26
	cmp	x0, #EC_HVC64
	b.eq	guest_smccc
	cmp	x0, #EC_SMC64
	b.eq	guest_smccc
	b	guest_sync_other
	light_vector arm64_trap_irq
	light_vector arm64_trap_irq
	guest_vector arm64_trap_serror
	guest_vector arm64_trap_sync	/* lower EL, AArch32 (EL0 of a 64-bit guest) */
	light_vector arm64_trap_irq
	light_vector arm64_trap_irq
	guest_vector arm64_trap_serror

/* SMCCC call from a 64-bit guest (x0, x1 saved; x1 = ESR_EL2). */
guest_smccc:
	save_caller_regs
	mov	x0, sp
	bl	arm64_trap_smccc
	b	light_exit

/* Return from a light exit: restore what it saved. */
light_exit:
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldr	x18, [sp, #16 * 9]
	ldr	x30, [sp, #16 * 15]
	eret

/* Any other synchronous exit (x0, x1 saved): save everything. */
guest_sync_other:
	save_caller_regs
	save_callee_regs
	mov	x0, sp
	bl	arm64_trap_sync
	b	guest_exit

/* Return from a full exit: the callee-saved half, then the rest as a light exit. */
	.global	guest_exit
guest_exit:
	ldp	x19, x20, [sp, #16 * 9 + 8]
	ldp	x21, x22, [sp, #16 * 10 + 8]
	ldp	x23, x24, [sp, #16 * 11 + 8]
	ldp	x25, x26, [sp, #16 * 12 + 8]
	ldp	x27, x28, [sp, #16 * 13 + 8]
	ldr	x29, [sp, #16 * 14 + 8]
	b	light_exit

/* arm64_enter_guest(frame): drop whatever C stack we are on and run the guest. */
	.global	arm64_enter_guest
arm64_enter_guest:
	mov	sp, x0
	b	guest_exit
