/* SPDX-License-Identifier: Apache-2.0 */
/* Each VM's emulated PL011 and the physical console multiplexer. */
#ifndef TESSERA_VUART_H
#define TESSERA_VUART_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <tessera/conbuf.h>
#include <tessera/spinlock.h>

#define VUART_LINE 256
#define VUART_RX 256

struct vm;

struct vuart {
	struct spinlock lock;
	struct vm *vm;
	const char *label;
	char prefix[CONBUF_PREFIX_MAX]; /* "[label] " */
	bool tx_irq;                    /* TXRIS: set when the (instant) FIFO drains */
	unsigned len;
	char line[VUART_LINE];
	unsigned rx_head, rx_tail;      /* rx ring, filled by the console */
	char rx[VUART_RX];
	uint32_t cr, lcr, ibrd, fbrd, imsc, ifls;
	struct conbuf out;              /* its lines on their way to the console */
};

void vuart_init(struct vuart *u, struct vm *vm, const char *label);
/* Its VM restarts: registers as after reset, pending input dropped (nothing of it runs). */
void vuart_reset(struct vuart *u);
/* Register access at `off` into the 4 KiB PL011 window. */
bool vuart_access(struct vuart *u, uint64_t off, bool write, uint64_t *val);
void vuart_rx_push(struct vuart *u, char c);
/* The guest waits (for input or an interrupt): show what it has written so far. */
void vuart_flush_partial(struct vuart *u);

/*
 * The physical console (core/console.c; the UART seam is tessera/uart.h):
 * hypervisor log lines (log_info, log_vm in tessera/hyp.h) and each VM's
 * labelled lines, each source through its own buffer, written out by the
 * console CPU.
 */
/*
 * Guest text from u's PL011 (under u's lock): end_line, the line is
 * complete; else a partial line (a shell prompt), which stays open on the
 * screen until the VM writes more, other sources' lines starting below it.
 */
void console_guest(struct vuart *u, const char *text, unsigned len, bool end_line);
/* Bytes of u's output its full buffer has lost so far. */
uint64_t console_dropped(const struct vuart *u);
/* Does u have the input focus? */
bool console_has_focus(const struct vuart *u);
/* Route pending physical input to the VM that has the focus (Ctrl-T switches); never waits. */
void console_poll_input(void);
void console_add_vm(struct vuart *u, const int *running);
/*
 * Boot: CPU cpu (affinity mpidr) will own the console; intid is the UART's
 * interrupt (0: none, input is polled); baud > 0 paces it (uart_set_pace).
 */
void console_start(unsigned cpu, uint64_t mpidr, uint32_t intid, uint32_t baud);
/* Every CPU once its GIC interface is up: the console CPU takes the output over. */
void console_cpu_ready(void);
/* Is this the console CPU? */
bool console_on_this_cpu(void);
/* A console interrupt (the UART's, GIC_SGI_CONSOLE, GIC_PPI_HTIMER)? Handles it. */
bool console_irq(uint32_t intid);
/*
 * The console CPU, waiting at EL2 for something else: keep the console
 * going. Returns true while output still waits (the caller should not
 * sleep for long). Elsewhere: nothing, false.
 */
bool console_idle(void);
/* The console CPU has nothing else to do, ever: serve the console alone. */
noreturn void console_serve(void);
/* Write out everything buffered now, waiting for the UART (power-off, panic). */
void console_flush(void);

#endif
