// SPDX-License-Identifier: Apache-2.0
/*
 * Polled UART drivers of the test guest, for the console and the own UART
 * (hw.c finds both): ARM PL011 (DDI 0183), Cadence UART as in Xilinx
 * ZynqMP (UG1085, ch. 21) and the 16550 family (reg-shift spaced registers,
 * 8- or 32-bit accesses, as the DesignWare APB UART on Allwinner H3). The
 * baud rate and line settings are left as firmware (or QEMU) set them.
 */
#include "testguest.h"

#define PL011_DR 0x00u
#define PL011_FR 0x18u
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)

#define CDNS_CR 0x00u
#define CDNS_CR_RX_EN (1u << 2)
#define CDNS_CR_RX_DIS (1u << 3)
#define CDNS_CR_TX_EN (1u << 4)
#define CDNS_CR_TX_DIS (1u << 5)
#define CDNS_SR 0x2cu
#define CDNS_SR_RXEMPTY (1u << 1)
#define CDNS_SR_TXFULL (1u << 4)
#define CDNS_FIFO 0x30u

#define NS16550_RBR_THR 0u /* register numbers, scaled by reg-shift */
#define NS16550_LSR 5u
#define NS16550_LSR_DR (1u << 0)
#define NS16550_LSR_THRE (1u << 5)

#define BYTE_MASK 0xffu

static uintptr_t ns16550_reg(const struct tg_uart *u, unsigned int reg)
{
	return u->base + ((uintptr_t)reg << u->shift);
}

static uint32_t ns16550_read(const struct tg_uart *u, unsigned int reg)
{
	uintptr_t a = ns16550_reg(u, reg);

	return u->io_width == 4 ? mmio_read32(a) : mmio_read8(a);
}

static void ns16550_write(const struct tg_uart *u, unsigned int reg, uint8_t v)
{
	uintptr_t a = ns16550_reg(u, reg);

	if (u->io_width == 4) {
		mmio_write32(a, v);
	} else {
		mmio_write8(a, v);
	}
}

void uart_init(const struct tg_uart *u)
{
	if (u->kind != UART_CADENCE) {
		return;
	}
	/* Out of reset the Cadence transmitter and receiver are disabled. */
	uint32_t cr = mmio_read32(u->base + CDNS_CR);

	if ((cr & (CDNS_CR_TX_DIS | CDNS_CR_RX_DIS)) != 0 ||
	    (cr & (CDNS_CR_TX_EN | CDNS_CR_RX_EN)) != (CDNS_CR_TX_EN | CDNS_CR_RX_EN)) {
		cr &= ~(CDNS_CR_TX_DIS | CDNS_CR_RX_DIS);
		mmio_write32(u->base + CDNS_CR, cr | CDNS_CR_TX_EN | CDNS_CR_RX_EN);
	}
}

void uart_putc(const struct tg_uart *u, char c)
{
	switch (u->kind) {
	case UART_PL011:
		while (mmio_read32(u->base + PL011_FR) & PL011_FR_TXFF) {
			cpu_relax();
		}
		mmio_write32(u->base + PL011_DR, (uint8_t)c);
		break;
	case UART_CADENCE:
		while (mmio_read32(u->base + CDNS_SR) & CDNS_SR_TXFULL) {
			cpu_relax();
		}
		mmio_write32(u->base + CDNS_FIFO, (uint8_t)c);
		break;
	case UART_16550:
		while ((ns16550_read(u, NS16550_LSR) & NS16550_LSR_THRE) == 0) {
			cpu_relax();
		}
		ns16550_write(u, NS16550_RBR_THR, (uint8_t)c);
		break;
	case UART_NONE:
		break;
	}
}

int uart_getc(const struct tg_uart *u)
{
	switch (u->kind) {
	case UART_PL011:
		if (mmio_read32(u->base + PL011_FR) & PL011_FR_RXFE) {
			return -1;
		}
		return (int)(mmio_read32(u->base + PL011_DR) & BYTE_MASK);
	case UART_CADENCE:
		if (mmio_read32(u->base + CDNS_SR) & CDNS_SR_RXEMPTY) {
			return -1;
		}
		return (int)(mmio_read32(u->base + CDNS_FIFO) & BYTE_MASK);
	case UART_16550:
		if ((ns16550_read(u, NS16550_LSR) & NS16550_LSR_DR) == 0) {
			return -1;
		}
		return (int)(ns16550_read(u, NS16550_RBR_THR) & BYTE_MASK);
	case UART_NONE:
		break;
	}
	return -1;
}

uintptr_t uart_tx_reg(const struct tg_uart *u)
{
	switch (u->kind) {
	case UART_CADENCE:
		return u->base + CDNS_FIFO;
	case UART_16550:
		return ns16550_reg(u, NS16550_RBR_THR);
	default:
		return u->base + PL011_DR;
	}
}

const char *uart_kind_name(enum uart_kind kind)
{
	switch (kind) {
	case UART_PL011:
		return "pl011";
	case UART_CADENCE:
		return "cadence";
	case UART_16550:
		return "16550";
	default:
		return "none";
	}
}
