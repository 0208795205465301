/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A console output buffer (core/conbuf.c): each VM has one, Tessera one for
 * its own lines. Producers append whole records under the buffer's lock;
 * the console alone takes bytes out, without a lock, so neither ever waits
 * for the other. What is stored is half filtered:
 *   - guest text with its escape sequences (ESC [ ... final byte) removed,
 *     bytes above 0x7e as CONBUF_UNKNOWN (shown as '?'), other control bytes
 *     but tab and backspace as CONBUF_CARET | byte (shown as ^X), and '\n'
 *     ending a line;
 *   - CONBUF_TESSERA, a line of Tessera's, '\n'.
 * The rest depends on what the screen shows when the bytes go out (whose
 * line is open, how much of it a backspace may take back), so the console
 * does it then, through conbuf_show().
 */
#ifndef TESSERA_CONBUF_H
#define TESSERA_CONBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/spinlock.h>

#define CONBUF_SIZE 4096u       /* a power of two */
#define CONBUF_RESERVE 512u     /* room guest text leaves for Tessera's lines */
#define CONBUF_TESSERA 0x01     /* a line of Tessera's follows, up to '\n' */
#define CONBUF_UNKNOWN 0x02     /* a byte above 0x7e: shown as '?' */
#define CONBUF_CARET 0x80       /* | a control byte: shown as ^X */
/* conbuf_filter() writes at most this many bytes per byte in (and one more at the end). */
#define CONBUF_FILTER_GROWTH 2u
/* conbuf_show() writes at most this many bytes for one byte out of a buffer. */
#define CONBUF_SHOW_MAX 48u
#define CONBUF_PREFIX_MAX 40u   /* "[label] " */

struct conbuf {
	struct spinlock lock;   /* producers only */
	unsigned head;          /* free running; producers, under lock */
	unsigned tail;          /* free running; the console */
	uint8_t esc;            /* the guest text's escape-sequence state */
	bool dropping;          /* was full: drops until half empty */
	uint32_t dropped;       /* bytes lost since the last notice */
	uint64_t dropped_total; /* bytes lost, ever */
	char data[CONBUF_SIZE];
};

void conbuf_init(struct conbuf *b);
/* Bytes stored and not yet taken out. */
unsigned conbuf_used(const struct conbuf *b);
/*
 * The guest's bytes in[0..len) as stored (above), plus '\n' if end_line,
 * into out (room for CONBUF_FILTER_GROWTH * len + 1); returns the length.
 * *esc carries an escape sequence across calls; a line's end resets it.
 */
unsigned conbuf_filter(uint8_t *esc, const char *in, unsigned len, bool end_line, char *out);
/* Append n bytes (the caller holds the lock and has checked the room), visible to the console at once. */
void conbuf_write(struct conbuf *b, const char *s, unsigned n);
/* The console: the next byte, or -1; then take it out. */
int conbuf_peek(const struct conbuf *b);
void conbuf_pop(struct conbuf *b);

/* What the console shows: the line open on the screen, if any. */
struct conscreen {
	int open;               /* the source whose line it is, or -1: at the start of a line */
	bool open_tessera;      /* a line of Tessera's (else guest text) */
	unsigned col;           /* printable bytes of that guest's on this line: what '\b' may take back */
};

/*
 * What the screen gets for byte c of source src (its "[label] " prefix;
 * *in_tessera: it is inside a line of Tessera's), into out (room for
 * CONBUF_SHOW_MAX); returns the length. A line that is not src's is ended
 * first, so a line never mixes two sources and always starts with its
 * owner's prefix; '\n' becomes "\r\n".
 */
unsigned conbuf_show(struct conscreen *s, int src, const char *prefix, bool *in_tessera,
		     uint8_t c, char *out);

#endif
