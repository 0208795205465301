/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical console, shared by the hypervisor and every VM. Output is
 * written a whole line at a time under one lock, each line prefixed with its
 * owner ("[tessera] ", "[<vm label>] "). Input goes to one VM at a time;
 * Ctrl-T passes it to the next running VM.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tessera/arch/cpu.h>
#include <tessera/hyp.h>
#include <tessera/uart.h>
#include <tessera/vm.h>
#include <tessera/vuart.h>

#define CONSOLE_SWITCH_KEY 0x14 /* Ctrl-T */
#define CONSOLE_MAX_VMS 8

static struct spinlock console_lock;
static struct {
	struct vuart *uart;
	const int *running;
} inputs[CONSOLE_MAX_VMS];
static unsigned nr_inputs, focus;
/* Whose line is on the screen unfinished (a prompt): others start a new line first. */
static const void *mid_line;
static uint32_t rx_intid;

void console_set_irq(uint32_t intid)
{
	rx_intid = intid;
	uart_rx_irq(true);
}

bool console_irq(uint32_t intid)
{
	if (!rx_intid || intid != rx_intid) {
		return false;
	}
	console_poll_input();
	return true;
}

static void put_str(const char *s, unsigned len)
{
	for (unsigned i = 0; i < len; i++) {
		if (s[i] == '\n') {
			uart_putc('\r');
		}
		uart_putc(s[i]);
	}
}

/*
 * A guest's text cannot steer the terminal: its escape sequences (ESC [
 * ... final byte: colours, cursor moves, busybox's size query) are
 * dropped, any other control byte but tab and backspace shows in caret
 * notation (a lone ESC as ^[), a byte above 0x7e as '?', and a backspace
 * takes back only a printable character the guest wrote on this line
 * (else it shows as ^H), so no guest can erase its "[label] " or fake a
 * "[tessera] " line.
 */
static void put_guest(const char *s, unsigned len)
{
	static unsigned col; /* printable characters it may take back on this line */
	static enum { TEXT, ESC, CSI } esc;

	if (mid_line == NULL) {
		col = 0;
		esc = TEXT;
	}
	for (unsigned i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (esc == TEXT && c >= 0x20 && c <= 0x7e) {
			col++; /* the usual byte, first */
			uart_putc((char)c);
			continue;
		}
		if (esc == CSI && c >= 0x20 && c <= 0x7e) {
			esc = c >= 0x40 ? TEXT : CSI; /* parameters, then the final byte */
			continue;
		}
		if (esc == ESC && c == '[') {
			esc = CSI;
			continue;
		}
		if (esc == ESC) {
			uart_putc('^');
			uart_putc('[');
		}
		esc = c == 0x1b ? ESC : TEXT;
		if (esc == ESC) {
			continue;
		}
		if (c == '\b' && col) {
			col--;
		} else if (c == '\t') {
			col = 0; /* where it lands depends on the prefix: no way back over it */
		} else if (c < 0x20 || c == 0x7f) {
			uart_putc('^');
			c = c == 0x7f ? '?' : c + '@';
		} else if (c > 0x7e) {
			c = '?';
		} else {
			col++;
		}
		uart_putc((char)c);
	}
}

void console_write(const void *owner, const char *prefix, const char *text, unsigned len,
		   bool end_line)
{
	spin_lock(&console_lock);
	if (!mid_line || mid_line != owner) {
		if (mid_line) {
			put_str("\n", 1);
		}
		put_str(prefix, (unsigned)strnlen(prefix, 64));
		mid_line = NULL;
	}
	if (owner) {
		put_guest(text, len);
	} else {
		put_str(text, len);
	}
	if (end_line) {
		put_str("\n", 1);
	}
	mid_line = end_line ? NULL : owner;
	spin_unlock(&console_lock);
}

void log_info(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1) {
		n = sizeof(buf) - 1;
	}
	console_write(NULL, "[tessera] ", buf, (unsigned)n, true);
}

noreturn void panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	struct cpu *self = arch_cpu_self();

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_info("panic on CPU %d: %s", self ? (int)self->idx : -1, buf);
	arch_cpu_halt();
}

void console_add_vm(struct vuart *u, const int *running)
{
	if (nr_inputs < CONSOLE_MAX_VMS) {
		inputs[nr_inputs].uart = u;
		inputs[nr_inputs].running = running;
		nr_inputs++;
	}
}

bool console_has_focus(const struct vuart *u)
{
	return nr_inputs && inputs[focus].uart == u;
}

static void switch_focus(void)
{
	for (unsigned i = 1; i <= nr_inputs; i++) {
		unsigned next = (focus + i) % nr_inputs;

		if (__atomic_load_n(inputs[next].running, __ATOMIC_RELAXED)) {
			focus = next;
			break;
		}
	}
	/* The lock is held: write directly. */
	if (mid_line) {
		put_str("\n", 1);
		mid_line = NULL;
	}
	put_str("[tessera] console input -> ", 27);
	put_str(inputs[focus].uart->label, (unsigned)strnlen(inputs[focus].uart->label, 32));
	put_str("\n", 1);
}

void console_poll_input(void)
{
	char buf[32];
	unsigned n = 0;
	struct vuart *to;
	int c;

	if (!nr_inputs) {
		return;
	}
	/* Read under the console lock, deliver after it: delivery takes the VM's vGIC lock. */
	spin_lock(&console_lock);
	while (n < sizeof(buf) && (c = uart_getc()) >= 0) {
		if (c == CONSOLE_SWITCH_KEY) {
			switch_focus();
			n = 0; /* what was typed before the switch went nowhere yet: drop it */
		} else {
			buf[n++] = (char)c;
		}
	}
	to = inputs[focus].uart;
	spin_unlock(&console_lock);
	for (unsigned i = 0; i < n; i++) {
		vuart_rx_push(to, buf[i]);
	}
}
