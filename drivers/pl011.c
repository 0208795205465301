/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ARM PL011 (DDI 0183): the console. Output a FIFO at a time, then the
 * transmit interrupt (TXRIS: the FIFO drained through its trigger level);
 * input raises the receive interrupts.
 */
#include <stdint.h>
#include <tessera/uart.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_TXFE (1u << 7)
#define UARTLCR_H 0x2c
#define LCR_H_FEN (1u << 4)
#define UARTIMSC 0x38
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define PL011_FIFO 16 /* r1p5 has 32; 16 is what every revision has */

static inline volatile uint32_t *reg(const struct uart_port *p, unsigned off)
{
	return (volatile uint32_t *)(p->base + off);
}

/* Firmware (or QEMU) has set the baud rate and enabled it; without FIFOs, one byte at a time. */
static void pl011_init(struct uart_port *p)
{
	p->fifo = (*reg(p, UARTLCR_H) & LCR_H_FEN) ? PL011_FIFO : 1;
}

/* FR says only full or empty: all of it when empty, else one byte at a time. */
static unsigned pl011_tx_room(const struct uart_port *p)
{
	uint32_t fr = *reg(p, UARTFR);

	return (fr & FR_TXFF) ? 0 : (fr & FR_TXFE) ? p->fifo : 1;
}

static void pl011_tx(const struct uart_port *p, char c)
{
	*reg(p, UARTDR) = (uint8_t)c;
}

static void mask(const struct uart_port *p, uint32_t bits, bool on)
{
	uint32_t imsc = *reg(p, UARTIMSC);

	*reg(p, UARTIMSC) = on ? imsc | bits : imsc & ~bits;
}

/* TXRIS clears as writes fill the FIFO above its trigger level: no acknowledge needed. */
static void pl011_tx_irq(const struct uart_port *p, bool on)
{
	mask(p, INT_TX, on);
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
	mask(p, INT_RX | INT_RT, on);
}

static const char *const pl011_compat[] = { "arm,pl011", NULL };

UART_DRIVER(pl011) = {
	.name = "PL011",
	.compat = pl011_compat,
	.init = pl011_init,
	.tx_room = pl011_tx_room,
	.tx = pl011_tx,
	.tx_irq = pl011_tx_irq,
	.rx = pl011_rx,
	.rx_irq = pl011_rx_irq,
};
