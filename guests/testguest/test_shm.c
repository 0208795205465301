// SPDX-License-Identifier: Apache-2.0
/*
 * test=shm-ping / test=shm-pong: two VMs sharing a region with doorbells
 * (the plan's /tessera/shmem node). Ping writes "ping N" into the region and
 * rings; pong, woken by its doorbell interrupt, checks it, answers "pong N"
 * and rings back. Ping measures each round trip in counter ticks
 * (instructions under icount) and the EL2 instructions on its own CPU.
 * Parameters: shm= (base), size=, irq= (doorbell INTID), rounds=, wait= (seconds
 * to wait for the first doorbell: a Linux peer takes a while to boot).
 */
#include "testguest.h"

#define DB_RING 0x0u
#define DB_PENDING 0x4u
#define DB_SELF 0x8u
#define DB_PEERS 0xcu
#define OFF_READY 0x10u
#define OFF_PING 0x100u
#define OFF_PONG 0x200u
#define READY_MAGIC 0x50454552u /* "PEER" */
#define MSG_LEN 32u
#define WAIT_SECONDS 5u

static uintptr_t shm, bell;
static volatile uint32_t rang;

static void doorbell(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	/* Acknowledge at the doorbell page first: it lowers the (level) line before the EOI. */
	if (mmio_read32(bell + DB_PENDING) & 1u) {
		mmio_write32(bell + DB_PENDING, 1);
	}
	rang = rang + 1;
}

static bool wait_rang(uint32_t want, uint64_t seconds)
{
	uint64_t deadline = counter_now() + tg_counter_freq() * seconds;

	while (rang < want) {
		if (counter_now() > deadline) {
			return false;
		}
		cpu_wfe();
	}
	return true;
}

static void put_msg(uint32_t off, const char *word, uint32_t n)
{
	char *p = (char *)(shm + off);
	uint32_t i = 0;

	for (const char *s = word; *s; s++) {
		p[i++] = *s;
	}
	p[i++] = ' ';
	p[i++] = (char)('0' + n / 100 % 10);
	p[i++] = (char)('0' + n / 10 % 10);
	p[i++] = (char)('0' + n % 10);
	p[i] = '\0';
	__asm__ volatile("dmb ish" ::: "memory");
}

static bool msg_is(uint32_t off, const char *word, uint32_t n)
{
	char want[MSG_LEN];
	const char *p = (const char *)(shm + off);
	uint32_t i = 0;

	for (const char *s = word; *s; s++) {
		want[i++] = *s;
	}
	want[i++] = ' ';
	want[i++] = (char)('0' + n / 100 % 10);
	want[i++] = (char)('0' + n / 10 % 10);
	want[i++] = (char)('0' + n % 10);
	want[i] = '\0';
	for (uint32_t k = 0; k <= i; k++) {
		if (p[k] != want[k]) {
			return false;
		}
	}
	return true;
}

void test_shm(void)
{
	bool ping = strcmp(tg_arg("test"), "shm-ping") == 0;
	uint32_t rounds = (uint32_t)tg_arg_u64("rounds", 20);
	unsigned int intid = (unsigned int)tg_arg_u64("irq", 96);

	shm = (uintptr_t)tg_arg_u64("shm", 0x70000000);
	bell = shm + (uintptr_t)tg_arg_u64("size", 0x100000);
	if (!gic_init()) {
		tg_fail("shm: no GIC\n");
		return;
	}
	gic_set_handler(intid, doorbell);
	gic_set_priority(intid, 0x80);
	gic_route_spi(intid, 0);
	gic_enable(intid, true);
	irq_enable();
	tg_printf("shm: %s, doorbell page 0x%jx: self %u of %u peers\n", ping ? "ping" : "pong",
		  (uint64_t)bell, mmio_read32(bell + DB_SELF), mmio_read32(bell + DB_PEERS));

	if (!ping) {
		mmio_write32(shm + OFF_READY, READY_MAGIC);
		for (uint32_t n = 1; n <= rounds; n++) {
			/* wait= bounds every round: a loaded host may slow the peer by seconds. */
			if (!wait_rang(n, tg_arg_u64("wait", WAIT_SECONDS))) {
				tg_fail("shm: no doorbell for round %u\n", n);
				return;
			}
			if (!msg_is(OFF_PING, "ping", n)) {
				tg_fail("shm: round %u: got '%s'\n", n, (const char *)(shm + OFF_PING));
				return;
			}
			put_msg(OFF_PONG, "pong", n);
			mmio_write32(bell + DB_RING, 1);
		}
		tg_pass("shm: answered %u pings through the shared region\n", rounds);
		return;
	}

	if (!tg_wait_eq((volatile uint32_t *)(shm + OFF_READY), READY_MAGIC,
			tg_counter_freq() * WAIT_SECONDS)) {
		tg_fail("shm: the peer never showed up\n");
		return;
	}
	pmu_setup();
	uint64_t ticks = 0, el2 = 0;

	for (uint32_t n = 1; n <= rounds; n++) {
		put_msg(OFF_PING, "ping", n);
		uint64_t t0 = counter_now(), e0 = pmu_read0();

		mmio_write32(bell + DB_RING, 1);
		if (!wait_rang(n, WAIT_SECONDS)) {
			tg_fail("shm: no answer to round %u\n", n);
			return;
		}
		ticks += counter_now() - t0;
		el2 += pmu_read0() - e0;
		if (!msg_is(OFF_PONG, "pong", n)) {
			tg_fail("shm: round %u: got '%s'\n", n, (const char *)(shm + OFF_PONG));
			return;
		}
	}
	tg_pass("shm round trip: %u messages each way through the shared region and doorbells\n",
		rounds);
	tg_printf("bench shm-doorbell per-roundtrip: latency=%ju el2=%ju\n", ticks / rounds,
		  el2 / rounds);
}
