/* SPDX-License-Identifier: Apache-2.0 */
/* Each VM's emulated PL011 and the physical console multiplexer. */
#ifndef TESSERA_VUART_H
#define TESSERA_VUART_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/spinlock.h>

#define VUART_LINE 160
#define VUART_RX 64

struct vuart {
	struct spinlock lock;
	const char *label;
	unsigned len;
	char line[VUART_LINE];
	unsigned rx_head, rx_tail;      /* rx ring, filled by the console */
	char rx[VUART_RX];
	uint32_t cr, lcr, ibrd, fbrd, imsc, ifls;
};

void vuart_init(struct vuart *u, const char *label);
/* Register access at `off` into the 4 KiB PL011 window. */
bool vuart_access(struct vuart *u, uint64_t off, bool write, uint64_t *val);
void vuart_rx_push(struct vuart *u, char c);

/* The physical console: hypervisor log lines and each VM's labelled lines. */
void console_init(uint64_t uart_base);
void console_write_line(const char *prefix, const char *text, unsigned len);
/* Route pending physical input to the VM that has the focus (Ctrl-T switches). */
void console_poll_input(void);
void console_add_vm(struct vuart *u, const int *running);

#endif
