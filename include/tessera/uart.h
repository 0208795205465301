/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical console UART. Every driver in drivers/ that the build links
 * registers itself with UART_DRIVER(); the console is the one whose
 * compatible string the device tree's console node lists (or, before the
 * DT is read, the platform's EARLY_UART_COMPAT). All of them are polled for
 * output; input raises the UART's interrupt.
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
};

struct uart_driver {
	const char *name;
	const char *const *compat;  /* NULL-terminated */
	void (*init)(const struct uart_port *p);
	bool (*tx_full)(const struct uart_port *p);
	void (*tx)(const struct uart_port *p, char c);
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
void uart_putc(char c);
/* A received byte, or -1 if none is waiting. */
int uart_getc(void);
/* Raise the UART's interrupt while received data waits. */
void uart_rx_irq(bool on);

#endif
