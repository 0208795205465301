/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console UART seam: finds the linked driver (UART_DRIVER, collected by
 * the link script between __uart_drivers_start and __uart_drivers_end) that
 * matches the console's compatible list, and calls it. Until one is chosen
 * output goes nowhere.
 */
#include <stddef.h>
#include <string.h>
#include <tessera/uart.h>

extern const struct uart_driver __uart_drivers_start[], __uart_drivers_end[];

static const struct uart_driver *drv;
static struct uart_port port;

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

void uart_putc(char c)
{
	if (!drv) {
		return;
	}
	while (drv->tx_full(&port)) {
	}
	drv->tx(&port, c);
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
