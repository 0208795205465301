// SPDX-License-Identifier: Apache-2.0
/*
 * test=psci [smc=1]: PSCI 1.x and SMCCC discovery over the DT's conduit
 * (HVC in a VM), and over SMC too when smc=1 and the conduit is not SMC
 * already (under Tessera: nothing takes SMC on QEMU virt natively).
 */
#include "testguest.h"

#define PSCI_MAJOR_SHIFT 16
#define MIGRATE_INFO_NOT_REQUIRED 2
#define SMCCC_VERSION_1_1 0x10001
#define UNSUPPORTED_PSCI_FN 0x8400001Fu
#define UNSUPPORTED_ARCH_FN 0x8000FFFFu
#define UNKNOWN_FN 0xC2001234u
#define LOW32 0xffffffffu

static const struct {
	uint32_t fn;
	const char *name;
} psci_features_expected[] = {
	{ PSCI_CPU_ON, "CPU_ON" },
	{ PSCI_CPU_OFF, "CPU_OFF" },
	{ PSCI_AFFINITY_INFO, "AFFINITY_INFO" },
	{ PSCI_SYSTEM_OFF, "SYSTEM_OFF" },
	{ PSCI_SYSTEM_RESET, "SYSTEM_RESET" },
	{ PSCI_MIGRATE_INFO_TYPE, "MIGRATE_INFO_TYPE" },
	{ PSCI_FEATURES, "PSCI_FEATURES" },
};

static void check_eq(const char *cn, const char *name, int64_t got, int64_t want)
{
	if (got == want) {
		tg_pass("%s %s (%jd)\n", cn, name, got);
	} else {
		tg_fail("%s %s: got %jd, want %jd\n", cn, name, got, want);
	}
}

static void run(enum conduit c)
{
	const char *cn = c == CONDUIT_SMC ? "smc" : "hvc";
	int64_t r;

	tg_call_probe = true;
	r = smccc_call(c, PSCI_VERSION, 0, 0, 0);
	if (r >= 0 && (r >> PSCI_MAJOR_SHIFT) == 1) {
		tg_pass("%s psci_version major 1 (0x%jx)\n", cn, (uint64_t)r);
	} else {
		tg_fail("%s psci_version major 1: got 0x%jx\n", cn, (uint64_t)r);
	}

	for (size_t i = 0; i < sizeof(psci_features_expected) / sizeof(psci_features_expected[0]);
	     i++) {
		char name[48] = "psci_features ";
		size_t n = strlen(name);
		for (const char *s = psci_features_expected[i].name; *s != '\0' && n + 1 < sizeof(name);
		     s++) {
			name[n++] = *s;
		}
		name[n] = '\0';
		check_eq(cn, name, smccc_call(c, PSCI_FEATURES, psci_features_expected[i].fn, 0, 0),
			 PSCI_RET_SUCCESS);
	}
	check_eq(cn, "psci_features 0x8400001f not_supported",
		 smccc_call(c, PSCI_FEATURES, UNSUPPORTED_PSCI_FN, 0, 0), PSCI_RET_NOT_SUPPORTED);
	check_eq(cn, "migrate_info_type", smccc_call(c, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0),
		 MIGRATE_INFO_NOT_REQUIRED);

	r = smccc_call(c, SMCCC_VERSION, 0, 0, 0);
	if (r >= SMCCC_VERSION_1_1) {
		tg_pass("%s smccc_version >= 1.1 (0x%jx)\n", cn, (uint64_t)r);
	} else {
		tg_fail("%s smccc_version >= 1.1: got 0x%jx\n", cn, (uint64_t)r);
	}
	r = smccc_call(c, SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0);
	if (r >= 0 || r == PSCI_RET_NOT_SUPPORTED) {
		tg_pass("%s smccc_arch_features 0x80000000 (%jd)\n", cn, r);
	} else {
		tg_fail("%s smccc_arch_features 0x80000000: got %jd\n", cn, r);
	}
	check_eq(cn, "smccc_arch_features 0x8000ffff not_supported",
		 smccc_call(c, SMCCC_ARCH_FEATURES, UNSUPPORTED_ARCH_FN, 0, 0),
		 PSCI_RET_NOT_SUPPORTED);

	r = smccc_call(c, UNKNOWN_FN, 0, 0, 0);
	if (((uint64_t)r & LOW32) == LOW32) {
		tg_pass("%s unknown function 0xc2001234 not_supported (0x%jx)\n", cn, (uint64_t)r);
	} else {
		tg_fail("%s unknown function 0xc2001234 not_supported: got 0x%jx\n", cn,
			(uint64_t)r);
	}
	tg_call_probe = false;
}

void test_psci(void)
{
	run(tg_hw.psci);
	if (tg_arg_u64("smc", 0) == 1 && tg_hw.psci != CONDUIT_SMC) {
		run(CONDUIT_SMC);
	}
}
