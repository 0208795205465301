/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ticket lock. Waiters sleep in WFE; the unlock store is followed by SEV so a
 * waiter on another CPU wakes (and so QEMU's round-robin icount mode never
 * livelocks on a spinning CPU).
 */
#ifndef TESSERA_SPINLOCK_H
#define TESSERA_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/arch/cpu.h>

struct spinlock {
	uint32_t next;
	uint32_t owner;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me) {
		arch_cpu_wait_event();
	}
}

/* Take it only if it is free now: never waits. */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	uint32_t next = owner;

	return __atomic_compare_exchange_n(&l->next, &next, owner + 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void spin_unlock(struct spinlock *l)
{
	uint32_t next = l->owner + 1;

	__atomic_store_n(&l->owner, next, __ATOMIC_RELEASE);
	/* Wake waiters only if there are any. */
	if (__atomic_load_n(&l->next, __ATOMIC_RELAXED) != next) {
		arch_cpu_send_event();
	}
}

#endif
