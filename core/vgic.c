/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual GICv3 (ARM IHI 0069): the distributor (one per VM) and the
 * redistributors (one per vCPU) are emulated on trap; interrupts reach the
 * guest through the list registers of its own CPU's virtual interface.
 *
 * State lives here; a list register only carries an interrupt while the
 * guest handles it. An interrupt a vCPU should take is a "candidate" (bit
 * in vgic_cpu.cand); lr_fill() moves candidates into free list registers,
 * highest priority first, and asks for an underflow maintenance interrupt
 * when there are more candidates than registers. Only the vCPU's own CPU
 * touches its list registers: other CPUs set state and send a kick SGI.
 *
 * A VM may only touch its own interrupts: SGIs and PPIs of its vCPUs, the
 * SPIs the plan gives it and its console's SPI. Anything else reads as zero,
 * is ignored and counted. Lock order: vuart lock, then vgic lock.
 */
#include <string.h>
#include <tessera/config.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>
#include <tessera/vgic.h>
#include <tessera/vm.h>

#define GICD_CTLR 0x0000
#define GICD_CTLR_G1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00
#define GICD_CPENDSGIR 0x0f10
#define GICD_SPENDSGIR 0x0f20
#define GICD_SGIR_ALL_BUT_SELF 1
#define GICD_SGIR_SELF 2
#define GICD_IROUTER 0x6100
#define GICD_IROUTER_ANY (1ull << 31)
#define GIC_PIDR2 0xffe8       /* GICv3 (64 KiB frames) */
#define GICD_PIDR2_V2OFF 0x0fe8 /* GICv2 (4 KiB distributor) */
#define GIC_PIDR2_V3 0x3b
#define GIC_PIDR2_V2 0x2b
#define GICD_CTLR_V2_ENABLE 0x3 /* group 0 and group 1 */
#define TESSERA_IIDR 0x0054543b /* implementer 0x43b (ARM JEP106), product 'T' */

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000
#define GICR_IGRPMODR0 0x0d00

enum bit_op { SET_ENABLE, CLEAR_ENABLE, SET_PENDING, CLEAR_PENDING, READ_ENABLE, READ_PENDING,
	      READ_ACTIVE };

static struct virq *virq_of(struct vcpu *t, uint32_t intid)
{
	if (intid < 32) {
		return &t->gic.priv[intid];
	}
	return intid < VGIC_NR_IRQS ? &t->vm->gic.spi[intid - 32] : NULL;
}

/* The vCPU whose list registers an interrupt goes to. */
static struct vcpu *dest_of(struct vcpu *t, uint32_t intid, const struct virq *q)
{
	return intid < 32 ? t : &t->vm->vcpu[q->target];
}

static uint64_t pcpu_mpidr(const struct vcpu *t)
{
	return cpus[t->pcpu].mpidr;
}

/* Said the first time and then at each power of ten: a storm must not flood the console. */
static void refused(struct vcpu *v, const char *what, uint64_t off, uint64_t val)
{
	vm_report(v->vm, VM_REPORT_GIC, "vm '%s': %s 0x%llx (value 0x%llx) touches interrupts it "
		  "does not own: ignored", v->vm->label, what, (unsigned long long)off,
		  (unsigned long long)val);
}

static void set_cand(struct vcpu *d, uint32_t intid, struct virq *q)
{
	uint32_t dist_on = d->vm->gic.v2 ? GICD_CTLR_V2_ENABLE : GICD_CTLR_G1;
	bool on = q->enabled && q->pending &&
		  (intid < 32 || ((d->vm->gic.ctlr & dist_on) && q->targets));

	if (on) {
		d->gic.cand[intid / 32] |= 1u << (intid % 32);
	} else {
		d->gic.cand[intid / 32] &= ~(1u << (intid % 32));
	}
}

static void notify(struct vcpu *d);

/* List register i no longer carries an interrupt: settle what it carried. */
static void lr_retire(struct vcpu *v, unsigned i)
{
	uint32_t intid = v->gic.lr_intid[i];
	struct virq *q = virq_of(v, intid);

	v->gic.lr_intid[i] = VGIC_NO_IRQ;
	q->in_lr = false;
	q->lr_state = 0;
	if (q->line) {
		q->pending = true; /* a level source still asserted fires again */
	}
	/* An SPI rerouted while it was here now goes to its new vCPU. */
	struct vcpu *d = dest_of(v, intid, q);

	set_cand(d, intid, q);
	if (d != v && (d->gic.cand[intid / 32] & (1u << (intid % 32)))) {
		notify(d);
	}
}

/* Collect what the guest did with the interrupts in its list registers. */
static void lr_sync(struct vcpu *v)
{
	for (unsigned i = 0; i < gic_lr_count(); i++) {
		struct gic_lr lr;

		if (v->gic.lr_intid[i] == VGIC_NO_IRQ) {
			continue;
		}
		gic_lr_read(i, &lr);
		virq_of(v, v->gic.lr_intid[i])->lr_state = lr.state;
		if (!lr.state) {
			/* Clearing it also retires an EOI maintenance request. */
			gic_lr_write(i, &(struct gic_lr){ 0 });
			lr_retire(v, i);
		}
	}
}

static void set_underflow(struct vcpu *v, bool on)
{
	if (v->gic.underflow != on) {
		v->gic.underflow = on;
		gic_underflow_irq(on);
	}
}

/*
 * All list registers are taken and a candidate of priority prio waits: give
 * it the register of the lowest-priority interrupt that is only pending (the
 * guest has not started handling it), which goes back to being a candidate.
 * Returns the register, or VGIC_MAX_LRS if none is worse than prio.
 */
static unsigned lr_evict(struct vcpu *v, unsigned prio)
{
	unsigned victim = VGIC_MAX_LRS, worst = prio;
	struct gic_lr lr;

	for (unsigned i = 0; i < gic_lr_count(); i++) {
		gic_lr_read(i, &lr);
		if (lr.state == GIC_LR_PENDING && lr.priority > worst) {
			worst = lr.priority;
			victim = i;
		}
	}
	if (victim == VGIC_MAX_LRS) {
		return victim;
	}
	uint32_t intid = v->gic.lr_intid[victim];
	struct virq *q = virq_of(v, intid);

	gic_lr_write(victim, &(struct gic_lr){ 0 });
	v->gic.lr_intid[victim] = VGIC_NO_IRQ;
	q->in_lr = false;
	q->lr_state = 0;
	q->pending = true;
	set_cand(v, intid, q);
	return victim;
}

/* Move candidates into list registers, highest priority (lowest value) first. */
static void lr_fill(struct vcpu *v)
{
	uint32_t empty = gic_lr_empty();

	for (;;) {
		uint32_t best = VGIC_NO_IRQ;
		unsigned best_prio = 256;
		unsigned words = 0, first = 0;

		for (unsigned w = VGIC_CAND_WORDS; w-- > 0;) {
			if (v->gic.cand[w]) {
				words++;
				first = w;
			}
		}
		if (!words) {
			break;
		}
		/* One candidate (the usual case: an interrupt just arrived) needs no search. */
		uint32_t one = v->gic.cand[first];
		bool search = words > 1 || (one & (one - 1));

		if (!search) {
			best = first * 32 + (uint32_t)__builtin_ctz(one);
			best_prio = virq_of(v, best)->priority;
		}
		for (unsigned w = first; w < VGIC_CAND_WORDS && search; w++) {
			for (uint32_t bits = v->gic.cand[w]; bits; bits &= bits - 1) {
				uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);
				unsigned prio = virq_of(v, intid)->priority;

				if (prio < best_prio) {
					best_prio = prio;
					best = intid;
				}
			}
		}
		if (best == VGIC_NO_IRQ) {
			break;
		}
		struct virq *q = virq_of(v, best);
		struct gic_lr lr;
		unsigned i = VGIC_MAX_LRS;

		if (q->in_lr && q->lr_vcpu != v->idx) {
			/* Still in another vCPU's register (rerouted in flight): it comes here when
			 * that vCPU is done with it (lr_retire). */
			v->gic.cand[best / 32] &= ~(1u << (best % 32));
			continue;
		}
		if (q->in_lr) {
			i = q->lr;
		}
		if (i != VGIC_MAX_LRS && !(empty & (1u << i))) {
			/* Still in a register (active): add the new pending state there. */
			gic_lr_read(i, &lr);
			lr.state |= GIC_LR_PENDING;
			/* A line that rose meanwhile: hear about the guest's EOI, as at fill. */
			lr.eoi_maint = lr.eoi_maint || q->line;
		} else {
			if (i == VGIC_MAX_LRS) {
				i = empty ? (unsigned)__builtin_ctz(empty) : lr_evict(v, best_prio);
				if (i == VGIC_MAX_LRS) {
					set_underflow(v, true);
					return;
				}
			}
			/* The register may still name what the guest finished with: settle that first. */
			if (v->gic.lr_intid[i] != VGIC_NO_IRQ && v->gic.lr_intid[i] != best) {
				lr_retire(v, i);
			}
			empty &= ~(1u << i);
			lr = (struct gic_lr){ .vintid = best, .pintid = q->hw ? best : 0,
					      .priority = q->priority, .state = GIC_LR_PENDING,
					      .hw = q->hw, .eoi_maint = q->line, .source = q->source };
			v->gic.lr_intid[i] = (uint16_t)best;
			q->in_lr = true;
			q->lr = (uint8_t)i;
			q->lr_vcpu = (uint8_t)v->idx;
		}
		gic_lr_write(i, &lr);
		q->lr_state = lr.state;
		q->pending = false;
		v->gic.cand[best / 32] &= ~(1u << (best % 32));
	}
	set_underflow(v, false);
}

/* Make d notice its candidates: directly when it is ours, else with a kick. */
static void notify(struct vcpu *d)
{
	if (d == this_vcpu()) {
		lr_fill(d);
	} else if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == VCPU_ON) {
		gic_send_sgi(GIC_SGI_KICK, pcpu_mpidr(d));
	}
}

static void set_enabled(struct vcpu *t, uint32_t intid, struct virq *q, bool on)
{
	if (q->enabled == on) {
		return;
	}
	q->enabled = on;
	if (q->hw) {
		gic_irq_enable(intid, pcpu_mpidr(dest_of(t, intid, q)), on);
	}
}

/* An SPI of the VM's, as at reset: routed to vCPU 0. */
static void own(struct virq *q)
{
	q->owned = true;
	q->targets = 1;
}

void vgic_init(struct vm *vm)
{
	memset(&vm->gic, 0, sizeof(vm->gic));
	vm->gic.v2 = gic_version() == 2;
	/* No more priority bits than the virtual CPU interface compares (GICv2 4.3.11). */
	vm->gic.prio_mask = (uint8_t)(0xff00u >> gic_vprio_bits());
	for (unsigned c = 0; c < vm->nr_vcpus; c++) {
		for (unsigned i = 0; i < VGIC_MAX_LRS; i++) {
			vm->vcpu[c].gic.lr_intid[i] = VGIC_NO_IRQ;
		}
	}
	own(&vm->gic.spi[cfg_console_intid(vm->cfg) - 32]);
	for (unsigned i = 0; i < vm->cfg->nr_irqs; i++) {
		uint32_t intid = vm->cfg->irqs[i];

		if (intid >= 32 && intid < VGIC_NR_IRQS) {
			own(&vm->gic.spi[intid - 32]);
			vm->gic.spi[intid - 32].hw = true;
			gic_irq_enable(intid, 0, false);
			gic_spi_route(intid, cpus[vm->vcpu[0].pcpu].mpidr);
		}
	}
}

void vgic_vm_reset(struct vm *vm)
{
	struct vgic *g = &vm->gic;

	spin_lock(&g->lock);
	for (uint32_t i = 0; i < VGIC_NR_SPIS; i++) {
		struct virq *q = &g->spi[i];
		bool owned = q->owned, hw = q->hw;

		if (hw) {
			/* Taken from the device but never handed to the guest: the only copy. */
			if (q->pending) {
				gic_deactivate(32 + i);
			}
			gic_irq_enable(32 + i, 0, false);
			gic_spi_route(32 + i, cpus[vm->vcpu[0].pcpu].mpidr);
		}
		*q = (struct virq){ .owned = owned, .hw = hw, .targets = owned };
	}
	/* No SPI is pending now: nor is any a candidate (one raised during the restart would be). */
	for (unsigned c = 0; c < vm->nr_vcpus; c++) {
		for (unsigned w = 1; w < VGIC_NR_IRQS / 32; w++) {
			vm->vcpu[c].gic.cand[w] = 0;
		}
	}
	g->ctlr = 0;
	spin_unlock(&g->lock);
}

void vgic_own_irq(struct vm *vm, uint32_t intid)
{
	if (intid >= 32 && intid < VGIC_NR_IRQS) {
		own(&vm->gic.spi[intid - 32]);
	}
}

void vgic_vcpu_reset(struct vcpu *v)
{
	/*
	 * Let go of what its list registers hold: SPIs become free to go to
	 * another vCPU, and a hardware interrupt the guest never finished is
	 * deactivated, or its source (a timer, a device) would stay silent.
	 */
	spin_lock(&v->vm->gic.lock);
	for (unsigned i = 0; i < gic_lr_count(); i++) {
		uint32_t intid = v->gic.lr_intid[i];
		struct gic_lr lr;

		if (intid == VGIC_NO_IRQ) {
			continue;
		}
		gic_lr_read(i, &lr);
		/* An SPI not taken yet stays pending for its target (a HW one physically active). */
		bool keep = intid >= 32 && lr.state == GIC_LR_PENDING;

		if (lr.hw && lr.state && !keep) {
			gic_deactivate(intid);
		}
		/* Empty it here: the GICv2 driver then leaves a kept HW interrupt active. */
		gic_lr_write(i, &(struct gic_lr){ 0 });
		if (intid >= 32) {
			struct virq *q = virq_of(v, intid);

			/* As lr_retire: a level source still asserted fires again. */
			q->pending |= keep || q->line;
			q->in_lr = false;
			q->lr_state = 0;
		}
	}
	/* A timer interrupt taken but not yet in a register is as good as lost: give it back too. */
	for (uint32_t intid = 16; intid < 32; intid++) {
		if (v->gic.priv[intid].hw && v->gic.priv[intid].pending) {
			gic_deactivate(intid);
		}
	}
	spin_unlock(&v->vm->gic.lock);
	memset(&v->gic, 0, sizeof(v->gic));
	for (unsigned i = 0; i < VGIC_MAX_LRS; i++) {
		v->gic.lr_intid[i] = VGIC_NO_IRQ;
	}
	for (unsigned i = 0; i < 16; i++) {
		v->gic.priv[i].edge = true;
	}
	/* The EL1 timers' interrupts are this CPU's own: hand them over with the HW bit. */
	v->gic.priv[GIC_PPI_VTIMER].hw = true;
	v->gic.priv[GIC_PPI_PTIMER].hw = true;
	v->gic.asleep = true;
	gic_irq_enable(GIC_PPI_VTIMER, pcpu_mpidr(v), false);
	gic_irq_enable(GIC_PPI_PTIMER, pcpu_mpidr(v), false);
	gic_vcpu_reset();

	/*
	 * SPIs outlive a CPU's reset: those bound here, or just let go of, are
	 * candidates again. A vCPU about to run (CPU_ON) takes its own now:
	 * nothing else would bring them in. Not one going off or stopping: its
	 * list registers must stay empty.
	 */
	struct vm *vm = v->vm;

	spin_lock(&vm->gic.lock);
	for (uint32_t intid = 32; intid < VGIC_NR_IRQS; intid++) {
		struct virq *q = &vm->gic.spi[intid - 32];
		struct vcpu *d = &vm->vcpu[q->target];

		set_cand(d, intid, q);
		if (d != v && (d->gic.cand[intid / 32] & (1u << (intid % 32)))) {
			notify(d);
		}
	}
	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING) {
		lr_fill(v);
	}
	spin_unlock(&vm->gic.lock);
}

bool vgic_hw_irq(struct vcpu *v, uint32_t intid)
{
	struct virq *q = virq_of(v, intid);

	if (!q || !q->hw) {
		return false;
	}
	struct vcpu *d = dest_of(v, intid, q);
	struct vgic_cpu *c = &v->gic;

	spin_lock(&v->vm->gic.lock);
	/*
	 * The common case, a timer tick: the guest is done with the previous one,
	 * whose register is free again, and nothing else waits. Re-arm that
	 * register directly (what lr_fill would end up doing, at a third of the cost).
	 */
	if (d == v && q->enabled && q->in_lr && q->lr_vcpu == v->idx &&
	    (gic_lr_empty() & (1u << q->lr)) &&
	    !vgic_any_cand(c)) {
		gic_lr_write(q->lr, &(struct gic_lr){ .vintid = intid, .pintid = intid,
						      .priority = q->priority,
						      .state = GIC_LR_PENDING, .hw = true });
		q->lr_state = GIC_LR_PENDING;
	} else {
		q->pending = true;
		set_cand(d, intid, q);
		notify(d);
	}
	spin_unlock(&v->vm->gic.lock);
	return true;
}

void vgic_refresh(struct vcpu *v)
{
	spin_lock(&v->vm->gic.lock);
	lr_sync(v);
	lr_fill(v);
	spin_unlock(&v->vm->gic.lock);
}

/*
 * Without the lock, and without settling the list registers (the next
 * refresh or the re-arm fast path does that): WFI asks this on its way to
 * sleep. Another CPU that makes an interrupt pending for v sets its
 * candidate bit first and then kicks v's CPU, whose sleep the kick ends.
 */
bool vgic_pending(struct vcpu *v)
{
	uint32_t busy = ~gic_lr_empty() & ((1u << gic_lr_count()) - 1);

	for (unsigned w = 0; w < VGIC_CAND_WORDS; w++) {
		if (__atomic_load_n(&v->gic.cand[w], __ATOMIC_RELAXED)) {
			return true;
		}
	}
	for (; busy; busy &= busy - 1) {
		struct gic_lr lr;

		gic_lr_read((unsigned)__builtin_ctz(busy), &lr);
		if (lr.state & GIC_LR_PENDING) {
			return true;
		}
	}
	return false;
}

void vgic_set_line(struct vm *vm, uint32_t intid, bool level)
{
	struct virq *q = &vm->gic.spi[intid - 32];
	struct vcpu *d = &vm->vcpu[q->target];

	spin_lock(&vm->gic.lock);
	if (q->line != level) {
		q->line = level;
		if (level) {
			q->pending = true;
		} else if (!q->in_lr) {
			q->pending = false;
		}
		set_cand(d, intid, q);
		notify(d);
	}
	spin_unlock(&vm->gic.lock);
}

/* SGI sgi from v to the vCPUs in mask (bit i = vCPU i). */
static void send_sgi(struct vcpu *v, uint32_t sgi, uint32_t mask)
{
	struct vm *vm = v->vm;

	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *t = &vm->vcpu[i];

		if (!(mask & (1u << i))) {
			continue;
		}
		t->gic.priv[sgi].pending = true;
		t->gic.priv[sgi].source = (uint8_t)v->idx;
		set_cand(t, sgi, &t->gic.priv[sgi]);
		notify(t);
	}
}

void vgic_sgi1r(struct vcpu *v, uint64_t val)
{
	uint32_t mask = val & 0xffff;

	/* Virtual MPIDRs have Aff3..Aff1 = 0 and Aff0 < 16: other affinities name no vCPU. */
	if (val & (1ull << 40)) {
		mask = ~(1u << v->idx);
	} else if (val & 0x00ff00ff00ff0000ull || (val >> 44) & 0xf) {
		return;
	}
	spin_lock(&v->vm->gic.lock);
	send_sgi(v, (val >> 24) & 0xf, mask);
	spin_unlock(&v->vm->gic.lock);
}

/* Take q out of its list register if the guest has not started on it; it stays pending. */
static void lr_withdraw(struct vcpu *v, struct virq *q)
{
	struct gic_lr lr;

	gic_lr_read(q->lr, &lr);
	if (lr.state != GIC_LR_PENDING) {
		return;
	}
	gic_lr_write(q->lr, &(struct gic_lr){ 0 });
	lr_retire(v, q->lr);
	q->pending = true;
}

/* Take the pending state out of the list register q sits in (ICPENDR). */
static void lr_unpend(struct vcpu *v, struct virq *q)
{
	struct gic_lr lr;

	gic_lr_read(q->lr, &lr);
	lr.state &= (uint8_t)~GIC_LR_PENDING;
	gic_lr_write(q->lr, &lr);
	q->lr_state = lr.state;
	if (!lr.state) {
		lr_retire(v, q->lr);
	}
}

/*
 * Give an instance of hardware interrupt q that the guest has not started
 * on (pending in one of v's list registers, or taken and waiting for one)
 * back to the physical GIC: drop it here, deactivate it there. If its line
 * is still high, the GIC signals it again once it is enabled, as for any
 * level interrupt; if not, it is gone, as on hardware. v must be this CPU's
 * vCPU and the interrupt's destination (the CPU that took it).
 */
static void hw_unpend(struct vcpu *v, uint32_t intid, struct virq *q)
{
	struct gic_lr lr;

	if (q->in_lr) {
		gic_lr_read(q->lr, &lr);
		if (q->lr_vcpu != v->idx || lr.state != GIC_LR_PENDING) {
			return; /* the guest is on it: its EOI deactivates it */
		}
		gic_lr_write(q->lr, &(struct gic_lr){ 0 });
		lr_retire(v, q->lr);
	} else if (!q->pending) {
		return;
	}
	q->pending = false;
	set_cand(v, intid, q);
	gic_deactivate(intid);
}

/*
 * Pending as GICD/GICR_ISPENDR show it. A hardware-backed level interrupt
 * (the EL1 timers; a passed-through device's, as the guest configured it)
 * is pending while its line is high, as on hardware, whatever Tessera holds:
 * disabled, not yet taken (EL2 runs with interrupts masked) or active. An
 * instance held for the guest whose line has dropped since (a timer the
 * guest masked) is given back, so it is not delivered later either. Others:
 * pending here, in a list register, or (hardware, edge) at the GIC still.
 */
static bool read_pending(struct vcpu *t, uint32_t intid, struct virq *q)
{
	struct vcpu *d = dest_of(t, intid, q);
	bool held = q->pending || (q->in_lr && (q->lr_state & GIC_LR_PENDING));

	if (!q->hw) {
		return held;
	}
	bool line = gic_irq_pending(intid, pcpu_mpidr(d));

	if (q->edge) {
		return held || line;
	}
	if (!line && d == this_vcpu()) {
		hw_unpend(d, intid, q);
	}
	return line;
}

/*
 * One bit per interrupt (enable, pending, active). t is the vCPU whose
 * private interrupts a register covers; SPIs ignore it. Returns false if the
 * access touched an interrupt the VM does not own.
 */
static bool bits_access(struct vcpu *t, uint32_t first, enum bit_op op, uint32_t *val)
{
	bool ok = true;
	uint32_t out = 0;

	/* What the guest did with what this CPU's list registers hold (others' are out of reach). */
	if (op == READ_PENDING || op == READ_ACTIVE) {
		lr_sync(this_vcpu());
	}
	for (unsigned b = 0; b < 32; b++) {
		uint32_t intid = first + b;
		struct virq *q = virq_of(t, intid);
		bool mine = q && (intid < 32 || q->owned);

		if (op >= READ_ENABLE) {
			bool on = !mine ? false
				: op == READ_ENABLE ? q->enabled
				: op == READ_PENDING ? read_pending(t, intid, q)
						     : q->in_lr && (q->lr_state & GIC_LR_ACTIVE);

			out |= (uint32_t)on << b;
			continue;
		}
		if (!(*val & (1u << b))) {
			continue;
		}
		if (!mine) {
			ok = false;
			continue;
		}
		struct vcpu *d = dest_of(t, intid, q);

		switch (op) {
		case SET_ENABLE:
			set_enabled(t, intid, q, true);
			break;
		case CLEAR_ENABLE:
			set_enabled(t, intid, q, false);
			/* A disabled interrupt must not be taken: pull it back if not yet started.
			 * A hardware level one goes back to the physical GIC, which holds its line. */
			if (q->hw && !q->edge && d == this_vcpu()) {
				hw_unpend(d, intid, q);
			} else if (q->in_lr && d == this_vcpu() && q->lr_vcpu == d->idx) {
				lr_withdraw(d, q);
			}
			break;
		case SET_PENDING:
			if (!q->hw) {
				q->pending = true;
			}
			break;
		case CLEAR_PENDING:
			/* A hardware interrupt's pending state is the device's (and its
			 * physical active state ends only with the guest's EOI). */
			if (!q->line && !q->hw) {
				q->pending = false;
				if (q->in_lr && d == this_vcpu() && q->lr_vcpu == d->idx) {
					lr_unpend(d, q);
				}
			}
			break;
		default:
			break;
		}
		set_cand(d, intid, q);
		if (d->gic.cand[intid / 32] & (1u << (intid % 32))) {
			notify(d);
		}
	}
	if (op >= READ_ENABLE) {
		*val = out;
	}
	return ok;
}

/* IPRIORITYR (byte per interrupt) and ICFGR (two bits per interrupt). */
static bool prio_access(struct vcpu *t, uint32_t first, unsigned size, bool write, uint64_t *val)
{
	bool ok = true;
	uint64_t out = 0;

	for (unsigned i = 0; i < size; i++) {
		struct virq *q = virq_of(t, first + i);
		bool mine = q && (first + i < 32 || q->owned);

		if (!write) {
			out |= (uint64_t)(mine ? q->priority : 0) << (8 * i);
		} else if (mine) {
			uint32_t intid = first + i;
			struct vcpu *d = dest_of(t, intid, q);

			q->priority = (uint8_t)(*val >> (8 * i)) & t->vm->gic.prio_mask;
			/* Waiting, it may now outrank what holds the list registers. */
			if (d->gic.cand[intid / 32] & (1u << (intid % 32))) {
				notify(d);
			}
		} else {
			ok = false;
		}
	}
	if (!write) {
		*val = out;
	}
	return ok;
}

static bool cfg_access(struct vcpu *t, uint32_t first, bool write, uint64_t *val)
{
	bool ok = true;
	uint64_t out = 0;

	for (unsigned i = 0; i < 16; i++) {
		uint32_t intid = first + i;
		struct virq *q = virq_of(t, intid);
		bool mine = q && (intid < 32 || q->owned);

		if (!write) {
			out |= (uint64_t)(mine && q->edge) << (2 * i + 1);
		} else if (intid >= 16 && mine) {
			/* SGIs are always edge-triggered. A hardware-backed line keeps its physical
			 * setting; the guest's view still reads back what it chose. */
			q->edge = (*val >> (2 * i + 1)) & 1;
		} else if (intid >= 16 && ((*val >> (2 * i)) & 3)) {
			ok = false;
		}
	}
	if (!write) {
		*val = out;
	}
	return ok;
}

/*
 * The registers GICD and GICR's SGI frame share: off is relative to the
 * register block, first_intid the INTID bit 0 of a 1-bit register covers.
 */
static bool irq_regs(struct vcpu *t, uint64_t off, unsigned size, bool write, uint64_t *val,
		     bool *ok)
{
	uint32_t v32 = (uint32_t)*val;
	uint32_t n = (uint32_t)(off & 0x7f) * 8; /* first INTID of a 1-bit register */
	static const enum bit_op set_ops[] = { SET_ENABLE, CLEAR_ENABLE, SET_PENDING, CLEAR_PENDING };

	if (off >= GICD_IGROUPR && off < GICD_IGROUPR + 0x80) {
		if (!write) {
			*val = ~0u; /* everything is group 1 (non-secure) */
		}
		return true;
	}
	if (off >= GICD_ISENABLER && off < GICD_ISACTIVER) {
		unsigned kind = (unsigned)(off - GICD_ISENABLER) / 0x80; /* ISENABLER ICENABLER ISPENDR ICPENDR */

		if (write) {
			*ok = bits_access(t, n, set_ops[kind], &v32);
		} else {
			*ok = bits_access(t, n, kind < 2 ? READ_ENABLE : READ_PENDING, &v32);
			*val = v32;
		}
		return true;
	}
	if (off >= GICD_ISACTIVER && off < GICD_IPRIORITYR) {
		if (!write) {
			*ok = bits_access(t, n, READ_ACTIVE, &v32);
			*val = v32;
		}
		return true;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_NR_IRQS) {
		*ok = prio_access(t, (uint32_t)(off - GICD_IPRIORITYR), size, write, val);
		return true;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + VGIC_NR_IRQS / 4) {
		*ok = cfg_access(t, (uint32_t)(off - GICD_ICFGR) * 4, write, val);
		return true;
	}
	return false;
}

/*
 * GICv2 CPENDSGIR/SPENDSGIR: a byte per SGI, a bit per source CPU. One
 * pending instance per SGI is kept, with its latest source.
 */
static bool sgi_pend_access(struct vcpu *v, uint64_t off, unsigned size, bool write,
			    uint64_t *val)
{
	bool set = off >= GICD_SPENDSGIR;
	uint32_t first = (uint32_t)(off - (set ? GICD_SPENDSGIR : GICD_CPENDSGIR));
	uint64_t out = 0;

	for (unsigned i = 0; i < size && first + i < 16; i++) {
		struct virq *q = &v->gic.priv[first + i];
		/* A bit per source CPU; those of CPUs the VM does not have are RAZ/WI. */
		uint32_t bits = (uint32_t)(*val >> (8 * i)) & ((1u << v->vm->nr_vcpus) - 1);
		bool pend = q->pending || (q->in_lr && (q->lr_state & GIC_LR_PENDING));

		if (!write) {
			out |= (uint64_t)(pend ? 1u << q->source : 0) << (8 * i);
		} else if (bits && set) {
			q->pending = true;
			q->source = (uint8_t)__builtin_ctz(bits);
		} else if (bits && (bits & (1u << q->source))) {
			q->pending = false;
		}
		set_cand(v, first + i, q);
	}
	if (write) {
		lr_fill(v);
	} else {
		*val = out;
	}
	return true;
}

/* SPI intid goes to the vCPUs in mask, the lowest of them (none: it waits, pending). */
static void retarget(struct vm *vm, uint32_t intid, struct virq *q, uint32_t mask)
{
	for (unsigned c = 0; c < vm->nr_vcpus; c++) {
		vm->vcpu[c].gic.cand[intid / 32] &= ~(1u << (intid % 32));
	}
	q->targets = (uint8_t)mask;
	if (!mask) {
		return;
	}
	q->target = (uint8_t)__builtin_ctz(mask);
	struct vcpu *d = &vm->vcpu[q->target];

	if (q->hw) {
		gic_spi_route(intid, pcpu_mpidr(d));
	}
	set_cand(d, intid, q);
	if (d->gic.cand[intid / 32] & (1u << (intid % 32))) {
		notify(d);
	}
}

/*
 * GICv2 ITARGETSR: a CPU-interface mask byte per interrupt (vCPU i = bit
 * i). INTIDs 0-31 read as the reader's own bit; an SPI's byte keeps the
 * bits of the vCPUs the VM has (the others are RAZ/WI, GICv2 4.3.12).
 */
static bool targets_access(struct vcpu *v, uint32_t first, unsigned size, bool write,
			   uint64_t *val)
{
	bool ok = true;
	uint64_t out = 0;

	for (unsigned i = 0; i < size; i++) {
		uint32_t intid = first + i;
		struct virq *q = virq_of(v, intid);
		bool mine = q && (intid < 32 || q->owned);

		if (!write) {
			out |= (uint64_t)(!mine ? 0 : intid < 32 ? 1u << v->idx : q->targets) << (8 * i);
			continue;
		}
		uint32_t mask = (uint32_t)(*val >> (8 * i)) & 0xff;

		if (intid < 32) {
			continue; /* read-only */
		}
		if (!mine) {
			ok = ok && !mask;
			continue;
		}
		retarget(v->vm, intid, q, mask & ((1u << v->vm->nr_vcpus) - 1));
	}
	if (!write) {
		*val = out;
	}
	return ok;
}

static bool dist_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	struct vgic *g = &v->vm->gic;
	bool ok = true;

	if (off == GICD_CTLR) {
		if (write) {
			g->ctlr = (uint32_t)*val & (g->v2 ? GICD_CTLR_V2_ENABLE : GICD_CTLR_G1);
			/* Enabling the distributor may release pending SPIs. */
			for (uint32_t i = 32; i < VGIC_NR_IRQS; i++) {
				struct virq *q = &g->spi[i - 32];
				struct vcpu *d = &v->vm->vcpu[q->target];

				set_cand(d, i, q);
				if (d->gic.cand[i / 32] & (1u << (i % 32))) {
					notify(d);
				}
			}
		} else {
			*val = g->ctlr | (g->v2 ? 0 : GICD_CTLR_ARE);
		}
	} else if (off == GICD_TYPER) {
		/* ITLinesNumber; v3: 10 INTID bits, no LPIs; v2: CPUNumber. */
		*val = write ? *val
			     : (VGIC_NR_IRQS / 32 - 1) |
				       (g->v2 ? (v->vm->nr_vcpus - 1) << 5 : 9u << 19);
	} else if (off == GICD_IIDR) {
		*val = write ? *val : TESSERA_IIDR;
	} else if (off == GIC_PIDR2) {
		*val = write ? *val : g->v2 ? GIC_PIDR2_V2 : GIC_PIDR2_V3;
	} else if (g->v2 && off >= GICD_ITARGETSR && off < GICD_ICFGR) {
		ok = targets_access(v, (uint32_t)(off - GICD_ITARGETSR), size, write, val);
	} else if (g->v2 && off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 16) {
		ok = sgi_pend_access(v, off, size, write, val);
	} else if (g->v2 && off == GICD_SGIR) {
		if (write) {
			uint32_t filter = (uint32_t)(*val >> 24) & 3;
			uint32_t mask = filter == GICD_SGIR_ALL_BUT_SELF ? ~(1u << v->idx)
					: filter == GICD_SGIR_SELF	 ? 1u << v->idx
									 : (uint32_t)(*val >> 16) & 0xff;

			send_sgi(v, (uint32_t)*val & 0xf, mask);
		}
	} else if (!g->v2 && off >= GICD_IROUTER && off < GICD_IROUTER + 8 * (1020 - 32)) {
		uint32_t intid = 32 + (uint32_t)(off - GICD_IROUTER) / 8;
		struct virq *q = intid < VGIC_NR_IRQS ? &g->spi[intid - 32] : NULL;
		bool high = off & 4;

		if (!q || !q->owned) {
			ok = write ? false : true;
			*val = write ? *val : 0;
		} else if (!write) {
			*val = high ? 0 : q->target;
		} else if (!high) {
			uint32_t aff0 = (uint32_t)*val & 0xff;

			retarget(v->vm, intid, q,
				 1u << ((*val & GICD_IROUTER_ANY) || aff0 >= v->vm->nr_vcpus ? 0 : aff0));
		}
	} else if (off < GICD_IROUTER && off >= GICD_IGROUPR) {
		/* v3: INTIDs 0-31 live in the redistributors (affinity routing is on).
		 * v2: they are the accessing vCPU's own, banked here. */
		if (!g->v2 && ((off & 0x7f) < 4 || (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 32) ||
			       (off >= GICD_ICFGR && off < GICD_ICFGR + 8))) {
			*val = write ? *val : 0;
		} else if (!irq_regs(v, off, size, write, val, &ok)) {
			/* Beyond the SPIs this VM has: reads as zero, writes refused. */
			*val = write ? *val : 0;
			ok = !write || *val == 0;
		}
	} else if (!write) {
		*val = 0;
	}
	if (!ok) {
		refused(v, "GICD write at offset", off, *val);
	}
	return true;
}

static bool redist_access(struct vcpu *v, struct vcpu *t, uint64_t off, unsigned size, bool write,
			  uint64_t *val)
{
	bool ok = true;

	if (off >= GICR_SGI_BASE) {
		off -= GICR_SGI_BASE;
		/* Only the INTID 0-31 registers exist here; the rest is reserved. */
		bool priv = (off >= GICD_IGROUPR && off < GICD_IPRIORITYR && (off & 0x7f) == 0) ||
			    (off >= GICD_IPRIORITYR && off + size <= GICD_IPRIORITYR + 32) ||
			    (off >= GICD_ICFGR && off + 4 <= GICD_ICFGR + 8);

		if (!priv || !irq_regs(t, off, size, write, val, &ok)) {
			*val = write ? *val : 0;
		}
		if (!ok) {
			refused(v, "GICR write at offset", off + GICR_SGI_BASE, *val);
		}
		return true;
	}
	switch (off) {
	case GICR_TYPER:
		*val = write ? *val
			     : (uint64_t)t->idx << 32 | (uint64_t)t->idx << 8 |
				       (t->idx == t->vm->nr_vcpus - 1 ? GICR_TYPER_LAST : 0);
		break;
	case GICR_TYPER + 4:
		*val = write ? *val : t->idx;
		break;
	case GICR_IIDR:
		*val = write ? *val : TESSERA_IIDR;
		break;
	case GICR_WAKER:
		if (write) {
			t->gic.asleep = *val & GICR_WAKER_SLEEP;
		} else {
			*val = t->gic.asleep ? GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP : 0;
		}
		break;
	case GIC_PIDR2:
		*val = write ? *val : GIC_PIDR2_V3;
		break;
	default:
		*val = write ? *val : 0;
		break;
	}
	return true;
}

/* Distributor identification registers: constant, no lock needed. */
static bool id_register(const struct vm *vm, uint64_t off, uint64_t *val)
{
	switch (off) {
	case GICD_TYPER:
		/* ITLinesNumber; v3: 10 INTID bits, no LPIs; v2: CPUNumber. */
		*val = (VGIC_NR_IRQS / 32 - 1) | (vm->gic.v2 ? (vm->nr_vcpus - 1) << 5 : 9u << 19);
		return true;
	case GICD_IIDR:
		*val = TESSERA_IIDR;
		return true;
	case GIC_PIDR2:
		*val = vm->gic.v2 ? 0 : GIC_PIDR2_V3;
		return true;
	case GICD_PIDR2_V2OFF:
		*val = vm->gic.v2 ? GIC_PIDR2_V2 : 0;
		return true;
	default:
		return false;
	}
}

bool vgic_mmio(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	struct vm *vm = v->vm;
	bool handled = false;

	if (ipa - CFG_GUEST_GICD_BASE < CFG_GUEST_GICD_SIZE) {
		if (!write && id_register(vm, ipa - CFG_GUEST_GICD_BASE, val)) {
			return true;
		}
		spin_lock(&vm->gic.lock);
		handled = dist_access(v, ipa - CFG_GUEST_GICD_BASE, size, write, val);
		spin_unlock(&vm->gic.lock);
	} else if (!vm->gic.v2 && ipa - CFG_GUEST_GICR_BASE < vm->nr_vcpus * CFG_GUEST_GICR_STRIDE) {
		uint64_t off = ipa - CFG_GUEST_GICR_BASE;

		spin_lock(&vm->gic.lock);
		handled = redist_access(v, &vm->vcpu[off / CFG_GUEST_GICR_STRIDE],
					off % CFG_GUEST_GICR_STRIDE, size, write, val);
		spin_unlock(&vm->gic.lock);
	}
	return handled;
}
