/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cadence UART (the Zynq / ZynqMP "PS UART", compatible cdns,uart-r1p12;
 * Zynq UltraScale+ TRM UG1085, UART chapter): the console. Output a FIFO
 * at a time, then the transmit-empty interrupt; input interrupts at the
 * receive FIFO trigger, at one byte. The
 * receive timeout stays off: it fires a while after any byte (or after its
 * restart) whether or not the FIFO holds one, and would keep the CPU busy.
 */
#include <stdint.h>
#include <tessera/uart.h>

#define CR 0x00
#define CR_RXRST (1u << 0)
#define CR_TXRST (1u << 1)
#define CR_RX_EN (1u << 2)
#define CR_RX_DIS (1u << 3)
#define CR_TX_EN (1u << 4)
#define CR_TX_DIS (1u << 5)
#define IER 0x08
#define IDR 0x0c
#define ISR 0x14
#define INT_RXTRIG (1u << 0)
#define INT_TEMPTY (1u << 3)
#define RXTOUT 0x1c
#define RXWM 0x20
#define SR 0x2c
#define SR_RXEMPTY (1u << 1)
#define SR_TXEMPTY (1u << 3)
#define SR_TXFULL (1u << 4)
#define FIFO 0x30
#define CDNS_FIFO 64

static inline volatile uint32_t *reg(const struct uart_port *p, unsigned off)
{
	return (volatile uint32_t *)(p->base + off);
}

/*
 * The boot firmware has set the baud rate; after a cold reset (QEMU's
 * -kernel boot) transmit and receive are still disabled, so enable them,
 * leaving everything else as it is.
 */
static void cdns_init(struct uart_port *p)
{
	uint32_t cr = *reg(p, CR);

	if ((cr & (CR_TX_EN | CR_RX_EN | CR_TX_DIS | CR_RX_DIS)) != (CR_TX_EN | CR_RX_EN)) {
		*reg(p, CR) = (cr & ~(CR_TX_DIS | CR_RX_DIS)) | CR_TX_EN | CR_RX_EN;
	}
	*reg(p, RXWM) = 1;
	*reg(p, RXTOUT) = 0;
	*reg(p, IDR) = ~0u;
	p->fifo = CDNS_FIFO;
}

/*
 * Empty: all of it, and the transmit-empty event (sticky, write one to
 * clear) is consumed, so the next time it drains raises it again.
 */
static unsigned cdns_tx_room(const struct uart_port *p)
{
	uint32_t sr = *reg(p, SR);

	if (sr & SR_TXEMPTY) {
		*reg(p, ISR) = INT_TEMPTY;
		return p->fifo;
	}
	return (sr & SR_TXFULL) ? 0 : 1;
}

static void cdns_tx(const struct uart_port *p, char c)
{
	*reg(p, FIFO) = (uint8_t)c;
}

static void cdns_tx_irq(const struct uart_port *p, bool on)
{
	*reg(p, on ? IER : IDR) = INT_TEMPTY;
}

static int cdns_rx(const struct uart_port *p)
{
	if (*reg(p, SR) & SR_RXEMPTY) {
		/* Drained: acknowledge the trigger (write one to clear). */
		*reg(p, ISR) = INT_RXTRIG;
		return -1;
	}
	return (int)(*reg(p, FIFO) & 0xff);
}

static void cdns_rx_irq(const struct uart_port *p, bool on)
{
	*reg(p, on ? IER : IDR) = INT_RXTRIG;
}

static const char *const cdns_compat[] = { "cdns,uart-r1p12", "cdns,uart-r1p8", NULL };

UART_DRIVER(cdns) = {
	.name = "Cadence UART",
	.compat = cdns_compat,
	.init = cdns_init,
	.tx_room = cdns_tx_room,
	.tx = cdns_tx,
	.tx_irq = cdns_tx_irq,
	.rx = cdns_rx,
	.rx_irq = cdns_rx_irq,
};
