// SPDX-License-Identifier: Apache-2.0
/*
 * test=fault [addr=0x...]: a load from addr and a store to addr+8, both
 * expected to raise a data abort taken at EL1 (under Tessera: the stage-2
 * fault the hypervisor injects back). The handler in exceptions.c records
 * ESR/FAR and skips the instruction; the guest then keeps running.
 */
#include "testguest.h"

#define DEFAULT_FAULT_ADDR 0x80000000ul
#define ESR_EC_DABT_CUR 0x25u
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3fu
#define STORE_OFFSET 8

static void check_fault(const char *what, uint64_t addr)
{
	unsigned int ec = (unsigned int)(tg_fault.esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	if (!tg_fault.taken) {
		tg_fail("%s fault caught: no fault on 0x%lx\n", what, addr);
	} else if (ec != ESR_EC_DABT_CUR) {
		tg_fail("%s fault caught: EC 0x%x is not a data abort (ESR=0x%lx FAR=0x%lx)\n",
			what, ec, tg_fault.esr, tg_fault.far);
	} else if (tg_fault.far != addr) {
		tg_fail("%s fault caught: FAR 0x%lx != 0x%lx (ESR=0x%lx)\n", what, tg_fault.far,
			addr, tg_fault.esr);
	} else {
		tg_pass("%s fault caught (ESR=0x%lx FAR=0x%lx)\n", what, tg_fault.esr,
			tg_fault.far);
	}
}

static void arm_fault(void)
{
	tg_fault.taken = false;
	tg_fault.esr = 0;
	tg_fault.far = 0;
	tg_fault.expected = true;
	__asm__ volatile("dsb sy" ::: "memory");
}

void test_fault(void)
{
	uint64_t addr = tg_arg_u64("addr", DEFAULT_FAULT_ADDR);
	uint64_t val = 0;

	tg_printf("testguest: reading 0x%lx\n", addr);
	arm_fault();
	__asm__ volatile("ldr %0, [%1]" : "+r"(val) : "r"(addr) : "memory");
	tg_fault.expected = false;
	check_fault("read", addr);

	tg_printf("testguest: writing 0x%lx\n", addr + STORE_OFFSET);
	arm_fault();
	__asm__ volatile("str %0, [%1]" : : "r"(val), "r"(addr + STORE_OFFSET) : "memory");
	tg_fault.expected = false;
	check_fault("write", addr + STORE_OFFSET);

	tg_printf("still alive after faults\n");
	tg_print_counts(tg_arg_u64("lines", 5));
}
