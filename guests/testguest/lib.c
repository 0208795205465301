// SPDX-License-Identifier: Apache-2.0
/*
 * The few C library functions the guest (and the compiler, even with
 * -ffreestanding) needs. Byte at a time: the MMU is off, so memory is
 * Device-nGnRnE and unaligned accesses would fault.
 */
#include "testguest.h"

void *memset(void *d, int c, size_t n)
{
	volatile uint8_t *p = d;

	while (n-- > 0) {
		*p++ = (uint8_t)c;
	}
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile uint8_t *dp = d;
	const uint8_t *sp = s;

	while (n-- > 0) {
		*dp++ = *sp++;
	}
	return d;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
