// SPDX-License-Identifier: Apache-2.0
/*
 * Shared declarations of the test guest: console, bootargs, PSCI/SMCCC
 * calls, exception hooks and the scenarios. The guest runs at EL1 with the
 * MMU off on the QEMU virt layout (RAM 0x40000000, PL011 0x09000000).
 */
#ifndef TESTGUEST_H
#define TESTGUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TG_MAX_VCPUS 4

/* PSCI 1.1 and SMCCC function ids (DEN0022, DEN0028). */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0xC4000003u
#define PSCI_AFFINITY_INFO 0xC4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1

#define MPIDR_AFF0_MASK 0xffu

enum conduit { CONDUIT_HVC, CONDUIT_SMC };

/* console.c */
void tg_putc(char c);
int tg_getc(void); /* -1 when nothing is waiting */
void tg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_pass(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned int tg_failures(void);

/* fdt.c: copies /chosen/bootargs into buf; false on a missing or bad DTB. */
bool fdt_bootargs(uintptr_t dtb, char *buf, size_t size);

/* main.c: bootargs parameters. */
const char *tg_arg(const char *key);
uint64_t tg_arg_u64(const char *key, uint64_t def);
__attribute__((noreturn)) void tg_finish(void);
void tg_busy_delay(void);
void tg_print_counts(uint64_t n);

/* psci.c */
int64_t smccc_call(enum conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
static inline int64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smccc_call(CONDUIT_HVC, fn, a1, a2, a3);
}
__attribute__((noreturn)) void psci_system_off(void);

/* exceptions.c */
struct tg_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

struct tg_fault {
	volatile bool expected; /* armed by the test before the access */
	volatile bool taken;
	volatile uint64_t esr;
	volatile uint64_t far;
};
extern struct tg_fault tg_fault;
/* Set while probing calls that may be UNDEFINED natively (HVC without EL2). */
extern volatile bool tg_call_probe;

/* System registers and the counter. */
#define read_sysreg(r)                                                                             \
	({                                                                                         \
		uint64_t v__;                                                                      \
		__asm__ volatile("mrs %0, " #r : "=r"(v__));                                       \
		v__;                                                                               \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))

static inline uint64_t counter_now(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, cntvct_el0\n isb" : "=r"(v) : : "memory");
	return v;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

/* Scenarios. */
void test_hello(void);
void test_demo(void);
void test_fault(void);
void test_smp(void);
void test_psci(void);
void test_bench(void);
void smp_secondary(uint64_t context);

/* lib.c: the compiler may emit calls to these even freestanding. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
