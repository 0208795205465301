/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMCCC calls from guests (HVC or trapped SMC): PSCI 1.1 (ARM DEN 0022) and
 * the SMCCC version/features calls (ARM DEN 0028). Everything else returns
 * NOT_SUPPORTED. Arguments are guest-controlled and checked here.
 */
#include <tessera/hyp.h>
#include <tessera/vm.h>

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND_32 0x84000001u
#define PSCI_CPU_SUSPEND_64 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_SYSTEM_RESET2_32 0x84000012u
#define PSCI_SYSTEM_RESET2_64 0xc4000012u
#define PSCI_RESET2_VENDOR (1u << 31)
#define PSCI_RESET2_WARM 0 /* SYSTEM_WARM_RESET, the one architectural reset type */

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INVALID_ADDRESS (-9)
#define SMCCC_NOT_SUPPORTED (-1)

#define PSCI_VERSION_1_1 0x00010001u
#define SMCCC_VERSION_1_1 0x00010001u
#define MIGRATE_NOT_REQUIRED 2
#define MPIDR_AFF_MASK 0xff00ffffffULL

static struct vcpu *find_vcpu(struct vm *vm, uint64_t mpidr)
{
	mpidr &= MPIDR_AFF_MASK;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpu[i].idx == mpidr) {
			return &vm->vcpu[i];
		}
	}
	return NULL;
}

static int64_t cpu_on(struct vcpu *v, uint64_t mpidr, uint64_t entry, uint64_t context)
{
	struct vcpu *t = find_vcpu(v->vm, mpidr);
	int expected;
	bool ok = false;

	if (!t) {
		return PSCI_INVALID_PARAMETERS;
	}
	if (!vm_owns(v->vm, entry & ~1ULL, 4) || !arch_vcpu_entry_ok(entry)) {
		return PSCI_INVALID_ADDRESS;
	}
	/*
	 * Two callers must not both write the entry point: the one whose
	 * compare-exchange loses would leave its entry to the winner's vCPU.
	 * A stop or restart may still take the vCPU meanwhile (the CAS fails).
	 */
	spin_lock(&v->vm->cpu_on_lock);
	expected = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
	if (expected == VCPU_OFF) {
		t->entry = entry;
		t->context = context;
		t->dtb_boot = false;
		ok = __atomic_compare_exchange_n(&t->state, &expected, VCPU_ON_PENDING, false,
						 __ATOMIC_RELEASE, __ATOMIC_ACQUIRE);
	}
	spin_unlock(&v->vm->cpu_on_lock);
	if (!ok) {
		return expected == VCPU_ON_PENDING ? PSCI_ON_PENDING : PSCI_ALREADY_ON;
	}
	arch_cpu_send_event();
	return PSCI_SUCCESS;
}

static int64_t affinity_info(struct vcpu *v, uint64_t mpidr, uint64_t level)
{
	struct vcpu *t = find_vcpu(v->vm, mpidr);

	if (!t || level != 0) {
		return PSCI_INVALID_PARAMETERS;
	}
	switch (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE)) {
	case VCPU_ON:
		return 0;
	case VCPU_ON_PENDING:
		return 2;
	default:
		return 1;
	}
}

/* What PSCI_FEATURES reports: exactly the calls smccc_call() implements. */
static int64_t features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/*
 * Argument n of call fid. SMC32 calls take 32-bit arguments (SMCCC 2.6):
 * ignore the upper halves. Read only by the calls that take arguments, so
 * that the others (PSCI_VERSION, the null hypercall) do no more than answer.
 */
static uint64_t arg(const struct vcpu *v, uint32_t fid, unsigned n)
{
	uint64_t a = vcpu_reg(v, n);

	return (fid & 0x40000000u) ? a : (uint32_t)a;
}

bool smccc_call(struct vcpu *v)
{
	uint32_t fid = (uint32_t)vcpu_reg(v, 0);
	uint64_t a1 = vcpu_reg(v, 1);
	int64_t ret;

	switch (fid) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case SMCCC_VERSION:
		ret = SMCCC_VERSION_1_1;
		break;
	case SMCCC_ARCH_FEATURES:
		/* No firmware workarounds are offered; only the discovery calls exist. */
		a1 = arg(v, fid, 1);
		ret = (a1 == SMCCC_VERSION || a1 == SMCCC_ARCH_FEATURES) ? 0 : SMCCC_NOT_SUPPORTED;
		break;
	case PSCI_FEATURES:
		ret = features((uint32_t)a1);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		/* A standby request may return at once (PSCI 5.4): the vCPU owns its CPU. */
		ret = PSCI_SUCCESS;
		break;
	case PSCI_CPU_OFF: {
		int on = VCPU_ON;

		/*
		 * Not over a stop or a restart that has just taken the vCPU. Empty its
		 * list registers: an SPI waiting there, which Linux reroutes before a
		 * CPU goes offline, must reach its new target now.
		 */
		if (__atomic_compare_exchange_n(&v->state, &on, VCPU_OFF, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			vgic_vcpu_reset(v);
		}
		vcpu_park(v);
	}
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = cpu_on(v, arg(v, fid, 1), arg(v, fid, 2), arg(v, fid, 3));
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		ret = affinity_info(v, arg(v, fid, 1), arg(v, fid, 2));
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_SYSTEM_OFF:
		vm_stop(v->vm, "powered off");
		vcpu_park(v);
	case PSCI_SYSTEM_RESET:
		vm_restart(v, "SYSTEM_RESET");
		vcpu_park(v);
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
		/* A warm reset is a restart here too; the cookie means nothing to Tessera. */
		if ((uint32_t)a1 == PSCI_RESET2_WARM) {
			vm_restart(v, "SYSTEM_RESET2");
			vcpu_park(v);
		}
		ret = ((uint32_t)a1 & PSCI_RESET2_VENDOR) ? PSCI_NOT_SUPPORTED : PSCI_INVALID_PARAMETERS;
		break;
	default:
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
		return false;
	}
	vcpu_set_reg(v, 0, (uint64_t)ret);
	return true;
}
