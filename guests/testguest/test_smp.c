// SPDX-License-Identifier: Apache-2.0
/*
 * test=smp: PSCI CPU_ON / CPU_OFF / AFFINITY_INFO (over HVC in a VM, the DT's
 * conduit natively) with two vCPUs
 * (MPIDR aff0 0 and 1). vCPU1 is started twice to prove that a vCPU that
 * called CPU_OFF can be brought back.
 */
#include "testguest.h"

#define SMP_CONTEXT 0x1234u
#define SECONDARY_MPIDR 1u
#define MISSING_MPIDR 7u
#define WAIT_SECONDS 5
#define AFF_LEVEL0 0

extern char secondary_entry[];

static uint32_t up_flag;
static uint32_t up_count;

void smp_secondary(uint64_t context)
{
	uint64_t mpidr = mpidr_read();

	__atomic_fetch_add(&up_count, 1, __ATOMIC_RELAXED);
	tg_printf("vcpu%ju up: context=0x%jx mpidr=0x%jx\n", mpidr & MPIDR_AFF0_MASK, context,
		  mpidr);
	if (context != SMP_CONTEXT) {
		tg_fail("secondary context: got 0x%jx, want 0x%x\n", context, SMP_CONTEXT);
	}
	__atomic_store_n(&up_flag, 1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb ish\n sev" ::: "memory");

	int64_t r = psci_call(PSCI_CPU_OFF, 0, 0, 0);
	tg_fail("CPU_OFF returned %jd\n", r);
	for (;;) {
		__asm__ volatile("wfe");
	}
}

static uint64_t seconds(unsigned int s)
{
	return tg_counter_freq() * s;
}

/* Waits (wfe) for the secondary's flag; false on timeout. */
static bool wait_up(void)
{
	uint64_t deadline = counter_now() + seconds(WAIT_SECONDS);

	while (__atomic_load_n(&up_flag, __ATOMIC_ACQUIRE) == 0) {
		if (counter_now() > deadline) {
			return false;
		}
		__asm__ volatile("wfe" ::: "memory");
	}
	return true;
}

/* Polls AFFINITY_INFO until vCPU1 reads OFF; returns the last answer. */
static int64_t wait_off(void)
{
	uint64_t deadline = counter_now() + seconds(WAIT_SECONDS);
	int64_t r;

	for (;;) {
		r = psci_call(PSCI_AFFINITY_INFO, SECONDARY_MPIDR, AFF_LEVEL0, 0);
		if (r == PSCI_AFF_OFF || counter_now() > deadline) {
			return r;
		}
		cpu_relax();
	}
}

static void expect(const char *name, int64_t got, int64_t want)
{
	if (got == want) {
		tg_pass("%s (%jd)\n", name, got);
	} else {
		tg_fail("%s: got %jd, want %jd\n", name, got, want);
	}
}

static void start_secondary(unsigned int round)
{
	__atomic_store_n(&up_flag, 0, __ATOMIC_RELEASE);
	int64_t r =
		psci_call(PSCI_CPU_ON, SECONDARY_MPIDR, (uintptr_t)secondary_entry, SMP_CONTEXT);
	expect(round == 1 ? "cpu_on" : "cpu_on again", r, PSCI_RET_SUCCESS);
	if (r != PSCI_RET_SUCCESS) {
		return;
	}
	if (!wait_up()) {
		tg_fail("vcpu1 up: no sign of vcpu1 after %u s\n", WAIT_SECONDS);
		return;
	}
	uint32_t n = __atomic_load_n(&up_count, __ATOMIC_RELAXED);
	if (n == round) {
		tg_pass("vcpu1 up (count %u)\n", n);
	} else {
		tg_fail("vcpu1 up: count %u, want %u\n", n, round);
	}
	r = wait_off();
	if (r == PSCI_AFF_OFF) {
		tg_pass("affinity_info reports vcpu1 off%s\n", round == 1 ? "" : " again");
	} else {
		tg_fail("affinity_info reports vcpu1 off: still %jd after %u s\n", r, WAIT_SECONDS);
	}
}

void test_smp(void)
{
	uint64_t mpidr = mpidr_read();

	if ((mpidr & MPIDR_AFF0_MASK) != 0) {
		tg_fail("boot vcpu: mpidr 0x%jx, want aff0 0\n", mpidr);
	}
	start_secondary(1);
	expect("cpu_on of missing mpidr 7 is invalid_parameters",
	       psci_call(PSCI_CPU_ON, MISSING_MPIDR, (uintptr_t)secondary_entry, SMP_CONTEXT),
	       PSCI_RET_INVALID_PARAMETERS);
	expect("cpu_on of vcpu0 is already_on",
	       psci_call(PSCI_CPU_ON, 0, (uintptr_t)secondary_entry, SMP_CONTEXT),
	       PSCI_RET_ALREADY_ON);
	expect("affinity_info reports vcpu0 on", psci_call(PSCI_AFFINITY_INFO, 0, AFF_LEVEL0, 0),
	       PSCI_AFF_ON);
	start_secondary(2);
}
