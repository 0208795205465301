/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMMUv3 (Arm IHI 0070): every stream a VM's device has (cfg_vm.stream)
 * translated through that VM's DMA context (core/dma.c), every other
 * stream aborted, from boot. A stage-2-capable SMMU walks the VM's own
 * stage-2 tables; a stage-1-only one (QEMU 7.2's) gets a context
 * descriptor per VM over stage-1 tables of the VM's memory. Faults arrive
 * on the event queue: reported with the VM, stream, address and
 * direction, counted, and printed at the 1st, 10th, 100th... of each VM,
 * so a device made to fault in a loop cannot flood the console.
 *
 * Tessera's structures (stream tables, descriptors, queues) sit in host
 * RAM taken at boot, never mapped into a guest.
 */
#include <string.h>
#include <asm/sysreg.h>
#include <tessera/config.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>
#include <tessera/iommu.h>
#include <tessera/ram.h>
#include <tessera/smmuv3.h>
#include <tessera/spinlock.h>
#include <tessera/vm.h>

#define IDR0 0x00
#define IDR0_S2P (1u << 0)
#define IDR0_S1P (1u << 1)
#define IDR0_TTF_AA64 (1u << 3)         /* TTF[1]: AArch64 tables */
#define IDR0_COHACC (1u << 4)
#define IDR0_ST_LEVEL_2 (1u << 27)      /* ST_LEVEL = 0b01: two-level stream tables */
#define IDR1 0x04
#define IDR1_SIDSIZE(v) ((v) & 0x3f)
#define IDR1_EVENTQS(v) (((v) >> 16) & 0x1f)
#define IDR1_CMDQS(v) (((v) >> 21) & 0x1f)
#define IDR5 0x14
#define IDR5_OAS(v) ((v) & 7)
#define IDR5_GRAN4K (1u << 4)
#define CR0 0x20
#define CR0_SMMUEN (1u << 0)
#define CR0_EVENTQEN (1u << 2)
#define CR0_CMDQEN (1u << 3)
#define CR0ACK 0x24
#define CR1 0x28
#define CR2 0x2c
#define CR2_RECINVSID (1u << 1)         /* record events for out-of-range stream IDs */
#define CR2_PTM (1u << 2)               /* CPUs' broadcast TLB invalidations do not reach it */
#define GBPA 0x44
#define GBPA_UPDATE (1u << 31)
#define GBPA_ABORT (1u << 20)
#define IRQ_CTRL 0x50
#define IRQ_CTRL_GERROR (1u << 0)
#define IRQ_CTRL_EVENTQ (1u << 2)
#define IRQ_CTRLACK 0x54
#define GERROR 0x60
#define GERRORN 0x64
#define STRTAB_BASE 0x80
#define STRTAB_BASE_CFG 0x88
#define CMDQ_BASE 0x90
#define CMDQ_PROD 0x98
#define CMDQ_CONS 0x9c
#define CMDQ_CONS_ERR(v) (((v) >> 24) & 0x7f)
#define EVENTQ_BASE 0xa0
#define EVENTQ_PROD 0x100a8             /* page 1 */
#define EVENTQ_CONS 0x100ac
#define Q_OVF (1u << 31)
#define BASE_ALLOC (1ULL << 62)         /* RA (command queue), WA (event queue), RA (stream table) */

/* Write-back, inner shareable table walks and queue accesses (CR1), as the CPUs map them. */
#define CR1_COHERENT (1u << 0 | 1u << 2 | 3u << 4 | 1u << 6 | 1u << 8 | 3u << 10)

#define CMDQ_LOG2 8     /* 256 commands */
#define EVTQ_LOG2 7     /* 128 events */
#define POLL_LIMIT 1000000

struct smmu {
	const struct cfg_smmu *cfg;
	uintptr_t base;
	bool two_level;
	unsigned sid_bits, oas;
	uint64_t *strtab;       /* linear, or level 1 */
	uint64_t *cmdq;
	unsigned cmdq_log2;
	uint32_t cmdq_prod;
	uint64_t *evtq;
	unsigned evtq_log2;
	struct spinlock lock;   /* the command queue */
	struct iommu_ctx ctx[CFG_MAX_VMS];
	uint64_t cd_pa[CFG_MAX_VMS];
};

static struct smmu smmus[CFG_MAX_SMMU];
static unsigned nr_smmus;
static const struct cfg_plan *plan;
static struct vm *vm_of_index;          /* the VMs, indexed like plan->vm */
/*
 * Faults of streams of no VM so far (a VM's are its VM_REPORT_SMMU count,
 * tessera/report.h); per VM and for those, when the last one came.
 */
static uint64_t orphan_faults;
static uint64_t last_fault[CFG_MAX_VMS + 1];

static uint32_t rd32(const struct smmu *s, unsigned off)
{
	return *(volatile uint32_t *)(s->base + off);
}

static void wr32(const struct smmu *s, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(s->base + off) = v;
}

/* 64-bit registers as two 32-bit halves, low first (allowed, and arm32 has no other way). */
static void wr64(const struct smmu *s, unsigned off, uint64_t v)
{
	wr32(s, off, (uint32_t)v);
	wr32(s, off + 4, (uint32_t)(v >> 32));
}

static bool poll(const struct smmu *s, unsigned off, uint32_t mask, uint32_t want)
{
	for (unsigned i = 0; i < POLL_LIMIT; i++) {
		if ((rd32(s, off) & mask) == want) {
			return true;
		}
	}
	return false;
}

/* What the SMMU reads from memory is there before it is told (it snoops: COHACC). */
static void publish(void)
{
	dsb(ishst);
}

/* Queue commands, then a CMD_SYNC, and wait until the SMMU has consumed them all. */
static bool cmd_issue(struct smmu *s, uint64_t (*cmds)[SMMU_CMD_DWORDS], unsigned n)
{
	uint32_t mask = (2u << s->cmdq_log2) - 1, size = 1u << s->cmdq_log2;
	bool ok = true;

	spin_lock(&s->lock);
	for (unsigned i = 0; i <= n && ok; i++) {
		uint64_t *slot;

		/* Full: prod and cons at the same index, wrap bits apart. */
		for (unsigned spin = 0; ((s->cmdq_prod ^ rd32(s, CMDQ_CONS)) & mask) == size; spin++) {
			if (spin == POLL_LIMIT || CMDQ_CONS_ERR(rd32(s, CMDQ_CONS))) {
				ok = false;
				break;
			}
		}
		if (!ok) {
			break;
		}
		slot = s->cmdq + (s->cmdq_prod & (size - 1)) * SMMU_CMD_DWORDS;
		if (i < n) {
			memcpy(slot, cmds[i], SMMU_CMD_DWORDS * 8);
		} else {
			smmu_cmd_sync(slot);
		}
		publish();
		s->cmdq_prod = (s->cmdq_prod + 1) & mask;
		wr32(s, CMDQ_PROD, s->cmdq_prod);
	}
	ok = ok && poll(s, CMDQ_CONS, mask, s->cmdq_prod);
	spin_unlock(&s->lock);
	if (!ok) {
		log_info("SMMU %s: command queue stuck (CMDQ_CONS 0x%x, GERROR 0x%x)", s->cfg->path,
			 rd32(s, CMDQ_CONS), rd32(s, GERROR));
	}
	return ok;
}

/* Simple bump allocation from the RAM taken at boot; zeroed, aligned to its size class. */
struct arena {
	uint64_t next, end;
};

static void *take(struct arena *a, uint64_t size)
{
	uint64_t align = size < 64 ? 64 : size > PAGE_SIZE ? PAGE_SIZE : size;
	uint64_t at = ALIGN_UP(a->next, align);

	/* Tables must be aligned to their own size (a linear stream table, level 1). */
	if (size > PAGE_SIZE && (size & (size - 1)) == 0) {
		at = ALIGN_UP(a->next, size);
	}
	if (at + size > a->end) {
		return NULL;
	}
	a->next = at + size;
	memset((void *)(uintptr_t)at, 0, size);
	return (void *)(uintptr_t)at;
}

/* The STE of a stream ID, allocating its level-2 table if need be (NULL: out of memory). */
static uint64_t *ste_of(struct smmu *s, uint32_t sid, struct arena *a)
{
	if (!s->two_level) {
		return s->strtab + (uint64_t)sid * SMMU_STE_DWORDS;
	}
	uint64_t *l1 = &s->strtab[sid >> SMMU_STRTAB_SPLIT];
	unsigned idx = sid & ((1u << SMMU_STRTAB_SPLIT) - 1);

	if (!*l1) {
		uint64_t *l2 = a ? take(a, (SMMU_STE_DWORDS * 8) << SMMU_STRTAB_SPLIT) : NULL;

		if (!l2) {
			return NULL;
		}
		publish();
		*l1 = smmu_l1_desc((uint64_t)(uintptr_t)l2);
		publish();
	}
	return (uint64_t *)(uintptr_t)(*l1 & 0x000fffffffffffc0ULL) + idx * SMMU_STE_DWORDS;
}

/* Write an STE so the SMMU never sees half of it: dwords 1-7, then dword 0. */
static void ste_write(const struct smmu *s, uint64_t *dst, const uint64_t *src)
{
	for (unsigned i = 1; i < SMMU_STE_DWORDS; i++) {
		dst[i] = src[i];
	}
	publish();
	dst[0] = src[0];
	publish();
}

/* Every stream of VM i on this SMMU: translated (on) or aborted. */
static bool set_vm_streams(struct smmu *s, unsigned i, bool on, struct arena *a)
{
	const struct cfg_vm *vm = &plan->vm[i];
	uint64_t ste[SMMU_STE_DWORDS];

	if (on) {
		smmu_ste_translate(ste, &s->ctx[i], s->cd_pa[i], s->oas);
	} else {
		smmu_ste_abort(ste);
	}
	for (unsigned k = 0; k < vm->nr_streams; k++) {
		const struct cfg_stream *st = &vm->stream[k];

		if (&plan->hw.smmu[st->smmu] != s->cfg) {
			continue;
		}
		for (uint32_t sid = st->sid; sid - st->sid < st->count; sid++) {
			uint64_t *e = ste_of(s, sid, a);

			if (!e) {
				log_info("SMMU %s: out of memory for the stream table (stream 0x%x)",
					 s->cfg->path, sid);
				return false;
			}
			ste_write(s, e, ste);
		}
	}
	return true;
}

/* Commands that make the SMMU forget its cached STEs and translations. */
static bool forget_all(struct smmu *s)
{
	uint64_t cmds[2][SMMU_CMD_DWORDS];

	smmu_cmd_cfgi_all(cmds[0]);
	smmu_cmd_tlbi_nsnh_all(cmds[1]);
	return cmd_issue(s, cmds, 2);
}

static unsigned oas_bits(unsigned code)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52, 52 };

	return bits[code & 7];
}

/* Bytes of stream table: linear for every stream ID, or level 1 of a two-level one. */
static uint64_t strtab_bytes(const struct smmu *s)
{
	if (s->two_level) {
		uint64_t l1 = 8ULL << (s->sid_bits - SMMU_STRTAB_SPLIT);

		return l1 < 64 ? 64 : l1;
	}
	return (SMMU_STE_DWORDS * 8ULL) << s->sid_bits;
}

/* Bytes of level-2 tables the plan's streams need (two-level), and the rest. */
static uint64_t arena_bytes(const struct smmu *s)
{
	uint64_t total = strtab_bytes(s) + (16ULL << s->cmdq_log2) + (32ULL << s->evtq_log2) +
			 64ULL * CFG_MAX_VMS + 4 * PAGE_SIZE;
	uint32_t last_l1 = ~0u;

	for (unsigned i = 0; s->two_level && i < plan->nr_vms; i++) {
		for (unsigned k = 0; k < plan->vm[i].nr_streams; k++) {
			const struct cfg_stream *st = &plan->vm[i].stream[k];

			for (uint32_t l1 = st->sid >> SMMU_STRTAB_SPLIT;
			     &plan->hw.smmu[st->smmu] == s->cfg &&
			     l1 <= (st->sid + st->count - 1) >> SMMU_STRTAB_SPLIT; l1++) {
				if (l1 != last_l1) {
					total += (SMMU_STE_DWORDS * 8ULL) << SMMU_STRTAB_SPLIT;
					last_l1 = l1;
				}
			}
		}
	}
	return ALIGN_UP(total, 2 * MiB);
}

static bool probe(struct smmu *s)
{
	uint32_t idr0 = rd32(s, IDR0), idr1 = rd32(s, IDR1), idr5 = rd32(s, IDR5);
	const char *why = NULL;

	if (!(idr0 & (IDR0_S1P | IDR0_S2P))) {
		why = "it translates at neither stage";
	} else if (!(idr0 & IDR0_TTF_AA64) || !(idr5 & IDR5_GRAN4K)) {
		why = "it walks no AArch64 tables with 4 KiB pages";
	} else if (!(idr0 & IDR0_COHACC)) {
		why = "it does not snoop the CPUs' caches (COHACC = 0), and Tessera keeps its tables cacheable";
	}
	s->sid_bits = IDR1_SIDSIZE(idr1);
	s->oas = oas_bits(IDR5_OAS(idr5));
	s->two_level = (idr0 & IDR0_ST_LEVEL_2) && s->sid_bits > SMMU_STRTAB_SPLIT;
	s->cmdq_log2 = IDR1_CMDQS(idr1) < CMDQ_LOG2 ? IDR1_CMDQS(idr1) : CMDQ_LOG2;
	s->evtq_log2 = IDR1_EVENTQS(idr1) < EVTQ_LOG2 ? IDR1_EVENTQS(idr1) : EVTQ_LOG2;
	if (!why && !s->two_level && s->sid_bits > 16) {
		why = "a linear stream table for its stream IDs would not fit";
	}
	for (unsigned i = 0; !why && i < plan->nr_vms; i++) {
		for (unsigned k = 0; k < plan->vm[i].nr_streams; k++) {
			const struct cfg_stream *st = &plan->vm[i].stream[k];

			if (&plan->hw.smmu[st->smmu] == s->cfg && s->sid_bits < 32 &&
			    (uint64_t)st->sid + st->count > (1ULL << s->sid_bits)) {
				why = "a stream ID of the plan is beyond its SIDSIZE";
			}
		}
	}
	if (why) {
		log_info("SMMU %s: %s (IDR0 0x%x, IDR1 0x%x, IDR5 0x%x)", s->cfg->path, why, idr0,
			 idr1, idr5);
		return false;
	}
	/* Off, and aborting what comes while it is off (GBPA), before anything changes. */
	wr32(s, CR0, 0);
	wr32(s, GBPA, GBPA_ABORT | GBPA_UPDATE);
	if (!poll(s, CR0ACK, ~0u, 0) || !poll(s, GBPA, GBPA_UPDATE, 0)) {
		log_info("SMMU %s: does not acknowledge being turned off", s->cfg->path);
		return false;
	}
	return true;
}

static bool enable(struct smmu *s, uint32_t cr0)
{
	wr32(s, CR0, cr0);
	return poll(s, CR0ACK, ~0u, cr0);
}

static int bring_up(struct smmu *s, struct ram_map *ram, struct pt_pool *pool, uint64_t mpidr)
{
	struct arena a;
	uint64_t pa, size;

	if (!probe(s)) {
		return -1;
	}
	size = arena_bytes(s);
	if (ram_alloc(ram, size, 2 * MiB, &pa)) {
		log_info("SMMU %s: no room in host RAM for its tables (%llu MiB)", s->cfg->path,
			 (unsigned long long)(size / MiB));
		return -1;
	}
	a = (struct arena){ pa, pa + size };
	s->strtab = take(&a, strtab_bytes(s));
	s->cmdq = take(&a, 16ULL << s->cmdq_log2);
	s->evtq = take(&a, 32ULL << s->evtq_log2);
	publish();

	/* A context per VM with streams here; every other stream stays invalid (aborts, reported). */
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		bool here = false;

		for (unsigned k = 0; k < plan->vm[i].nr_streams; k++) {
			here |= &plan->hw.smmu[plan->vm[i].stream[k].smmu] == s->cfg;
		}
		if (!here) {
			continue;
		}
		/* Stage 2 where the SMMU has it: the VM's own tables, nothing to copy. */
		if (dma_vm_ctx(&vm_of_index[i], rd32(s, IDR0) & IDR0_S2P, pool, &s->ctx[i])) {
			return -1;
		}
		if (!s->ctx[i].stage2) {
			uint64_t *cd = take(&a, SMMU_CD_DWORDS * 8);

			smmu_cd(cd, &s->ctx[i], s->oas);
			publish();
			s->cd_pa[i] = (uint64_t)(uintptr_t)cd;
		}
		if (!set_vm_streams(s, i, true, &a)) {
			return -1;
		}
	}

	wr64(s, STRTAB_BASE, BASE_ALLOC | (uint64_t)(uintptr_t)s->strtab);
	wr32(s, STRTAB_BASE_CFG, s->two_level ? (1u << 16 | SMMU_STRTAB_SPLIT << 6 | s->sid_bits)
					      : s->sid_bits);
	wr64(s, CMDQ_BASE, BASE_ALLOC | (uint64_t)(uintptr_t)s->cmdq | s->cmdq_log2);
	wr32(s, CMDQ_PROD, 0);
	wr32(s, CMDQ_CONS, 0);
	wr64(s, EVENTQ_BASE, BASE_ALLOC | (uint64_t)(uintptr_t)s->evtq | s->evtq_log2);
	wr32(s, EVENTQ_PROD, 0);
	wr32(s, EVENTQ_CONS, 0);
	wr32(s, CR1, CR1_COHERENT);
	wr32(s, CR2, CR2_RECINVSID | CR2_PTM);
	if (!enable(s, CR0_CMDQEN) || !forget_all(s)) {
		return -1;
	}
	wr32(s, IRQ_CTRL, IRQ_CTRL_EVENTQ | (s->cfg->gerror_intid ? IRQ_CTRL_GERROR : 0));
	if (!poll(s, IRQ_CTRLACK, ~0u, rd32(s, IRQ_CTRL)) ||
	    !enable(s, CR0_CMDQEN | CR0_EVENTQEN) ||
	    !enable(s, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN)) {
		log_info("SMMU %s: does not acknowledge being turned on", s->cfg->path);
		return -1;
	}
	/* Its interrupts are edges (a pulse per event batch), taken by one CPU. */
	for (unsigned k = 0; k < 2; k++) {
		uint32_t intid = k ? s->cfg->gerror_intid : s->cfg->evtq_intid;

		if (intid) {
			gic_spi_edge(intid);
			gic_spi_route(intid, mpidr);
			gic_irq_enable(intid, 0, true);
		}
	}
	return 0;
}

int iommu_init(const struct cfg_plan *p, struct vm *vms, struct ram_map *ram,
	       struct pt_pool *pool, uint64_t irq_mpidr)
{
	plan = p;
	vm_of_index = vms;
	for (unsigned i = 0; i < p->hw.nr_smmu; i++) {
		struct smmu *s = &smmus[nr_smmus];
		unsigned streams = 0, vms_here = 0;

		s->cfg = &p->hw.smmu[i];
		s->base = (uintptr_t)s->cfg->reg.base;
		if (bring_up(s, ram, pool, irq_mpidr)) {
			return -1;
		}
		nr_smmus++;
		for (unsigned v = 0; v < p->nr_vms; v++) {
			unsigned before = streams;

			for (unsigned k = 0; k < p->vm[v].nr_streams; k++) {
				streams += p->vm[v].stream[k].smmu == i ? p->vm[v].stream[k].count : 0;
			}
			vms_here += streams != before;
		}
		log_info("SMMU %s: %u stream(s) of %u VM(s) confined to their memory (stage %u, %s stream table); every other stream aborts",
			 s->cfg->path, streams, vms_here, rd32(s, IDR0) & IDR0_S2P ? 2 : 1,
			 s->two_level ? "two-level" : "linear");
	}
	return 0;
}

static void set_streams_everywhere(struct vm *vm, bool on)
{
	bool ok = true;

	if (!vm->cfg->nr_streams || !nr_smmus) {
		return;
	}
	for (unsigned i = 0; i < nr_smmus; i++) {
		ok &= set_vm_streams(&smmus[i], vm->id, on, NULL) && forget_all(&smmus[i]);
	}
	/* In the VM's own buffer: in order with its "restarting" and "restarted". */
	log_vm(vm, "vm '%s': DMA of its devices %s%s", vm->label,
	       on ? "goes through the SMMU again" : "stopped at the SMMU",
	       ok ? "" : " (the SMMU did not confirm: see above)");
}

void iommu_vm_quiesce(struct vm *vm)
{
	set_streams_everywhere(vm, false);
}

void iommu_vm_resume(struct vm *vm)
{
	set_streams_everywhere(vm, true);
}

/* The VM a stream belongs to, or -1. */
static int owner(const struct smmu *s, uint32_t sid)
{
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		for (unsigned k = 0; k < plan->vm[i].nr_streams; k++) {
			const struct cfg_stream *st = &plan->vm[i].stream[k];

			if (&plan->hw.smmu[st->smmu] == s->cfg && sid - st->sid < st->count) {
				return (int)i;
			}
		}
	}
	return -1;
}

/*
 * Print a fault? The first of a burst (a second without any before it),
 * with the count so far; within a burst only the 10th, 100th... (the rule
 * of every guest-triggered report, report_due()): a device made to fault
 * in a loop gets a line when it starts and then ever fewer. A VM's lines
 * go into its own console buffer, and its count into its summary.
 */
static void report(const struct smmu *s, const struct smmu_event *e, int vm, uint64_t n)
{
	const char *what = smmu_event_name(e->type);
	char type[16];

	if (!what) {
		type[0] = '\0';
		what = type;
		for (unsigned i = 0, v = e->type; i < 2; i++, v <<= 4) {
			type[i] = "0123456789abcdef"[(v >> 4) & 0xf];
		}
		type[2] = '\0';
	}
	if (vm >= 0) {
		log_vm(&vm_of_index[vm],
		       "vm '%s': DMA blocked by SMMU %s: stream 0x%x %s 0x%llx (%s%s); %llu so far",
		       plan->vm[vm].label, s->cfg->path, e->sid, e->read ? "read at" : "write to",
		       (unsigned long long)e->addr, e->addr ? "" : "no address: ", what,
		       (unsigned long long)n);
	} else {
		log_info("SMMU %s: DMA from stream 0x%x, which no VM has, blocked (%s); %llu so far",
			 s->cfg->path, e->sid, what, (unsigned long long)n);
	}
}

/* Drain the event queue: count every event, print the first of each burst (see above). */
static void events(struct smmu *s)
{
	uint64_t now = arch_counter(), quiet = arch_counter_freq();

	uint32_t size = 1u << s->evtq_log2, mask = (2u << s->evtq_log2) - 1;
	uint32_t prod = rd32(s, EVENTQ_PROD), cons = rd32(s, EVENTQ_CONS);

	while (((prod ^ cons) & mask) != 0) {
		const uint64_t *rec = s->evtq + (cons & (size - 1)) * SMMU_EVT_DWORDS;
		struct smmu_event e;
		int vm;
		unsigned slot;
		uint64_t n;

		smmu_event_decode(rec, &e);
		vm = owner(s, e.sid);
		slot = vm >= 0 ? (unsigned)vm : CFG_MAX_VMS;
		n = vm >= 0 ? vm_report_count(&vm_of_index[vm], VM_REPORT_SMMU) : ++orphan_faults;
		if (report_due(n) || now - last_fault[slot] > quiet) {
			report(s, &e, vm, n);
		}
		last_fault[slot] = now;
		cons = (cons & ~mask) | ((cons + 1) & mask);
		if (((prod ^ cons) & mask) == 0) {
			prod = rd32(s, EVENTQ_PROD);
		}
	}
	if ((prod ^ cons) & Q_OVF) {
		log_info("SMMU %s: event queue overflowed: some DMA faults were not counted",
			 s->cfg->path);
		cons ^= Q_OVF;  /* acknowledged */
	}
	wr32(s, EVENTQ_CONS, cons);
}

static void global_errors(struct smmu *s)
{
	uint32_t active = rd32(s, GERROR) ^ rd32(s, GERRORN);

	if (active) {
		log_info("SMMU %s: global error 0x%x (CMDQ_CONS 0x%x)", s->cfg->path, active,
			 rd32(s, CMDQ_CONS));
		wr32(s, GERRORN, rd32(s, GERROR));
	}
}

bool iommu_irq(uint32_t intid)
{
	for (unsigned i = 0; i < nr_smmus; i++) {
		struct smmu *s = &smmus[i];

		if (intid == s->cfg->evtq_intid) {
			events(s);
			return true;
		}
		if (intid == s->cfg->gerror_intid) {
			global_errors(s);
			return true;
		}
	}
	return false;
}
