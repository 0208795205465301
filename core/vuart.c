/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PL011 each VM sees at 0x09000000 (ARM DDI 0183). Transmit collects a
 * line and hands it to the console (into this VM's own buffer, labelled
 * when it goes out); receive drains the ring the console fills while this
 * VM has the input focus. Its interrupt follows RIS & IMSC.
 */
#include <string.h>
#include <tessera/vgic.h>
#include <tessera/vm.h>
#include <tessera/vuart.h>

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTPERIPHID0 0xfe0
#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)

/* PeriphID0-3 and CellID0-3 of a PL011 r1p5, as AMBA probing expects. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* "[label] ", cut to fit. */
static void make_prefix(struct vuart *u)
{
	unsigned n = 0;

	u->prefix[n++] = '[';
	for (const char *s = u->label; *s && n < sizeof(u->prefix) - 3; s++) {
		u->prefix[n++] = *s;
	}
	u->prefix[n++] = ']';
	u->prefix[n++] = ' ';
	u->prefix[n] = '\0';
}

void vuart_init(struct vuart *u, struct vm *vm, const char *label)
{
	memset(u, 0, sizeof(*u));
	u->vm = vm;
	u->label = label;
	make_prefix(u);
	conbuf_init(&u->out);
	u->cr = 0x300; /* TXE | RXE, as after reset */
	u->tx_irq = true;
}

static void flush(struct vuart *u, bool end_line);

void vuart_reset(struct vuart *u)
{
	spin_lock(&u->lock);
	if (u->len) {
		flush(u, true); /* what the last life left unfinished */
	}
	u->cr = 0x300;
	u->tx_irq = true;
	u->lcr = u->ibrd = u->fbrd = u->imsc = u->ifls = 0;
	spin_unlock(&u->lock);
	/* Input typed before the restart is dropped (the console only ever adds at the head). */
	__atomic_store_n(&u->rx_tail, __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
}

static bool rx_empty(struct vuart *u);

/* Raw interrupt status: transmit drained, data (or a timeout) to receive. */
static uint32_t ris(struct vuart *u)
{
	return (u->tx_irq ? INT_TX : 0) | (rx_empty(u) ? 0 : INT_RX | INT_RT);
}

/* The interrupt line follows RIS & IMSC, as on the real PL011. */
static void update_line(struct vuart *u)
{
	vgic_set_line(u->vm, cfg_console_intid(u->vm->cfg), (ris(u) & u->imsc) != 0);
}

static void flush(struct vuart *u, bool end_line)
{
	console_guest(u, u->line, u->len, end_line);
	u->len = 0;
}

static void tx(struct vuart *u, char c)
{
	if (c == '\r') {
		return;
	}
	spin_lock(&u->lock);
	if (c == '\n') {
		flush(u, true);
	} else {
		u->line[u->len++] = c;
		if (u->len == VUART_LINE) {
			flush(u, false);
		}
	}
	spin_unlock(&u->lock);
}

void vuart_flush_partial(struct vuart *u)
{
	if (u->len && console_has_focus(u)) {
		spin_lock(&u->lock);
		if (u->len) {
			flush(u, false);
		}
		spin_unlock(&u->lock);
	}
}

void vuart_rx_push(struct vuart *u, char c)
{
	unsigned next = (u->rx_head + 1) % VUART_RX;

	if (next != __atomic_load_n(&u->rx_tail, __ATOMIC_ACQUIRE)) {
		u->rx[u->rx_head] = c;
		__atomic_store_n(&u->rx_head, next, __ATOMIC_RELEASE);
	}
	update_line(u);
}

static bool rx_empty(struct vuart *u)
{
	return __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE) == u->rx_tail;
}

static uint32_t rx(struct vuart *u)
{
	vuart_flush_partial(u);
	console_poll_input();
	if (rx_empty(u)) {
		return 0;
	}
	uint32_t c = (uint8_t)u->rx[u->rx_tail];

	__atomic_store_n(&u->rx_tail, (u->rx_tail + 1) % VUART_RX, __ATOMIC_RELEASE);
	return c;
}

static bool access(struct vuart *u, uint64_t off, bool write, uint64_t *val);

bool vuart_access(struct vuart *u, uint64_t off, bool write, uint64_t *val)
{
	bool ok = access(u, off, write, val);

	if (write || off == UARTDR) {
		update_line(u);
	}
	return ok;
}

static bool access(struct vuart *u, uint64_t off, bool write, uint64_t *val)
{
	uint32_t *reg = NULL;

	switch (off) {
	case UARTDR:
		if (write) {
			tx(u, (char)*val);
			u->tx_irq = true; /* the byte left at once: the FIFO is empty again */
		} else {
			*val = rx(u);
		}
		return true;
	case UARTFR:
		if (!write) {
			/* No partial flush here: guests poll FR before every byte they send. */
			console_poll_input();
			*val = FR_TXFE | (rx_empty(u) ? FR_RXFE : 0);
		}
		return true;
	case UARTIBRD:
		reg = &u->ibrd;
		break;
	case UARTFBRD:
		reg = &u->fbrd;
		break;
	case UARTLCR_H:
		reg = &u->lcr;
		break;
	case UARTCR:
		reg = &u->cr;
		break;
	case UARTIFLS:
		reg = &u->ifls;
		break;
	case UARTIMSC:
		reg = &u->imsc;
		break;
	case UARTRIS:
	case UARTMIS:
		if (!write) {
			*val = ris(u) & (off == UARTMIS ? u->imsc : ~0u);
		}
		return true;
	case UARTICR:
		if (write && (*val & INT_TX)) {
			u->tx_irq = false;
		}
		return true;
	default:
		if (!write && off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 32 && !(off & 3)) {
			*val = pl011_id[(off - UARTPERIPHID0) / 4];
		} else if (!write) {
			*val = 0; /* reserved registers read as zero */
		}
		return true;
	}
	if (write) {
		*reg = (uint32_t)*val;
	} else {
		*val = *reg;
	}
	return true;
}
