// SPDX-License-Identifier: Apache-2.0
/*
 * Test guest entry: reads /chosen/bootargs, picks the scenario named by
 * test=<name> and ends with "testguest: done, <n> failed" and PSCI
 * SYSTEM_OFF. Also holds the small scenarios (hello, hw, demo, sysoff, reset);
 * the larger ones live in test_*.c.
 */
#include "attack.h"
#include "testguest.h"

#define BOOTARGS_MAX 512
#define MAX_ARGS 32
#define DELAY_LOOPS 200000
#define DEFAULT_LINES 5
#define DEMO_TICKS 5
#define DEMO_IDLE_SECONDS 10
#define FALLBACK_CNTFRQ 62500000u
/*
 * CNTKCTL: EVNTEN plus EVNTI = 10, a wake-up event every 2^11 counter
 * ticks, so a wfe wait with a timeout cannot sleep forever if the event it
 * waits for never comes (ARM ARM D11.2.3, the event stream).
 */
#define CNTKCTL_EVNTEN (1u << 2)
#define CNTKCTL_EVNTI_SHIFT 4
#define EVENT_STREAM_BIT 10u

static char bootargs[BOOTARGS_MAX];
static const char *args[MAX_ARGS];
static unsigned int nargs;

void tg_main(uintptr_t dtb);
void tg_secondary_main(uint64_t context);

/* Splits bootargs in place into space-separated words. */
static void parse_bootargs(void)
{
	char *p = bootargs;

	while (*p != '\0' && nargs < MAX_ARGS) {
		while (*p == ' ' || *p == '\t' || *p == '\n') {
			*p++ = '\0';
		}
		if (*p == '\0') {
			break;
		}
		args[nargs++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n') {
			p++;
		}
	}
}

const char *tg_arg(const char *key)
{
	size_t klen = strlen(key);

	for (unsigned int i = 0; i < nargs; i++) {
		const char *a = args[i];
		size_t j = 0;

		while (j < klen && a[j] == key[j]) {
			j++;
		}
		if (j == klen && a[j] == '=') {
			return a + j + 1;
		}
	}
	return NULL;
}

/* Decimal or 0x-prefixed hex; falls back to def (with a note) on junk. */
uint64_t tg_arg_u64(const char *key, uint64_t def)
{
	const char *s = tg_arg(key);
	unsigned int base = 10;
	uint64_t v = 0;

	if (s == NULL) {
		return def;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0') {
		goto bad;
	}
	for (; *s != '\0'; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9') {
			d = (unsigned int)(*s - '0');
		} else if (base == 16 && *s >= 'a' && *s <= 'f') {
			d = (unsigned int)(*s - 'a' + 10);
		} else if (base == 16 && *s >= 'A' && *s <= 'F') {
			d = (unsigned int)(*s - 'A' + 10);
		} else {
			goto bad;
		}
		v = v * base + d;
	}
	return v;
bad:
	tg_printf("testguest: bad number in '%s=%s', using %ju\n", key, tg_arg(key), def);
	return def;
}

void tg_finish(void)
{
	tg_printf("testguest: done, %u failed\n", tg_failures());
	psci_system_off();
}

void tg_busy_delay(void)
{
	for (unsigned int i = 0; i < DELAY_LOOPS; i++) {
		cpu_relax();
	}
}

void tg_print_counts(uint64_t n)
{
	for (uint64_t i = 1; i <= n; i++) {
		tg_busy_delay();
		tg_printf("count %ju\n", i);
	}
}

bool tg_probe_read32(uintptr_t addr, uint32_t *v)
{
	tg_fault.taken = false;
	tg_fault.expected = true;
	__asm__ volatile("dsb sy" ::: "memory");
	uint32_t r = mmio_read32(addr);
	tg_fault.expected = false;
	*v = tg_fault.taken ? 0 : r;
	return !tg_fault.taken;
}

uint64_t tg_counter_freq(void)
{
	uint64_t f = cntfrq_read();

	return f != 0 ? f : FALLBACK_CNTFRQ;
}

bool tg_wait_eq(volatile uint32_t *p, uint32_t want, uint64_t timeout)
{
	uint64_t deadline = counter_now() + timeout;

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) != want) {
		if (counter_now() > deadline) {
			return false;
		}
		cpu_wfe();
	}
	return true;
}

static void event_stream_on(void)
{
	cntkctl_write(CNTKCTL_EVNTEN | EVENT_STREAM_BIT << CNTKCTL_EVNTI_SHIFT);
}

void test_hello(void)
{
	tg_printf("hello from vcpu0 mpidr=0x%jx\n", mpidr_read());
	tg_print_counts(tg_arg_u64("lines", DEFAULT_LINES));
}

/* test=hw: what hw.c made of the DT, for a first boot on a new board. */
static void test_hw(void)
{
	const struct tg_uart *c = &tg_hw.console, *o = &tg_hw.own_uart;

	tg_printf("hw: dt=%s psci=%s cntfrq=%ju\n", tg_hw.from_dt ? "yes" : "no",
		  tg_hw.psci == CONDUIT_SMC ? "smc" : "hvc", tg_counter_freq());
	tg_printf("hw: console %s at 0x%lx reg-shift=%u reg-io-width=%u\n",
		  uart_kind_name(c->kind), (unsigned long)c->base, c->shift, c->io_width);
	tg_printf("hw: own uart %s at 0x%lx\n", uart_kind_name(o->kind), (unsigned long)o->base);
	tg_printf("hw: gicd 0x%lx gicc 0x%lx gicr 0x%lx rtc 0x%lx\n", (unsigned long)tg_hw.gicd,
		  (unsigned long)tg_hw.gicc, (unsigned long)tg_hw.gicr, (unsigned long)tg_hw.rtc);
	if (gic_probe()) {
		tg_pass("gic v%u answers (GICD_PIDR2 0x%x)\n", gic_version, gic_pidr2());
	} else {
		tg_fail("no gic answers at 0x%lx\n", (unsigned long)tg_hw.gicd);
	}
}

/* Waits until the counter reaches deadline. */
static void wait_until(uint64_t deadline)
{
	while (counter_now() < deadline) {
		cpu_relax();
	}
}

void test_demo(void)
{
	uint64_t freq = tg_counter_freq();
	char line[128];
	size_t len = 0;

	tg_printf("hello from 0x%jx, I am a Tessera guest\n", mpidr_read());
	for (unsigned int i = 1; i <= DEMO_TICKS; i++) {
		wait_until(counter_now() + freq);
		tg_printf("tick %u\n", i);
	}
	tg_printf("type a line (Ctrl-T switches VM), 'q' + Enter powers me off\n");

	uint64_t deadline = counter_now() + DEMO_IDLE_SECONDS * freq;
	for (;;) {
		int c = tg_getc();

		if (c < 0) {
			if (counter_now() >= deadline) {
				tg_printf("no input for %u s, powering off\n", DEMO_IDLE_SECONDS);
				return;
			}
			cpu_relax();
			continue;
		}
		deadline = counter_now() + DEMO_IDLE_SECONDS * freq;
		if (c == '\r' || c == '\n') {
			if (len == 0) {
				continue; /* the \n of a \r\n pair, or an empty line */
			}
			line[len] = '\0';
			tg_printf("you typed: %s\n", line);
			if (len == 1 && line[0] == 'q') {
				return;
			}
			len = 0;
		} else if ((c == 0x7f || c == '\b') && len > 0) {
			len--;
		} else if (c >= ' ' && c < 0x7f && len + 1 < sizeof(line)) {
			line[len++] = (char)c;
		}
	}
}

static void test_sysoff(void)
{
	tg_printf("powering off now\n");
	psci_system_off();
}

/*
 * test=reset [from=1]: SYSTEM_RESET, asked by vCPU 0, or by vCPU 1 while
 * vCPU 0 waits. Each vCPU first checks that its FP/SIMD registers read zero
 * (the last run filled them) and fills them for the next run to check.
 */
#define RESET_CONTEXT 0x5e5e7u

extern char secondary_entry[];

static void reset_fp(unsigned int cpu)
{
	uint64_t sample;
	unsigned int n = arch_fp_residue(&sample);

	if (n) {
		tg_fail("vcpu%u: %u FP/SIMD registers not zero at start (e.g. 0x%jx)\n", cpu, n,
			sample);
	} else {
		tg_pass("vcpu%u FP/SIMD registers zero at start\n", cpu);
	}
	arch_fp_fill(0x5eed5eed00000000ull | cpu << 8);
}

static void reset_now(unsigned int cpu)
{
	tg_printf("vcpu%u requests SYSTEM_RESET\n", cpu);
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	tg_fail("SYSTEM_RESET returned\n");
}

static void test_reset(void)
{
	reset_fp(0);
	if (tg_arg_u64("from", 0) == 0) {
		reset_now(0);
		return;
	}
	int64_t r = psci_call(PSCI_CPU_ON, 1, (uintptr_t)secondary_entry, RESET_CONTEXT);

	if (r != 0) {
		tg_fail("CPU_ON vcpu1: %jd\n", r);
		return;
	}
	for (;;) {
		__asm__ volatile("wfe" ::: "memory"); /* until the restart takes this vCPU */
	}
}

struct scenario {
	const char *name;
	void (*run)(void);
};

static const struct scenario scenarios[] = {
	{ "hello", test_hello }, { "hw", test_hw },	    { "demo", test_demo },
	{ "fault", test_fault },
	{ "smp", test_smp },	 { "psci", test_psci },	    { "sysoff", test_sysoff },
	{ "reset", test_reset }, { "bench", test_bench },   { "bench-ipi", test_bench_ipi },
	{ "vgic", test_vgic },
	{ "timer", test_timer }, { "ticker", test_ticker },
	{ "spi", test_spi },	 { "spi-denied", test_spi_denied }, { "gic-abuse", test_gic_abuse },
	{ "shm-ping", test_shm },	 { "shm-pong", test_shm },
	{ "attack", test_attack },	 { "victim", test_victim },	    { "probe", test_probe },
	{ "flood", test_flood },	 { "flood-victim", test_flood_victim },
	{ "dma", test_dma },
};

/* A copy: parse_bootargs() splits it in place, and the DT stays as it was. */
static bool copy_bootargs(void)
{
	const char *s = tg_hw.bootargs;
	size_t n = 0;

	if (s == NULL) {
		return false;
	}
	while (s[n] != '\0' && n + 1 < sizeof(bootargs)) {
		bootargs[n] = s[n];
		n++;
	}
	bootargs[n] = '\0';
	return true;
}

void tg_main(uintptr_t dtb)
{
	bool have_dt = hw_discover(dtb);

	uart_init(&tg_hw.console);
	bool have_args = copy_bootargs();

	event_stream_on();

	parse_bootargs();
	const char *name = tg_arg("test");
	if (name == NULL) {
		name = "hello";
	}
	tg_printf("testguest: start test=%s vcpu0\n", name);
	if (!have_dt) {
		tg_printf("testguest: no valid DTB at 0x%jx, QEMU virt layout and defaults\n",
			  (uint64_t)dtb);
	} else if (!have_args) {
		tg_printf("testguest: no bootargs in the DTB at 0x%jx, using defaults\n",
			  (uint64_t)dtb);
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		if (strcmp(name, scenarios[i].name) == 0) {
			scenarios[i].run();
			tg_finish();
		}
	}
	tg_fail("unknown test '%s'\n", name);
	tg_finish();
}

void tg_secondary_main(uint64_t context)
{
	event_stream_on();
	if (context == VGIC_CONTEXT) {
		vgic_secondary(context);
	}
	if (context == BENCH_IPI_CONTEXT) {
		bench_ipi_secondary();
	}
	if (context == RESET_CONTEXT) {
		reset_fp(1);
		reset_now(1);
	}
	smp_secondary(context);
}
