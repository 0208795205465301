// SPDX-License-Identifier: Apache-2.0
/*
 * test=attack [victim=0x7e000000] [self=0x7f000000] [hyp=0x40200000]: the
 * isolation catalogue (docs/isolation.md). A one-vCPU VM beside test=victim
 * runs every attack below in turn; each prints exactly one line
 *   attack <n> <name>: contained (<how>)   or   attack <n> <name>: NOT CONTAINED (<what>)
 * and a PASS or FAIL line, judged by what the attacker can observe (an abort
 * taken and its address, what a read returned, a PSCI error code, an SGI
 * that never came back); after each, Tessera must still answer
 * PSCI_VERSION. What only the victim can see (its memory checksum, its
 * ticks, the SGIs that reach it, its PMU) the victim reports, and Tessera's
 * own report lines the scenario checks. The last step is PSCI SYSTEM_OFF
 * over a raw SMC: Tessera must stop this VM only.
 *
 * The addresses are where the victim and this VM live in host RAM and
 * where Tessera is loaded, as Tessera prints them at boot: if stage 2 were
 * broken, these IPAs would reach them. This file holds the attacks on
 * memory, devices, the GIC, PSCI and SMCCC; test_attack_cpu.c those on
 * the CPU's own state; arch/<arch>/attack.c the instructions that differ.
 */
#include "attack.h"

#define DEFAULT_VICTIM_HOST 0x7e000000ull
#define DEFAULT_SELF_HOST 0x7f000000ull
#define DEFAULT_HYP_HOST 0x40200000ull
#define HOW_MAX 210 /* what fits a 256-byte console line after "attack <n> <name>: ..." */
#define POISON 0x5a5a5a5au
#define SCAN_STEP 4u
#define ZERO_CHECK_BYTES 4096u
#define SETTLE_DIV 20u /* 50 ms */
#define STORM_SGIS 100000u
#define STORM_SECONDS 2u
#define RANDOM_IDS 64u
#define CONSOLE_INTID 33u
#define GARBAGE_SEED 0x6a7b8c9du
#define ATTACK_CONTEXT 0xa77ac4u

/* PSCI 1.1 calls beyond the basic set (DEN0022 5.1): they name CPUs, entry points, resets. */
#define PSCI_CPU_SUSPEND (PSCI_FN_NATIVE | 0x01u)
#define PSCI_MIGRATE (PSCI_FN_NATIVE | 0x05u)
#define PSCI_CPU_DEFAULT_SUSPEND (PSCI_FN_NATIVE | 0x0cu)
#define PSCI_NODE_HW_STATE (PSCI_FN_NATIVE | 0x0du)
#define PSCI_SYSTEM_SUSPEND (PSCI_FN_NATIVE | 0x0eu)
#define PSCI_STAT_RESIDENCY (PSCI_FN_NATIVE | 0x10u)
#define PSCI_STAT_COUNT (PSCI_FN_NATIVE | 0x11u)
#define PSCI_SYSTEM_RESET2 (PSCI_FN_NATIVE | 0x12u)
#define PSCI_MEM_PROTECT 0x84000013u
#define PSCI_MEM_PROTECT_CHECK (PSCI_FN_NATIVE | 0x14u)
#define PSCI_POWERDOWN_STATE (1u << 30) /* original power_state format: StateType */
#define CPU_ON_64 0xc4000003u
#define AFFINITY_INFO_64 0xc4000004u

extern char secondary_entry[];
extern char _end[];

uint64_t attack_victim, attack_self, attack_hyp;

void attack_arm(void)
{
	tg_fault.taken = false;
	tg_fault.data_abort = false;
	tg_fault.esr = 0;
	tg_fault.far = 0;
	tg_fault.expected = true;
	__asm__ volatile("dsb sy\n isb" ::: "memory");
}

bool attack_disarm(void)
{
	__asm__ volatile("dsb sy\n isb" ::: "memory");
	tg_fault.expected = false;
	tg_fault.resume_lr = false;
	return tg_fault.taken;
}

/* Can this architecture even form the address? (No 64-bit IPAs with the MMU off on arm32.) */
static bool reachable(uint64_t addr)
{
	return (uint64_t)(uintptr_t)addr == addr;
}

static void settle(void)
{
	uint64_t end = counter_now() + tg_counter_freq() / SETTLE_DIV;

	while (counter_now() < end) {
		cpu_wfe();
	}
}

/*
 * Accesses that must each end in a data abort reporting their own address.
 * The first one that does not is remembered for the report.
 */
struct tally {
	unsigned int tried, refused;
	uint64_t bad_addr, bad_far;
	bool bad_write, bad_faulted;
	unsigned long bad_val;
	const char *bad_kind;
};

static void must_abort(struct tally *t, uint64_t addr, bool write)
{
	unsigned long v = 0;

	if (!reachable(addr)) {
		return;
	}
	t->tried++;
	attack_arm();
	if (write) {
		mmio_write_ulong((uintptr_t)addr, POISON);
	} else {
		v = mmio_read_ulong((uintptr_t)addr);
	}
	bool f = attack_disarm();

	if (f && tg_fault.data_abort && tg_fault.far == addr) {
		t->refused++;
	} else if (t->tried - t->refused == 1) {
		t->bad_addr = addr;
		t->bad_write = write;
		t->bad_faulted = f;
		t->bad_far = tg_fault.far;
		t->bad_val = v;
		t->bad_kind = f ? arch_fault_kind() : "";
	}
}

static void must_abort_rw(struct tally *t, const uint64_t *addrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		must_abort(t, addrs[i], false);
		must_abort(t, addrs[i], true);
	}
}

/* "all N aborted" or what the first survivor did. */
static bool tally_verdict(const struct tally *t, char *how, size_t size)
{
	if (t->refused == t->tried) {
		ATTACK_ADD(how, size, "all %u reads and writes took a data abort at their address",
			   t->tried);
		return true;
	}
	if (t->bad_faulted) {
		ATTACK_ADD(how, size, "%u of %u aborted; %s of 0x%jx: %s at FAR 0x%jx", t->refused,
			   t->tried, t->bad_write ? "write" : "read", t->bad_addr, t->bad_kind,
			   t->bad_far);
	} else {
		ATTACK_ADD(how, size, "%u of %u aborted; %s of 0x%jx went through (read 0x%lx)",
			   t->refused, t->tried, t->bad_write ? "write" : "read", t->bad_addr,
			   t->bad_val);
	}
	return false;
}

/* Where the victim lives in host RAM (and where this VM itself does). */
static bool victim_memory(char *how, size_t size)
{
	const uint64_t a[] = { attack_victim, attack_victim + (VICTIM_BUF_IPA - 0x40000000ul),
			       attack_victim + 0xff0000u, attack_self };
	struct tally t = { 0 };

	must_abort_rw(&t, a, sizeof(a) / sizeof(a[0]));
	ATTACK_ADD(how, size,
		   "IPAs 0x%jx (victim), +0x400000 (its buffer), +0xff0000, 0x%jx (own host): ",
		   attack_victim, attack_self);
	return tally_verdict(&t, how, size);
}

/* Its own memory at the victim's buffer IPAs: none of the victim's words. */
static bool victim_data(char *how, size_t size)
{
	volatile uint32_t *p = (volatile uint32_t *)VICTIM_BUF_IPA;
	unsigned int match = 0, nonzero = 0;

	for (uintptr_t off = 0; off < VICTIM_BUF_SIZE; off += SCAN_STEP) {
		uint32_t w = p[off / 4];

		nonzero += w != 0;
		match += w == victim_word(VICTIM_BUF_IPA + off);
	}
	ATTACK_ADD(how, size,
		   "its own 0x%lx-0x%lx: %u of %lu words hold the victim's data, %u nonzero",
		   VICTIM_BUF_IPA, VICTIM_BUF_IPA + VICTIM_BUF_SIZE - 1, match, VICTIM_BUF_SIZE / 4,
		   nonzero);
	return match == 0;
}

/*
 * Tessera's image is at host 0x40200000, inside this VM's own IPA range:
 * there it must find its own (scrubbed) page, not Tessera. Tessera's
 * reservation beyond its RAM and the image pack must abort.
 */
static bool tessera_memory(char *how, size_t size)
{
	const uint64_t a[] = { 0x41000000u, 0x41ff0000u, 0x42000000u, 0x48000000u };
	volatile uint32_t *page = (volatile uint32_t *)(uintptr_t)attack_hyp;
	unsigned int nonzero = 0;
	struct tally t = { 0 };
	/* Tessera's host address may fall inside this VM's own IPA range (QEMU
	 * virt: 0x40200000): then it is its own page there; else it maps nothing. */
	bool inside = reachable(attack_hyp) && (uintptr_t)_end <= attack_hyp &&
		      attack_hyp < a[0];
	bool own = inside;

	if (inside) {
		for (unsigned int i = 0; i < ZERO_CHECK_BYTES / 4; i++) {
			nonzero += page[i] != 0;
		}
		page[0] = POISON;
		own = page[0] == POISON;
		page[0] = 0;
		ATTACK_ADD(how, size,
			   "IPA 0x%jx: its own page (%u of %u words nonzero before, writes stay "
			   "there); ",
			   attack_hyp, nonzero, ZERO_CHECK_BYTES / 4);
	} else {
		must_abort(&t, attack_hyp, false);
		must_abort(&t, attack_hyp, true);
		ATTACK_ADD(how, size, "IPA 0x%jx, ", attack_hyp);
	}
	must_abort_rw(&t, a, sizeof(a) / sizeof(a[0]));
	ATTACK_ADD(how, size, "0x41000000-0x48000000: ");
	return tally_verdict(&t, how, size) && (!inside || (own && nonzero == 0));
}

/*
 * What Tessera leaves in the FP/SIMD registers of the CPU it hands over:
 * it may use them itself (libfdt at boot and at restarts, on arm64), and
 * this VM runs on the boot CPU. They must read as zero.
 */
static bool fp_simd_residue(char *how, size_t size)
{
	uint64_t sample;
	unsigned int n = arch_fp_residue(&sample);

	ATTACK_ADD(how, size, "%u of 32 FP/SIMD registers not zero as it found them", n);
	if (n != 0) {
		ATTACK_ADD(how, size, " (e.g. 0x%016jx)", sample);
	}
	return n == 0;
}

/* High addresses: past RAM, past the 4 GiB an arm32 guest can name, past the IPA size. */
static bool high_addresses(char *how, size_t size)
{
	const uint64_t a[] = { 0x80000000u,	  0xbffff000u,		0xfffff000u,
			       0x4000000000ull,	  0x4010000000ull,	0x8000000000ull,
			       0xfffffffff000ull, 0xfff0000000000000ull };
	struct tally t = { 0 };

	must_abort_rw(&t, a, sizeof(a) / sizeof(a[0]));
	ATTACK_ADD(how, size, "%s: ",
		   reachable(0x4000000000ull) ? "0x80000000 to 0xfff0000000000000"
					      : "0x80000000 to 0xfffff000");
	return tally_verdict(&t, how, size);
}

/* QEMU virt devices the plan gives nobody (the PL011 is this VM's virtual UART). */
static bool unassigned_mmio(char *how, size_t size)
{
	const uint64_t a[] = {
		0x00000000u, /* flash 0 */
		0x04000000u, /* flash 1 */
		0x09010000u, /* PL031 RTC */
		0x09020000u, /* fw_cfg */
		0x09030000u, /* PL061 GPIO */
		0x09040000u, /* secure UART */
		0x0a000000u, /* virtio-mmio 0 */
		0x0a003e00u, /* virtio-mmio 31 */
		0x0c000000u, /* platform bus */
		0x10000000u, /* PCIe MMIO */
		0x3eff0000u, /* PCIe PIO */
		0x3f000000u, /* PCIe ECAM */
	};
	struct tally t = { 0 };

	must_abort_rw(&t, a, sizeof(a) / sizeof(a[0]));
	ATTACK_ADD(how, size, "flash, RTC, fw_cfg, GPIO, virtio-mmio, platform bus, PCIe: ");
	return tally_verdict(&t, how, size);
}

/*
 * The board's devices that other VMs or Tessera own, as the plan lists
 * them (devices=A,B,...: physical addresses, the board's own, so they
 * differ per board; boards/<board>/attack-args.dtsi): each read and write
 * takes a data abort, nothing reaches the device.
 */
#define MAX_FOREIGN 16

static bool foreign_devices(char *how, size_t size)
{
	const char *s = tg_arg("devices");
	uint64_t a[MAX_FOREIGN];
	size_t n = 0;
	struct tally t = { 0 };

	while (s && *s && n < MAX_FOREIGN) {
		uint64_t v = 0;

		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			s += 2;
		}
		for (; *s && *s != ','; s++) {
			unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0') :
				     *s >= 'a' && *s <= 'f' ? (unsigned)(*s - 'a' + 10) : 16;

			if (d == 16) {
				ATTACK_ADD(how, size, "bad devices= list");
				return false;
			}
			v = v << 4 | d;
		}
		a[n++] = v;
		s += *s == ',';
	}
	if (n == 0) {
		ATTACK_ADD(how, size, "no devices= list: the plan names none");
		return false;
	}
	must_abort_rw(&t, a, n);
	ATTACK_ADD(how, size, "%u board devices of other VMs and Tessera: ", (unsigned)n);
	return tally_verdict(&t, how, size);
}

/* GIC frames that are not its own vGIC's. */
static bool gic_foreign_frames(char *how, size_t size)
{
	const uint64_t v3[] = {
		0x080c0000u, /* GICR of vCPU 1: RD_base */
		0x080d0100u, /* ... its SGI_base ISENABLER0 */
		0x08100000u, /* GICR of vCPU 3 */
		0x08080000u, /* ITS: GITS_CTLR */
		0x08010000u, /* no GICC with GICv3 */
	};
	const uint64_t v2[] = {
		0x08030000u, /* GICH_HCR: the hypervisor's interface */
		0x08030100u, /* GICH_LR0 */
		0x08040000u, /* the physical GICV */
		0x08012000u, /* past its 8 KiB GICC (the GICV mapped) */
		0x08020000u, /* GICv2m MSI frame */
	};
	struct tally t = { 0 };

	if (gic_version == 3) {
		must_abort_rw(&t, v3, sizeof(v3) / sizeof(v3[0]));
		ATTACK_ADD(how, size, "GICR frames of vCPUs 1 and 3, the ITS, 0x08010000: ");
	} else {
		must_abort_rw(&t, v2, sizeof(v2) / sizeof(v2[0]));
		ATTACK_ADD(how, size, "GICH, the physical GICV, past its GICC, GICv2m: ");
	}
	return tally_verdict(&t, how, size);
}

/* Accesses Tessera cannot emulate (no syndrome) on its own distributor. */
static bool isvless_access(char *how, size_t size)
{
	uintptr_t addr = tg_hw.gicd + GICD_ISENABLER + 4;
	unsigned int aborted = 0;
	const char *bad = NULL;

	for (unsigned int i = 0; i < arch_isvless_ops.n; i++) {
		const struct addr_op *o = &arch_isvless_ops.p[i];

		attack_arm();
		o->op(addr);
		bool f = attack_disarm();

		if (f && tg_fault.data_abort && tg_fault.far - addr < 8) {
			aborted++;
		} else if (bad == NULL) {
			bad = o->name;
		}
	}
	uint32_t en = mmio_read32(addr) & ~(1u << (CONSOLE_INTID % 32));

	ATTACK_ADD(how, size,
		   "%u of %u pair/multiple/writeback accesses to GICD_ISENABLER1 aborted", aborted,
		   arch_isvless_ops.n);
	if (bad != NULL) {
		ATTACK_ADD(how, size, "; %s did not", bad);
	}
	ATTACK_ADD(how, size, "; foreign SPIs 32-63 enabled: 0x%x", en);
	return bad == NULL && en == 0;
}

/* All SGIs on and counted, IRQs masked: how every GIC attack starts. */
static bool gic_fresh(void)
{
	if (!gic_reinit()) {
		return false;
	}
	sgi_counter_install();
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		gic_enable(i, true);
	}
	return true;
}

/*
 * Garbage over its whole distributor and redistributor, every SPI
 * enabled, pended and routed to itself, its own SPI routed to other CPUs.
 */
static bool gic_foreign_irqs(char *how, size_t size)
{
	char msg[HOW_MAX];
	unsigned int faults = gic_abuse_scribble(msg, sizeof(msg));

	if (!gic_fresh()) {
		ATTACK_ADD(how, size, "its GIC no longer initialises after the garbage");
		return false;
	}
	bool spis = gic_abuse_foreign_spis(msg, sizeof(msg));
	unsigned int own_target;

	/* Its console's SPI to the victim's CPU (Aff0 1) or another cluster. */
	if (gic_version == 3) {
		uintptr_t r = tg_hw.gicd + GICD_IROUTER + 8u * CONSOLE_INTID;

		mmio_write32(r, 1);
		own_target = mmio_read32(r);
		mmio_write32(r, 0x100);
		own_target |= mmio_read32(r);
	} else {
		mmio_write8(tg_hw.gicd + GICD_ITARGETSR + CONSOLE_INTID, 0xfe);
		own_target = mmio_read8(tg_hw.gicd + GICD_ITARGETSR + CONSOLE_INTID) & ~1u;
	}
	bool fresh = gic_fresh();

	ATTACK_ADD(how, size,
		   "64 KiB of garbage (%u faulted); %s; its SPI 33 routed away reads back %s",
		   faults, spis ? "foreign SPIs stay disabled and idle" : msg,
		   own_target == 0 ? "its own vCPU" : "another CPU");
	return spis && own_target == 0 && fresh;
}

/* SGIs to vCPUs it does not have (the victim counts what reaches it). */
static bool sgi_foreign_cpus(char *how, size_t size)
{
	char msg[HOW_MAX];
	bool ok = gic_abuse_absent_sgis(msg, sizeof(msg));

	ATTACK_ADD(how, size, "%s", msg);
	return ok;
}

/* PSCI CPU_ON and AFFINITY_INFO for CPUs that are not its own, over HVC and SMC. */
static bool psci_cpu_on_foreign(char *how, size_t size)
{
	const uint64_t targets[] = { 1,	    2,	     3,		  0xff,		 0x100,
				     0x101, 0x10000, 0x80000001u, 0x100000000ull };
	unsigned int calls = 0, refused = 0;
	int64_t bad = 0;
	uint64_t bad_target = 0;

	for (unsigned int c = CONDUIT_HVC; c <= CONDUIT_SMC; c++) {
		for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
			if (!reachable(targets[i])) {
				continue;
			}
			int64_t r1 = smccc_call((enum conduit)c, PSCI_CPU_ON, targets[i],
						(uintptr_t)secondary_entry, ATTACK_CONTEXT);
			int64_t r2 =
				smccc_call((enum conduit)c, PSCI_AFFINITY_INFO, targets[i], 0, 0);

			calls += 2;
			refused += (r1 == PSCI_RET_INVALID_PARAMETERS) +
				   (r2 == PSCI_RET_INVALID_PARAMETERS);
			if ((r1 != PSCI_RET_INVALID_PARAMETERS ||
			     r2 != PSCI_RET_INVALID_PARAMETERS) &&
			    bad == 0) {
				bad = r1 != PSCI_RET_INVALID_PARAMETERS ? r1 : r2;
				bad_target = targets[i];
			}
		}
	}
	/* Its own CPU, but the entry in the victim's host memory. */
	int64_t own = hvc_call(PSCI_CPU_ON, 0, attack_victim, ATTACK_CONTEXT);

	settle();
	ATTACK_ADD(how, size,
		   "%u of %u CPU_ON/AFFINITY_INFO over HVC and SMC naming MPIDRs 1-3, 0xff, "
		   "0x100, 0x101, 0x10000, 0x80000001%s: INVALID_PARAMETERS; CPU_ON of itself "
		   "at 0x%jx: %jd",
		   refused, calls, reachable(0x100000000ull) ? ", 0x100000000" : "", attack_victim,
		   own);
	if (refused != calls) {
		ATTACK_ADD(how, size, "; MPIDR 0x%jx: %jd", bad_target, bad);
	}
	return refused == calls && own < 0;
}

/* The other PSCI calls that name a CPU or an entry point (the victim's memory). */
static bool psci_foreign_targets(char *how, size_t size)
{
	const struct {
		const char *name;
		uint32_t fn;
		uint64_t a1, a2;
	} calls[] = {
		{ "CPU_DEFAULT_SUSPEND", PSCI_CPU_DEFAULT_SUSPEND, attack_victim, ATTACK_CONTEXT },
		{ "SYSTEM_SUSPEND", PSCI_SYSTEM_SUSPEND, attack_victim, ATTACK_CONTEXT },
		{ "MIGRATE", PSCI_MIGRATE, 1, 0 },
		{ "NODE_HW_STATE", PSCI_NODE_HW_STATE, 1, 0 },
		{ "STAT_RESIDENCY", PSCI_STAT_RESIDENCY, 1, 0 },
		{ "STAT_COUNT", PSCI_STAT_COUNT, 1, 0 },
	};
	unsigned int n = sizeof(calls) / sizeof(calls[0]), refused = 0;
	const char *bad = NULL;
	int64_t bad_r = 0;

	for (unsigned int i = 0; i < n; i++) {
		int64_t r = hvc_call(calls[i].fn, calls[i].a1, calls[i].a2, ATTACK_CONTEXT);

		if (r < 0) {
			refused++;
		} else if (bad == NULL) {
			bad = calls[i].name;
			bad_r = r;
		}
	}
	/* A power-down suspend may return at once, but must come back here, not there. */
	int64_t susp =
		hvc_call(PSCI_CPU_SUSPEND, PSCI_POWERDOWN_STATE, attack_victim, ATTACK_CONTEXT);

	ATTACK_ADD(how, size,
		   "CPU_SUSPEND (power-down, entry 0x%jx) came back here (%jd); %u of %u "
		   "default/system suspend there, MIGRATE/NODE_HW_STATE/STAT_* of CPU 1 refused",
		   attack_victim, susp, refused, n);
	if (bad != NULL) {
		ATTACK_ADD(how, size, "; %s returned %jd", bad, bad_r);
	}
	return bad == NULL;
}

/*
 * Raw SMCs meant for the firmware (QEMU's PSCI, TF-A services): Tessera
 * traps every SMC (HCR_EL2.TSC) and answers itself; nothing is forwarded.
 */
static bool smc_firmware(char *how, size_t size)
{
	/* a1 = the victim's host address: for SYSTEM_RESET2 an invalid reset type (0 restarts). */
	const uint32_t firmware_only[] = {
		PSCI_SYSTEM_RESET2, PSCI_MEM_PROTECT, PSCI_MEM_PROTECT_CHECK,
		0x82000000u,	    0xc2000000u,      0x8200ff00u, /* SiP, its UID */
		0x8300ff00u,	    0xc5000000u,      0x8600ff01u, /* OEM, std/vendor hyp */
		0x8700ff00u,	    0xbf00ff01u,      0x32000000u, /* EL3 vendor, trusted OS */
		0x84000050u,	    0xc4000053u,		   /* TRNG */
		0x80008000u,	    0x80007fffu,      0x80000002u, /* workarounds, SOC_ID */
	};
	unsigned int n = sizeof(firmware_only) / sizeof(firmware_only[0]), refused = 0;
	uint32_t bad = 0;
	int64_t bad_r = 0;

	for (unsigned int i = 0; i < n; i++) {
		int64_t r = smccc_call(CONDUIT_SMC, firmware_only[i], attack_victim, 0x1000, 0);

		if (r < 0) {
			refused++;
		} else if (bad == 0) {
			bad = firmware_only[i];
			bad_r = r;
		}
	}
	/* What only the firmware would do: start a free or the victim's CPU (at EL2). */
	int64_t on[3], version = smccc_call(CONDUIT_SMC, PSCI_VERSION, 0, 0, 0);
	int64_t version_imm = arch_smc_imm(PSCI_VERSION);
	bool ok = refused == n && version == PSCI_VERSION_1_1 && version_imm == PSCI_VERSION_1_1;

	for (unsigned int cpu = 1; cpu <= 3; cpu++) {
		on[cpu - 1] = smccc_call(CONDUIT_SMC, PSCI_CPU_ON, cpu, (uintptr_t)secondary_entry,
					 ATTACK_CONTEXT);
		ok = ok && on[cpu - 1] == PSCI_RET_INVALID_PARAMETERS;
	}
	settle();
	ATTACK_ADD(how, size,
		   "%u of %u SiP/OEM/trusted-OS/TRNG/MEM_PROTECT/bad RESET2 calls refused; "
		   "PSCI_VERSION 0x%jx (smc #1: 0x%jx), CPU_ON of CPUs 1-3: %jd %jd %jd",
		   refused, n, (uint64_t)version, (uint64_t)version_imm, on[0], on[1], on[2]);
	if (bad != 0) {
		ATTACK_ADD(how, size, "; 0x%x returned %jd", bad, bad_r);
	}
	return ok;
}

/* Function ids Tessera implements (SMCCC arch calls, PSCI): not for the random ones. */
static bool implemented_range(uint32_t fn)
{
	uint32_t fast = fn & 0xbfffffffu; /* SMC32 and SMC64 alike */

	return (fast & 0xffff0000u) == 0x80000000u || (fast & 0xffffff00u) == 0x84000000u;
}

/* Garbage function ids over HVC (and SMC): fixed odd ones and pseudo-random ones. */
static bool smccc_garbage(char *how, size_t size)
{
	const uint32_t fixed[] = {
		0x00000000u, 0x00000001u, 0x7fffffffu, 0xffffffffu, 0xfffffffeu,
		0x8000ffffu, 0x80000100u, 0x8400ff00u, 0x84001000u, 0xc400ffffu,
		0xc4001234u, 0x86000000u, 0xc6000000u, 0x8600ff01u, 0xff000000u,
		0x3f000000u, 0x01000000u, 0x8400001fu, 0xc400001fu,
	};
	unsigned int calls = 0, refused = 0;
	uint32_t bad = 0;
	int64_t bad_r = 0;

	gic_abuse_seed(GARBAGE_SEED);
	for (unsigned int i = 0; i < sizeof(fixed) / sizeof(fixed[0]) + RANDOM_IDS; i++) {
		uint32_t fn = i < sizeof(fixed) / sizeof(fixed[0]) ? fixed[i] : gic_abuse_rnd();
		enum conduit c = (i & 3u) == 3u ? CONDUIT_SMC : CONDUIT_HVC;

		if (implemented_range(fn) && i >= sizeof(fixed) / sizeof(fixed[0])) {
			continue;
		}
		int64_t r = smccc_call(c, fn, gic_abuse_rnd(), gic_abuse_rnd(), gic_abuse_rnd());

		calls++;
		if (r < 0) {
			refused++;
		} else if (bad == 0) {
			bad = fn;
			bad_r = r;
		}
	}
	/* 64-bit calls (from arm32 too) naming the victim's CPU, and HVC #imm != 0. */
	int64_t on64 = hvc_call(CPU_ON_64, 1, (uintptr_t)secondary_entry, ATTACK_CONTEXT);
	int64_t aff64 = hvc_call(AFFINITY_INFO_64, 1, 0, 0);
	int64_t imm = arch_hvc_imm(PSCI_VERSION);

	ATTACK_ADD(how, size,
		   "%u of %u odd/random ids refused; CPU_ON64/AFFINITY_INFO64 of CPU 1: %jd "
		   "%jd; HVC #0x1234: %jd",
		   refused, calls, on64, aff64, imm);
	if (bad != 0) {
		ATTACK_ADD(how, size, "; 0x%x returned %jd", bad, bad_r);
	}
	return refused == calls && on64 < 0 && aff64 < 0 && imm == PSCI_RET_NOT_SUPPORTED;
}

/* SGIs to itself at full rate. */
static bool sgi_storm(char *how, size_t size)
{
	char msg[HOW_MAX];
	bool ok = gic_abuse_storm(STORM_SGIS, STORM_SECONDS, msg, sizeof(msg));

	ATTACK_ADD(how, size, "%s", msg);
	return ok;
}

/*
 * Wild jumps: to the victim's host memory, its distributor, an
 * unassigned device, flash, its own memory holding no code, a high
 * address. Each must fault (an abort, or an undefined instruction in its
 * own memory) and come back to the caller.
 */
static uint32_t no_code[16] __attribute__((aligned(64)));

static bool wild_jump(char *how, size_t size)
{
	const uint64_t targets[] = { attack_victim,	   tg_hw.gicd,	       0x09010000u,
				     0x00000000u,	   (uintptr_t)no_code, 0xffff0000u,
				     0xfff0000000000000ull };
	unsigned int tried = 0, caught = 0;
	uint64_t bad = 0;
	const char *bad_kind = "";

	for (unsigned int i = 0; i < sizeof(no_code) / sizeof(no_code[0]); i++) {
		no_code[i] = arch_udf_insn;
	}
	__asm__ volatile("dsb sy\n isb" ::: "memory");
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		uint64_t t = targets[i];

		if (!reachable(t)) {
			continue;
		}
		tried++;
		attack_arm();
		tg_fault.resume_lr = true;
		arch_jump((uintptr_t)t);
		bool f = attack_disarm();
		const char *kind = f ? arch_fault_kind() : "nothing";
		bool own = t == (uintptr_t)no_code;
		bool want = own ? strcmp(kind, "undefined") == 0
				: strcmp(kind, "prefetch abort") == 0 && tg_fault.far == t;

		if (want) {
			caught++;
		} else if (bad == 0) {
			bad = t;
			bad_kind = kind;
		}
	}
	ATTACK_ADD(how, size,
		   "%u of %u jumps (victim host, GICD, RTC, flash, high) took a prefetch abort "
		   "there, its own data an undefined instruction",
		   caught, tried);
	if (caught != tried) {
		ATTACK_ADD(how, size, "; 0x%jx: %s", bad, bad_kind);
	}
	return caught == tried;
}

struct attack {
	const char *name;
	bool (*run)(char *how, size_t size);
};

static const struct attack attacks[] = {
	{ "victim-memory", victim_memory },
	{ "tessera-memory", tessera_memory },
	{ "fp-simd-residue", fp_simd_residue },
	{ "high-addresses", high_addresses },
	{ "unassigned-mmio", unassigned_mmio },
	{ "foreign-devices", foreign_devices },
	{ "gic-foreign-frames", gic_foreign_frames },
	{ "isv-less-access", isvless_access },
	{ "gic-foreign-irqs", gic_foreign_irqs },
	{ "sgi-foreign-cpus", sgi_foreign_cpus },
	{ "sgi-registers", attack_sgi_regs },
	{ "psci-cpu-on-foreign", psci_cpu_on_foreign },
	{ "psci-foreign-targets", psci_foreign_targets },
	{ "smc-firmware", smc_firmware },
	{ "smccc-garbage-ids", smccc_garbage },
	{ "el2-registers", attack_el2_regs },
	{ "trapped-registers", attack_trapped_regs },
	{ "mode-escape", attack_mode_escape },
	{ "stage1-foreign-map", attack_stage1_map },
	{ "stage1-walk-outside", attack_stage1_walk },
	{ "cache-by-va", attack_cache_by_va },
	{ "set-way-maintenance", attack_set_way },
	{ "debug-registers", attack_debug },
	{ "pmu", attack_pmu },
	{ "timer-storm", attack_timer_storm },
	{ "sgi-storm", sgi_storm },
	{ "wfx-abuse", attack_wfx },
	{ "victim-data", victim_data }, /* late: the victim has long filled its buffer */
	{ "wild-jump", wild_jump },
};

/*
 * test=probe devices=A,B,...: the board devices the VM must not reach, and
 * only that (a VM that owns a device whose page it shares with them: its
 * accesses are trapped, and Tessera must refuse every address outside its
 * device's exact range).
 */
void test_probe(void)
{
	char how[HOW_MAX] = "";

	if (foreign_devices(how, sizeof(how))) {
		tg_pass("probe: foreign devices out of reach (%s)\n", how);
	} else {
		tg_fail("probe: %s\n", how);
	}
}

void test_attack(void)
{
	unsigned int n = sizeof(attacks) / sizeof(attacks[0]), contained = 0;
	char how[HOW_MAX];

	attack_victim = tg_arg_u64("victim", DEFAULT_VICTIM_HOST);
	attack_self = tg_arg_u64("self", DEFAULT_SELF_HOST);
	attack_hyp = tg_arg_u64("hyp", DEFAULT_HYP_HOST);
	if (!gic_init() || !gic_fresh()) {
		tg_fail("gic init\n");
		return;
	}
	tg_printf("attack: %u attacks on the victim at host 0x%jx, Tessera at 0x%jx\n", n,
		  attack_victim, attack_hyp);
	for (unsigned int i = 0; i < n; i++) {
		how[0] = '\0';
		irq_disable();
		bool ok = attacks[i].run(how, sizeof(how));
		int64_t v = hvc_call(PSCI_VERSION, 0, 0, 0);

		irq_disable();
		if (v != PSCI_VERSION_1_1) {
			ATTACK_ADD(how, sizeof(how), "; then PSCI_VERSION returned 0x%jx",
				   (uint64_t)v);
			ok = false;
		}
		if (ok) {
			contained++;
			tg_printf("attack %u %s: contained (%s)\n", i + 1, attacks[i].name, how);
			tg_pass("attack %u %s contained\n", i + 1, attacks[i].name);
		} else {
			tg_printf("attack %u %s: NOT CONTAINED (%s)\n", i + 1, attacks[i].name,
				  how);
			tg_fail("attack %u %s not contained\n", i + 1, attacks[i].name);
		}
	}
	tg_printf("attack: %u of %u attacks contained\n", contained, n);
	if (contained == n) {
		tg_pass("all %u attacks contained\n", n);
	} else {
		tg_fail("%u of %u attacks not contained\n", n - contained, n);
	}
	/*
	 * The console is Tessera's: control bytes that would erase this VM's
	 * "[attacker] " prefix and fake a line of Tessera's. The scenario
	 * judges what the console shows (this VM cannot see it).
	 */
	tg_printf("attack: console forgery next; the scenario checks it shows as this VM's text\n");
	tg_printf("\x1b[2K\x1b" "8\b\b\b\b\b\b\b\b\b\b\b[tessera] vm 'victim' forged by the attacker\n");
	/* Last: the firmware's SYSTEM_OFF over a raw SMC must stop this VM only. */
	tg_printf("attack: last, PSCI SYSTEM_OFF over a raw SMC: only this VM may stop\n");
	tg_printf("testguest: done, %u failed\n", tg_failures());
	smccc_call(CONDUIT_SMC, PSCI_SYSTEM_OFF, 0, 0, 0);
	tg_fail("SYSTEM_OFF over SMC returned\n");
}
