/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the vGIC (core/vgic.c) driven the way traps drive it,
 * over the physical GIC model of fuzz_gic.c, with ASan and UBSan
 * (tests/fuzz/fuzz.mk).
 *
 * An input is a VM description followed by a program. The description
 * picks the GIC version (2 or 3), 1-8 vCPUs pinned to CPUs with
 * cluster-style MPIDRs, 2-16 list registers, 5 or 8 priority bits, the
 * hardware SPIs the plan gives the VM, doorbell SPIs and which vCPUs are
 * already running. A second VM with two vCPUs is built next to it and never
 * run: it must not change, and nothing of its own may be touched.
 *
 * The program interleaves what guests, devices and other CPUs do: MMIO
 * accesses to the distributor and redistributors (any offset, size and
 * value, from any running vCPU), ICC_SGI1R writes, hardware interrupts
 * firing where the physical GIC routes them, interrupts that are not the
 * VM's, the guest acknowledging and deactivating what its list registers
 * hold, kicks and maintenance interrupts, WFI, the console and doorbell
 * lines, PSCI CPU_OFF (through core/psci.c) and CPU_ON, SYSTEM_RESET's
 * restart, and "quiesce": deliver every kick and maintenance interrupt the
 * hardware would, then check nothing deliverable is stuck.
 *
 * After every step check_all() verifies the promises of vgic.c's header
 * comment and of the GIC architecture: bookkeeping and list registers agree,
 * no duplicates, nothing foreign in a list register, candidates are exactly
 * the enabled pending interrupts, interrupts the VM does not own stay zero
 * and read as zero, the physical enable/route/active state mirrors the
 * virtual one. Register accesses the architecture defines are also checked
 * against the state they should read or leave. A broken promise aborts.
 *
 * The eight bugs it found are fixed (tests/fuzz/crashes/README.md); their
 * inputs are regression tests. A bug found and not fixed yet gets a filter
 * behind fuzz_filter_known() so fuzzing goes on past it until the fix lands.
 */
#include <setjmp.h>
#include <stdarg.h>

#include "fuzz_vgic.h"

#define MAX_OPS 400

const uint32_t hw_ppis[NR_HW_PPIS] = { GIC_PPI_VTIMER, GIC_PPI_PTIMER };

struct vm vms[2];
struct vm snap_b, before;
struct fuzz_setup S;
static struct cfg_vm cfgs[2];
static struct arch_regs frames[CFG_MAX_CPUS];

/*
 * An operation's first byte, modulo its length, picks it: register accesses
 * are most of what a guest does to its GIC.
 */
const enum op dispatch[] = {
	OP_MMIO,    OP_MMIO,    OP_MMIO,      OP_MMIO,  OP_MMIO,    OP_MMIO,    OP_SGI1R,
	OP_HW_FIRE, OP_HW_FIRE, OP_IRQ_OTHER, OP_ACK,   OP_EOI,     OP_DONE,    OP_DONE,
	OP_REFRESH, OP_WFI,     OP_LINE,      OP_POWER, OP_QUIESCE, OP_QUIESCE, OP_RESTART,
	OP_HW_LOWER,
};

const unsigned nr_dispatch = ARRAY_SIZE(dispatch);

static const char *const op_names[] = {
	"mmio", "sgi1r", "hw-fire", "irq-other", "ack",  "eoi",     "refresh",
	"wfi",  "line",  "power",   "quiesce",   "done", "restart", "hw-lower",
};

/* ------------------------------------------------------------------ */
/* The last operations, for a crash report                              */

void fuzz_explain(void)
{
	if (fuzz_trace()) {
		return; /* already printed */
	}
	fprintf(stderr, "GICv%u, %u vCPUs, %u LRs; last operations (FUZZ_TRACE=1 prints all):\n",
		S.version, S.nr_vcpus, pgic.nr_lrs);
	fuzz_trace_dump();
}

/* The running vCPU closest to index c, or NULL if none runs. */
static struct vcpu *pick_running(unsigned c)
{
	for (unsigned i = 0; i < S.nr_vcpus; i++) {
		struct vcpu *v = &A->vcpu[(c + i) % S.nr_vcpus];

		if (running(v)) {
			return v;
		}
	}
	return NULL;
}

/* What follows runs on v's CPU. */
static struct vcpu *on(struct vcpu *v)
{
	fake_self = &cpus[v->pcpu];
	return v;
}

/* ------------------------------------------------------------------ */
/* Register accesses                                                    */

const struct reg_block_desc regs[NR_REG_BLOCKS] = {
	[R_CTLR] = { 0x0000, 0x0020, 4 },      [R_IGROUPR] = { 0x0080, 0x0080, 4 },
	[R_ISENABLER] = { 0x0100, 0x0080, 4 }, [R_ICENABLER] = { 0x0180, 0x0080, 4 },
	[R_ISPENDR] = { 0x0200, 0x0080, 4 },   [R_ICPENDR] = { 0x0280, 0x0080, 4 },
	[R_ACTIVER] = { 0x0300, 0x0100, 4 },   [R_IPRIORITYR] = { 0x0400, 0x0400, 1 },
	[R_ITARGETSR] = { 0x0800, 0x0400, 1 }, [R_ICFGR] = { 0x0c00, 0x0100, 4 },
	[R_IGRPMODR] = { 0x0d00, 0x0100, 4 },  [R_SGIR] = { 0x0f00, 0x0030, 4 },
	[R_IROUTER] = { 0x6000, 0x2000, 8 },   [R_ID] = { 0xffd0, 0x0030, 4 },
	[R_ID_V2] = { 0x0fd0, 0x0030, 4 },     [R_ANY] = { 0x0000, 0xffff, 1 },
};

static void op_mmio(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	uint8_t region = fin_u8(in), cls = fin_u8(in), flags = fin_u8(in);
	uint16_t idx = fin_u16(in);
	unsigned size = MMIO_SIZE(flags);
	bool write = flags & MMIO_WRITE;
	unsigned r = cls % NR_REG_BLOCKS;
	uint64_t o = regs[r].base + ((uint64_t)idx * regs[r].stride) % regs[r].span;
	uint64_t ipa, val;
	struct vcpu *t = NULL; /* whose redistributor */
	bool sgi_frame = false;

	if (!v) {
		return;
	}
	if (!(flags & MMIO_MISALIGN)) {
		o &= ~(uint64_t)(size - 1); /* naturally aligned, as guests access registers */
	}
	switch (region % 4) {
	case 0:
		ipa = CFG_GUEST_GICD_BASE + o;
		break;
	case 1:
	case 2: {
		unsigned n = (region >> 2) % (S.nr_vcpus + 1); /* one past the last frame */

		sgi_frame = region % 4 == 2;
		ipa = CFG_GUEST_GICR_BASE + n * CFG_GUEST_GICR_STRIDE + (sgi_frame ? GICR_SGI : 0) +
		      o;
		t = n < S.nr_vcpus ? &A->vcpu[n] : NULL;
		break;
	}
	default: {
		/* Around the edges of the windows. */
		static const uint64_t edges[] = { CFG_GUEST_GICD_BASE,
						  CFG_GUEST_GICD_BASE + CFG_GUEST_GICD_SIZE,
						  CFG_GUEST_GICR_BASE,
						  CFG_GUEST_GICC_BASE,
						  0,
						  ~0ull };
		uint64_t e = (region >> 2) % 7 == 6
				     ? CFG_GUEST_GICR_BASE + S.nr_vcpus * CFG_GUEST_GICR_STRIDE
				     : edges[(region >> 2) % 7 % ARRAY_SIZE(edges)];

		ipa = e + (uint64_t)(int64_t)(int16_t)idx;
		o = ~0ull; /* not checked against a register */
		break;
	}
	}
	if (write) {
		val = flags & MMIO_ONE_BIT ? 1ull << (fin_u8(in) % (8 * size)) : fin_u64(in);
		if (size < 8) {
			val &= (1ull << (8 * size)) - 1; /* the arch passes only the bytes stored */
		}
	} else {
		val = 0xa5a5a5a5a5a5a5a5ull; /* must not leak into what is read */
	}

	bool in_gicd = ipa - CFG_GUEST_GICD_BASE < CFG_GUEST_GICD_SIZE;
	bool in_gicr = S.version == 3 &&
		       ipa - CFG_GUEST_GICR_BASE < (uint64_t)S.nr_vcpus * CFG_GUEST_GICR_STRIDE;
	uint64_t arg = val;

	trace("%s vCPU %u %s %s+0x%llx size %u = 0x%llx", op_names[OP_MMIO], v->idx,
	      write ? "write" : "read",
	      in_gicd   ? "GICD"
	      : in_gicr ? "GICR"
			: "ipa",
	      (unsigned long long)(in_gicd   ? ipa - CFG_GUEST_GICD_BASE
				   : in_gicr ? ipa - CFG_GUEST_GICR_BASE
					     : ipa),
	      size, (unsigned long long)val);
	memcpy(&before, A, sizeof(before));
	bool handled = vgic_mmio(on(v), ipa, size, write, &arg);

	if (!write && fuzz_trace()) {
		fprintf(stderr, "    -> 0x%llx\n", (unsigned long long)arg);
	}
	CHECKF(handled == (in_gicd || in_gicr), "vgic_mmio at IPA 0x%llx returned %d",
	       (unsigned long long)ipa, handled);
	if (!handled) {
		CHECK(!memcmp(A, &before, sizeof(before)));
		return;
	}
	check_access(v, (enum region)(region % 4), t, o, size, write, write ? val : arg);
}

/* ------------------------------------------------------------------ */
/* Guest, devices and other CPUs                                        */

static void op_sgi1r(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	uint8_t how = fin_u8(in);
	uint64_t val;

	if (how & 1) {
		val = fin_u64(in);
	} else {
		/* SGI, target list, IRM; now and then an Aff1 that names no vCPU. */
		val = (uint64_t)(how >> 4) << 24 | fin_u16(in);
		val |= how & 2 ? ICC_SGI1R_IRM : 0;
		val |= how & 4 ? (uint64_t)fin_u8(in) << 16 : 0;
	}
	if (!v) {
		return;
	}
	trace("%s vCPU %u 0x%llx", op_names[OP_SGI1R], v->idx, (unsigned long long)val);
	vgic_sgi1r(on(v), val);
}

/*
 * A source raises the line of a physical interrupt the VM owns (level: it
 * stays high until hw-lower), which fires where the physical GIC sends it
 * if it is enabled and not active.
 */
static void op_hw_fire(struct fuzz_in *in)
{
	uint8_t k = fin_u8(in), c = fin_u8(in);
	unsigned pick = k % (S.nr_hw + ARRAY_SIZE(hw_ppis));
	struct vcpu *v;
	uint32_t intid;

	if (pick < S.nr_hw) {
		intid = S.hw_list[pick];
		pgic.spi_line[intid] = true;
		if (!pgic.spi_on[intid] || pgic.spi_active[intid] || pgic.spi_cpu[intid] < 0) {
			return;
		}
		v = cpus[pgic.spi_cpu[intid]].vcpu;
		if (k & 0x80) {
			/* Rerouted after the CPU interface took it: it arrives at another CPU. */
			v = pick_running(c);
		}
		if (!v || v->vm != A || !running(v)) {
			return; /* stays pending until that vCPU runs */
		}
		pgic.spi_active[intid] = true;
	} else {
		intid = hw_ppis[pick - S.nr_hw];
		v = pick_running(c);
		if (!v) {
			return;
		}
		pgic.ppi_line[v->pcpu][intid] = true;
		if (!pgic.ppi_on[v->pcpu][intid] || pgic.ppi_active[v->pcpu][intid]) {
			return;
		}
		pgic.ppi_active[v->pcpu][intid] = true;
	}
	trace("%s INTID %u on vCPU %u", op_names[OP_HW_FIRE], intid, v->idx);
	CHECKF(vgic_hw_irq(on(v), intid), "vgic_hw_irq(%u) refused the VM's own interrupt", intid);
}

/* A source lowers its line (a device quietens, the guest masks its timer). */
static void op_hw_lower(struct fuzz_in *in)
{
	uint8_t k = fin_u8(in), c = fin_u8(in);
	unsigned pick = k % (S.nr_hw + ARRAY_SIZE(hw_ppis));
	struct vcpu *v = &A->vcpu[c % S.nr_vcpus];

	if (pick < S.nr_hw) {
		trace("%s SPI %u", op_names[OP_HW_LOWER], S.hw_list[pick]);
		pgic.spi_line[S.hw_list[pick]] = false;
	} else {
		trace("%s PPI %u of vCPU %u", op_names[OP_HW_LOWER], hw_ppis[pick - S.nr_hw],
		      v->idx);
		pgic.ppi_line[v->pcpu][hw_ppis[pick - S.nr_hw]] = false;
	}
}

/* An interrupt that is not the VM's (or a kick): the vGIC must not take it. */
static void op_irq_other(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	uint32_t intid = fin_u16(in) % 1024;

	if (!v || (intid < VGIC_NR_IRQS && intid >= 32 && S.hw[intid]) ||
	    (S.started[v->idx] && (intid == GIC_PPI_VTIMER || intid == GIC_PPI_PTIMER))) {
		return;
	}
	trace("%s INTID %u on vCPU %u", op_names[OP_IRQ_OTHER], intid, v->idx);
	memcpy(&before, A, sizeof(before));
	CHECKF(!vgic_hw_irq(on(v), intid), "vgic_hw_irq took INTID %u", intid);
	CHECK(!memcmp(A, &before, sizeof(before)));
}

/* The guest acknowledges an interrupt: its list register goes pending -> active. */
static void op_ack(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	uint8_t how = fin_u8(in);
	int best = -1;

	if (!v) {
		return;
	}
	struct gic_lr *lr = pgic.lr[v->pcpu];

	for (unsigned i = 0; i < pgic.nr_lrs; i++) {
		if (lr[i].state != GIC_LR_PENDING) {
			continue;
		}
		/* Highest priority first, as the CPU interface would; or the fuzzer's pick. */
		if (how & 0x80 ? i == (how & 0xf)
			       : best < 0 || lr[i].priority < lr[best].priority) {
			best = (int)i;
		}
	}
	if (best < 0) {
		return;
	}
	trace("%s vCPU %u LR %d (INTID %u)", op_names[OP_ACK], v->idx, best, lr[best].vintid);
	lr[best].state = GIC_LR_ACTIVE;
}

/* The guest deactivates: a HW register deactivates the physical interrupt too. */
static void eoi(struct vcpu *v, unsigned i)
{
	struct gic_lr *lr = &pgic.lr[v->pcpu][i];

	trace("%s vCPU %u LR %u (INTID %u%s)", op_names[OP_EOI], v->idx, i, lr->vintid,
	      lr->hw ? ", HW" : "");
	lr->state &= (uint8_t)~GIC_LR_ACTIVE;
	if (lr->hw) {
		if (lr->pintid < 32) {
			CHECKF(pgic.ppi_active[v->pcpu][lr->pintid],
			       "guest deactivates PPI %u through LR %u: not physically active",
			       lr->pintid, i);
			pgic.ppi_active[v->pcpu][lr->pintid] = false;
		} else {
			CHECKF(pgic.spi_active[lr->pintid],
			       "guest deactivates SPI %u through LR %u: not physically active",
			       lr->pintid, i);
			pgic.spi_active[lr->pintid] = false;
		}
	} else if (lr->eoi_maint && !lr->state) {
		pgic.maint[v->pcpu] = true;
	}
}

static void op_eoi(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	uint8_t which = fin_u8(in);

	if (!v) {
		return;
	}
	for (unsigned n = 0; n < pgic.nr_lrs; n++) {
		unsigned i = (which + n) % pgic.nr_lrs;

		if (pgic.lr[v->pcpu][i].state & GIC_LR_ACTIVE) {
			eoi(v, i);
			return;
		}
	}
}

/* The usual guest: take the best pending interrupt and finish it. */
static void op_done(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	int best = -1;

	if (!v) {
		return;
	}
	struct gic_lr *lr = pgic.lr[v->pcpu];

	for (unsigned i = 0; i < pgic.nr_lrs; i++) {
		if (lr[i].state == GIC_LR_PENDING &&
		    (best < 0 || lr[i].priority < lr[best].priority)) {
			best = (int)i;
		}
	}
	if (best >= 0) {
		lr[best].state = GIC_LR_ACTIVE;
		eoi(v, (unsigned)best);
	}
}

/* What the hardware would interrupt CPU p for: a kick or a maintenance interrupt. */
bool trigger(unsigned p)
{
	unsigned valid = 0;

	for (unsigned i = 0; i < pgic.nr_lrs; i++) {
		valid += pgic.lr[p][i].state != 0;
	}
	return pgic.kick[p] || pgic.maint[p] || (pgic.underflow[p] && valid <= 1);
}

/* irq_handle() for a kick or a maintenance interrupt. */
static void take_trigger(struct vcpu *v)
{
	pgic.kick[v->pcpu] = false;
	pgic.maint[v->pcpu] = false;
	CHECK(!vgic_hw_irq(on(v), GIC_SGI_KICK));
	vgic_refresh(v);
	/* After a refresh the vGIC has seen every list register. */
	for (unsigned i = 0; i < pgic.nr_lrs; i++) {
		uint16_t id = v->gic.lr_intid[i];

		if (id != VGIC_NO_IRQ) {
			CHECKF(virq(v, id)->lr_state == pgic.lr[v->pcpu][i].state,
			       "vCPU %u INTID %u lr_state %u, LR %u says %u", v->idx, id,
			       virq(v, id)->lr_state, i, pgic.lr[v->pcpu][i].state);
		}
	}
}

static void op_refresh(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));

	if (v) {
		trace("%s vCPU %u%s", op_names[OP_REFRESH], v->idx,
		      trigger(v->pcpu) ? "" : " (spurious)");
		take_trigger(v);
	}
}

/* Anything v could take now: a pending list register, or an enabled pending interrupt. */
static bool deliverable_to(struct vcpu *v)
{
	for (unsigned i = 0; i < pgic.nr_lrs; i++) {
		if (pgic.lr[v->pcpu][i].state & GIC_LR_PENDING) {
			return true;
		}
	}
	for (unsigned intid = 0; intid < VGIC_NR_IRQS; intid++) {
		struct virq *q = virq(v, intid);

		if (owned(intid) && dest(v, intid) == v && wants(v, intid) &&
		    !(q->in_lr && q->lr_vcpu != v->idx)) {
			return true;
		}
	}
	return false;
}

/* WFI: vgic_pending() says whether to sleep. Saying no wrongly only costs a spin. */
static void op_wfi(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));

	if (!v) {
		return;
	}
	trace("%s vCPU %u", op_names[OP_WFI], v->idx);
	if (!vgic_pending(on(v))) {
		CHECKF(!deliverable_to(v), "vCPU %u sleeps in WFI with an interrupt to take",
		       v->idx);
	}
}

/* The console or a doorbell changes level; the caller may be any CPU. */
static void op_line(struct fuzz_in *in)
{
	uint8_t k = fin_u8(in), ctx = fin_u8(in);
	uint32_t intid = S.lines[k % S.nr_lines];
	bool level = k & 0x80;
	struct vcpu *v = pick_running(ctx >> 2);
	unsigned p = ctx % 3 == 0 && v ? v->pcpu : ctx % 3 == 1 ? S.b_cpu : S.free_cpu;

	trace("%s INTID %u level %d from CPU %u", op_names[OP_LINE], intid, level, p);
	fake_self = &cpus[p];
	vgic_set_line(A, intid, level);
}

/*
 * CPU_OFF goes through core/psci.c itself (smccc_call), so whatever it does
 * to the vGIC is what runs here. What else psci.c reaches is faked: the
 * vCPU parks (back to op_power with longjmp); CPU_OFF needs nothing more.
 */
#define PSCI_CPU_OFF 0x84000002u

static jmp_buf park_env;

noreturn void vcpu_park(struct vcpu *v)
{
	(void)v;
	longjmp(park_env, 1);
}

bool vm_owns(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	CHECK(!"vm_owns: only CPU_OFF is called");
	return false;
}

bool arch_vcpu_entry_ok(uint64_t entry)
{
	CHECK(!"arch_vcpu_entry_ok: only CPU_OFF is called");
	return false;
}

void vm_stop(struct vm *vm, const char *why)
{
	CHECK(!"vm_stop: only CPU_OFF is called");
}

void vm_restart(struct vcpu *v, const char *why)
{
	CHECK(!"vm_restart: only CPU_OFF is called");
}

/*
 * PSCI as core/psci.c and vcpu_park() drive the vGIC: CPU_OFF only stops the
 * vCPU (its state stays); CPU_ON makes it ON_PENDING; its CPU then resets
 * the vGIC state (vgic_vcpu_reset) and enters it.
 */
static void op_power(struct fuzz_in *in)
{
	struct vcpu *v = &A->vcpu[fin_u8(in) % S.nr_vcpus];

	if (S.restarting) {
		return; /* held: CPU_ON cannot reach them */
	}
	switch (v->state) {
	case VCPU_ON:
		trace("%s vCPU %u CPU_OFF", op_names[OP_POWER], v->idx);
		v->regs->x[0] = PSCI_CPU_OFF;
		if (!setjmp(park_env)) {
			smccc_call(on(v));
			CHECK(!"CPU_OFF returned");
		}
		CHECK(v->state == VCPU_OFF);
		break;
	case VCPU_OFF:
		trace("%s vCPU %u CPU_ON", op_names[OP_POWER], v->idx);
		v->state = VCPU_ON_PENDING;
		break;
	default:
		trace("%s vCPU %u enters", op_names[OP_POWER], v->idx);
		vgic_vcpu_reset(on(v));
		S.started[v->idx] = true;
		v->state = VCPU_ON;
		break;
	}
}

/*
 * SYSTEM_RESET as core/vm.c's vm_restart() drives the vGIC, in two halves
 * with only the console and doorbells (other CPUs) able to act between them:
 * every vCPU's CPU lets go of it (vgic_vcpu_reset), the restarter's last;
 * then vgic_vm_reset() and vCPU 0 boots (ON_PENDING; op_power enters it).
 */
static void op_restart(struct fuzz_in *in)
{
	struct vcpu *self = pick_running(fin_u8(in));

	if (S.restarting) {
		trace("%s: vgic_vm_reset, vCPU 0 boots", op_names[OP_RESTART]);
		fake_self = &cpus[A->vcpu[0].pcpu];
		vgic_vm_reset(A);
		for (unsigned c = 0; c < S.nr_vcpus; c++) {
			A->vcpu[c].state = c ? VCPU_OFF : VCPU_ON_PENDING;
		}
		S.restarting = false;
		return;
	}
	if (!self) {
		return;
	}
	trace("%s by vCPU %u: every vCPU lets go", op_names[OP_RESTART], self->idx);
	for (unsigned n = 1; n <= S.nr_vcpus; n++) {
		struct vcpu *v = &A->vcpu[(self->idx + n) % S.nr_vcpus]; /* self last */

		v->state = VCPU_RESETTING; /* as vm_restart's hold() leaves it */
		vgic_vcpu_reset(on(v));
		S.started[v->idx] = true;
		v->state = VCPU_HELD;
	}
	S.restarting = true;
}

/*
 * Let the hardware deliver every kick and maintenance interrupt to running
 * vCPUs until none is left, then: nothing a running vCPU should take waits
 * with list registers free, and no interrupt bound for a running vCPU is
 * stuck where nobody will look at it.
 */
static void op_quiesce(struct fuzz_in *in)
{
	(void)in;
	trace("%s", op_names[OP_QUIESCE]);
	for (unsigned round = 0; round < 4 * CFG_MAX_VCPUS; round++) {
		bool any = false;

		for (unsigned c = 0; c < S.nr_vcpus; c++) {
			struct vcpu *v = &A->vcpu[c];

			if (running(v) && trigger(v->pcpu)) {
				take_trigger(v);
				any = true;
			}
		}
		if (!any) {
			break;
		}
	}
	check_quiesced();
}

/* ------------------------------------------------------------------ */
/* The VMs                                                              */

static uint64_t mpidr_of(unsigned p)
{
	return (uint64_t)(p >> 2) << 8 | (p & 3); /* clusters of four */
}

static void setup_vm(struct vm *vm, struct cfg_vm *cfg, unsigned nr, unsigned first_cpu)
{
	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->label = cfg->label;
	vm->nr_vcpus = nr;
	cfg->nr_vcpus = nr;
	for (unsigned i = 0; i < nr; i++) {
		struct vcpu *v = &vm->vcpu[i];
		unsigned p = (first_cpu + i) % CFG_MAX_CPUS;

		cfg->cpus[i] = p;
		v->vm = vm;
		v->idx = i;
		v->pcpu = p;
		v->regs = &frames[p];
		v->state = VCPU_OFF;
		cpus[p].vcpu = v;
	}
}

static bool setup(struct fuzz_in *in)
{
	uint8_t b0 = fin_u8(in), b1 = fin_u8(in), b2 = fin_u8(in);
	unsigned first = (b1 >> 5) * 2;

	memset(&S, 0, sizeof(S));
	memset(cfgs, 0, sizeof(cfgs));
	memset(frames, 0, sizeof(frames));
	memset(cpus, 0, sizeof(cpus));
	fuzz_trace_reset();
	S.version = b0 & 1 ? 2 : 3;
	S.nr_vcpus = 1 + ((b0 >> 1) & 7);
	/*
	 * 2-16 list registers. With one, underflow maintenance (asserted while
	 * at most one register is valid) fires for as long as the guest is
	 * busy with an interrupt and another waits: a livelock, but no GIC
	 * implements fewer than four.
	 */
	pgic_reset(S.version, 2 + (b1 & 15) % 15, b1 & 16 ? 8 : 5);
	for (unsigned p = 0; p < CFG_MAX_CPUS; p++) {
		cpus[p].idx = p;
		cpus[p].mpidr = mpidr_of(p);
	}

	/* The plan's hardware SPIs (never the console's), and doorbells. */
	S.owned[VGIC_UART_INTID] = S.line[VGIC_UART_INTID] = true;
	S.lines[S.nr_lines++] = VGIC_UART_INTID;
	unsigned nr_hw = fin_u8(in) % (MAX_HW_SPIS + 1);

	for (unsigned i = 0; i < nr_hw; i++) {
		uint32_t intid = 32 + fin_u8(in) % VGIC_NR_SPIS;

		if (!S.owned[intid]) {
			S.owned[intid] = S.hw[intid] = true;
			S.hw_list[S.nr_hw++] = intid;
			cfgs[0].irqs[cfgs[0].nr_irqs++] = intid;
		}
	}
	/* Out of range: vgic_init must leave these alone. */
	if (b0 & 0x10) {
		cfgs[0].irqs[cfgs[0].nr_irqs++] = b0 & 0x20 ? 1019 : 20;
	}
	unsigned nr_db = fin_u8(in) % MAX_LINES;

	for (unsigned i = 0; i < nr_db; i++) {
		uint32_t intid = 32 + fin_u8(in) % VGIC_NR_SPIS;

		if (!S.owned[intid]) {
			S.owned[intid] = S.line[intid] = true;
			S.lines[S.nr_lines++] = intid;
		}
	}

	/* The bystander, first, on the CPUs after A's, with two SPIs of its own. */
	strcpy(cfgs[1].label, "bystander");
	setup_vm(&vms[1], &cfgs[1], 2, first + S.nr_vcpus);
	S.b_cpu = vms[1].vcpu[0].pcpu;
	S.free_cpu = (first + S.nr_vcpus + 2) % CFG_MAX_CPUS;
	for (uint32_t intid = VGIC_NR_IRQS - 1; intid >= 32 && cfgs[1].nr_irqs < 2; intid--) {
		if (!S.owned[intid]) {
			cfgs[1].irqs[cfgs[1].nr_irqs++] = intid;
		}
	}
	pgic.checking = false;
	fake_self = &cpus[S.b_cpu];
	vgic_init(&vms[1]);
	for (unsigned i = 0; i < 2; i++) {
		vgic_vcpu_reset(on(&vms[1].vcpu[i]));
		vms[1].vcpu[i].state = VCPU_ON;
	}
	memcpy(&snap_b, &vms[1], sizeof(snap_b));

	/* A: only its own interrupts and CPUs from here on. */
	strcpy(cfgs[0].label, "fuzzed");
	setup_vm(A, &cfgs[0], S.nr_vcpus, first);
	for (unsigned i = 0; i < S.nr_vcpus; i++) {
		pgic.may_cpu[A->vcpu[i].pcpu] = true;
	}
	for (unsigned i = 0; i < S.nr_hw; i++) {
		pgic.may_spi[S.hw_list[i]] = true;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(hw_ppis); i++) {
		pgic.may_ppi[hw_ppis[i]] = true;
	}
	pgic.checking = true;
	fake_self = &cpus[A->vcpu[0].pcpu];
	vgic_init(A);
	for (unsigned i = 1; i < S.nr_lines; i++) {
		vgic_own_irq(A, S.lines[i]);
	}
	/* vCPU 0 runs; the others if the input says they were started already. */
	for (unsigned i = 0; i < S.nr_vcpus; i++) {
		if (i == 0 || (b2 >> i) & 1) {
			vgic_vcpu_reset(on(&A->vcpu[i]));
			S.started[i] = true;
			A->vcpu[i].state = VCPU_ON;
		}
	}
	check_all();
	return true;
}

static void (*const run[NR_OPS])(struct fuzz_in *) = {
	[OP_MMIO] = op_mmio,           [OP_SGI1R] = op_sgi1r,     [OP_HW_FIRE] = op_hw_fire,
	[OP_IRQ_OTHER] = op_irq_other, [OP_ACK] = op_ack,         [OP_EOI] = op_eoi,
	[OP_REFRESH] = op_refresh,     [OP_WFI] = op_wfi,         [OP_LINE] = op_line,
	[OP_POWER] = op_power,         [OP_QUIESCE] = op_quiesce, [OP_DONE] = op_done,
	[OP_RESTART] = op_restart,     [OP_HW_LOWER] = op_hw_lower,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	if (!setup(&in)) {
		return 0;
	}
	for (unsigned n = 0; n < MAX_OPS && fin_left(&in); n++) {
		run[dispatch[fin_u8(&in) % nr_dispatch]](&in);
		check_all();
	}
	op_quiesce(&in);
	check_all();
	return 0;
}
