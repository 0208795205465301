/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console buffers (core/conbuf.c): the ring, the guest text filter as
 * stored, and what the screen shows when the bytes go out (labels, lines
 * of two sources never mixed, backspace, escape sequences dropped).
 */
#include <string.h>
#include <tessera/conbuf.h>
#include "check.h"

static struct conbuf buf;

/* Everything in b out, as source src with prefix, through screen s, into out. */
static void show_all(struct conscreen *s, int src, const char *prefix, bool *in_tessera,
		     struct conbuf *b, char *out, size_t size)
{
	size_t n = strlen(out);
	int c;

	while ((c = conbuf_peek(b)) >= 0) {
		char tmp[CONBUF_SHOW_MAX];
		unsigned len;

		conbuf_pop(b);
		len = conbuf_show(s, src, prefix, in_tessera, (uint8_t)c, tmp);
		if (n + len < size) {
			memcpy(out + n, tmp, len);
			n += len;
			out[n] = '\0';
		}
	}
}

static void put_guest(struct conbuf *b, const char *text, bool end_line)
{
	char rec[2 * 256 + 1];
	unsigned n = conbuf_filter(&b->esc, text, (unsigned)strlen(text), end_line, rec);

	conbuf_write(b, rec, n);
}

int main(void)
{
	struct conscreen screen = { .open = -1 };
	bool in_t = false;
	char out[1024] = "";

	conbuf_init(&buf);
	CHECK(conbuf_used(&buf) == 0 && conbuf_peek(&buf) == -1, "conbuf: empty at first");

	put_guest(&buf, "hello", true);
	CHECK(conbuf_used(&buf) == 6, "conbuf: a line is its bytes and its newline");
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	CHECK(!strcmp(out, "[a] hello\r\n"), "conbuf: a guest line shows with its label");

	out[0] = '\0';
	put_guest(&buf, "\x1b[31mred\x1b[0m \x1b" "x\x7f\x01\xff", true);
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	CHECK(!strcmp(out, "[a] red ^[x^?^A?\r\n"),
	      "conbuf: escape sequences dropped, control bytes in caret notation, high bytes '?'");

	out[0] = '\0';
	put_guest(&buf, "\b\bab\b\b\b", true);
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	CHECK(!strcmp(out, "[a] ^H^Hab\b\b^H\r\n"),
	      "conbuf: backspace takes back only the guest's own characters");

	/* A prompt (no newline) of source 1, then a line of source 2: below it. */
	out[0] = '\0';
	put_guest(&buf, "$ ", false);
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	struct conbuf other;

	conbuf_init(&other);
	put_guest(&other, "news", true);
	show_all(&screen, 2, "[b] ", &in_t, &other, out, sizeof(out));
	put_guest(&buf, "ls", true);
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	CHECK(!strcmp(out, "[a] $ \r\n[b] news\r\n[a] ls\r\n"),
	      "conbuf: another source's line starts below an open prompt; the prompt's owner starts anew");

	/* A line of Tessera's in a VM's buffer shows as Tessera's. */
	out[0] = '\0';
	const char rec[] = { CONBUF_TESSERA, 'h', 'i', '\n' };

	conbuf_write(&buf, rec, sizeof(rec));
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	CHECK(!strcmp(out, "[tessera] hi\r\n") && !in_t, "conbuf: Tessera's record shows as [tessera]");

	/* A guest cannot forge Tessera's marker: 0x01 is a control byte. */
	out[0] = '\0';
	put_guest(&buf, "\x01tessera", true);
	show_all(&screen, 1, "[a] ", &in_t, &buf, out, sizeof(out));
	CHECK(!strcmp(out, "[a] ^Atessera\r\n"), "conbuf: guest text cannot start a Tessera line");

	/* The ring wraps: free-running indices, bytes come back in order. */
	unsigned ok = 1;

	for (unsigned i = 0; i < 3 * CONBUF_SIZE; i++) {
		char c = (char)('a' + i % 26);

		conbuf_write(&buf, &c, 1);
		ok &= conbuf_peek(&buf) == c && conbuf_used(&buf) == 1;
		conbuf_pop(&buf);
	}
	CHECK(ok && conbuf_used(&buf) == 0, "conbuf: the ring wraps around in order");
	return check_status();
}
