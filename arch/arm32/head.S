/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry. The image starts with a zImage header (magic at 0x24, Linux
 * Documentation/arch/arm/booting.rst) so that U-Boot's bootz, a FIT bootm and
 * QEMU's -kernel start it in Hyp mode, MMU off, with the DTB address in r2.
 * bootz and QEMU run it wherever they loaded it, so the first thing it does
 * is copy itself to LOAD_ADDR, the address it is linked for.
 */
#include <asm/regs.h>

#define STACK_SHIFT 14 /* 16 KiB, as cpu.c */
#define HSCTLR_RES1 0x30c50818
#define PSR_MODE_MASK 0x1f
#define PSR_MODE_HYP 0x1a

	.arch_extension virt
	.arm
	.section .text.head, "ax"
	.global _head
_head:
	.rept	8
	mov	r0, r0			/* the zImage header's NOP sled */
	.endr
	b	primary_entry		/* 0x20 */
	.word	0x016f2818		/* 0x24: zImage magic */
	.word	0			/* 0x28: start, 0: position independent */
	.word	__image_size		/* 0x2c: end: the whole footprint, bss included */
	.word	0x04030201		/* 0x30: little-endian */

/* Hyp mode with the MMU and caches off, exceptions in ARM state, nothing masked to guests. */
.macro hyp_quiesce
	cpsid	aif
	ldr	r0, =HSCTLR_RES1
	mcr	p15, 4, r0, c1, c0, 0	/* HSCTLR */
	isb
.endm

/* Per-CPU Hyp setup once running at the link address, before any C runs. */
.macro hyp_setup
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 2	/* HCPTR: no coprocessor trapped; VFP belongs to the guest */
	mcr	p15, 4, r0, c13, c0, 2	/* HTPIDR: no struct cpu yet */
	ldr	r0, =hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0	/* HVBAR */
	isb
.endm

primary_entry:
	mov	r10, r2			/* the DTB */
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	bne	not_in_hyp
	hyp_quiesce

	/* Copy the image to its link address if it runs elsewhere (overlap-safe). */
	adr	r4, _head		/* where it runs */
	ldr	r5, =_head		/* where it is linked */
	cmp	r4, r5
	beq	relocated
	ldr	r6, =__load_size
	blo	2f
	mov	r7, r5			/* runs above its link address: copy upwards */
	add	r8, r5, r6
1:	ldr	r9, [r4], #4
	str	r9, [r7], #4
	cmp	r7, r8
	blo	1b
	b	3f
2:	add	r4, r4, r6		/* runs below: copy downwards from the end */
	add	r7, r5, r6
1:	ldr	r9, [r4, #-4]!
	str	r9, [r7, #-4]!
	cmp	r7, r5
	bhi	1b
3:	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0	/* ICIALLU: the old copy may be in the I-cache */
	dsb
	isb
	ldr	pc, =relocated

relocated:
	hyp_setup
	ldr	r1, =__bss_start
	ldr	r2, =__bss_end
	mov	r3, #0
1:	cmp	r1, r2
	strlo	r3, [r1], #4
	blo	1b
	ldr	sp, =boot_stack + (1 << STACK_SHIFT)
	mov	r0, r10			/* boot_main(uint64_t fdt_pa): r0 low, r1 high */
	mov	r1, #0
	bl	boot_main
	b	.

/* PSCI CPU_ON lands here in Hyp mode, MMU off, with the CPU index in r0. */
	.global secondary_entry
secondary_entry:
	mov	r10, r0
	hyp_quiesce
	hyp_setup
	ldr	r1, =cpu_stacks
	add	r2, r10, #1
	add	r1, r1, r2, lsl #STACK_SHIFT
	sub	sp, r1, #FRAME_SIZE
	mov	r0, r10
	bl	secondary_main
	b	.

/* Not in Hyp mode: say so on the early UART (position independent) and stop. */
not_in_hyp:
	adr	r1, not_hyp_msg
	ldr	r2, =EARLY_UART
1:	ldrb	r3, [r1], #1
	cmp	r3, #0
	strne	r3, [r2]
	bne	1b
2:	wfi
	b	2b
not_hyp_msg:
	.asciz	"tessera: not entered in Hyp mode (enable virtualization); stopping\r\n"
	.balign	4
	.ltorg
