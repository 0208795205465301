/* SPDX-License-Identifier: Apache-2.0 */
/* Each VM's emulated PL011 and the physical console multiplexer. */
#ifndef TESSERA_VUART_H
#define TESSERA_VUART_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/spinlock.h>

#define VUART_LINE 256
#define VUART_RX 256

struct vm;

struct vuart {
	struct spinlock lock;
	struct vm *vm;
	const char *label;
	bool tx_irq;                    /* TXRIS: set when the (instant) FIFO drains */
	unsigned len;
	char line[VUART_LINE];
	unsigned rx_head, rx_tail;      /* rx ring, filled by the console */
	char rx[VUART_RX];
	uint32_t cr, lcr, ibrd, fbrd, imsc, ifls;
};

void vuart_init(struct vuart *u, struct vm *vm, const char *label);
/* Its VM restarts: registers as after reset, pending input dropped (nothing of it runs). */
void vuart_reset(struct vuart *u);
/* Register access at `off` into the 4 KiB PL011 window. */
bool vuart_access(struct vuart *u, uint64_t off, bool write, uint64_t *val);
void vuart_rx_push(struct vuart *u, char c);

/* The physical console (the UART seam, tessera/uart.h): hypervisor log lines and each VM's labelled lines. */
/*
 * Write text for owner (a VM's vuart, or NULL for the hypervisor), prefixed
 * when it starts a line. end_line: the line is complete. A partial line (a
 * shell prompt) stays open on the screen until its owner writes more; any
 * other owner's line starts below it.
 */
void console_write(const void *owner, const char *prefix, const char *text, unsigned len,
		   bool end_line);
/* Does u have the input focus? */
bool console_has_focus(const struct vuart *u);
/* The guest waits (for input or an interrupt): show what it has written so far. */
void vuart_flush_partial(struct vuart *u);
/* Route pending physical input to the VM that has the focus (Ctrl-T switches). */
void console_poll_input(void);
void console_add_vm(struct vuart *u, const int *running);
/* The physical console's receive interrupt, if it has one (0: polled only). */
void console_set_irq(uint32_t intid);
bool console_irq(uint32_t intid);

#endif
