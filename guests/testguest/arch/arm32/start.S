// SPDX-License-Identifier: Apache-2.0
/*
 * Entry points of the arm32 test guest: a zImage-compatible header, the
 * primary entry (Linux arm boot protocol, Documentation/arch/arm/booting.rst:
 * r0 = 0, r1 = machine type, r2 = DTB, SVC or Hyp mode, MMU and D-cache
 * off, IRQ and FIQ masked) and the secondary entry handed to PSCI CPU_ON
 * (r0 = context id). Entered in Hyp mode (natively on a board: QEMU's
 * -kernel on a CPU with the virtualization extensions, or U-Boot's bootz),
 * both leave it for SVC mode first, as Linux does: the guest is a PL1
 * program. Everything else is C.
 *
 * The image is linked at RAM base + 0x10000 (0x40010000 for a VM), where
 * Tessera and QEMU's -kernel put a zImage. Started anywhere else, it first
 * copies itself there (overlap-safe) and jumps to the copy.
 */

#define STACK_SIZE	0x4000
#define MAX_VCPUS	4
#define ZIMAGE_MAGIC	0x016f2818
#define ZIMAGE_ENDIAN	0x04030201
/* SCTLR (ARM ARM v7-A B4.1.130): MMU, alignment check, D-cache, high vectors,
 * big-endian exceptions and Thumb exceptions off; I-cache on. */
#define SCTLR_M		(1 << 0)
#define SCTLR_A		(1 << 1)
#define SCTLR_C		(1 << 2)
#define SCTLR_I		(1 << 12)
#define SCTLR_V		(1 << 13)
#define SCTLR_EE	(1 << 25)
#define SCTLR_TE	(1 << 30)
/* CPSR (B1.3.3) and the Hyp registers that let PL1 run unhindered (B4.1). */
#define PSR_MODE_MASK	0x1f
#define PSR_MODE_SVC	0x13
#define PSR_MODE_HYP	0x1a
#define PSR_F		(1 << 6)
#define PSR_I		(1 << 7)
#define PSR_A		(1 << 8)
#define CNTHCTL_PL1PCTEN (1 << 0)	/* PL1 reads CNTPCT */
#define CNTHCTL_PL1PCEN	(1 << 1)	/* PL1 uses the physical timer */

/*
 * In Hyp mode: no traps (HCR, HSTR), PL1 owns the physical counter and
 * timer, virtual counter = physical (CNTVOFF 0), then ERET to SVC mode at
 * 9f, exceptions masked. In any other mode: nothing. Clobbers r0, r1.
 */
.macro leave_hyp
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	bne	9f
	mov	r0, #0
	mov	r1, #0
	mcr	p15, 4, r0, c1, c1, 0	/* HCR */
	mcr	p15, 4, r0, c1, c1, 3	/* HSTR */
	mcrr	p15, 4, r0, r1, c14	/* CNTVOFF */
	mov	r0, #(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN)
	mcr	p15, 4, r0, c14, c1, 0	/* CNTHCTL */
	mov	r0, #(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r0		/* Hyp's own SPSR (SPSR_hyp by name is for other modes) */
	adr	r0, 9f
	msr	elr_hyp, r0
	isb
	eret
9:
.endm

	.syntax	unified
	.arm
	.section .text.head, "ax"
	.globl	_head
_head:
	/* 0x00: test=bench's boot stamp (tg_boot_cntpct), CNTPCT into r10/r11. */
	mrrc	p15, 0, r10, r11, c14
	.rept	7
	mov	r0, r0			/* 0x04-0x1c: NOPs, as in a zImage */
	.endr
	b	primary_entry		/* 0x20 */
	.word	ZIMAGE_MAGIC		/* 0x24 */
	.word	_head			/* 0x28: load/run address */
	.word	_end			/* 0x2c: end, bss and stacks included */
	.word	ZIMAGE_ENDIAN		/* 0x30 */

primary_entry:
	cpsid	aif
	mov	r8, r2			/* keep the DTB address across the setup */
	leave_hyp
	adr	r4, _head
	ldr	r5, =_head
	cmp	r4, r5
	bne	relocate

	bl	cpu_init
	/* Zero .bss (16-byte aligned at both ends by the link script). */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
1:	cmp	r0, r1
	strdlo	r2, r3, [r0], #8
	blo	1b
	ldr	r0, =tg_boot_cntpct
	strd	r10, r11, [r0]

	ldr	sp, =tg_stacks + STACK_SIZE
	mov	r0, r8
	bl	tg_main
2:	wfi
	b	2b

/*
 * r4 = where the image runs, r5 = its link address. Moving up, copy
 * backwards with this loop near the start of the image, which the copy
 * reaches last (it would overwrite it only for a shift of less than this
 * section); moving down, copy forwards with the twin loop at the very end
 * of the image (.tail, the last section loaded). Then jump to
 * primary_entry in the copy, which finds itself at home.
 */
relocate:
	ldr	r6, =__image_size	/* a multiple of 4 (link script) */
	mov	r0, #0
	cmp	r4, r5
	bhi	copy_forward		/* running above the target */
	add	r4, r4, r6
	add	r5, r5, r6
3:	ldr	r3, [r4, #-4]!
	str	r3, [r5, #-4]!
	subs	r6, r6, #4
	bne	3b
	mcr	p15, 0, r0, c7, c5, 0	/* ICIALLU: drop stale instructions */
	dsb
	isb
	ldr	pc, =primary_entry

/* Common to both CPUs' entries: SCTLR and VBAR. Clobbers r0. */
cpu_init:
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(SCTLR_M | SCTLR_A | SCTLR_C)
	bic	r0, r0, #SCTLR_V
	bic	r0, r0, #SCTLR_EE
	bic	r0, r0, #SCTLR_TE
	orr	r0, r0, #SCTLR_I
	mcr	p15, 0, r0, c1, c0, 0
	ldr	r0, =tg_vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR */
	isb
	bx	lr

	.ltorg

/* PSCI CPU_ON entry: r0 = context id. The stack is chosen by MPIDR aff0. */
	.text
	.globl	secondary_entry
secondary_entry:
	cpsid	aif
	mov	r8, r0
	leave_hyp
	bl	cpu_init
	mrc	p15, 0, r1, c0, c0, 5	/* MPIDR */
	and	r1, r1, #0xff
	cmp	r1, #MAX_VCPUS
	bhs	5f			/* no stack for it: park */
	add	r1, r1, #1
	ldr	r2, =tg_stacks
	mov	r3, #STACK_SIZE
	mla	r2, r1, r3, r2
	mov	sp, r2
	mov	r0, r8			/* tg_secondary_main(uint64_t context): r0, r1 */
	mov	r1, #0
	bl	tg_secondary_main
5:	wfe
	b	5b

	.ltorg

/* The forward copy loop, last in the image (see relocate). */
	.section .tail, "ax"
copy_forward:
6:	ldr	r3, [r4], #4
	str	r3, [r5], #4
	subs	r6, r6, #4
	bne	6b
	mcr	p15, 0, r0, c7, c5, 0	/* ICIALLU */
	dsb
	isb
	ldr	pc, =primary_entry
	.ltorg

/* CNTPCT as read by the image's very first instruction. */
	.section .data
	.balign	8
	.globl	tg_boot_cntpct
tg_boot_cntpct:
	.quad	0

	.section .stacks, "aw", %nobits
	.balign	16
	.globl	tg_stacks
tg_stacks:
	.space	STACK_SIZE * MAX_VCPUS
