// SPDX-License-Identifier: Apache-2.0
/*
 * Entry points of the test guest: the arm64 Image header, the primary entry
 * (x0 = DTB, MMU off, EL1h or EL2h, DAIF masked, per the Linux arm64 boot
 * protocol) and the secondary entry handed to PSCI CPU_ON (x0 = context
 * id). Entered at EL2 (natively, where firmware or U-Boot hands over at
 * EL2), both first drop to EL1, as Linux does without VHE: the guest is an
 * EL1 program. Everything else is C.
 */

#define STACK_SIZE	0x4000
#define MAX_VCPUS	4
/*
 * SCTLR_EL1: the RES1 bits of ARMv8.0 (29, 28, 23, 22, 20, 11), SA (3) and
 * I (12). The MMU and the D-cache stay off: all data accesses are Device.
 */
#define SCTLR_EL1_INIT	0x30d01808

/* EL2 state that lets EL1 run unhindered (ARM ARM D13.2). */
#define CURRENTEL_EL2		(2 << 2)
#define HCR_EL2_RW		(1 << 31)	/* EL1 is AArch64; no traps, no stage 2 */
#define CNTHCTL_EL1PCTEN	(1 << 0)	/* EL1 reads CNTPCT_EL0 */
#define CNTHCTL_EL1PCEN		(1 << 1)	/* EL1 uses the physical timer */
#define CPTR_EL2_RES1		0x33ff		/* and TFP clear: FP/SIMD not trapped */
#define ID_AA64PFR0_GIC_SHIFT	24
#define ICC_SRE_EL2_SRE		(1 << 0)
#define ICC_SRE_EL2_ENABLE	(1 << 3)	/* EL1 may use ICC_SRE_EL1 */
#define SPSR_EL1H_DAIF		0x3c5		/* EL1h, D, A, I and F masked */
#define icc_sre_el2		S3_4_C12_C9_5

/* At EL2: set EL1 up to run on its own and ERET to it at 9f. Clobbers x1. */
.macro leave_el2
	mrs	x1, CurrentEL
	cmp	x1, #CURRENTEL_EL2
	b.ne	9f
	mov	x1, #HCR_EL2_RW
	msr	hcr_el2, x1
	mov	x1, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mov	x1, #CPTR_EL2_RES1
	msr	cptr_el2, x1
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x1, 8f			/* no GICv3 system-register interface */
	mov	x1, #(ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE)
	msr	icc_sre_el2, x1
8:	mov	x1, #SPSR_EL1H_DAIF
	msr	spsr_el2, x1
	adr	x1, 9f
	msr	elr_el2, x1
	isb
	eret
9:
.endm

	.section .text.head, "ax"
	.globl	_head
_head:
	mrs	x20, cntpct_el0		/* code0: test=bench's boot stamp (tg_boot_cntpct) */
	b	primary_entry		/* code1 */
	.quad	0x80000			/* text_offset */
	.quad	_end - _head		/* image_size: whole footprint */
	.quad	0x2			/* flags: LE, 4K pages, 2 MiB aligned base */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.word	0			/* res5 */

primary_entry:
	mov	x19, x0			/* keep the DTB address across the setup */
	leave_el2
	ldr	x1, =tg_boot_cntpct
	str	x20, [x1]
	ldr	x1, =SCTLR_EL1_INIT
	msr	sctlr_el1, x1
	adr	x1, tg_vectors
	msr	vbar_el1, x1
	isb

	/* Zero .bss (16-byte aligned at both ends by the link script). */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	ldr	x1, =tg_stacks + STACK_SIZE
	mov	sp, x1
	mov	x0, x19
	bl	tg_main
3:	wfi
	b	3b

/* PSCI CPU_ON entry: x0 = context id. The stack is chosen by MPIDR aff0. */
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	leave_el2
	ldr	x1, =SCTLR_EL1_INIT
	msr	sctlr_el1, x1
	adr	x1, tg_vectors
	msr	vbar_el1, x1
	isb
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cmp	x1, #MAX_VCPUS
	b.hs	5f			/* no stack for it: park */
	add	x1, x1, #1
	ldr	x2, =tg_stacks
	mov	x3, #STACK_SIZE
	madd	x2, x1, x3, x2
	mov	sp, x2
	mov	x0, x19
	bl	tg_secondary_main
5:	wfe
	b	5b

	.ltorg

/* CNTPCT_EL0 as read by the image's very first instruction. */
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
