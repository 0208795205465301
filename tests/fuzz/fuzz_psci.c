/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the SMCCC/PSCI decoder (core/psci.c, smccc_call) and
 * the arm64 HVC/SMC entry that feeds it (arm64_trap_smccc, built from
 * arch/arm64/traps.c with the fake <asm/sysreg.h> of fake_arch/), with ASan
 * and UBSan (tests/fuzz/fuzz.mk).
 *
 * An input describes a VM (1-8 vCPUs, 1-4 memory ranges, an arm64 or arm32
 * entry rule, which vCPUs run) and then a program of calls: any function ID
 * (the PSCI and SMCCC ones, their 32/64-bit twins, neighbours, raw values),
 * target MPIDRs with and without stray affinity bits, entry points inside,
 * at the edges of and outside the VM's memory, any context; made by HVC #0,
 * HVC #imm, SMC #imm or straight through smccc_call(). Between calls, vCPUs
 * accepted by CPU_ON enter, and others appear mid-restart or stopped.
 *
 * A model written from PSCI 1.1 (ARM DEN 0022) and SMCCC 1.1 (ARM DEN 0028)
 * says what each call must return and do, and every call is checked
 * against it: the return value is one the spec allows; only x0 changes
 * (SMCCC 1.1 preserves x1-x17, and Tessera touches nothing else); no other
 * vCPU's registers and no other VM change; vCPU states move exactly as the
 * call says; PSCI_FEATURES and the calls themselves agree.
 *
 * What psci.c calls into is faked here: vm_owns, arch_vcpu_entry_ok,
 * vm_stop, vm_restart (both as core/vm.c leaves the vCPU states),
 * vcpu_park (back to the target with longjmp), arch_cpu_send_event,
 * vgic_vcpu_reset.
 */
#include <asm/sysreg.h>
#include <setjmp.h>
#include <stdarg.h>
#include <tessera/hyp.h>
#include <tessera/vm.h>

#include "fuzz_psci.h"

#define MAX_OPS 200

void arm64_trap_smccc(struct arch_regs *regs, uint64_t esr);

struct fuzz_sysregs fuzz_sysregs;
struct cpu *fake_self;
struct cpu cpus[CFG_MAX_CPUS];

static struct vm vms[2]; /* [0]: the VM making calls; [1]: a bystander */
static struct vm *const A = &vms[0];
static struct cfg_vm cfgs[2];
static struct arch_regs frames[CFG_MAX_CPUS];
static struct vm snap_b, before;
static struct arch_regs frames_before[CFG_MAX_CPUS];
static bool arch32; /* the VM's entry rule */
static struct vcpu *caller;
static jmp_buf park_env;

/* What the fakes saw during one call. */
static struct {
	bool parked;
	unsigned stops, restarts, events;
	char why[64];
} seen;

/* ------------------------------------------------------------------ */
/* Trace                                                                */

void fuzz_explain(void)
{
	if (fuzz_trace()) {
		return;
	}
	fprintf(stderr, "%u vCPUs (%s entry rule); last operations (FUZZ_TRACE=1 prints all):\n",
		A->nr_vcpus, arch32 ? "arm32" : "arm64");
	fuzz_trace_dump();
}

/* ------------------------------------------------------------------ */
/* Fakes of what psci.c and arm64_trap_smccc call                       */

bool vm_owns(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	for (unsigned i = 0; i < vm->cfg->nr_mem; i++) {
		const struct cfg_range *m = &vm->cfg->mem[i];

		if (ipa >= m->base && size <= m->size && ipa - m->base <= m->size - size) {
			return true;
		}
	}
	return false;
}

/* arch/arm64: an A64 instruction; arch/arm32: below 4 GiB, A32 aligned or Thumb. */
bool arch_vcpu_entry_ok(uint64_t entry)
{
	return arch32 ? entry < (1ull << 32) && ((entry & 1) || !(entry & 2)) : !(entry & 3);
}

/* As core/vm.c leaves things: the VM stopped, every vCPU with it. */
void vm_stop(struct vm *vm, const char *why)
{
	CHECK(vm == A);
	seen.stops++;
	snprintf(seen.why, sizeof(seen.why), "%s", why);
	vm->running = VM_STOPPED;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		vm->vcpu[i].state = VCPU_STOPPED;
	}
}

/* As core/vm.c leaves things once the restart is through: vCPU 0 boots again, the rest are off. */
void vm_restart(struct vcpu *v, const char *why)
{
	CHECK(v == caller);
	seen.restarts++;
	snprintf(seen.why, sizeof(seen.why), "%s", why);
	for (unsigned i = 1; i < A->nr_vcpus; i++) {
		A->vcpu[i].state = VCPU_OFF;
	}
	A->vcpu[0].entry = A->entry;
	A->vcpu[0].context = A->dtb_ipa;
	A->vcpu[0].dtb_boot = true;
	A->vcpu[0].state = VCPU_ON_PENDING;
}

/* The vCPU leaves the guest for good (for this call): back to the target. */
noreturn void vcpu_park(struct vcpu *v)
{
	CHECK(v == caller);
	seen.parked = true;
	longjmp(park_env, 1);
}

void arch_cpu_send_event(void)
{
	seen.events++;
}

/* Letting go of the vGIC state of a vCPU that powers down is its own CPU's business. */
void vgic_vcpu_reset(struct vcpu *v)
{
	CHECK(v == caller && v->state != VCPU_ON);
}

void arch_cpu_wait_event(void)
{
	CHECK(!"waits for an event: nothing else runs");
}

void log_info(const char *fmt, ...)
{
	(void)fmt;
}

/* Refused SMCs and bad HVCs are counted as core/report.c would. */
bool vm_report(struct vm *vm, enum vm_report_kind kind, const char *fmt, ...)
{
	(void)fmt;
	vm->reports.count[kind]++;
	return false;
}

noreturn void panic(const char *fmt, ...)
{
	(void)fmt;
	CHECK(!"panic");
	abort();
}

/* The rest of arch/arm64/traps.c: never reached from arm64_trap_smccc. */
void vm_fault(struct vcpu *v, uint64_t ipa, uint64_t va, bool write, bool instr, const char *what)
{
	CHECK(!"vm_fault");
}

void vm_fail(struct vcpu *v, const char *why)
{
	CHECK(!"vm_fail");
}

bool mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	CHECK(!"mmio_access");
	return false;
}

void vcpu_wfi(struct vcpu *v)
{
	CHECK(!"vcpu_wfi");
}

void irq_handle(struct vcpu *v)
{
	CHECK(!"irq_handle");
}

bool arch_vcpu_inject_undef(struct vcpu *v)
{
	CHECK(!"arch_vcpu_inject_undef");
	return false;
}

void vgic_sgi1r(struct vcpu *v, uint64_t val)
{
	CHECK(!"vgic_sgi1r");
}

/* ------------------------------------------------------------------ */
/* The model                                                            */

/* What a call must do. */
struct expect {
	enum { RETURNS, PARKS_OFF, PARKS_STOP, PARKS_RESTART, REFUSED } kind;
	int64_t ok[4]; /* the return values allowed */
	unsigned nr_ok;
	int started; /* CPU_ON: the vCPU that becomes ON_PENDING on SUCCESS, or -1 */
	uint64_t entry, context;
};

static void allow(struct expect *e, int64_t ret)
{
	e->ok[e->nr_ok++] = ret;
}

/* The vCPU whose virtual MPIDR is mpidr: Aff0 = its index, Aff1-3 = 0. */
static int target_of(uint64_t mpidr)
{
	mpidr &= MPIDR_AFF_MASK; /* bits 24 (MT), 30 (U), 31 (RES1) are not affinity */
	return mpidr < A->nr_vcpus ? (int)mpidr : -1;
}

static bool entry_valid(uint64_t entry)
{
	return arch_vcpu_entry_ok(entry) && vm_owns(A, entry & ~1ull, 4);
}

/* The calls Tessera implements, as PSCI_FEATURES must report them. */
static bool implemented(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND | FID_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | FID_64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | FID_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case PSCI_SYSTEM_RESET2:
	case PSCI_SYSTEM_RESET2 | FID_64:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

static struct expect model(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	uint32_t fid = (uint32_t)x0; /* W0 */
	struct expect e = { .kind = RETURNS, .started = -1 };

	if (!(fid & FID_64)) {
		/* SMC32/HVC32: the upper halves of the arguments are not part of the call. */
		x1 = (uint32_t)x1;
		x2 = (uint32_t)x2;
		x3 = (uint32_t)x3;
	}
	switch (fid) {
	case PSCI_VERSION:
		allow(&e, 0x00010001); /* 1.1 */
		break;
	case SMCCC_VERSION:
		allow(&e, 0x00010001);
		break;
	case SMCCC_ARCH_FEATURES:
		/* No firmware workaround is offered; the discovery calls exist. */
		allow(&e,
		      x1 == SMCCC_VERSION || x1 == SMCCC_ARCH_FEATURES ? SUCCESS : NOT_SUPPORTED);
		break;
	case PSCI_FEATURES:
		allow(&e, implemented((uint32_t)x1) ? SUCCESS : NOT_SUPPORTED);
		break;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND | FID_64:
		allow(&e, SUCCESS);
		break;
	case PSCI_CPU_OFF:
		e.kind = PARKS_OFF;
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | FID_64: {
		int t = target_of(x1);

		/* PSCI 5.6: any error that applies may be the one returned. */
		if (t < 0) {
			allow(&e, INVALID_PARAMETERS);
			break;
		}
		if (!entry_valid(x2)) {
			allow(&e, INVALID_ADDRESS);
		}
		switch (A->vcpu[t].state) {
		case VCPU_OFF:
			if (!e.nr_ok) {
				allow(&e, SUCCESS);
				e.started = t;
				e.entry = x2;
				e.context = x3;
			}
			break;
		case VCPU_ON_PENDING:
			allow(&e, ON_PENDING);
			break;
		default:
			/* On, or mid-restart or stopped: it is not off, so not startable. */
			allow(&e, ALREADY_ON);
			break;
		}
		break;
	}
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | FID_64: {
		int t = target_of(x1);

		if (t < 0 || x2 != 0) {
			/* Only level 0 is supported (optional above it since PSCI 1.0). */
			allow(&e, INVALID_PARAMETERS);
		} else {
			int s = A->vcpu[t].state;

			allow(&e, s == VCPU_ON ? 0 : s == VCPU_ON_PENDING ? 2 : 1);
		}
		break;
	}
	case PSCI_MIGRATE_INFO_TYPE:
		allow(&e, 2); /* no Trusted OS to migrate */
		break;
	case PSCI_SYSTEM_OFF:
		e.kind = PARKS_STOP;
		break;
	case PSCI_SYSTEM_RESET:
		e.kind = PARKS_RESTART;
		break;
	case PSCI_SYSTEM_RESET2:
	case PSCI_SYSTEM_RESET2 | FID_64:
		/* reset_type is 32 bits in both conventions; 0 is the warm reset. */
		if ((uint32_t)x1 == 0) {
			e.kind = PARKS_RESTART;
		} else {
			allow(&e,
			      (uint32_t)x1 & RESET2_VENDOR ? NOT_SUPPORTED : INVALID_PARAMETERS);
		}
		break;
	default:
		allow(&e, NOT_SUPPORTED);
		break;
	}
	return e;
}

/* ------------------------------------------------------------------ */
/* Arguments                                                            */

const uint32_t fids[] = {
	PSCI_VERSION,
	PSCI_CPU_SUSPEND,
	PSCI_CPU_SUSPEND | FID_64,
	PSCI_CPU_OFF,
	PSCI_CPU_OFF | FID_64,
	PSCI_CPU_ON,
	PSCI_CPU_ON | FID_64,
	PSCI_AFFINITY_INFO,
	PSCI_AFFINITY_INFO | FID_64,
	0x84000005,
	0xc4000005,
	PSCI_MIGRATE_INFO_TYPE,
	0x84000007,
	0xc4000007,
	PSCI_SYSTEM_OFF,
	PSCI_SYSTEM_OFF | FID_64,
	PSCI_SYSTEM_RESET,
	PSCI_FEATURES,
	PSCI_FEATURES | FID_64,
	0x8400000b,
	0x8400000c,
	0xc400000c,
	0x8400000e,
	0xc400000e,
	0x84000010,
	0x84000011,
	PSCI_SYSTEM_RESET2,
	PSCI_SYSTEM_RESET2 | FID_64,
	0x84000013,
	0x8400001f,
	SMCCC_VERSION,
	SMCCC_ARCH_FEATURES,
	0x80000002,
	0x80008000,
	0x80007fff,
	0x80003fff,
	0xc0000000,
	0x84000050,
	0xc6000000,
	0x86000000,
	0xc3000000,
	0x82000000,
	0x0,
	0xffffffff,
};

const unsigned nr_fids = ARRAY_SIZE(fids);

static uint64_t pick_fid(struct fuzz_in *in)
{
	uint8_t how = fin_u8(in);
	uint64_t fid = how < 224 ? fids[how % nr_fids] : fin_u32(in);

	if (how / nr_fids == 1) {
		fid |= (uint64_t)fin_u32(in) << 32; /* X0's upper half is not part of W0 */
	}
	return fid;
}

/* A PSCI function ID's operand: a vCPU's MPIDR, an argument of the call asked about, or raw. */
static uint64_t pick_mpidr(struct fuzz_in *in)
{
	uint8_t how = fin_u8(in);
	uint64_t v = how & 15; /* Aff0: the VM's vCPUs and a few past them */

	switch (how >> 6) {
	case 0:
		return v;
	case 1:
		/* Bits that are not affinity (U, RES1, MT) or name another cluster. */
		return v | (uint64_t)fin_u8(in) << 24 | (uint64_t)fin_u8(in) << 8 |
		       (uint64_t)fin_u8(in) << 32;
	case 2:
		return fids[fin_u8(in) % nr_fids] | (how & 32 ? 0xffffffff00000000ull : 0);
	default:
		return fin_u64(in);
	}
}

static uint64_t pick_entry(struct fuzz_in *in)
{
	uint8_t how = fin_u8(in);
	const struct cfg_range *m = &A->cfg->mem[(how >> 4) % A->cfg->nr_mem];
	uint64_t off = fin_u32(in);

	switch (how & 7) {
	case 0:
		return m->base + (off % m->size & ~3ull);
	case 1:
		return m->base + off % m->size; /* any alignment */
	case 2:
		return m->base + m->size - 4 + (off & 7); /* the last word and past it */
	case 3:
		return m->base - 4 + (off & 7);
	case 4:
		return (m->base + (off % m->size & ~3ull)) | 1; /* Thumb */
	case 5:
		return m->base + (off % m->size) + ((uint64_t)fin_u32(in) << 32);
	default:
		return fin_u64(in);
	}
}

/* ------------------------------------------------------------------ */
/* The VM                                                               */

static struct vcpu *pick_running(unsigned c)
{
	for (unsigned i = 0; i < A->nr_vcpus; i++) {
		struct vcpu *v = &A->vcpu[(c + i) % A->nr_vcpus];

		if (v->state == VCPU_ON) {
			return v;
		}
	}
	return NULL;
}

static void setup_vm(struct vm *vm, struct cfg_vm *cfg, unsigned nr, unsigned first_cpu)
{
	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->label = cfg->label;
	vm->nr_vcpus = cfg->nr_vcpus = nr;
	vm->running = VM_RUNNING;
	for (unsigned i = 0; i < nr; i++) {
		struct vcpu *v = &vm->vcpu[i];
		unsigned p = first_cpu + i;

		cfg->cpus[i] = p;
		v->vm = vm;
		v->idx = i;
		v->pcpu = p;
		v->regs = &frames[p];
		v->state = VCPU_OFF;
		cpus[p].vcpu = v;
	}
}

/* Boot (or reboot, after SYSTEM_OFF): vCPU 0 and those the bits say run. */
static void boot(uint8_t on)
{
	A->running = VM_RUNNING;
	for (unsigned i = 0; i < A->nr_vcpus; i++) {
		A->vcpu[i].state = i == 0 || (on >> i) & 1 ? VCPU_ON : VCPU_OFF;
	}
}

static void setup(struct fuzz_in *in)
{
	uint8_t b0 = fin_u8(in), on = fin_u8(in);
	unsigned nr = 1 + (b0 & 7);

	fuzz_trace_reset();
	memset(cfgs, 0, sizeof(cfgs));
	memset(frames, 0, sizeof(frames));
	memset(cpus, 0, sizeof(cpus));
	for (unsigned p = 0; p < CFG_MAX_CPUS; p++) {
		cpus[p].idx = p;
		cpus[p].mpidr = (uint64_t)(p >> 2) << 8 | (p & 3);
	}
	arch32 = b0 & 8;
	strcpy(cfgs[0].label, "fuzzed");
	/* Memory: page-granular ranges, somewhere in the 48-bit IPA space (or just under 4 GiB). */
	cfgs[0].nr_mem = 1 + ((b0 >> 4) & 3);
	for (unsigned i = 0; i < cfgs[0].nr_mem; i++) {
		uint8_t k = fin_u8(in);
		uint64_t size = ((uint64_t)fin_u16(in) + 1) << 12;
		uint64_t base = k & 1 ? 0x100000000ull - size
				      : ((uint64_t)fin_u16(in) << 28 | (uint64_t)k << 20);

		cfgs[0].mem[i] = (struct cfg_range){ base, size };
	}
	setup_vm(A, &cfgs[0], nr, 0);
	A->entry = cfgs[0].mem[0].base;
	A->dtb_ipa = cfgs[0].mem[0].base + cfgs[0].mem[0].size - 0x1000;
	boot(on);
	for (unsigned i = 0; i < nr; i++) {
		for (unsigned r = 0; r < 31; r++) {
			frames[i].x[r] = 0x5eed000000000000ull | (uint64_t)i << 8 | r;
		}
	}

	strcpy(cfgs[1].label, "bystander");
	cfgs[1].nr_mem = 1;
	cfgs[1].mem[0] = (struct cfg_range){ 0x40000000, 0x1000000 };
	setup_vm(&vms[1], &cfgs[1], 2, CFG_MAX_VCPUS);
	vms[1].vcpu[0].state = vms[1].vcpu[1].state = VCPU_ON;
	memcpy(&snap_b, &vms[1], sizeof(snap_b));
}

/* ------------------------------------------------------------------ */
/* Operations                                                           */

static const char *const conduit_names[] = {
	[BY_CALL] = "call",
	[BY_HVC0] = "hvc #0",
	[BY_HVC_IMM] = "hvc #imm",
	[BY_SMC] = "smc",
};

static void op_call(struct fuzz_in *in)
{
	struct vcpu *v = pick_running(fin_u8(in));
	uint8_t how = fin_u8(in);
	enum conduit conduit = (enum conduit)(how & 3);
	uint64_t x0 = pick_fid(in), x1, x2, x3;
	uint16_t imm = fin_u16(in);

	/* Arguments shaped for the call they go to, now and then for another. */
	switch ((uint32_t)x0 & ~FID_64) {
	case PSCI_CPU_ON:
		x1 = pick_mpidr(in);
		x2 = pick_entry(in);
		x3 = fin_u64(in);
		break;
	case PSCI_AFFINITY_INFO:
		x1 = pick_mpidr(in);
		x2 = how & 4 ? fin_u8(in) % 4 : 0;
		x3 = fin_u64(in);
		break;
	default:
		x1 = how & 4 ? fin_u64(in) : pick_mpidr(in);
		x2 = fin_u64(in);
		x3 = fin_u64(in);
		break;
	}
	if (!v) {
		return;
	}
	if (conduit == BY_HVC_IMM && !imm) {
		imm = 1;
	}
	uint64_t esr = (uint64_t)(conduit == BY_SMC ? EC_SMC64 : EC_HVC64) << ESR_EC_SHIFT |
		       ESR_IL | (conduit == BY_HVC_IMM || conduit == BY_SMC ? imm : 0);
	static struct expect e;
	static uint64_t elr;

	trace("vCPU %u %s: x0 0x%llx x1 0x%llx x2 0x%llx x3 0x%llx", v->idx, conduit_names[conduit],
	      (unsigned long long)x0, (unsigned long long)x1, (unsigned long long)x2,
	      (unsigned long long)x3);
	v->regs->x[0] = x0;
	v->regs->x[1] = x1;
	v->regs->x[2] = x2;
	v->regs->x[3] = x3;
	e = conduit == BY_HVC_IMM ? (struct expect){ .kind = REFUSED, .started = -1 }
				  : model(x0, x1, x2, x3);
	memcpy(frames_before, frames, sizeof(frames));
	memcpy(&before, A, sizeof(before));
	memset(&seen, 0, sizeof(seen));
	elr = 0x80000000ull + ((uint64_t)imm << 2);
	fuzz_sysregs.elr_el2 = elr;
	caller = v;
	fake_self = &cpus[v->pcpu];
	if (!setjmp(park_env)) {
		if (conduit == BY_CALL) {
			smccc_call(v);
		} else {
			arm64_trap_smccc(v->regs, esr);
		}
	}
	if (fuzz_trace()) {
		fprintf(stderr, "    -> %s x0 0x%llx\n", seen.parked ? "parked," : "",
			(unsigned long long)v->regs->x[0]);
	}

	/* SMC is trapped before it executes (step over it); HVC has executed. */
	if (conduit != BY_CALL) {
		CHECKF(fuzz_sysregs.elr_el2 == elr + (conduit == BY_SMC ? 4 : 0),
		       "ELR 0x%llx after %s at 0x%llx", (unsigned long long)fuzz_sysregs.elr_el2,
		       conduit_names[conduit], (unsigned long long)elr);
	}
	CHECK(!memcmp(&vms[1], &snap_b, sizeof(snap_b)));
	for (unsigned p = 0; p < CFG_MAX_CPUS; p++) {
		for (unsigned r = 0; r < 31; r++) {
			CHECKF(frames[p].x[r] == frames_before[p].x[r] ||
				       (p == v->pcpu && r == 0 && !seen.parked),
			       "x%u of CPU %u changed: 0x%llx -> 0x%llx", r, p,
			       (unsigned long long)frames_before[p].x[r],
			       (unsigned long long)frames[p].x[r]);
		}
	}
	CHECKF(seen.stops == (e.kind == PARKS_STOP), "vm_stop called %u times", seen.stops);
	CHECKF(seen.restarts == (e.kind == PARKS_RESTART), "vm_restart called %u times",
	       seen.restarts);
	switch (e.kind) {
	case REFUSED:
		/* HVC #imm != 0 is not an SMCCC call: NOT_SUPPORTED, nothing else. */
		CHECK(!seen.parked && v->regs->x[0] == (uint64_t)(int64_t)NOT_SUPPORTED);
		/* Counted as a bad HVC (the VM's report), and nothing else changed. */
		CHECK(A->reports.count[VM_REPORT_HVC] == before.reports.count[VM_REPORT_HVC] + 1);
		before.reports.count[VM_REPORT_HVC]++;
		CHECK(!memcmp(A, &before, sizeof(before)));
		return;
	case PARKS_OFF:
		CHECK(seen.parked && v->state == VCPU_OFF);
		for (unsigned i = 0; i < A->nr_vcpus; i++) {
			CHECK(&A->vcpu[i] == v || A->vcpu[i].state == before.vcpu[i].state);
		}
		return;
	case PARKS_STOP:
		CHECK(seen.parked && !strcmp(seen.why, "powered off"));
		boot(fin_u8(in)); /* a new life, to keep the input going */
		return;
	case PARKS_RESTART:
		CHECK(seen.parked);
		return;
	default:
		break;
	}

	int64_t ret = (int64_t)v->regs->x[0];
	bool allowed = false;

	for (unsigned i = 0; i < e.nr_ok; i++) {
		allowed |= ret == e.ok[i];
	}
	CHECKF(!seen.parked && allowed, "FID 0x%x returned %lld (%u allowed, first %lld)",
	       (uint32_t)x0, (long long)ret, e.nr_ok, (long long)e.ok[0]);
	CHECK(v->state == VCPU_ON); /* else arm64_trap_smccc must have parked it */
	for (unsigned i = 0; i < A->nr_vcpus; i++) {
		const struct vcpu *t = &A->vcpu[i], *b = &before.vcpu[i];

		if ((int)i == e.started && ret == SUCCESS) {
			CHECKF(t->state == VCPU_ON_PENDING && t->entry == e.entry &&
				       t->context == e.context && !t->dtb_boot,
			       "vCPU %u after CPU_ON: state %d entry 0x%llx context 0x%llx", i,
			       t->state, (unsigned long long)t->entry,
			       (unsigned long long)t->context);
			CHECK(seen.events > 0); /* its CPU may be waiting in WFE */
			continue;
		}
		CHECKF(t->state == b->state, "vCPU %u state %d -> %d", i, b->state, t->state);
		/* A refused CPU_ON leaves a vCPU that is on, or starting, alone. */
		if (t->state == VCPU_ON || t->state == VCPU_ON_PENDING) {
			CHECKF(t->entry == b->entry && t->context == b->context &&
				       t->dtb_boot == b->dtb_boot,
			       "vCPU %u (state %d): entry or context changed by a failed call", i,
			       t->state);
		}
	}
	CHECK(A->running == before.running);
}

/* A vCPU CPU_ON accepted enters, as vcpu_park() would let it (reading its entry and context). */
static void op_enter(struct fuzz_in *in)
{
	uint8_t c = fin_u8(in);

	for (unsigned i = 0; i < A->nr_vcpus; i++) {
		struct vcpu *v = &A->vcpu[(c + i) % A->nr_vcpus];

		if (v->state == VCPU_ON_PENDING) {
			trace("vCPU %u enters at 0x%llx (context 0x%llx%s)", v->idx,
			      (unsigned long long)v->entry, (unsigned long long)v->context,
			      v->dtb_boot ? ", DT" : "");
			if (v->dtb_boot) {
				CHECK(v->idx == 0 && v->entry == A->entry &&
				      v->context == A->dtb_ipa);
			} else {
				CHECK(entry_valid(v->entry));
			}
			v->state = VCPU_ON;
			return;
		}
	}
}

/*
 * Another vCPU seen mid-restart (VCPU_RESETTING, VCPU_HELD) or stopped, as
 * a caller can during the moment a restart or a stop takes; or back off.
 */
static void op_glitch(struct fuzz_in *in)
{
	uint8_t b = fin_u8(in);
	struct vcpu *v = &A->vcpu[b % A->nr_vcpus];
	static const int states[] = { VCPU_RESETTING, VCPU_HELD, VCPU_STOPPED, VCPU_OFF };

	if (v->state == VCPU_ON && !(b & 0x80)) {
		return; /* keep the running ones running, mostly */
	}
	v->state = states[(b >> 4) & 3];
	trace("vCPU %u now in state %d", v->idx, v->state);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	setup(&in);
	for (unsigned n = 0; n < MAX_OPS && fin_left(&in); n++) {
		switch (fin_u8(&in) % 8) {
		case OPC_ENTER:
			op_enter(&in);
			break;
		case OPC_GLITCH:
			op_glitch(&in);
			break;
		default:
			op_call(&in);
			break;
		}
	}
	return 0;
}
