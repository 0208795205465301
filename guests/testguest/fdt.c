// SPDX-License-Identifier: Apache-2.0
/*
 * A tiny flattened-device-tree walker: finds /chosen/bootargs and nothing
 * else. Every offset and length read from the blob is checked against the
 * header's sizes, so a bad or missing DTB yields "no bootargs", not a fault.
 */
#include "testguest.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_MAX_SIZE (2u << 20)
#define FDT_HEADER_SIZE 40u
#define RAM_BASE 0x40000000ul

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Length of the NUL-terminated string at s within [s, end); 0 if unterminated. */
static size_t bounded_len(const char *s, const char *end, bool *ok)
{
	size_t n = 0;

	while (s + n < end && s[n] != '\0') {
		n++;
	}
	*ok = s + n < end;
	return n;
}

bool fdt_bootargs(uintptr_t dtb, char *buf, size_t size)
{
	/* Only look at an aligned address inside guest RAM (MMU off: no faults wanted). */
	if (dtb < RAM_BASE || (dtb & 7) != 0) {
		return false;
	}
	const uint8_t *fdt = (const uint8_t *)dtb;
	uint32_t total = be32(fdt + 4), off_struct = be32(fdt + 8), off_strings = be32(fdt + 12);
	uint32_t size_strings = be32(fdt + 32), size_struct = be32(fdt + 36);

	if (be32(fdt) != FDT_MAGIC || total < FDT_HEADER_SIZE || total > FDT_MAX_SIZE ||
	    off_struct > total || size_struct > total - off_struct || off_strings > total ||
	    size_strings > total - off_strings) {
		return false;
	}
	const uint8_t *p = fdt + off_struct, *end = p + size_struct;
	const char *strings = (const char *)fdt + off_strings;
	int depth = 0;
	bool in_chosen = false;
	bool ok;

	while (p + 4 <= end) {
		uint32_t token = be32(p);
		p += 4;
		switch (token) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)p;
			size_t n = bounded_len(name, (const char *)end, &ok);
			if (!ok) {
				return false;
			}
			depth++;
			in_chosen = depth == 2 && strcmp(name, "chosen") == 0;
			p += (n + 4) & ~(size_t)3;
			break;
		}
		case FDT_END_NODE:
			if (depth-- == 2 && in_chosen) {
				return false;
			}
			in_chosen = false;
			break;
		case FDT_PROP: {
			if (p + 8 > end) {
				return false;
			}
			uint32_t len = be32(p), nameoff = be32(p + 4);
			p += 8;
			if (len > (size_t)(end - p) || nameoff >= size_strings) {
				return false;
			}
			if (in_chosen) {
				const char *pname = strings + nameoff;
				bounded_len(pname, strings + size_strings, &ok);
				if (ok && strcmp(pname, "bootargs") == 0) {
					size_t n = 0;
					while (n < len && n + 1 < size && p[n] != '\0') {
						buf[n] = (char)p[n];
						n++;
					}
					buf[n] = '\0';
					return true;
				}
			}
			p += (len + 3) & ~(uint32_t)3;
			break;
		}
		case FDT_NOP:
			break;
		default: /* FDT_END or garbage */
			return false;
		}
	}
	return false;
}
