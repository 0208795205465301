/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the trap-emulation targets share: libFuzzer's start-up hook (with
 * FUZZ_WRITE_SEEDS=<dir>, write the target's seeds and bug inputs there, as
 * fuzz.mk does to make the corpus, and exit instead of fuzzing) and the
 * trace of the last operations.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_WRITE_SEEDS");

	(void)argc;
	(void)argv;
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	return 0;
}

#define TRACE_LEN 48
static char trace_ring[TRACE_LEN][160];
static unsigned nr_traced;

void trace(const char *fmt, ...)
{
	va_list ap;
	char *s = trace_ring[nr_traced++ % TRACE_LEN];

	va_start(ap, fmt);
	vsnprintf(s, sizeof(trace_ring[0]), fmt, ap);
	va_end(ap);
	if (fuzz_trace()) {
		fprintf(stderr, "  %s\n", s);
	}
}

void fuzz_trace_dump(void)
{
	for (unsigned i = nr_traced > TRACE_LEN ? nr_traced - TRACE_LEN : 0; i < nr_traced; i++) {
		fprintf(stderr, "  %s\n", trace_ring[i % TRACE_LEN]);
	}
}

void fuzz_trace_reset(void)
{
	nr_traced = 0;
}
