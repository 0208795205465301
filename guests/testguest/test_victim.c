// SPDX-License-Identifier: Apache-2.0
/*
 * test=victim [seconds=S]: the VM beside test=attack (docs/isolation.md).
 * It fills 4 MiB of its memory (VICTIM_BUF_IPA, attack.h) with words
 * derived from their addresses and keeps their checksum, verified with
 * every word twice a second; counts its 100 Hz virtual-timer ticks on
 * absolute deadlines (test=ticker's); counts every SGI that reaches it (it
 * sends none, so none may) and any interrupt it has no handler for; and
 * reads its PMU cycle counter, which must never run back (the attacker
 * resets its own CPU's PMU). After S seconds: a line of figures and a PASS
 * or FAIL for each.
 */
#include "attack.h"

#define DEFAULT_SECONDS 20u
#define VERIFY_DIV 2u /* verify twice a second */
#define PROGRESS_SECONDS 5u
#define WORDS (VICTIM_BUF_SIZE / 4)

static volatile uint32_t *const buf = (volatile uint32_t *)VICTIM_BUF_IPA;

static uint32_t rotl1(uint32_t c)
{
	return c << 1 | c >> 31;
}

/* The running checksum of the buffer; *bad: words that differ from their pattern. */
static uint32_t checksum(unsigned int *bad)
{
	uint32_t c = 0;

	*bad = 0;
	for (uintptr_t i = 0; i < WORDS; i++) {
		uint32_t w = buf[i];

		c = rotl1(c) ^ w;
		*bad += w != victim_word(VICTIM_BUF_IPA + 4 * i);
	}
	return c;
}

static uint32_t fill(void)
{
	uint32_t c = 0;

	for (uintptr_t i = 0; i < WORDS; i++) {
		uint32_t w = victim_word(VICTIM_BUF_IPA + 4 * i);

		buf[i] = w;
		c = rotl1(c) ^ w;
	}
	__asm__ volatile("dsb sy" ::: "memory");
	return c;
}

struct watch {
	uint32_t sum;
	unsigned int checks, changed, bad_words;
	unsigned int pmu_reads, pmu_back;
	uint64_t pmu_last;
};

static void verify(struct watch *w)
{
	unsigned int bad;
	uint32_t c = checksum(&bad);
	uint64_t cyc = arch_pmu_cycles();

	w->checks++;
	w->changed += c != w->sum;
	if (bad > w->bad_words) {
		w->bad_words = bad;
	}
	w->pmu_reads++;
	w->pmu_back += cyc < w->pmu_last;
	w->pmu_last = cyc;
}

void test_victim(void)
{
	uint64_t s = tg_arg_u64("seconds", DEFAULT_SECONDS);
	uint64_t freq = tg_counter_freq();
	struct watch w = { 0 };

	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	sgi_counter_install();
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		gic_enable(i, true);
	}
	arch_pmu_cycles_on(false);
	w.pmu_last = arch_pmu_cycles();
	w.sum = fill();
	tg_printf("victim: filled %lu KiB at 0x%lx, checksum 0x%08x; running %ju s\n",
		  VICTIM_BUF_SIZE / 1024, VICTIM_BUF_IPA, w.sum, s);

	uint64_t start = ticker_start(s);
	uint64_t end = start + s * freq;
	uint64_t next_verify = start, next_print = start + PROGRESS_SECONDS * freq;

	for (;;) {
		uint64_t now = counter_now();

		if (now >= end) {
			break;
		}
		if (now >= next_verify) {
			verify(&w);
			next_verify += freq / VERIFY_DIV;
		}
		if (now >= next_print) {
			tg_printf("victim: t=%jus ticks=%u checks=%u changed=%u sgis=%u\n",
				  (now - start) / freq, ticker_ticks(), w.checks, w.changed,
				  sgi_counter_total());
			next_print += PROGRESS_SECONDS * freq;
		}
		cpu_wfe();
	}
	ticker_report("victim", s);
	verify(&w);

	tg_printf("victim: checksum 0x%08x verified %u times, %u changed, at most %u bad words; "
		  "%u sgis (%s), %u unhandled interrupts; pmu cycle counter read %u times, ran "
		  "back %u\n",
		  w.sum, w.checks, w.changed, w.bad_words, sgi_counter_total(), sgi_counter_list(),
		  gic_unhandled, w.pmu_reads, w.pmu_back);
	if (w.changed == 0 && w.bad_words == 0) {
		tg_pass("victim memory checksum unchanged (%u checks of %lu words)\n", w.checks,
			WORDS);
	} else {
		tg_fail("victim memory checksum changed %u of %u times, %u bad words\n", w.changed,
			w.checks, w.bad_words);
	}
	if (sgi_counter_total() == 0 && gic_unhandled == 0) {
		tg_pass("victim received no sgi and no stray interrupt\n");
	} else {
		tg_fail("victim received %u sgis (%s) and %u stray interrupts (last INTID %u)\n",
			sgi_counter_total(), sgi_counter_list(), gic_unhandled, gic_unhandled_last);
	}
	if (w.pmu_back == 0) {
		tg_pass("victim pmu cycle counter never ran back (%u reads)\n", w.pmu_reads);
	} else {
		tg_fail("victim pmu cycle counter ran back %u of %u times\n", w.pmu_back,
			w.pmu_reads);
	}
}
