/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the trap-emulation fuzz targets (fuzz_vgic.c, fuzz_psci.c) share: a
 * reader that turns libFuzzer's bytes into choices, CHECK for their
 * invariants, and the switches read from the environment.
 *
 * The reader never fails: past the end of the input it reads zeros, so every
 * input is a valid program and libFuzzer's mutations are never wasted on a
 * parse error. CHECK aborts, which libFuzzer reports as a crash and keeps the
 * input; check.sh and regress.sh find the "invariant broken:" line.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			fuzz_explain();                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The same, with the interrupt or vCPU it is about. */
#define CHECKF(cond, ...)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s (", __FILE__, __LINE__,       \
				#cond);                                                            \
			fprintf(stderr, __VA_ARGS__);                                              \
			fprintf(stderr, ")\n");                                                    \
			fuzz_explain();                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Each target defines it: print what it was doing (the last operations). */
void fuzz_explain(void);

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fin_u8(struct fuzz_in *in)
{
	if (!in->n) {
		return 0;
	}
	in->n--;
	return *in->p++;
}

static inline uint16_t fin_u16(struct fuzz_in *in)
{
	uint16_t lo = fin_u8(in);

	return (uint16_t)(lo | (uint16_t)fin_u8(in) << 8);
}

static inline uint32_t fin_u32(struct fuzz_in *in)
{
	uint32_t lo = fin_u16(in);

	return lo | (uint32_t)fin_u16(in) << 16;
}

static inline uint64_t fin_u64(struct fuzz_in *in)
{
	uint64_t lo = fin_u32(in);

	return lo | (uint64_t)fin_u32(in) << 32;
}

static inline bool fin_left(const struct fuzz_in *in)
{
	return in->n != 0;
}

/*
 * Known-bug filters let the fuzzer go on past a bug that is reported but
 * not fixed yet; FUZZ_KNOWN_BUGS=1 turns them off (regress.sh replays the
 * saved crashes that way).
 */
static inline bool fuzz_filter_known(void)
{
	static int off = -1;

	if (off < 0) {
		const char *e = getenv("FUZZ_KNOWN_BUGS");

		off = e && !strcmp(e, "1");
	}
	return !off;
}

/*
 * Operations are traced into a ring (fuzz_common.c): trace() keeps the last
 * few, fuzz_trace_dump() prints them when a check fails, fuzz_trace_reset()
 * empties the ring for the next input; with FUZZ_TRACE=1 trace() prints
 * every one as it happens.
 */
void __attribute__((format(printf, 1, 2))) trace(const char *fmt, ...);
void fuzz_trace_dump(void);
void fuzz_trace_reset(void);

/* FUZZ_TRACE=1: print every operation (to read a crash input). */
static inline bool fuzz_trace(void)
{
	static int on = -1;

	if (on < 0) {
		const char *e = getenv("FUZZ_TRACE");

		on = e && !strcmp(e, "1");
	}
	return on;
}

/*
 * Seeds are written in C next to the input format they follow, so they
 * change with it: a harness builds each one with the put_* calls and
 * LLVMFuzzerInitialize writes them out when FUZZ_WRITE_SEEDS=<dir> is set
 * (fuzz.mk does that to make the seed corpus and the regression inputs).
 */
void write_seeds(const char *dir); /* the harness's seeds (tests/fuzz/fuzz_<name>_seeds.c) */

struct seed {
	uint8_t b[2048];
	size_t n;
};

static inline void put_u8(struct seed *s, uint8_t v)
{
	if (s->n < sizeof(s->b)) {
		s->b[s->n++] = v;
	}
}

static inline void put_u16(struct seed *s, uint16_t v)
{
	put_u8(s, (uint8_t)v);
	put_u8(s, (uint8_t)(v >> 8));
}

static inline void put_u32(struct seed *s, uint32_t v)
{
	put_u16(s, (uint16_t)v);
	put_u16(s, (uint16_t)(v >> 16));
}

static inline void put_u64(struct seed *s, uint64_t v)
{
	put_u32(s, (uint32_t)v);
	put_u32(s, (uint32_t)(v >> 32));
}

/* dir/name = the seed; exits on an I/O error (this runs from make). */
static inline void seed_write(const char *dir, const char *name, const struct seed *s)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->b, 1, s->n, f) != s->n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

#endif
