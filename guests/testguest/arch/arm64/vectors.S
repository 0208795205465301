// SPDX-License-Identifier: Apache-2.0
/*
 * EL1 exception vectors. Every entry saves the general registers, ELR_EL1 and
 * SPSR_EL1 into a struct tg_frame on the current stack and calls
 * tg_exception(frame, vector index) in C (IRQ entries first stamp the frame
 * with CNTVCT_EL0); whatever C leaves in the frame
 * (e.g. ELR advanced past a faulting instruction, x0 patched) is restored
 * before the eret.
 */

#define FRAME_SIZE	272	/* sizeof(struct tg_frame), checked in exceptions.c */
#define FRAME_ELR	248
#define FRAME_SPSR	256
#define FRAME_STAMP	264

.macro ventry idx
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\idx
	b	exc_common
.endm

/* IRQ entries also record CNTVCT_EL0 in the frame (interrupt latency). */
.macro ventry_irq idx
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mrs	x0, cntvct_el0
	str	x0, [sp, #FRAME_STAMP]
	mov	x1, #\idx
	b	exc_common
.endm

	.text
	.balign	2048
	.globl	tg_vectors
tg_vectors:
	ventry	0	/* current EL, SP_EL0: sync */
	ventry_irq	1	/* irq */
	ventry	2	/* fiq */
	ventry	3	/* serror */
	ventry	4	/* current EL, SP_ELx: sync (offset 0x200) */
	ventry_irq	5	/* irq (offset 0x280) */
	ventry	6
	ventry	7
	ventry	8	/* lower EL, AArch64 */
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32 */
	ventry	13
	ventry	14
	ventry	15

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x30, x2, [sp, #240]
	str	x3, [sp, #FRAME_SPSR]

	mov	x0, sp
	bl	tg_exception

	ldr	x2, [sp, #FRAME_ELR]
	ldr	x3, [sp, #FRAME_SPSR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret
