/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake physical GIC and the few arch/core symbols core/vgic.c needs, for
 * host tests. List registers are per CPU, the CPU being fake_self (set by
 * the test as the hardware would run the code on that CPU). Nothing here
 * interprets an interrupt: it records what it is asked to do.
 */
#include <asm/fake_gic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

struct cpu *fake_self;
struct cpu cpus[CFG_MAX_CPUS];
struct fake_gic fake_gic = { .version = 3, .vprio_bits = 8 };

void fake_gic_clear_logs(void)
{
	fake_gic.nr_sgis = fake_gic.nr_enables = fake_gic.nr_routes = 0;
	fake_gic.nr_deactivates = fake_gic.nr_logs = 0;
	fake_gic.last_log[0] = '\0';
	memset(fake_gic.enabled_touched, 0, sizeof(fake_gic.enabled_touched));
	memset(fake_gic.routed_touched, 0, sizeof(fake_gic.routed_touched));
}

void fake_gic_reset(void)
{
	memset(&fake_gic, 0, sizeof(fake_gic));
	fake_gic.version = 3;
	fake_gic.vprio_bits = 8;
}

static unsigned self_idx(void)
{
	if (!fake_self || fake_self->idx >= CFG_MAX_CPUS) {
		fprintf(stderr, "fake_gic: list register access with no current CPU\n");
		abort();
	}
	return fake_self->idx;
}

static struct gic_lr *lr_at(unsigned i)
{
	unsigned c = self_idx();

	if (i >= FAKE_NR_LRS) {
		fprintf(stderr, "fake_gic: list register %u of %u\n", i, FAKE_NR_LRS);
		abort();
	}
	return &fake_gic.lr[c][i];
}

unsigned gic_version(void)
{
	return fake_gic.version;
}

int gic_init(const struct cfg_hw *hw)
{
	(void)hw;
	return 0;
}

void gic_cpu_init(uint64_t mpidr)
{
	(void)mpidr;
}

uint32_t gic_ack(void)
{
	return GIC_SPURIOUS;
}

void gic_eoi(uint32_t intid)
{
	(void)intid;
}

void gic_deactivate(uint32_t intid)
{
	if (fake_gic.nr_deactivates < FAKE_LOG) {
		fake_gic.deactivates[fake_gic.nr_deactivates] = intid;
	}
	fake_gic.nr_deactivates++;
}

void gic_send_sgi(uint32_t sgi, uint64_t mpidr)
{
	if (fake_gic.nr_sgis < FAKE_LOG) {
		fake_gic.sgis[fake_gic.nr_sgis] = (struct fake_sgi){ sgi, mpidr };
	}
	fake_gic.nr_sgis++;
}

void gic_irq_enable(uint32_t intid, uint64_t mpidr, bool enable)
{
	if (fake_gic.nr_enables < FAKE_LOG) {
		fake_gic.enables[fake_gic.nr_enables] = (struct fake_enable){ intid, mpidr, enable };
	}
	fake_gic.nr_enables++;
	fake_gic.enabled_touched[intid < 1024 ? intid : 1023] = true;
}

/* The CPU whose MPIDR is mpidr (cpus[] as the test set it up), or 0. */
static unsigned cpu_of(uint64_t mpidr)
{
	for (unsigned c = 0; c < CFG_MAX_CPUS; c++) {
		if (cpus[c].mpidr == mpidr) {
			return c;
		}
	}
	return 0;
}

bool gic_irq_pending(uint32_t intid, uint64_t mpidr)
{
	return intid < 1024 && fake_gic.line[intid < 32 ? cpu_of(mpidr) : 0][intid];
}

unsigned gic_vprio_bits(void)
{
	return fake_gic.vprio_bits;
}

void gic_spi_route(uint32_t intid, uint64_t mpidr)
{
	if (fake_gic.nr_routes < FAKE_LOG) {
		fake_gic.routes[fake_gic.nr_routes] = (struct fake_route){ intid, mpidr };
	}
	fake_gic.nr_routes++;
	fake_gic.routed_touched[intid < 1024 ? intid : 1023] = true;
}

void gic_cpu_sync(void)
{
}

uint64_t gic_vcpu_interface(void)
{
	return 0;
}

unsigned gic_lr_count(void)
{
	return FAKE_NR_LRS;
}

void gic_lr_read(unsigned i, struct gic_lr *lr)
{
	*lr = *lr_at(i);
}

void gic_lr_write(unsigned i, const struct gic_lr *lr)
{
	*lr_at(i) = *lr;
}

/* ICH_ELRSR_EL2: state invalid and no EOI maintenance owed (HW = 1 or EOI = 0). */
uint32_t gic_lr_empty(void)
{
	uint32_t empty = 0;

	for (unsigned i = 0; i < FAKE_NR_LRS; i++) {
		const struct gic_lr *lr = lr_at(i);

		if (!lr->state && (lr->hw || !lr->eoi_maint)) {
			empty |= 1u << i;
		}
	}
	return empty;
}

void gic_underflow_irq(bool on)
{
	fake_gic.underflow[self_idx()] = on;
}

void gic_vcpu_reset(void)
{
	unsigned c = self_idx();

	memset(fake_gic.lr[c], 0, sizeof(fake_gic.lr[c]));
	fake_gic.underflow[c] = false;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fake_gic.last_log, sizeof(fake_gic.last_log), fmt, ap);
	va_end(ap);
	fake_gic.nr_logs++;
}

/* core/report.c's counting, every report printed (its rate limit: test_console.c). */
bool vm_report(struct vm *vm, enum vm_report_kind kind, const char *fmt, ...)
{
	va_list ap;

	vm->reports.count[kind]++;
	va_start(ap, fmt);
	vsnprintf(fake_gic.last_log, sizeof(fake_gic.last_log), fmt, ap);
	va_end(ap);
	fake_gic.nr_logs++;
	return true;
}

/* One thread: a lock that is not free now never will be. */
void arch_cpu_wait_event(void)
{
	fprintf(stderr, "fake_gic: waiting on a held spinlock (a lock taken twice?)\n");
	abort();
}

void arch_cpu_send_event(void)
{
}
