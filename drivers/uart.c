/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console UART seam: finds the linked driver (UART_DRIVER, collected by
 * the link script between __uart_drivers_start and __uart_drivers_end) that
 * matches the console's compatible list, and calls it. Until one is chosen
 * output goes nowhere. Also the pace a test plan may set: QEMU's UARTs
 * take any amount of output at once, so a slow line is modelled here, as a
 * FIFO that empties one byte per byte time of the system counter.
 */
#include <stddef.h>
#include <string.h>
#include <tessera/arch/cpu.h>
#include <tessera/uart.h>

#define PACE_FIFO 16u       /* bytes, as a 16550A */
#define PACE_BITS 10u       /* per byte: start, 8 data, stop */

extern const struct uart_driver __uart_drivers_start[], __uart_drivers_end[];

static const struct uart_driver *drv;
static struct uart_port port;
/* The paced line: one byte leaves per byte_ticks; the last queued one is gone at drained_at. */
static uint64_t byte_ticks, drained_at;

static bool listed(const char *compat, unsigned len, const char *want)
{
	size_t n = strlen(want) + 1;

	for (unsigned at = 0; at < len;) {
		const char *s = compat + at;
		size_t l = strnlen(s, len - at);

		if (l + 1 == n && memcmp(s, want, n) == 0) {
			return true;
		}
		at += (unsigned)l + 1;
	}
	return false;
}

const char *uart_init(const char *compat, unsigned len, const struct uart_port *p)
{
	for (const struct uart_driver *d = __uart_drivers_start; d < __uart_drivers_end; d++) {
		for (const char *const *c = d->compat; *c; c++) {
			if (listed(compat, len, *c)) {
				port = *p;
				drv = d;
				drv->init(&port);
				return drv->name;
			}
		}
	}
	return NULL;
}

void uart_set_pace(uint32_t baud, uint64_t hz)
{
	byte_ticks = baud ? hz * PACE_BITS / baud : 0;
	drained_at = 0;
}

/* Bytes still in the paced FIFO now. */
static uint64_t paced_queued(uint64_t now)
{
	return drained_at > now ? (drained_at - now + byte_ticks - 1) / byte_ticks : 0;
}

unsigned uart_tx_room(void)
{
	if (!drv) {
		return ~0u; /* nowhere to go yet: never wait for it */
	}
	unsigned room = drv->tx_room(&port);

	if (byte_ticks && room) {
		uint64_t queued = paced_queued(arch_counter());

		room = queued >= PACE_FIFO ? 0 : room < PACE_FIFO - queued ? room : (unsigned)(PACE_FIFO - queued);
	}
	return room;
}

void uart_tx(char c)
{
	if (!drv) {
		return;
	}
	if (byte_ticks) {
		uint64_t now = arch_counter();

		drained_at = (drained_at > now ? drained_at : now) + byte_ticks;
	}
	drv->tx(&port, c);
}

uint64_t uart_tx_notify(bool on)
{
	if (!drv) {
		return 0;
	}
	/* Paced and its FIFO full: a timer when half of it has gone, the UART's interrupt off. */
	if (on && byte_ticks && paced_queued(arch_counter()) >= PACE_FIFO) {
		drv->tx_irq(&port, false);
		return drained_at - PACE_FIFO / 2 * byte_ticks;
	}
	drv->tx_irq(&port, on);
	return 0;
}

int uart_getc(void)
{
	return drv ? drv->rx(&port) : -1;
}

void uart_rx_irq(bool on)
{
	if (drv) {
		drv->rx_irq(&port, on);
	}
}
