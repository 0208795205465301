/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console output buffers (tessera/conbuf.h): a byte ring with one consumer,
 * and the two halves of the guest text filter. Plain C with no globals, so
 * the host unit tests run it as is.
 *
 * Guest text cannot steer the terminal: its escape sequences (ESC [ ...
 * final byte: colours, cursor moves, busybox's size query) are dropped, any
 * other control byte but tab and backspace shows in caret notation (a lone
 * ESC as ^[), a byte above 0x7e as '?', and a backspace takes back only a
 * printable character the guest wrote on the line the screen shows (else it
 * shows as ^H), so no guest can erase its "[label] " or fake a "[tessera] "
 * line.
 */
#include <string.h>
#include <tessera/conbuf.h>

#define ESC 0x1b
enum { TEXT, ESCAPE, CSI };

void conbuf_init(struct conbuf *b)
{
	memset(b, 0, sizeof(*b));
}

unsigned conbuf_used(const struct conbuf *b)
{
	return __atomic_load_n(&b->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&b->tail, __ATOMIC_ACQUIRE);
}

unsigned conbuf_filter(uint8_t *esc, const char *in, unsigned len, bool end_line, char *out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (*esc == CSI) {
			if (c >= 0x40 && c <= 0x7e) {
				*esc = TEXT; /* the final byte */
				continue;
			}
			if (c >= 0x20 && c < 0x40) {
				continue;    /* parameters and intermediates */
			}
			*esc = TEXT;         /* not a sequence after all: show the byte */
		} else if (*esc == ESCAPE) {
			*esc = TEXT;
			if (c == '[') {
				*esc = CSI;
				continue;
			}
			out[n++] = (char)(CONBUF_CARET | ESC); /* a lone ESC */
		}
		if (c == ESC) {
			*esc = ESCAPE;
		} else if (c > 0x7f) {
			out[n++] = CONBUF_UNKNOWN;
		} else if ((c < 0x20 && c != '\t' && c != '\b') || c == 0x7f) {
			out[n++] = (char)(CONBUF_CARET | c);
		} else {
			out[n++] = (char)c;
		}
	}
	if (end_line) {
		*esc = TEXT;
		out[n++] = '\n';
	}
	return n;
}

void conbuf_write(struct conbuf *b, const char *s, unsigned n)
{
	unsigned head = b->head;

	for (unsigned i = 0; i < n; i++) {
		b->data[(head + i) % CONBUF_SIZE] = s[i];
	}
	__atomic_store_n(&b->head, head + n, __ATOMIC_RELEASE);
}

int conbuf_peek(const struct conbuf *b)
{
	unsigned tail = b->tail;

	if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == tail) {
		return -1;
	}
	return (uint8_t)b->data[tail % CONBUF_SIZE];
}

void conbuf_pop(struct conbuf *b)
{
	__atomic_store_n(&b->tail, b->tail + 1, __ATOMIC_RELEASE);
}

static unsigned put(char *out, unsigned n, const char *s)
{
	size_t len = strnlen(s, CONBUF_PREFIX_MAX);

	memcpy(out + n, s, len);
	return n + (unsigned)len;
}

unsigned conbuf_show(struct conscreen *s, int src, const char *prefix, bool *in_tessera,
		     uint8_t c, char *out)
{
	unsigned n = 0;
	bool tessera = *in_tessera || c == CONBUF_TESSERA;

	/* The usual byte first: printable guest text on the line this source has open. */
	if (s->open == src && !s->open_tessera && !tessera && c >= 0x20 && c <= 0x7e) {
		s->col++;
		out[0] = (char)c;
		return 1;
	}

	/* Not the line on the screen: end that one, start this source's own. */
	if (s->open != src || s->open_tessera != tessera || c == CONBUF_TESSERA) {
		if (s->open >= 0) {
			n = put(out, n, "\r\n");
		}
		n = put(out, n, tessera ? "[tessera] " : prefix);
		s->open = src;
		s->open_tessera = tessera;
		s->col = 0;
	}
	if (c == CONBUF_TESSERA) {
		*in_tessera = true;
		return n;
	}
	if (c == '\n') {
		*in_tessera = false;
		s->open = -1;
		return put(out, n, "\r\n");
	}
	if (tessera) {
		out[n++] = (char)c; /* Tessera's own text: as it is */
	} else if (c == '\b' && s->col) {
		s->col--;
		out[n++] = '\b';
	} else if (c == '\b') {
		n = put(out, n, "^H");
	} else if (c == '\t') {
		s->col = 0; /* where it lands depends on the prefix: no way back over it */
		out[n++] = '\t';
	} else if (c == CONBUF_UNKNOWN) {
		out[n++] = '?';
	} else if (c & CONBUF_CARET) {
		c &= (uint8_t)~CONBUF_CARET;
		out[n++] = '^';
		out[n++] = c == 0x7f ? '?' : (char)(c + '@');
	} else {
		s->col++;
		out[n++] = (char)c;
	}
	return n;
}
