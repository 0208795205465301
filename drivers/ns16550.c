/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 8250/16550 family (ns16550a, snps,dw-apb-uart, the debug UART of
 * most phone and Allwinner SoCs): the console, polled for output,
 * interrupt on input. Register n sits at base + (n << reg-shift) and is
 * accessed reg-io-width bytes wide (the DesignWare UART on 32-bit buses
 * wants 4).
 */
#include <stdint.h>
#include <tessera/uart.h>

#define RBR_THR 0
#define IER 1
#define IER_ERBFI (1u << 0) /* received data available */
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
 * The boot firmware has set the line up (divisor, 8N1, FIFOs): nothing to
 * do. LCR is never written, so the DesignWare "busy" quirk cannot bite.
 */
static void ns16550_init(const struct uart_port *p)
{
	(void)p;
}

static bool ns16550_tx_full(const struct uart_port *p)
{
	return !(rd(p, LSR) & LSR_THRE);
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

static void ns16550_rx_irq(const struct uart_port *p, bool on)
{
	wr(p, IER, on ? IER_ERBFI : 0);
}

static const char *const ns16550_compat[] = {
	"ns16550a", "ns16550", "snps,dw-apb-uart", "ns8250", NULL,
};

UART_DRIVER(ns16550) = {
	.name = "16550",
	.compat = ns16550_compat,
	.init = ns16550_init,
	.tx_full = ns16550_tx_full,
	.tx = ns16550_tx,
	.rx = ns16550_rx,
	.rx_irq = ns16550_rx_irq,
};
