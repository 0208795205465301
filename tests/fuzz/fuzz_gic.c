/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical GIC the vGIC fuzz target runs core/vgic.c on (see
 * fuzz_gic.h), and the few arch symbols vgic.c reaches: fake_self (the
 * CPU a call runs on, <asm/cpu.h> of tests/unit/fake_arch), cpus[],
 * log_info, panic and the event calls of the spinlock.
 */
#include <stdarg.h>
#include <string.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

#include "fuzz.h"
#include "fuzz_gic.h"

struct cpu *fake_self;
struct cpu cpus[CFG_MAX_CPUS];
struct pgic pgic;

void pgic_reset(unsigned version, unsigned nr_lrs, unsigned prio_bits)
{
	memset(&pgic, 0, sizeof(pgic));
	pgic.version = version;
	pgic.nr_lrs = nr_lrs;
	pgic.prio_mask = (uint8_t)(0xff00u >> prio_bits);
	pgic.prio_bits = prio_bits;
	for (unsigned i = 0; i < PGIC_NR_INTIDS; i++) {
		pgic.spi_cpu[i] = -1;
	}
}

int pgic_cpu_of(uint64_t mpidr)
{
	for (unsigned c = 0; c < CFG_MAX_CPUS; c++) {
		if (cpus[c].mpidr == mpidr) {
			return (int)c;
		}
	}
	return -1;
}

unsigned pgic_self(void)
{
	CHECK(fake_self != NULL);
	CHECK(fake_self >= cpus && fake_self < cpus + CFG_MAX_CPUS);
	return (unsigned)(fake_self - cpus);
}

/* A CPU's own list register: only the VM's CPUs, only registers that exist. */
static struct gic_lr *lr_at(unsigned i)
{
	unsigned c = pgic_self();

	CHECKF(!pgic.checking || pgic.may_cpu[c], "list register %u of CPU %u, not the VM's", i, c);
	CHECKF(i < pgic.nr_lrs, "list register %u of %u", i, pgic.nr_lrs);
	return &pgic.lr[c][i];
}

unsigned gic_version(void)
{
	return pgic.version;
}

/* Boot-time and interrupt-entry calls: the vGIC never makes them. */
int gic_init(const struct cfg_hw *hw)
{
	(void)hw;
	CHECK(!"gic_init called by the vGIC");
	return -1;
}

void gic_cpu_init(uint64_t mpidr)
{
	(void)mpidr;
	CHECK(!"gic_cpu_init called by the vGIC");
}

uint32_t gic_ack(void)
{
	CHECK(!"gic_ack called by the vGIC");
	return GIC_SPURIOUS;
}

void gic_eoi(uint32_t intid)
{
	(void)intid;
	CHECK(!"gic_eoi called by the vGIC");
}

void gic_deactivate(uint32_t intid)
{
	unsigned c = pgic_self();

	if (!pgic.checking) {
		return;
	}
	CHECKF(pgic.may_cpu[c], "deactivate %u on CPU %u, not the VM's", intid, c);
	if (intid < 32) {
		CHECKF(pgic.may_ppi[intid], "deactivate PPI/SGI %u, not the VM's", intid);
		CHECKF(pgic.ppi_active[c][intid], "deactivate PPI %u on CPU %u: not active", intid,
		       c);
		pgic.ppi_active[c][intid] = false;
	} else {
		CHECKF(intid < PGIC_NR_INTIDS && pgic.may_spi[intid],
		       "deactivate SPI %u, not the VM's", intid);
		CHECKF(pgic.spi_active[intid], "deactivate SPI %u: not active", intid);
		pgic.spi_active[intid] = false;
	}
}

void gic_send_sgi(uint32_t sgi, uint64_t mpidr)
{
	int c = pgic_cpu_of(mpidr);

	CHECKF(sgi == GIC_SGI_KICK, "physical SGI %u sent", sgi);
	CHECKF(c >= 0, "SGI to MPIDR 0x%llx, no such CPU", (unsigned long long)mpidr);
	CHECKF(!pgic.checking || pgic.may_cpu[c], "kick to CPU %d, not the VM's", c);
	pgic.kick[c] = true;
}

void gic_irq_enable(uint32_t intid, uint64_t mpidr, bool enable)
{
	if (intid < 32) {
		int c = pgic_cpu_of(mpidr);

		CHECKF(c >= 0, "enable PPI %u on MPIDR 0x%llx, no such CPU", intid,
		       (unsigned long long)mpidr);
		CHECKF(!pgic.checking || (pgic.may_ppi[intid] && pgic.may_cpu[c]),
		       "enable(%d) PPI/SGI %u of CPU %d, not the VM's", enable, intid, c);
		pgic.ppi_on[c][intid] = enable;
		return;
	}
	CHECKF(intid < PGIC_NR_INTIDS, "enable INTID %u", intid);
	CHECKF(!pgic.checking || pgic.may_spi[intid], "enable(%d) SPI %u, not the VM's", enable,
	       intid);
	pgic.spi_on[intid] = enable;
}

/* Level-sensitive: pending while the line is high (the VM's own interrupts only). */
bool gic_irq_pending(uint32_t intid, uint64_t mpidr)
{
	int c = pgic_cpu_of(mpidr);

	if (intid < 32) {
		CHECKF(c >= 0, "pending state of PPI %u on MPIDR 0x%llx, no such CPU", intid,
		       (unsigned long long)mpidr);
		CHECKF(!pgic.checking || (pgic.may_ppi[intid] && pgic.may_cpu[c]),
		       "pending state of PPI/SGI %u of CPU %d, not the VM's", intid, c);
		return pgic.ppi_line[c][intid];
	}
	CHECKF(intid < PGIC_NR_INTIDS, "pending state of INTID %u", intid);
	CHECKF(!pgic.checking || pgic.may_spi[intid], "pending state of SPI %u, not the VM's",
	       intid);
	return pgic.spi_line[intid];
}

unsigned gic_vprio_bits(void)
{
	return pgic.prio_bits;
}

void gic_spi_route(uint32_t intid, uint64_t mpidr)
{
	int c = pgic_cpu_of(mpidr);

	CHECKF(intid >= 32 && intid < PGIC_NR_INTIDS, "route INTID %u", intid);
	CHECKF(c >= 0, "route SPI %u to MPIDR 0x%llx, no such CPU", intid,
	       (unsigned long long)mpidr);
	CHECKF(!pgic.checking || (pgic.may_spi[intid] && pgic.may_cpu[c]),
	       "route SPI %u to CPU %d, not the VM's", intid, c);
	pgic.spi_cpu[intid] = c;
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
	return pgic.nr_lrs;
}

void gic_lr_read(unsigned i, struct gic_lr *lr)
{
	*lr = *lr_at(i);
}

void gic_lr_write(unsigned i, const struct gic_lr *lr)
{
	struct gic_lr *r = lr_at(i);

	if (!lr->state) {
		/* Invalid: nothing else of it is kept (ELRSR reads it empty). */
		*r = (struct gic_lr){ 0 };
		return;
	}
	*r = *lr;
	r->priority &= pgic.prio_mask;
	if (r->hw) {
		r->eoi_maint = false; /* the EOI bit is the pINTID's top bit when HW = 1 */
	} else {
		r->pintid = 0;
	}
}

/* ICH_ELRSR_EL2 / GICH_ELRSR: invalid, and no EOI maintenance still owed. */
uint32_t gic_lr_empty(void)
{
	uint32_t empty = 0;

	for (unsigned i = 0; i < pgic.nr_lrs; i++) {
		const struct gic_lr *lr = lr_at(i);

		if (!lr->state && (lr->hw || !lr->eoi_maint)) {
			empty |= 1u << i;
		}
	}
	return empty;
}

void gic_underflow_irq(bool on)
{
	pgic.underflow[pgic_self()] = on;
}

void gic_vcpu_reset(void)
{
	unsigned c = pgic_self();

	CHECKF(!pgic.checking || pgic.may_cpu[c], "virtual interface reset on CPU %u", c);
	memset(pgic.lr[c], 0, sizeof(pgic.lr[c]));
	pgic.underflow[c] = false;
	pgic.maint[c] = false;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pgic.last_log, sizeof(pgic.last_log), fmt, ap);
	va_end(ap);
	pgic.nr_logs++;
}

/* core/report.c's counting, every report printed. */
bool vm_report(struct vm *vm, enum vm_report_kind kind, const char *fmt, ...)
{
	va_list ap;

	vm->reports.count[kind]++;
	va_start(ap, fmt);
	vsnprintf(pgic.last_log, sizeof(pgic.last_log), fmt, ap);
	va_end(ap);
	pgic.nr_logs++;
	return true;
}

noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	CHECK(!"panic");
	abort();
}

/* One thread: a lock that is not free now never will be. */
void arch_cpu_wait_event(void)
{
	CHECK(!"waiting on a held spinlock (a lock taken twice)");
}

void arch_cpu_send_event(void)
{
}
