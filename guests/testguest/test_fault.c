// SPDX-License-Identifier: Apache-2.0
/*
 * test=fault [addr=0x...]: a load from addr and a store to addr+8 (register
 * wide), both expected to raise a data abort taken by the guest itself, at
 * EL1 or in Abort mode (under Tessera: the stage-2 fault the hypervisor
 * injects back). The handler in arch/<arch>/exceptions.c records the
 * syndrome and address and skips the instruction; the guest keeps running.
 * With vectors=0 the guest first drops its vector table (VBAR = 0), so the
 * abort cannot be injected: the hypervisor stops or restarts the VM instead;
 * spin=1 also starts vCPU 1 in a wfe loop, so the VM has a running vCPU the
 * hypervisor must take back.
 */
#include "testguest.h"

/* Needs no stack and no vectors; "wfe" and "b" read the same in A64 and A32. */
__asm__(".pushsection .text\n.balign 8\n.globl tg_fault_spin\ntg_fault_spin:\n"
	"1: wfe\n b 1b\n.popsection");
extern char tg_fault_spin[];

#define DEFAULT_FAULT_ADDR 0x80000000ul
#define STORE_OFFSET 8

static void check_fault(const char *what, uint64_t addr)
{
	if (!tg_fault.taken) {
		tg_fail("%s fault caught: no fault on 0x%jx\n", what, addr);
	} else if (!tg_fault.data_abort) {
		tg_fail("%s fault caught: not a data abort (ESR=0x%jx FAR=0x%jx)\n", what,
			tg_fault.esr, tg_fault.far);
	} else if (tg_fault.far != addr) {
		tg_fail("%s fault caught: FAR 0x%jx != 0x%jx (ESR=0x%jx)\n", what, tg_fault.far,
			addr, tg_fault.esr);
	} else {
		tg_pass("%s fault caught (ESR=0x%jx FAR=0x%jx)\n", what, tg_fault.esr,
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

	if (tg_arg_u64("vectors", 1) == 0) {
		if (tg_arg_u64("spin", 0)) {
			tg_printf("testguest: vcpu1 spinning (cpu_on %jd)\n",
				  psci_call(PSCI_CPU_ON, 1, (uintptr_t)tg_fault_spin, 0));
		}
		tg_printf("testguest: no vectors, reading 0x%jx\n", addr);
#ifdef __aarch64__
		write_sysreg(vbar_el1, 0);
#else
		cp15_write("p15, 0, %0, c12, c0, 0", 0); /* VBAR */
#endif
		__asm__ volatile("isb" ::: "memory");
		(void)mmio_read_ulong((uintptr_t)addr);
		tg_fail("read 0x%jx without vectors returned\n", addr);
		return;
	}

	tg_printf("testguest: reading 0x%jx\n", addr);
	arm_fault();
	unsigned long val = mmio_read_ulong((uintptr_t)addr);
	tg_fault.expected = false;
	check_fault("read", addr);

	tg_printf("testguest: writing 0x%jx\n", addr + STORE_OFFSET);
	arm_fault();
	mmio_write_ulong((uintptr_t)addr + STORE_OFFSET, val);
	tg_fault.expected = false;
	check_fault("write", addr + STORE_OFFSET);

	tg_printf("still alive after faults\n");
	tg_print_counts(tg_arg_u64("lines", 5));
}
