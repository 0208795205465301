// SPDX-License-Identifier: Apache-2.0
/*
 * Console of the test guest: the UART /chosen/stdout-path names (hw.c;
 * QEMU virt's PL011 without one), polled, and a small printf. Each
 * tg_printf() call formats one whole line into a buffer and writes it under
 * a spinlock, so lines from two vCPUs never interleave mid-line. Lines may
 * also be copied to a second UART (tg_console_mirror: test=ticker's own
 * UART).
 */
#include <stdarg.h>

#include "testguest.h"

#define LINE_MAX 256

static uint32_t console_lock;
static unsigned int failures;
static const struct tg_uart *mirror;

void tg_putc(char c)
{
	uart_putc(&tg_hw.console, c);
}

int tg_getc(void)
{
	return uart_getc(&tg_hw.console);
}

void tg_console_mirror(const struct tg_uart *u)
{
	spin_lock(&console_lock);
	mirror = u;
	spin_unlock(&console_lock);
}

struct out {
	char *buf;
	size_t len;
	size_t size;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len++] = c;
	}
}

static void out_num(struct out *o, uint64_t v, unsigned int base, bool neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		unsigned int d = (unsigned int)(v % base);
		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v != 0);
	if (neg) {
		if (pad == '0') {
			out_c(o, '-');
		} else {
			tmp[n++] = '-';
		}
		width--;
	}
	for (; width > n; width--) {
		out_c(o, pad);
	}
	while (n > 0) {
		out_c(o, tmp[--n]);
	}
}

/*
 * Length modifiers: none (int), l (long: 64 bits on arm64, 32 on arm32) and
 * ll or j (64 bits on both). Shared code prints uint64_t with %j: uintmax_t
 * is uint64_t on both architectures, so -Wformat checks it on both.
 */
enum arg_size { ARG_INT, ARG_LONG, ARG_64 };

static uint64_t arg_unsigned(va_list *ap, enum arg_size size)
{
	switch (size) {
	case ARG_64:
		return va_arg(*ap, uint64_t);
	case ARG_LONG:
		return va_arg(*ap, unsigned long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t arg_signed(va_list *ap, enum arg_size size)
{
	switch (size) {
	case ARG_64:
		return va_arg(*ap, int64_t);
	case ARG_LONG:
		return va_arg(*ap, long);
	default:
		return va_arg(*ap, int);
	}
}

static void format(struct out *o, const char *fmt, va_list *ap)
{
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			out_c(o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0;
		enum arg_size size = ARG_INT;

		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9') {
			width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == 'j') {
			size = ARG_64;
			fmt++;
		} else if (*fmt == 'l') {
			size = ARG_LONG;
			if (*++fmt == 'l') {
				size = ARG_64;
				fmt++;
			}
		}
		switch (*fmt) {
		case 'd': {
			int64_t v = arg_signed(ap, size);
			out_num(o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			out_num(o, arg_unsigned(ap, size), 10, false, width, pad);
			break;
		case 'x':
			out_num(o, arg_unsigned(ap, size), 16, false, width, pad);
			break;
		case 'p':
			out_c(o, '0');
			out_c(o, 'x');
			out_num(o, (uintptr_t)va_arg(*ap, void *), 16, false, width, pad);
			break;
		case 'c':
			out_c(o, (char)va_arg(*ap, int));
			break;
		case 's': {
			const char *s = va_arg(*ap, const char *);
			if (s == NULL) {
				s = "(null)";
			}
			while (*s != '\0') {
				out_c(o, *s++);
			}
			break;
		}
		case '%':
			out_c(o, '%');
			break;
		case '\0':
			return;
		default:
			out_c(o, '%');
			out_c(o, *fmt);
			break;
		}
	}
}

static void emit(const char *prefix, const char *fmt, va_list *ap)
{
	char buf[LINE_MAX];
	struct out o = { buf, 0, sizeof(buf) };

	while (*prefix != '\0') {
		out_c(&o, *prefix++);
	}
	format(&o, fmt, ap);
	/* A truncated line still ends the line. */
	if (o.len == sizeof(buf) - 1 && buf[o.len - 1] != '\n') {
		buf[o.len - 1] = '\n';
	}

	spin_lock(&console_lock);
	for (size_t i = 0; i < o.len; i++) {
		tg_putc(buf[i]);
	}
	for (size_t i = 0; mirror != NULL && i < o.len; i++) {
		uart_putc(mirror, buf[i]);
	}
	spin_unlock(&console_lock);
}

void tg_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", fmt, &ap);
	va_end(ap);
}

void tg_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	struct out o = { buf, 0, size };
	va_list ap;

	va_start(ap, fmt);
	format(&o, fmt, &ap);
	va_end(ap);
	if (size != 0) {
		buf[o.len] = '\0';
	}
}

void tg_pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("PASS: ", fmt, &ap);
	va_end(ap);
}

void tg_fail(const char *fmt, ...)
{
	va_list ap;

	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	emit("FAIL: ", fmt, &ap);
	va_end(ap);
}

unsigned int tg_failures(void)
{
	return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}
