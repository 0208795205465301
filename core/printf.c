/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vsnprintf for the hypervisor: %s %c %d %i %u %x %X %p with l/ll/z length,
 * zero padding, width, '-' and, for %s, a precision (".N", ".*"). Enough
 * for logs and the config engine.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void put_num(struct out *o, unsigned long long v, unsigned base, bool neg, int width,
		    char pad, bool left, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg) {
		tmp[n++] = '-';
	}
	if (!left) {
		for (int i = n; i < width; i++) {
			put(o, pad);
		}
	}
	while (n) {
		put(o, tmp[--n]);
	}
	if (left) {
		for (int i = n; i < width; i++) {
			put(o, ' ');
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		bool left = false;
		char pad = ' ';
		int width = 0, lng = 0;

		if (*fmt == '-') {
			left = true;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9') {
			width = width * 10 + (*fmt++ - '0');
		}
		/* A precision: for %s, the most characters taken (".N" or ".*"). */
		int prec = -1;

		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9') {
				prec = prec * 10 + (*fmt++ - '0');
			}
		}
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n = 0;

			if (!s) {
				s = "(null)";
			}
			while (s[n] && (prec < 0 || n < prec)) {
				n++;
			}
			for (int i = n; !left && i < width; i++) {
				put(&o, ' ');
			}
			for (int i = 0; i < n; i++) {
				put(&o, s[i]);
			}
			for (int i = n; left && i < width; i++) {
				put(&o, ' ');
			}
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd':
		case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(&o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, 10,
				v < 0, width, pad, left, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			unsigned long long v = lng >= 2  ? va_arg(ap, unsigned long long)
					 : lng ? va_arg(ap, unsigned long)
					       : va_arg(ap, unsigned);

			put_num(&o, v, *fmt == 'u' ? 10 : 16, false, width, pad, left, *fmt == 'X');
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, width, pad, left, false);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			if (!*fmt) {
				fmt--;
			}
			break;
		}
	}
	if (size) {
		buf[o.len < size ? o.len : size - 1] = '\0';
	}
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
