/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 8250/16550 family (ns16550a, snps,dw-apb-uart, the debug UART of
 * most phone and Allwinner SoCs): the console. Output a FIFO at a time
 * (when the transmit holding register or FIFO is empty), then the THRE
 * interrupt; input raises the receive interrupt. Register n sits at base +
 * (n << reg-shift) and is accessed reg-io-width bytes wide (the DesignWare
 * UART on 32-bit buses wants 4).
 */
#include <stdint.h>
#include <tessera/uart.h>

#define RBR_THR 0
#define IER 1
#define IER_ERBFI (1u << 0) /* received data available */
#define IER_ETBEI (1u << 1) /* transmit holding register (FIFO) empty */
#define IIR 2
#define IIR_FIFOS (3u << 6) /* both set: FIFOs enabled */
#define NS16550_FIFO 16
#define LSR 5
#define LSR_DR (1u << 0)
#define LSR_THRE (1u << 5)

static uint32_t rd(const struct uart_port *p, unsigned n)
{
	uintptr_t a = p->base + ((uintptr_t)n << p->shift);

	return p->width == 4 ? *(volatile uint32_t *)a : *(volatile uint8_t *)a;
}

static void wr(const struct uart_port *p, unsigned n, uint32_t v)
{
	uintptr_t a = p->base + ((uintptr_t)n << p->shift);

	if (p->width == 4) {
		*(volatile uint32_t *)a = v;
	} else {
		*(volatile uint8_t *)a = (uint8_t)v;
	}
}

/*
 * The boot firmware has set the line up (divisor, 8N1, FIFOs): only learn
 * whether the FIFOs are on (without them, one byte at a time). LCR is never
 * written, so the DesignWare "busy" quirk cannot bite.
 */
static void ns16550_init(struct uart_port *p)
{
	p->fifo = (rd(p, IIR) & IIR_FIFOS) == IIR_FIFOS ? NS16550_FIFO : 1;
}

/* THRE: the holding register (with FIFOs: the whole FIFO) is empty. */
static unsigned ns16550_tx_room(const struct uart_port *p)
{
	return (rd(p, LSR) & LSR_THRE) ? p->fifo : 0;
}

static void ns16550_tx(const struct uart_port *p, char c)
{
	wr(p, RBR_THR, (uint8_t)c);
}

static int ns16550_rx(const struct uart_port *p)
{
	if (!(rd(p, LSR) & LSR_DR)) {
		return -1;
	}
	return (int)(rd(p, RBR_THR) & 0xff);
}

static void enable(const struct uart_port *p, uint32_t bits, bool on)
{
	uint32_t ier = rd(p, IER);

	wr(p, IER, on ? ier | bits : ier & ~bits);
}

/* A write to THR acknowledges the THRE interrupt. */
static void ns16550_tx_irq(const struct uart_port *p, bool on)
{
	enable(p, IER_ETBEI, on);
}

static void ns16550_rx_irq(const struct uart_port *p, bool on)
{
	enable(p, IER_ERBFI, on);
}

static const char *const ns16550_compat[] = {
	"ns16550a", "ns16550", "snps,dw-apb-uart", "ns8250", NULL,
};

UART_DRIVER(ns16550) = {
	.name = "16550",
	.compat = ns16550_compat,
	.init = ns16550_init,
	.tx_room = ns16550_tx_room,
	.tx = ns16550_tx,
	.tx_irq = ns16550_tx_irq,
	.rx = ns16550_rx,
	.rx_irq = ns16550_rx_irq,
};
