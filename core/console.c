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

void console_init(uint64_t uart_base)
{
	uart_init(uart_base);
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

void console_write_line(const char *prefix, const char *text, unsigned len)
{
	spin_lock(&console_lock);
	put_str(prefix, (unsigned)strnlen(prefix, 64));
	put_str(text, len);
	put_str("\n", 1);
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
	console_write_line("[tessera] ", buf, (unsigned)n);
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
	put_str("[tessera] console input -> ", 27);
	put_str(inputs[focus].uart->label, (unsigned)strnlen(inputs[focus].uart->label, 32));
	put_str("\n", 1);
}

void console_poll_input(void)
{
	int c;

	if (!nr_inputs) {
		return;
	}
	spin_lock(&console_lock);
	while ((c = uart_getc()) >= 0) {
		if (c == CONSOLE_SWITCH_KEY) {
			switch_focus();
		} else {
			vuart_rx_push(inputs[focus].uart, (char)c);
		}
	}
	spin_unlock(&console_lock);
}
