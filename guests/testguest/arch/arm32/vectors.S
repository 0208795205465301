// SPDX-License-Identifier: Apache-2.0
/*
 * arm32 exception vectors (VBAR, ARM ARM v7-A B1.8). Every entry turns the
 * mode's LR into the address of the interrupted or faulting instruction,
 * stores it and the SPSR on the SVC stack (SRS), switches to SVC mode,
 * saves r0-r12, lr and CNTVCT there as a struct tg_frame and calls
 * tg_exception(frame, vector index) in C. Whatever C leaves in the frame
 * (e.g. the pc moved past a faulting instruction, r0 patched) is restored
 * and RFE returns. The guest runs in SVC mode only, so no other mode needs
 * a stack of its own.
 *
 * The IRQ path reads the counter with its sixth instruction (the vector's
 * branch, sub, srsdb, cps, push, mrrc): test=bench's latency stamp.
 */

#define MODE_SVC	0x13

	.syntax	unified
	.arm
	.text
	.balign	32
	.globl	tg_vectors
tg_vectors:
	b	vec_reset	/* 0x00 */
	b	vec_undef	/* 0x04 */
	b	vec_svc		/* 0x08 */
	b	vec_pabt	/* 0x0c */
	b	vec_dabt	/* 0x10 */
	b	vec_hyp		/* 0x14: only taken in Hyp mode */
	b	vec_irq		/* 0x18 */
	b	vec_fiq		/* 0x1c */

/* lr_adjust: LR minus the preferred return address, ARM state (B1.8.3). */
.macro ventry name, idx, lr_adjust
\name:
	.if	\lr_adjust
	sub	lr, lr, #\lr_adjust
	.endif
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r0-r12, lr}
	mrrc	p15, 1, r0, r1, c14	/* CNTVCT */
	push	{r0, r1}
	mov	r1, #\idx
	b	exc_common
.endm

	ventry	vec_reset, 0, 0
	ventry	vec_undef, 1, 4
	ventry	vec_svc, 2, 0
	ventry	vec_pabt, 3, 4
	ventry	vec_dabt, 4, 8
	ventry	vec_hyp, 5, 0
	ventry	vec_irq, 6, 4
	ventry	vec_fiq, 7, 4

/* r0 = frame, r1 = vector; the C call gets the 8-byte aligned stack AAPCS asks for. */
exc_common:
	mov	r0, sp
	mov	r4, sp
	bic	r5, r4, #7
	mov	sp, r5
	bl	tg_exception
	mov	sp, r4
	add	sp, sp, #8		/* the stamp */
	pop	{r0-r12, lr}
	rfeia	sp!
