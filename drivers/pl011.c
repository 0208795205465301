/* SPDX-License-Identifier: Apache-2.0 */
/* ARM PL011 (DDI 0183): the physical console, polled. */
#include <stdint.h>
#include <tessera/uart.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define UARTIMSC 0x38
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)

static volatile uint32_t *regs;

static inline uint32_t rd(unsigned off)
{
	return regs[off / 4];
}

void uart_init(uint64_t base)
{
	/* Firmware (or QEMU) has set the baud rate; Tessera only polls. */
	regs = (volatile uint32_t *)(uintptr_t)base;
}

void uart_putc(char c)
{
	if (!regs) {
		return;
	}
	while (rd(UARTFR) & FR_TXFF) {
	}
	regs[UARTDR / 4] = (uint8_t)c;
}

int uart_getc(void)
{
	if (!regs || (rd(UARTFR) & FR_RXFE)) {
		return -1;
	}
	return (int)(rd(UARTDR) & 0xff);
}

void uart_rx_irq(bool on)
{
	if (regs) {
		regs[UARTIMSC / 4] = on ? INT_RX | INT_RT : 0;
	}
}
