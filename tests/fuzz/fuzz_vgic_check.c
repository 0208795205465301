/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vGIC fuzz target's invariants (see fuzz_vgic.c): check_all() after
 * every step, check_access() after every register access, check_quiesced()
 * once every kick and maintenance interrupt has been delivered.
 */
#include "fuzz_vgic.h"

/* ------------------------------------------------------------------ */
/* Invariants                                                           */

static void check_lrs(struct vcpu *v)
{
	unsigned p = v->pcpu;

	for (unsigned i = 0; i < VGIC_MAX_LRS; i++) {
		uint16_t id = v->gic.lr_intid[i];
		const struct gic_lr *hl = &pgic.lr[p][i];

		if (i >= pgic.nr_lrs) {
			CHECKF(id == VGIC_NO_IRQ, "vCPU %u tracks INTID %u in LR %u of %u", v->idx,
			       id, i, pgic.nr_lrs);
			continue;
		}
		if (id == VGIC_NO_IRQ) {
			/* Nothing in it the vGIC forgot: the guest could take it, or it
			 * would never be reused. */
			CHECKF(!hl->state && !hl->eoi_maint,
			       "vCPU %u LR %u holds INTID %u (state %u) untracked", v->idx, i,
			       hl->vintid, hl->state);
			continue;
		}
		CHECKF(id < VGIC_NR_IRQS && owned(id), "vCPU %u LR %u tracks foreign INTID %u",
		       v->idx, i, id);
		const struct virq *q = virq(v, id);

		CHECKF(q->in_lr && q->lr == i && q->lr_vcpu == v->idx,
		       "vCPU %u LR %u tracks INTID %u, which says in_lr %d lr %u lr_vcpu %u",
		       v->idx, i, id, q->in_lr, q->lr, q->lr_vcpu);
		if (!hl->state) {
			continue;
		}
		CHECKF(hl->vintid == id, "vCPU %u LR %u holds INTID %u, tracked as %u", v->idx, i,
		       hl->vintid, id);
		CHECKF(hl->hw == q->hw && (!hl->hw || hl->pintid == id),
		       "vCPU %u LR %u INTID %u: hw %d pINTID %u", v->idx, i, id, hl->hw,
		       hl->pintid);
		/* KVM's rule too: the pending state of a HW interrupt lives in the
		 * physical GIC, never as pending+active in the list register. */
		CHECKF(!hl->hw || hl->state != (GIC_LR_PENDING | GIC_LR_ACTIVE),
		       "vCPU %u LR %u: HW INTID %u pending and active", v->idx, i, id);
		if (id < 16 && S.version == 2) {
			CHECKF(hl->source < S.nr_vcpus,
			       "vCPU %u LR %u: SGI %u from CPU %u of %u", v->idx, i, id, hl->source,
			       S.nr_vcpus);
		}
	}
	if (S.started[v->idx]) {
		CHECKF(pgic.underflow[p] == v->gic.underflow, "vCPU %u underflow %d, GIC says %d",
		       v->idx, v->gic.underflow, pgic.underflow[p]);
	}
}

/* A physically active hardware interrupt must be somewhere the guest will finish it. */
static void check_hw_held(struct vcpu *v, unsigned intid, bool active)
{
	const struct virq *q = virq(v, intid);
	const struct gic_lr *lr = lr_of(q);
	bool in_hw_lr = lr && lr->state && lr->hw;

	if (active) {
		CHECKF(q->pending || in_hw_lr,
		       "HW INTID %u (vCPU %u) physically active, but neither pending nor in a list "
		       "register: it can never fire again",
		       intid, v->idx);
	} else {
		CHECKF(!in_hw_lr, "HW INTID %u in a list register but not physically active",
		       intid);
		CHECKF(!q->pending, "HW INTID %u pending but not physically active", intid);
	}
}

static void check_cand(struct vcpu *v, unsigned intid)
{
	struct virq *q = virq(v, intid);
	struct vcpu *d = dest(v, intid);
	/* Rerouted while in another vCPU's register: it moves when that one is done. */
	bool in_flight = q->in_lr && q->lr_vcpu != d->idx;

	if (cand(d, intid)) {
		CHECKF(wants(v, intid),
		       "INTID %u is a candidate of vCPU %u but not enabled+pending", intid, d->idx);
	} else if (wants(v, intid) && !in_flight) {
		CHECKF(false,
		       "INTID %u (target vCPU %u) enabled and pending but no candidate: lost",
		       intid, d->idx);
	}
}

void check_all(void)
{
	static const struct virq zero;

	for (unsigned c = 0; c < S.nr_vcpus; c++) {
		struct vcpu *v = &A->vcpu[c];

		CHECK(v->vm == A && v->idx == c);
		check_lrs(v);
		for (unsigned intid = 0; intid < 32; intid++) {
			struct virq *q = &v->gic.priv[intid];
			bool hw = S.started[c] &&
				  (intid == GIC_PPI_VTIMER || intid == GIC_PPI_PTIMER);

			CHECKF(q->hw == hw && !q->owned && !q->line,
			       "vCPU %u INTID %u: hw %d owned %d line %d", c, intid, q->hw,
			       q->owned, q->line);
			if (intid < 16 && S.started[c]) {
				CHECKF(q->edge, "vCPU %u SGI %u is not edge-triggered", c, intid);
			}
			if (q->in_lr) {
				CHECKF(q->lr_vcpu == c && q->lr < pgic.nr_lrs &&
					       v->gic.lr_intid[q->lr] == intid,
				       "vCPU %u INTID %u in_lr: lr %u lr_vcpu %u", c, intid, q->lr,
				       q->lr_vcpu);
			} else {
				CHECKF(!q->lr_state, "vCPU %u INTID %u not in a LR, lr_state %u", c,
				       intid, q->lr_state);
			}
			CHECKF(q->source < S.nr_vcpus,
			       "vCPU %u SGI %u: source %u of %u vCPUs", c, intid, q->source,
			       S.nr_vcpus);
			check_cand(v, intid);
		}
		for (unsigned i = 0; i < ARRAY_SIZE(hw_ppis) && S.started[c]; i++) {
			unsigned intid = hw_ppis[i];

			CHECKF(pgic.ppi_on[v->pcpu][intid] == v->gic.priv[intid].enabled,
			       "vCPU %u PPI %u enabled %d, physically %d", c, intid,
			       v->gic.priv[intid].enabled, pgic.ppi_on[v->pcpu][intid]);
			check_hw_held(v, intid, pgic.ppi_active[v->pcpu][intid]);
		}
	}
	for (unsigned intid = 32; intid < VGIC_NR_IRQS; intid++) {
		struct virq *q = &A->gic.spi[intid - 32];

		CHECKF(q->owned == S.owned[intid] && q->hw == S.hw[intid], "SPI %u: owned %d hw %d",
		       intid, q->owned, q->hw);
		if (!q->owned) {
			CHECKF(!memcmp(q, &zero, sizeof(zero)),
			       "SPI %u is not the VM's but has state", intid);
			for (unsigned c = 0; c < S.nr_vcpus; c++) {
				CHECKF(!cand(&A->vcpu[c], intid),
				       "foreign SPI %u is a candidate of vCPU %u", intid, c);
			}
			continue;
		}
		CHECKF(q->target < S.nr_vcpus, "SPI %u targets vCPU %u of %u", intid, q->target,
		       S.nr_vcpus);
		CHECKF(q->targets < (1u << S.nr_vcpus) &&
			       (!q->targets || (unsigned)__builtin_ctz(q->targets) == q->target),
		       "SPI %u targets 0x%x, target vCPU %u", intid, q->targets, q->target);
		CHECKF(!q->line || S.line[intid], "SPI %u has a line level", intid);
		/* Mid-restart, SPI state is on its way out: vgic_vm_reset() discards it. */
		bool discarded = S.restarting;

		if (q->line && !discarded) {
			/* Level-sensitive and asserted: pending, or in a list register the
			 * vGIC will hear back from (valid, or owing EOI maintenance). */
			const struct gic_lr *lr = lr_of(q);

			CHECKF(q->pending || (lr && (lr->state || lr->eoi_maint)),
			       "SPI %u: line asserted but neither pending nor in a list register",
			       intid);
		}
		if (q->in_lr) {
			CHECKF(q->lr_vcpu < S.nr_vcpus && q->lr < pgic.nr_lrs &&
				       A->vcpu[q->lr_vcpu].gic.lr_intid[q->lr] == intid,
			       "SPI %u in_lr: lr %u lr_vcpu %u", intid, q->lr, q->lr_vcpu);
		} else {
			CHECKF(!q->lr_state, "SPI %u not in a LR, lr_state %u", intid, q->lr_state);
		}
		for (unsigned c = 0; c < S.nr_vcpus; c++) {
			CHECKF(c == q->target || !cand(&A->vcpu[c], intid),
			       "SPI %u (target vCPU %u) is a candidate of vCPU %u", intid,
			       q->target, c);
		}
		if (!discarded) {
			check_cand(&A->vcpu[0], intid);
		}
		if (q->hw) {
			CHECKF(pgic.spi_on[intid] == q->enabled, "SPI %u enabled %d, physically %d",
			       intid, q->enabled, pgic.spi_on[intid]);
			CHECKF(pgic.spi_cpu[intid] == (int)A->vcpu[q->target].pcpu,
			       "SPI %u targets vCPU %u (CPU %u), physically routed to CPU %d",
			       intid, q->target, A->vcpu[q->target].pcpu, pgic.spi_cpu[intid]);
			check_hw_held(&A->vcpu[0], intid, pgic.spi_active[intid]);
		}
	}
	CHECK(!memcmp(&vms[1], &snap_b, sizeof(snap_b)));
}

/* ------------------------------------------------------------------ */
/* Register accesses                                                    */

/* The bit (or byte) of a register read that belongs to INTID intid must be 0. */
static void check_raz(const char *what, unsigned intid, uint64_t field)
{
	CHECKF(owned(intid) || !field, "%s of INTID %u (not the VM's) reads 0x%llx", what, intid,
	       (unsigned long long)field);
}

/*
 * Any read, whatever its offset or size: nothing about an interrupt the VM
 * does not own shows. gicd: a distributor read (else a redistributor SGI
 * frame read, offset relative to the frame).
 */
static void check_read_raz(bool gicd, uint64_t o, unsigned size, uint64_t val)
{
	/* A redistributor shows INTIDs 0-31 only. */
	bool frame = !gicd;

	if (o >= GICD_ISENABLER && o < GICD_IPRIORITYR) {
		unsigned first = (unsigned)(o & 0x7f) * 8;

		for (unsigned b = 0; b < 64; b++) {
			check_raz("bit register", first + b, (val >> b) & 1);
			if (frame && (val >> b) & 1) {
				CHECKF(first + b < 32, "GICR bit of INTID %u set", first + b);
			}
		}
	} else if (o >= GICD_IPRIORITYR && o < GICD_ITARGETSR) {
		for (unsigned i = 0; i < size; i++) {
			unsigned intid = (unsigned)(o - GICD_IPRIORITYR) + i;
			uint64_t byte = (val >> (8 * i)) & 0xff;

			check_raz("IPRIORITYR", intid, byte);
			CHECKF(!frame || intid < 32 || !byte,
			       "GICR IPRIORITYR byte of INTID %u reads 0x%llx", intid,
			       (unsigned long long)byte);
		}
	} else if (o >= GICD_ITARGETSR && o < GICD_ICFGR) {
		CHECKF(S.version == 2 || !val, "GICv3 (ARE) ITARGETSR reads 0x%llx",
		       (unsigned long long)val);
		for (unsigned i = 0; i < size; i++) {
			check_raz("ITARGETSR", (unsigned)(o - GICD_ITARGETSR) + i,
				  (val >> (8 * i)) & 0xff);
		}
	} else if (o >= GICD_ICFGR && o < GICD_ICFGR + 0x100) {
		unsigned first = (unsigned)(o - GICD_ICFGR) * 4;

		for (unsigned i = 0; i < 32; i++) {
			check_raz("ICFGR", first + i, (val >> (2 * i)) & 3);
			if (frame) {
				CHECKF(first + i < 32 || !((val >> (2 * i)) & 3),
				       "GICR ICFGR of INTID %u", first + i);
			}
		}
	} else if (gicd && o >= GICD_IROUTER && o < GICD_IROUTER + 8 * 1020) {
		check_raz("IROUTER", (unsigned)(o - GICD_IROUTER) / 8, val);
	}
}

/* The pre-write state of INTID intid (private: of vCPU t). */
static struct virq *old(struct vcpu *t, unsigned intid)
{
	return intid < 32 ? &before.vcpu[t->idx].gic.priv[intid] : &before.gic.spi[intid - 32];
}

/*
 * A read or write the architecture defines (naturally aligned, a size the
 * register allows) of the distributor (t NULL) or of vCPU t's redistributor:
 * check the value read, or the state the write left, against the spec.
 * v is the accessing vCPU; GICv2 banks INTIDs 0-31 per accessor.
 */
static void check_defined(struct vcpu *v, struct vcpu *t, uint64_t o, unsigned size, bool write,
			  uint64_t val)
{
	bool v3d = !t && S.version == 3; /* v3 distributor: INTIDs 0-31 are RAZ/WI */
	struct vcpu *bank = t ? t : v;

	if (!t && o == GICD_CTLR && size == 4) {
		if (write) {
			CHECK(A->gic.ctlr == (val & (S.version == 2 ? 3u : 2u)));
		} else {
			CHECK(val == (A->gic.ctlr | (S.version == 3 ? GICD_CTLR_ARE : 0)));
		}
	} else if (!t && (o == GICD_PIDR2_V3 || o == GICD_PIDR2_V2) && size == 4 && !write) {
		/* ArchRev 3 in the 64 KiB GICv3 frame, 2 at the end of GICv2's 4 KiB one. */
		unsigned want = S.version == 3 ? 0x3b : 0x2b;

		CHECK(val == ((o == GICD_PIDR2_V3) == (S.version == 3) ? want : 0));
	} else if (!t && o == GICD_TYPER && size == 4 && !write) {
		CHECK((val & 0x1f) == VGIC_NR_IRQS / 32 - 1);
		CHECK(S.version == 3 || ((val >> 5) & 7) == S.nr_vcpus - 1);
	} else if (t && o == GICR_TYPER && size == 8 && !write) {
		CHECK(val >> 32 == t->idx && ((val >> 8) & 0xffff) == t->idx);
		CHECK(!!(val & GICR_TYPER_LAST) == (t->idx == S.nr_vcpus - 1));
	} else if (t && o == GICR_WAKER && size == 4) {
		if (write) {
			CHECK(t->gic.asleep == !!(val & GICR_WAKER_SLEEP));
		}
	} else if (o >= GICD_ISENABLER && o < GICD_ISACTIVER && size == 4 && !(o & 3)) {
		unsigned kind = (unsigned)(o - GICD_ISENABLER) / 0x80;
		unsigned first = (unsigned)(o & 0x7f) * 8;

		if (t && first) {
			return; /* reserved in a redistributor: check_read_raz covers it */
		}
		for (unsigned b = 0; b < 32; b++) {
			unsigned intid = first + b;
			bool bit = (val >> b) & 1, banked = intid < 32;

			if (intid >= VGIC_NR_IRQS || !owned(intid) || (banked && v3d)) {
				continue;
			}
			struct virq *q = virq(bank, intid);

			if (!write) {
				/* Pending in another CPU's list register: the vGIC cannot see
				 * what that guest did with it since it last looked. A
				 * hardware level interrupt reads its line wherever it is. */
				bool seen = (q->hw && !q->edge) || !q->in_lr ||
					    (q->lr_vcpu == v->idx && dest(bank, intid) == v);

				CHECKF(bit == (kind < 2 ? q->enabled
					       : seen   ? pending_view(bank, intid)
							: bit),
				       "read of I%cENABLER/PENDR bit of INTID %u",
				       kind & 1 ? 'C' : 'S', intid);
			} else if (!bit) {
				continue;
			} else if (kind == 0 || kind == 1) {
				CHECKF(q->enabled == (kind == 0),
				       "INTID %u enable after writing I%cENABLER", intid,
				       kind ? 'C' : 'S');
			} else if (kind == 2 && !q->hw) {
				CHECKF(pending_view(bank, intid),
				       "INTID %u not pending after ISPENDR", intid);
			} else if (kind == 3 && !q->hw && !q->line) {
				CHECKF(!q->pending, "INTID %u still pending after ICPENDR", intid);
			}
		}
	} else if (o >= GICD_IPRIORITYR && o < GICD_IPRIORITYR + VGIC_NR_IRQS &&
		   (size == 1 || size == 4) && !(o & (size - 1))) {
		for (unsigned i = 0; i < size; i++) {
			unsigned intid = (unsigned)(o - GICD_IPRIORITYR) + i;
			uint8_t byte = (uint8_t)(val >> (8 * i));

			if (!owned(intid) || (intid < 32 && v3d) || (t && intid >= 32)) {
				continue;
			}
			/* Only the bits the virtual CPU interface has are kept. */
			CHECKF(virq(bank, intid)->priority == (write ? byte & pgic.prio_mask : byte),
			       "INTID %u priority 0x%x, %s 0x%x", intid,
			       virq(bank, intid)->priority, write ? "wrote" : "read", byte);
		}
	} else if (!t && S.version == 2 && o >= GICD_ITARGETSR &&
		   o < GICD_ITARGETSR + VGIC_NR_IRQS && (size == 1 || size == 4) &&
		   !(o & (size - 1))) {
		for (unsigned i = 0; i < size; i++) {
			unsigned intid = (unsigned)(o - GICD_ITARGETSR) + i;
			unsigned mask = (unsigned)(val >> (8 * i)) & 0xff;

			if (!owned(intid)) {
				continue;
			}
			if (!write) {
				CHECKF(mask == (intid < 32 ? 1u << v->idx : virq(v, intid)->targets),
				       "ITARGETSR of INTID %u reads 0x%x", intid, mask);
			} else if (intid >= 32) {
				/* Bits of CPUs the VM does not have are RAZ/WI; none leaves the target. */
				unsigned want = mask & ((1u << S.nr_vcpus) - 1);
				unsigned target = want ? (unsigned)__builtin_ctz(want)
						       : old(v, intid)->target;

				CHECKF(virq(v, intid)->targets == want &&
					       virq(v, intid)->target == target,
				       "SPI %u targets 0x%x (vCPU %u) after ITARGETSR 0x%x", intid,
				       virq(v, intid)->targets, virq(v, intid)->target, mask);
			}
		}
	} else if (o >= GICD_ICFGR && o < GICD_ICFGR + VGIC_NR_IRQS / 4 && size == 4 && !(o & 3)) {
		for (unsigned i = 0; i < 16; i++) {
			unsigned intid = (unsigned)(o - GICD_ICFGR) * 4 + i;
			bool edge = (val >> (2 * i + 1)) & 1;

			if (!owned(intid) || (intid < 32 && v3d) || (t && intid >= 32) ||
			    (write && intid < 16)) {
				continue;
			}
			CHECKF(virq(bank, intid)->edge == edge, "INTID %u edge %d, %s %d", intid,
			       virq(bank, intid)->edge, write ? "wrote" : "read", edge);
		}
	} else if (!t && S.version == 3 && o >= GICD_IROUTER + 8 * 32 &&
		   o < GICD_IROUTER + 8 * VGIC_NR_IRQS && (size == 8 || size == 4) &&
		   !(o & (size - 1))) {
		unsigned intid = (unsigned)(o - GICD_IROUTER) / 8;
		bool high = o & 4;

		if (!owned(intid)) {
			return;
		}
		if (!write) {
			CHECKF(val == (high ? 0 : virq(v, intid)->target),
			       "IROUTER of SPI %u reads 0x%llx", intid, (unsigned long long)val);
		} else if (!high) {
			unsigned aff0 = (unsigned)val & 0xff;
			unsigned want = (val & GICD_IROUTER_IRM) || aff0 >= S.nr_vcpus ? 0 : aff0;

			CHECKF(virq(v, intid)->target == want && virq(v, intid)->targets == 1u << want,
			       "SPI %u target %u after IROUTER 0x%llx", intid,
			       virq(v, intid)->target, (unsigned long long)val);
		}
	}
}

/* The enable/priority/config state a write must not change, per vCPU or for the SPIs. */
static bool same_config(const struct virq *a, const struct virq *b)
{
	return a->enabled == b->enabled && a->priority == b->priority && a->edge == b->edge &&
	       a->target == b->target && a->targets == b->targets;
}

void check_access(struct vcpu *v, enum region r, struct vcpu *t, uint64_t o, unsigned size,
		  bool write, uint64_t val)
{
	/* A narrow load may return more than its bytes: the arch's data_abort
	 * extends only those (the vgic scenario checks that from a guest). */
	if (o == ~0ull) {
		return;
	}
	if (!write) {
		if (r == REG_GICD || r == REG_GICR_SGI) {
			check_read_raz(r == REG_GICD, o, size, val);
		}
	} else if (r == REG_GICD && S.version == 3) {
		/* Affinity routing: the distributor has no INTID 0-31 state to change,
		 * not even through a misaligned access (4 bytes at GICD+0x101). */
		for (unsigned c = 0; c < S.nr_vcpus; c++) {
			for (unsigned i = 0; i < 32; i++) {
				CHECKF(same_config(&A->vcpu[c].gic.priv[i],
						   &before.vcpu[c].gic.priv[i]),
				       "GICD write changed vCPU %u's INTID %u", c, i);
			}
		}
	} else if (r == REG_GICR_SGI) {
		/* Nor SPIs from a redistributor (8 bytes at GICR+0x1041c). */
		for (unsigned i = 32; i < VGIC_NR_IRQS; i++) {
			CHECKF(same_config(&A->gic.spi[i - 32], &before.gic.spi[i - 32]),
			       "GICR write changed SPI %u", i);
		}
	}
	if (r == REG_GICD) {
		check_defined(v, NULL, o, size, write, val);
	} else if (t) {
		/* Its SGI frame holds the GICD-layout INTID 0-31 registers. */
		if (r == REG_GICR_SGI && o >= GICD_IGROUPR && o < 0x0d00) {
			check_defined(v, t, o, size, write, val);
		} else if (r == REG_GICR_RD && (o == GICR_TYPER || o == GICR_WAKER)) {
			check_defined(v, t, o, size, write, val);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Liveness                                                             */

/*
 * Nothing a running vCPU should take waits with no way in, and no interrupt
 * bound for a running vCPU is stuck where nobody will look at it.
 */
void check_quiesced(void)
{
	for (unsigned c = 0; c < S.nr_vcpus; c++) {
		struct vcpu *v = &A->vcpu[c];

		if (!running(v)) {
			continue;
		}
		CHECKF(!trigger(v->pcpu), "vCPU %u: kicks or maintenance never settle", c);
		uint32_t any = vgic_any_cand(&v->gic);

		/* Candidates may wait while registers drain: underflow brings them in. */
		CHECKF(!any || v->gic.underflow,
		       "vCPU %u has candidates and no underflow request: nothing will fill them",
		       c);
		for (unsigned intid = 0; intid < VGIC_NR_IRQS && any; intid++) {
			if (!cand(v, intid)) {
				continue;
			}
			for (unsigned i = 0; i < pgic.nr_lrs; i++) {
				const struct gic_lr *lr = &pgic.lr[v->pcpu][i];

				CHECKF(lr->state != GIC_LR_PENDING ||
					       lr->priority <= virq(v, intid)->priority,
				       "vCPU %u: INTID %u (priority 0x%x) waits behind LR %u "
				       "(INTID %u, "
				       "priority 0x%x, only pending)",
				       c, intid, virq(v, intid)->priority, i, lr->vintid,
				       lr->priority);
			}
		}
	}
	/*
	 * Stuck: bound for a running vCPU, pending, in the register of one that
	 * does not run (CPU_OFF must empty a vCPU's list registers: Linux
	 * reroutes SPIs away from a CPU before taking it offline).
	 */
	for (unsigned intid = 32; intid < VGIC_NR_IRQS; intid++) {
		struct virq *q = &A->gic.spi[intid - 32];
		const struct gic_lr *lr = lr_of(q);

		if (!q->owned || !q->enabled || !q->targets || !dist_enabled() ||
		    !running(&A->vcpu[q->target]) ||
		    !lr || !(lr->state & GIC_LR_PENDING) || running(&A->vcpu[q->lr_vcpu])) {
			continue;
		}
		CHECKF(false, "SPI %u for running vCPU %u is pending in the LR of vCPU %u, which is off",
		       intid, q->target, q->lr_vcpu);
	}
}
