// SPDX-License-Identifier: Apache-2.0
/*
 * The test guest's arch.h for the host (tests/unit/test_tg_hw.c): just what
 * testguest.h names, so that the guest's fdt.c and hw.c build and run as
 * host code. Nothing here touches hardware.
 */
#ifndef TG_ARCH_H
#define TG_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#define PSCI_FN_NATIVE 0xC4000000u

struct tg_frame {
	uint64_t stamp;
};

static inline uint64_t mpidr_read(void)
{
	return 0;
}

#endif
