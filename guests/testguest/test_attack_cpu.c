// SPDX-License-Identifier: Apache-2.0
/*
 * The attacks of test=attack on the CPU's own state (docs/isolation.md):
 * EL2/EL3 system registers and instructions, the registers Tessera traps,
 * SGI registers, exception returns to higher levels, stage-1 translation
 * aimed outside its memory, cache maintenance, self-hosted debug, the PMU,
 * timer interrupt storms and WFE/WFI/YIELD loops. The instructions are
 * arch/<arch>/attack.c's; the judging is here and arch-neutral. Each
 * returns whether the attack was contained and says how in `how`.
 */
#include "attack.h"

/* Long-descriptor translation table entries (arm64 4 KiB granule = arm32 LPAE). */
#define PTE_TABLE 3ull
#define PTE_BLOCK 1ull
#define PTE_AF (1ull << 10)
#define PTE_ATTR(i) ((uint64_t)(i) << 2) /* MAIR index: arch_mmu_on() sets 0 and 1 */
#define PTE_XN (3ull << 53)		 /* arm64 UXN+PXN, arm32 XN+PXN */
#define ATTR_DEVICE 0u
#define ATTR_NORMAL 1u
#define PT_ENTRIES 512u
#define RAM_IPA 0x40000000ull
#define GIB 0x40000000ull
#define BLOCK_2M 0x200000ull
#define S1_VA 0x80000000u /* level-1 entry 2: the window its stage 1 aims elsewhere */
#define S1_TARGET_OFFSET (VICTIM_BUF_IPA - RAM_IPA)
#define S1_WALK_OFFSET (S1_TARGET_OFFSET + BLOCK_2M)

#define SETTLE_DIV 20u /* 50 ms */
#define LOOP_DIV 4u    /* each WFx loop: at most 250 ms */
#define STORM_DIV 2u   /* each timer storm: 500 ms */
#define SEV_WFE_MAX 200000u
#define WFI_MAX 20000u
#define WFE_MAX 200u
#define YIELD_MAX 100000u
#define WFX_SGI 3u
#define CANARY_WORDS 1024u
#define DEBUG_ROUNDS 50u
#define PMU_HVCS 100u
#define WATCH_ALL_MASK 31u /* 2 GiB from 0: all RAM and devices below 0x80000000 */
#define CNT_CTL_ENABLE 1u

static void settle(void)
{
	uint64_t end = counter_now() + tg_counter_freq() / SETTLE_DIV;

	while (counter_now() < end) {
		cpu_relax();
	}
}

static uint64_t ms_since(uint64_t t0)
{
	return (counter_now() - t0) * 1000u / tg_counter_freq();
}

/*
 * One register probe (attack.h): whether it was contained and a few words
 * on what happened. A NO_EFFECT write that stuck is undone.
 */
static bool probe(const struct reg_probe *p, const char **what, uint64_t *seen)
{
	bool rd_undef = true, wr_undef = true;
	uint64_t before = 0, after = 0;

	if (p->read != NULL) {
		attack_arm();
		before = p->read();
		rd_undef = attack_disarm();
	}
	if (p->write != NULL) {
		attack_arm();
		p->write(p->kind == REG_NO_EFFECT ? before ^ p->value : p->value);
		wr_undef = attack_disarm();
	}
	if (p->read != NULL && !rd_undef && p->write != NULL && !wr_undef) {
		attack_arm();
		after = p->read();
		(void)attack_disarm();
	}
	*seen = rd_undef ? 0 : before;
	switch (p->kind) {
	case REG_UNDEF:
		*what = !rd_undef ? "readable" : !wr_undef ? "writable" : "undefined";
		return rd_undef && wr_undef;
	case REG_NO_EFFECT:
		if (wr_undef) {
			*what = rd_undef ? "undefined" : "write undefined";
			return true;
		}
		if (rd_undef) {
			*what = "write accepted, unreadable";
			return false;
		}
		if (after != before) {
			p->write(before);
			*seen = after;
			*what = "write took effect";
			return false;
		}
		*what = "write ignored";
		return true;
	default:
		*what = wr_undef ? "undefined" : "accepted";
		return true;
	}
}

/* Every probe of a list; names each with its outcome when list_all, else counts. */
static bool probe_all(const struct reg_probes *ps, bool list_all, char *how, size_t size)
{
	unsigned int ok = 0;
	const char *bad = NULL, *bad_what = NULL;
	uint64_t bad_seen = 0;

	for (unsigned int i = 0; i < ps->n; i++) {
		const char *what;
		uint64_t seen;
		bool good = probe(&ps->p[i], &what, &seen);

		ok += good;
		if (!good && bad == NULL) {
			bad = ps->p[i].name;
			bad_what = what;
			bad_seen = seen;
		}
		if (list_all) {
			ATTACK_ADD(how, size, "%s%s %s", i ? ", " : "", ps->p[i].name, what);
		}
	}
	if (!list_all) {
		ATTACK_ADD(how, size, "%u of %u undefined or without effect", ok, ps->n);
	}
	if (bad != NULL) {
		ATTACK_ADD(how, size, "; %s %s (0x%jx)", bad, bad_what, bad_seen);
	}
	return ok == ps->n;
}

bool attack_el2_regs(char *how, size_t size)
{
	const struct reg_probe *p = arch_el2_regs.p;

	ATTACK_ADD(how, size, "%u EL2/EL3 registers and instructions (%s, %s, ..., %s) at EL1: ",
		   arch_el2_regs.n, p[0].name, p[1].name, p[arch_el2_regs.n - 1].name);
	return probe_all(&arch_el2_regs, false, how, size);
}

bool attack_trapped_regs(char *how, size_t size)
{
	return probe_all(&arch_trapped_regs, true, how, size);
}

/* Group-0 and alias SGIs broadcast or aimed at CPU 1: none may come back to it. */
bool attack_sgi_regs(char *how, size_t size)
{
	uint32_t before = sgi_counter_total();

	irq_enable();
	bool ok = probe_all(&arch_sgi_regs, true, how, size);
	settle();
	irq_disable();
	uint32_t got = sgi_counter_total() - before;

	ATTACK_ADD(how, size, "; %u SGIs came back to it", got);
	return ok && got == 0;
}

bool attack_mode_escape(char *how, size_t size)
{
	return arch_mode_escape(how, size) == 0;
}

static uint64_t l1[PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2[PT_ENTRIES] __attribute__((aligned(4096)));
static volatile uint32_t marker = 0x600dcafeu;

/*
 * Identity for devices (0-1 GiB) and its RAM (1-2 GiB, a 1 GiB block: the
 * IPAs past its own memory are stage 2's to refuse), and at S1_VA a 2 MiB
 * block onto target, then one onto its own RAM again (proof that the MMU
 * is on).
 */
static void s1_tables(uint64_t target)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		l1[i] = 0;
		l2[i] = 0;
	}
	l1[0] = 0 | PTE_BLOCK | PTE_AF | PTE_ATTR(ATTR_DEVICE) | PTE_XN;
	l1[1] = GIB | PTE_BLOCK | PTE_AF | PTE_ATTR(ATTR_NORMAL);
	l1[2] = (uintptr_t)l2 | PTE_TABLE;
	l2[0] = target | PTE_BLOCK | PTE_AF | PTE_ATTR(ATTR_NORMAL) | PTE_XN;
	l2[1] = RAM_IPA | PTE_BLOCK | PTE_AF | PTE_ATTR(ATTR_NORMAL) | PTE_XN;
	__asm__ volatile("dsb sy" ::: "memory");
}

/* A load or store at va that must take a data abort reporting va. */
static bool aborts(uintptr_t va, bool write)
{
	attack_arm();
	if (write) {
		mmio_write32(va, 0);
	} else {
		(void)mmio_read32(va);
	}
	bool f = attack_disarm();

	return f && tg_fault.data_abort && tg_fault.far == va;
}

bool attack_stage1_map(char *how, size_t size)
{
	uint64_t target = attack_victim + S1_TARGET_OFFSET;

	s1_tables(target);
	arch_mmu_on((uintptr_t)l1, 0);
	uint32_t alias = mmio_read32(S1_VA + BLOCK_2M + ((uintptr_t)&marker - RAM_IPA));
	bool rd = aborts(S1_VA, false);
	bool wr = aborts(S1_VA, true);
	arch_mmu_off();

	ATTACK_ADD(how, size,
		   "its stage 1 maps VA 0x%x to IPA 0x%jx: read %s, write %s; its own "
		   "RAM through VA 0x%x reads %s",
		   S1_VA, target, rd ? "aborted" : "went through", wr ? "aborted" : "went through",
		   (unsigned int)(S1_VA + BLOCK_2M), alias == marker ? "fine" : "wrong");
	return rd && wr && alias == marker;
}

bool attack_stage1_walk(char *how, size_t size)
{
	uint64_t walk = attack_victim + S1_WALK_OFFSET;

	s1_tables(attack_victim + S1_TARGET_OFFSET);
	arch_mmu_on((uintptr_t)l1, walk);
	bool rd = aborts(arch_ttbr1_va, false);
	arch_mmu_off();

	ATTACK_ADD(how, size,
		   "TTBR1 = IPA 0x%jx (in the victim's host memory): a load from VA 0x%jx "
		   "%s",
		   walk, (uint64_t)arch_ttbr1_va, rd ? "took a data abort" : "did not abort");
	return rd;
}

/* Cache maintenance (and DC ZVA, a store) through the stage-1 window onto the victim. */
bool attack_cache_by_va(char *how, size_t size)
{
	uint64_t target = attack_victim + S1_TARGET_OFFSET;
	bool ok = true;

	s1_tables(target);
	ATTACK_ADD(how, size, "VA 0x%x -> IPA 0x%jx:", S1_VA, target);
	arch_mmu_on((uintptr_t)l1, 0);
	for (unsigned int i = 0; i < arch_cache_va_ops.n; i++) {
		const struct addr_op *o = &arch_cache_va_ops.p[i];

		attack_arm();
		o->op(S1_VA);
		bool f = attack_disarm();
		bool aborted = f && tg_fault.data_abort;

		/* Maintenance may be a no-op; a store must abort. */
		ok = ok && (aborted || (!f && !o->must_abort));
		ATTACK_ADD(how, size, " %s %s", o->name,
			   aborted ? "aborted"
			   : f	   ? "faulted"
				   : "no-op");
	}
	arch_mmu_off();
	return ok;
}

static uint32_t canary[CANARY_WORDS];

static uint32_t canary_word(unsigned int i)
{
	return i * 0x01000193u ^ 0xc0ffee11u;
}

bool attack_set_way(char *how, size_t size)
{
	unsigned int bad = 0;

	for (unsigned int i = 0; i < CANARY_WORDS; i++) {
		canary[i] = canary_word(i);
	}
	__asm__ volatile("dsb sy" ::: "memory");
	uint64_t t0 = counter_now();
	unsigned int n = arch_set_way_all();

	arch_broadcast_maintenance();
	for (unsigned int i = 0; i < CANARY_WORDS; i++) {
		bad += canary[i] != canary_word(i);
	}
	ATTACK_ADD(how, size,
		   "%u set/way ops (invalidate, clean+invalidate, clean) in %ju ms, "
		   "I-cache/TLB broadcasts: its own data intact (%u bad words)",
		   n, ms_since(t0), bad);
	return bad == 0;
}

static volatile uint64_t watched __attribute__((aligned(8)));

bool attack_debug(char *how, size_t size)
{
	bool answers = true;

	/* The controls, at EL1 (PL1): the debug logic is live. */
	arch_debug_on();
	arch_watch(1, (uintptr_t)&watched, 0, false);
	attack_arm();
	mmio_write32((uintptr_t)&watched, 1);
	const char *wp = attack_disarm() ? arch_fault_kind() : "nothing";
	arch_break(1, (uintptr_t)arch_bp_target, false);
	attack_arm();
	arch_bp_target();
	const char *bp = attack_disarm() ? arch_fault_kind() : "nothing";
	arch_debug_off();

	/* The attack: everything Tessera touches, at EL2 only. */
	arch_debug_on();
	arch_watch(0, 0, WATCH_ALL_MASK, true);
	arch_break(0, (uintptr_t)attack_hyp, true);
	attack_arm();
	for (unsigned int i = 0; i < DEBUG_ROUNDS; i++) {
		answers = answers && hvc_call(PSCI_VERSION, 0, 0, 0) == PSCI_VERSION_1_1;
		answers = answers && mmio_read32(tg_hw.gicd + GICD_IIDR) != 0;
	}
	bool hit = attack_disarm();
	const char *kind = hit ? arch_fault_kind() : "";
	arch_debug_off();

	ATTACK_ADD(how, size,
		   "EL2-only watchpoint on 0-2 GiB, breakpoint at 0x%jx: %u HVCs and "
		   "trapped GICD reads raised %s%s; the same at EL1: watchpoint -> %s, "
		   "breakpoint -> %s",
		   attack_hyp, DEBUG_ROUNDS, hit ? "a " : "nothing", kind, wp, bp);
	return !hit && answers;
}

/*
 * The PMU is the CPU's, and the CPU is this VM's (MDCR_EL2 hands every
 * counter to the guest, for make bench): it may count what EL2 does on its
 * behalf and reset its counters, and nothing of another CPU.
 */
bool attack_pmu(char *how, size_t size)
{
	bool answers = true;

	arch_pmu_cycles_on(true);
	uint64_t c0 = arch_pmu_cycles();
	for (unsigned int i = 0; i < PMU_HVCS; i++) {
		answers = answers && hvc_call(PSCI_VERSION, 0, 0, 0) == PSCI_VERSION_1_1;
	}
	uint64_t c1 = arch_pmu_cycles();

	arch_pmu_reset_all();
	uint64_t c2 = arch_pmu_cycles();
	arch_pmu_cycles_on(false);

	ATTACK_ADD(how, size,
		   "its own CPU's PMU: EL2-only cycle count over %u of its HVCs %ju (by "
		   "design); PMCR.P|C reset it (%ju -> %ju); the victim checks its own",
		   PMU_HVCS, c1 - c0, c1, c2);
	return answers;
}

/* Timer interrupts as fast as the timer can fire, re-armed to 1 tick from each handler. */
static volatile uint32_t storm_hits;
static uint64_t storm_end;

static void ptimer_storm(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	storm_hits = storm_hits + 1;
	if (counter_now() >= storm_end) {
		cntp_ctl_write(0);
	} else {
		cntp_tval_write(1);
	}
	__asm__ volatile("isb" ::: "memory");
}

static void vtimer_storm(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	storm_hits = storm_hits + 1;
	if (counter_now() >= storm_end) {
		cntv_ctl_write(0);
	} else {
		cntv_tval_write(1);
	}
	__asm__ volatile("isb" ::: "memory");
}

/* Returns the interrupts taken; *after: those taken once the handler had stopped it. */
static uint32_t storm(unsigned int ppi, gic_handler_t h, uint32_t *after)
{
	uint64_t freq = tg_counter_freq();

	storm_hits = 0;
	gic_set_handler(ppi, h);
	gic_enable(ppi, true);
	storm_end = counter_now() + freq / STORM_DIV;
	if (ppi == PPI_PTIMER) {
		cntp_tval_write(1);
		cntp_ctl_write(CNT_CTL_ENABLE);
	} else {
		cntv_tval_write(1);
		cntv_ctl_write(CNT_CTL_ENABLE);
	}
	irq_enable();
	while (counter_now() < storm_end) {
		cpu_relax();
	}
	settle();
	uint32_t n = storm_hits;
	settle();
	irq_disable();
	*after = storm_hits - n;
	cntp_ctl_write(0);
	cntv_ctl_write(0);
	gic_enable(ppi, false);
	gic_set_handler(ppi, NULL);
	return n;
}

bool attack_timer_storm(char *how, size_t size)
{
	uint32_t p_after, v_after;
	uint32_t p = storm(PPI_PTIMER, ptimer_storm, &p_after);
	uint32_t v = storm(PPI_VTIMER, vtimer_storm, &v_after);

	ATTACK_ADD(how, size,
		   "physical and virtual timer at TVAL=1 for 500 ms each: %u and %u "
		   "interrupts, %u and %u more once stopped",
		   p, v, p_after, v_after);
	return p > 0 && v > 0 && p_after == 0 && v_after == 0;
}

bool attack_wfx(char *how, size_t size)
{
	uint64_t freq = tg_counter_freq();
	unsigned int n1 = 0, n2 = 0, n3 = 0, n4 = 0;
	uint64_t t0 = counter_now(), end = t0 + freq / LOOP_DIV;

	/* Trapped WFE after SEV (no wait at all), as fast as it goes. */
	while (n1 < SEV_WFE_MAX && counter_now() < end) {
		__asm__ volatile("sev\n wfe" ::: "memory");
		n1++;
	}
	uint64_t ms1 = ms_since(t0);

	/* Trapped WFI with an SGI pending but masked: each one returns at once. */
	uint32_t before = sgi_counter_total();
	gic_send_sgi_self(WFX_SGI);
	t0 = counter_now();
	end = t0 + freq / LOOP_DIV;
	while (n2 < WFI_MAX && counter_now() < end) {
		__asm__ volatile("dsb sy\n wfi" ::: "memory");
		n2++;
	}
	uint64_t ms2 = ms_since(t0);
	irq_enable();
	settle();
	irq_disable();
	uint32_t sgis = sgi_counter_total() - before;

	/* WFE with only the event stream to wake it, and YIELD (not trapped). */
	t0 = counter_now();
	end = t0 + freq / LOOP_DIV;
	while (n3 < WFE_MAX && counter_now() < end) {
		cpu_wfe();
		n3++;
	}
	uint64_t ms3 = ms_since(t0);
	t0 = counter_now();
	while (n4 < YIELD_MAX) {
		cpu_relax();
		n4++;
	}
	uint64_t ms4 = ms_since(t0);

	ATTACK_ADD(how, size,
		   "%u sev+wfe (%ju ms), %u wfi with a masked SGI pending (%ju ms), %u "
		   "bare wfe (%ju ms), %u yield (%ju ms): each returned; the SGI then "
		   "taken %u time(s)",
		   n1, ms1, n2, ms2, n3, ms3, n4, ms4, sgis);
	return sgis == 1;
}
