/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical console UART. Every driver in drivers/ that the build links
 * registers itself with UART_DRIVER(); the console is the one whose
 * compatible string the device tree's console node lists (or, before the
 * DT is read, the platform's EARLY_UART_COMPAT). Only the console
 * (core/console.c) calls these, under its lock: output goes out a FIFO's
 * worth at a time, then the UART's transmit interrupt (or, with a pace
 * set, the hypervisor's timer) says when there is room again; input
 * raises the UART's interrupt.
 */
#ifndef TESSERA_UART_H
#define TESSERA_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A UART's registers: at base + (register number << shift), width bytes wide. */
struct uart_port {
	uintptr_t base;
	unsigned shift;             /* "reg-shift" (16550 family), else 0 */
	unsigned width;             /* "reg-io-width": 1 or 4 (16550 family) */
	unsigned fifo;              /* the driver's: transmit FIFO depth found at init */
};

struct uart_driver {
	const char *name;
	const char *const *compat;  /* NULL-terminated */
	void (*init)(struct uart_port *p);
	/* Bytes it takes now without being asked again (0: full). */
	unsigned (*tx_room)(const struct uart_port *p);
	void (*tx)(const struct uart_port *p, char c);
	/* Transmit interrupt: raised when the FIFO has drained (on while output waits). */
	void (*tx_irq)(const struct uart_port *p, bool on);
	int (*rx)(const struct uart_port *p);         /* -1: nothing waiting */
	void (*rx_irq)(const struct uart_port *p, bool on);
};

#define UART_DRIVER(n)                                                                         \
	static const struct uart_driver n##_driver                                             \
		__attribute__((section(".uart_drivers"), used, aligned(sizeof(void *))))

/*
 * Use the linked driver that matches a compatible string list (NUL
 * separated, as in the DT, len bytes) for the UART at port. Returns its
 * name, or NULL (and keeps the UART it had) if no driver matches.
 */
const char *uart_init(const char *compat, unsigned len, const struct uart_port *port);
/* Bytes the UART takes now without waiting: 0 when full (or paced out). */
unsigned uart_tx_room(void);
/* One byte out; only after uart_tx_room() said there is room for it. */
void uart_tx(char c);
/*
 * Output waits (on) or not: ask for the interrupt that says there is room
 * again. Returns 0 when the UART's own interrupt will say so, else the
 * system counter value at which the pace (below) has room again: the caller
 * sets a timer for it.
 */
uint64_t uart_tx_notify(bool on);
/*
 * Test and benchmark aid (the plan's test-console-baud): behave like a UART
 * of this many bits per second (8N1: 10 bits a byte) with a 16-byte FIFO,
 * the counter running at hz. 0: as fast as the UART itself.
 */
void uart_set_pace(uint32_t baud, uint64_t hz);
/* A received byte, or -1 if none is waiting. */
int uart_getc(void);
/* Raise the UART's interrupt while received data waits. */
void uart_rx_irq(bool on);

#endif
