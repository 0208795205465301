/* SPDX-License-Identifier: Apache-2.0 */
/* ARM PL011 (DDI 0183): the console, polled for output, interrupt on input. */
#include <stdint.h>
#include <tessera/uart.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define UARTIMSC 0x38
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)

static inline volatile uint32_t *reg(const struct uart_port *p, unsigned off)
{
	return (volatile uint32_t *)(p->base + off);
}

/* Firmware (or QEMU) has set the baud rate and enabled it. */
static void pl011_init(const struct uart_port *p)
{
	(void)p;
}

static bool pl011_tx_full(const struct uart_port *p)
{
	return *reg(p, UARTFR) & FR_TXFF;
}

static void pl011_tx(const struct uart_port *p, char c)
{
	*reg(p, UARTDR) = (uint8_t)c;
}

static int pl011_rx(const struct uart_port *p)
{
	if (*reg(p, UARTFR) & FR_RXFE) {
		return -1;
	}
	return (int)(*reg(p, UARTDR) & 0xff);
}

static void pl011_rx_irq(const struct uart_port *p, bool on)
{
	*reg(p, UARTIMSC) = on ? INT_RX | INT_RT : 0;
}

static const char *const pl011_compat[] = { "arm,pl011", NULL };

UART_DRIVER(pl011) = {
	.name = "PL011",
	.compat = pl011_compat,
	.init = pl011_init,
	.tx_full = pl011_tx_full,
	.tx = pl011_tx,
	.rx = pl011_rx,
	.rx_irq = pl011_rx_irq,
};
