// SPDX-License-Identifier: Apache-2.0
/*
 * Shared declarations of the test guest: the machine (hw.c), console,
 * bootargs, PSCI/SMCCC calls, exception hooks and the scenarios. The guest
 * runs at EL1 (arm64) or in SVC mode (arm32) with the MMU off, in a Tessera
 * VM (the QEMU virt layout: RAM 0x40000000, PL011 0x09000000) or natively
 * on a board, whose devices its device tree names. Everything that differs
 * between the two architectures lives in arch/<arch>/ and reaches the
 * shared code through arch.h.
 */
#ifndef TESTGUEST_H
#define TESTGUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The CPU: arch/<arch>/arch.h (counter, timers, PMU, MMIO, struct tg_frame...). */
#include "arch.h"

#define TG_MAX_VCPUS 4

/*
 * PSCI 1.1 and SMCCC function ids (DEN0022, DEN0028). Calls that take an
 * address or MPIDR use the register width: SMC64 on arm64, SMC32 on arm32
 * (PSCI_FN_NATIVE, arch.h).
 */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON (PSCI_FN_NATIVE | 0x3u)
#define PSCI_AFFINITY_INFO (PSCI_FN_NATIVE | 0x4u)
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

/* uart.c: polled drivers for the UARTs a DT may name. */
enum uart_kind { UART_NONE, UART_PL011, UART_CADENCE, UART_16550 };
struct tg_uart {
	uintptr_t base;
	enum uart_kind kind;
	uint8_t shift;	  /* 16550: reg-shift */
	uint8_t io_width; /* bytes per register access: 1 or 4 */
};
void uart_init(const struct tg_uart *u); /* Cadence: enables TX and RX */
void uart_putc(const struct tg_uart *u, char c);
int uart_getc(const struct tg_uart *u); /* -1 when nothing is waiting */
uintptr_t uart_tx_reg(const struct tg_uart *u);
const char *uart_kind_name(enum uart_kind kind);

/*
 * hw.c: the machine as the boot DT describes it; QEMU virt values (RAM at
 * 0x40000000, PL011 0x09000000, GICD 0x08000000, GICC 0x08010000, GICR
 * 0x080a0000, PSCI over HVC) where it says nothing.
 */
struct tg_hw {
	bool from_dt;		 /* a valid DT was read */
	const char *bootargs;	 /* /chosen/bootargs in the DT, or NULL */
	struct tg_uart console;	 /* /chosen/stdout-path */
	struct tg_uart own_uart; /* another enabled UART, or kind UART_NONE */
	uintptr_t gicd, gicc, gicr; /* gicc: GICv2 CPU interface; gicr: first GICv3 redistributor */
	enum conduit psci;	    /* /psci method */
	uintptr_t rtc;		    /* PL031, 0 if none */
};
extern struct tg_hw tg_hw;
bool hw_discover(uintptr_t dtb); /* false: no valid DT, tg_hw keeps the virt layout */

/*
 * console.c. The formats: %d %u %x %c %s %p %%, a 0 flag and a width; l is
 * long, and j (or ll) is 64 bits on both architectures: uint64_t is %ju.
 */
void tg_putc(char c);
int tg_getc(void); /* -1 when nothing is waiting */
/* Every line printed from now on also goes to u (NULL: stop). */
void tg_console_mirror(const struct tg_uart *u);
void tg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same formats into buf (always NUL-terminated, truncated to size). */
void tg_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tg_pass(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned int tg_failures(void);

/* main.c: bootargs parameters. */
const char *tg_arg(const char *key);
uint64_t tg_arg_u64(const char *key, uint64_t def);
__attribute__((noreturn)) void tg_finish(void);
void tg_busy_delay(void);
void tg_print_counts(uint64_t n);

/*
 * arch/<arch>/smccc.c and psci.c. PSCI goes over the conduit the DT names
 * (HVC in a VM); hvc_call() is for what tests the hypervisor's HVC as such.
 */
int64_t smccc_call(enum conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
static inline int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smccc_call(tg_hw.psci, fn, a1, a2, a3);
}
static inline int64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smccc_call(CONDUIT_HVC, fn, a1, a2, a3);
}
__attribute__((noreturn)) void psci_system_off(void);

/* arch/<arch>/start.S: CNTPCT as the image's very first instruction read it. */
extern uint64_t tg_boot_cntpct;

/* arch/<arch>/exceptions.c */
struct tg_fault {
	volatile bool expected; /* armed by the test before the access */
	volatile bool taken;
	volatile bool data_abort; /* it was a data abort taken to this level */
	volatile uint64_t esr;	  /* syndrome: ESR_EL1 (arm64), DFSR/IFSR (arm32) */
	volatile uint64_t far;	  /* address: FAR_EL1 (arm64), DFAR/IFAR (arm32) */
	volatile bool resume_lr;  /* return to the link register, not the next instruction:
				     the fault was a branch-with-link's target (test=attack) */
};
extern struct tg_fault tg_fault;
/* Set while probing calls that may be UNDEFINED natively (HVC without EL2). */
extern volatile bool tg_call_probe;

/* This vCPU's index: MPIDR aff0. */
static inline unsigned int tg_cpu(void)
{
	return (unsigned int)(mpidr_read() & MPIDR_AFF0_MASK);
}

/* main.c: a 32-bit read with a fault armed; false (and *v = 0) if it faulted. */
bool tg_probe_read32(uintptr_t addr, uint32_t *v);
/* main.c: CNTFRQ, or a fallback when firmware left it 0. */
uint64_t tg_counter_freq(void);
/* Waits (wfe; the event stream bounds each sleep) until *p == want or
 * timeout counter ticks pass; true when it got there. */
bool tg_wait_eq(volatile uint32_t *p, uint32_t want, uint64_t timeout);

/*
 * gic.c: a small GIC driver for the guest, GICv3 (ICC_* system registers,
 * redistributors) or GICv2 (GICC MMIO), picked from GICD_PIDR2.ArchRev, at
 * the addresses in tg_hw (QEMU virt: GICD 0x08000000, GICR 0x080a0000,
 * 0x20000 per CPU, GICC 0x08010000). All SGIs/PPIs (and SPIs given
 * gic_route_spi()) are group 1 (v3) or group 0 (v2, signalled as IRQ); the
 * handler acks, dispatches and EOIs one interrupt per exception.
 */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_IGROUPR 0x0080u
#define GICD_ISENABLER 0x0100u
#define GICD_ICENABLER 0x0180u
#define GICD_ISPENDR 0x0200u
#define GICD_ICPENDR 0x0280u
#define GICD_ISACTIVER 0x0300u
#define GICD_ICACTIVER 0x0380u
#define GICD_IPRIORITYR 0x0400u
#define GICD_ITARGETSR 0x0800u
#define GICD_ICFGR 0x0c00u
#define GICD_SGIR 0x0f00u
#define GICD_IROUTER 0x6000u /* GICv3, 64-bit per INTID */
#define GICD_PIDR2 0xffe8u    /* GICv3 */
#define GICD_PIDR2_V2 0x0fe8u /* GICv2 */
#define GIC_PIDR2_ARCHREV(v) (((v) >> 4) & 0xfu)

#define GIC_NR_PRIVATE 32u
#define GIC_NR_SGI 16u
#define GIC_NR_HANDLED 128u /* INTIDs the handler table covers (SPIs 32-127 too) */
#define GIC_INTID_SPURIOUS 1020u
#define PPI_VTIMER 27u
#define PPI_PTIMER 30u
#define GIC_PRIO_DEFAULT 0xa0u

typedef void (*gic_handler_t)(unsigned int intid, unsigned int cpu, uint64_t stamp);

extern unsigned int gic_version; /* 2 or 3 once gic_probe() succeeded, else 0 */
bool gic_probe(void);		 /* reads GICD_PIDR2 with a fault armed */
uint32_t gic_pidr2(void);
bool gic_init(void);		  /* distributor (first call only) + this vCPU */
bool gic_reinit(void);		  /* all SPIs off, then distributor + this vCPU again */
void gic_route_spi(unsigned int intid, unsigned int cpu);
uintptr_t gic_private_base(void); /* this vCPU's SGI/PPI registers (v3: SGI_base, v2: GICD) */
void gic_set_handler(unsigned int intid, gic_handler_t h);
void gic_enable(unsigned int intid, bool on);
bool gic_is_enabled(unsigned int intid);
void gic_set_priority(unsigned int intid, uint8_t prio);
uint8_t gic_get_priority(unsigned int intid);
void gic_set_pending(unsigned int intid, bool pending);
bool gic_is_pending(unsigned int intid);
bool gic_is_active(unsigned int intid);
void gic_send_sgi(unsigned int intid, unsigned int cpu);
void gic_send_sgi_self(unsigned int intid);
void gic_handle_irq(struct tg_frame *f);
void gic_dump(const char *why);
extern volatile uint32_t gic_spurious[TG_MAX_VCPUS];
extern volatile uint32_t gic_unhandled;
extern volatile uint32_t gic_unhandled_last; /* INTID of the latest one */
/* test=bench: when set, the handler brackets its EOI with PMU/counter reads. */
extern volatile bool gic_eoi_measure;
extern volatile uint64_t gic_eoi_el2, gic_eoi_ticks, gic_eoi_count;

/* Scenarios. */
void test_hello(void);
void test_demo(void);
void test_fault(void);
void test_smp(void);
void test_psci(void);
void test_bench(void);
/* The virtual timer's handler of the benchmarks (test_bench.c): stops the timer, notes the vector's stamp. */
void bench_vtimer(unsigned int intid, unsigned int cpu, uint64_t stamp);
extern volatile uint32_t irq_seen;
extern volatile uint64_t irq_stamp;
void test_bench_ipi(void);
void bench_ipi_secondary(void);
#define BENCH_IPI_CONTEXT 0xb1b1u
void test_vgic(void);
void test_timer(void);
void test_ticker(void);
void test_spi(void);
void test_spi_denied(void);
void test_gic_abuse(void);
void test_shm(void);
void test_attack(void);
void test_probe(void);
void test_dma(void);
void test_victim(void);
void test_flood(void);
void test_flood_victim(void);
void smp_secondary(uint64_t context);
void vgic_secondary(uint64_t context);
void vgic_check_registers(void); /* test_vgic_regs.c */
#define VGIC_CONTEXT 0x51c0u

/* lib.c: the compiler may emit calls to these even freestanding. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
