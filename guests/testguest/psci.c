// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI SYSTEM_OFF, the end of every scenario, over the conduit the DT's
 * /psci node names (HVC in a VM). The SMCCC call itself is
 * arch/<arch>/smccc.c.
 */
#include "testguest.h"

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	tg_printf("testguest: SYSTEM_OFF returned\n");
	for (;;) {
		__asm__ volatile("wfi");
	}
}
