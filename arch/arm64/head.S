/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry. The image starts with an arm64 Image header (Linux
 * Documentation/arch/arm64/booting.rst) so that U-Boot's booti and QEMU's
 * -kernel load it at RAM base + text_offset and enter it at EL2, MMU off,
 * with the DTB address in x0.
 */
#include <asm/regs.h>

#define STACK_SHIFT 14 /* 16 KiB, as cpu.c */
#define SCTLR_EL2_RES1 0x30c50830
#define CPTR_EL2_RES1 0x33ff

	.section .text.head, "ax"
	.global _head
_head:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	TEXT_OFFSET		/* text_offset from the start of RAM */
	.quad	__image_size		/* everything, bss and stacks included */
	.quad	0x2			/* LE, 4 KiB pages, placed at RAM base + text_offset */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

/* Common per-CPU EL2 setup before any C runs. */
.macro el2_setup
	msr	daifset, #0xf
	ldr	x1, =SCTLR_EL2_RES1
	msr	sctlr_el2, x1
	mov	x1, #CPTR_EL2_RES1	/* FP/SIMD not trapped: guests own it, libfdt uses it */
	msr	cptr_el2, x1
	adrp	x1, el2_vectors
	add	x1, x1, :lo12:el2_vectors
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr
	isb
.endm

primary_entry:
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_at_el2
	el2_setup
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adrp	x1, boot_stack
	add	x1, x1, :lo12:boot_stack
	add	x1, x1, #(1 << STACK_SHIFT)
	mov	sp, x1
	mov	x0, x19
	bl	boot_main
	b	.

/* PSCI CPU_ON lands here, MMU off, with the CPU index in x0. */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	el2_setup
	adrp	x1, cpu_stacks
	add	x1, x1, :lo12:cpu_stacks
	add	x2, x19, #1
	add	x1, x1, x2, lsl #STACK_SHIFT
	sub	sp, x1, #FRAME_SIZE
	mov	x0, x19
	bl	secondary_main
	b	.

/* Not at EL2: say so on the early UART and stop. */
not_at_el2:
	adr	x1, not_el2_msg
	ldr	x2, =EARLY_UART
3:	ldrb	w3, [x1], #1
	cbz	w3, 4f
	str	w3, [x2]
	b	3b
4:	wfi
	b	4b
not_el2_msg:
	.asciz	"tessera: not entered at EL2 (enable virtualization); stopping\r\n"
	.balign	4
