/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMs and vCPUs. A vCPU is pinned to one physical CPU for its whole life
 * (DESIGN.md principle 4), so its EL1 state simply stays in that CPU's
 * registers and nothing is switched on the trap path.
 */
#ifndef TESSERA_VM_H
#define TESSERA_VM_H

#include <tessera/arch/vcpu.h>
#include <tessera/config.h>
#include <tessera/pt.h>
#include <tessera/report.h>
#include <tessera/spinlock.h>
#include <tessera/vgic.h>
#include <tessera/vuart.h>

enum vcpu_state {
	VCPU_OFF,        /* waiting for PSCI CPU_ON */
	VCPU_ON_PENDING, /* CPU_ON accepted; its CPU is about to enter it */
	VCPU_ON,
	VCPU_STOPPED,    /* its VM has stopped */
	VCPU_RESETTING,  /* its VM restarts: its CPU is to let go of it and say HELD */
	VCPU_HELD,       /* its CPU has let go of it and waits (vm_restart) */
};

/* vm.running */
enum vm_run_state {
	VM_STOPPED,
	VM_RUNNING,
	VM_RESTARTING,   /* one of its vCPUs is rebuilding it (vm_restart) */
};

struct vm;

struct vcpu {
	struct arch_regs *regs; /* the trap frame on its CPU's stack */
	struct vm *vm;
	unsigned idx;           /* vCPU number = its virtual MPIDR Aff0 */
	unsigned pcpu;
	int state;              /* enum vcpu_state, accessed atomically */
	uint64_t entry, context;
	bool dtb_boot;          /* context is the DT (first boot), not a CPU_ON context id */
	struct vgic_cpu gic;
};

struct vm {
	unsigned id;            /* VMID - 1 */
	const struct cfg_vm *cfg;
	const char *label;
	struct pt s2;
	uint64_t host_pa[CFG_MAX_MEM]; /* where each cfg->mem[i] lives */
	unsigned nr_vcpus;
	struct vcpu vcpu[CFG_MAX_VCPUS];
	struct vuart uart;
	struct vgic gic;
	uint64_t cntvoff;       /* the system counter when the VM was (re)built */
	int running;            /* enum vm_run_state, accessed atomically */
	struct spinlock cpu_on_lock; /* one PSCI CPU_ON at a time: its entry is the winner's */
	unsigned restarts;
	struct vm_reports reports; /* what it provoked (tessera/report.h), over all its lives */
	/* What it is built from, again at each restart (all read-only). */
	const struct cfg_plan *plan;
	const void *board_fdt;
	const void *pack;
	size_t pack_size;
	uint64_t entry, dtb_ipa; /* vCPU 0's first instruction and its DT, once loaded */
};

/* A physical CPU. */
struct cpu {
	unsigned idx;
	uint64_t mpidr;
	struct vcpu *vcpu;      /* the vCPU pinned here, or NULL */
};

extern struct cpu cpus[CFG_MAX_CPUS];

static inline struct vcpu *this_vcpu(void)
{
	return arch_cpu_self()->vcpu;
}

static inline uint64_t vcpu_reg(const struct vcpu *v, unsigned n)
{
	return arch_regs_get(v->regs, n);
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned n, uint64_t val)
{
	arch_regs_set(v->regs, n, val);
}

struct ram_map;
/* Build VM id of the plan (parsed from board_fdt), with its images from the pack. */
int vm_create(struct vm *vm, unsigned id, const struct cfg_plan *plan, const void *board_fdt,
	      struct ram_map *ram, struct pt_pool *pool, const void *pack, size_t pack_size);
/* Is [ipa, ipa+size) inside the VM's memory? */
bool vm_owns(const struct vm *vm, uint64_t ipa, uint64_t size);
/* Stop a VM (all its vCPUs), say why, and power off once none is left. */
void vm_stop(struct vm *vm, const char *why);
/*
 * Rebuild v's VM from its images and boot it again (SYSTEM_RESET, or a fault
 * with on-fault = "restart"); v is the calling vCPU, in its trap handler,
 * which must then park (vcpu_park) as its state is no longer VCPU_ON.
 */
void vm_restart(struct vcpu *v, const char *why);
/* v's VM misbehaved beyond what its guest can handle: stop or restart it (on-fault). */
void vm_fail(struct vcpu *v, const char *why);
/* This CPU's vCPU cannot run now: wait until it is (re)started. */
noreturn void vcpu_park(struct vcpu *v);
/* Start the plan: called on every CPU once all VMs exist. */
noreturn void vcpu_run_cpu(struct cpu *c);

/* What vm_fault's `what` says of a stage-1 table walk outside the VM's memory. */
#define VM_FAULT_WALK "its page-table walk left its memory"
/* A guest touched guest-physical memory it does not own. */
void vm_fault(struct vcpu *v, uint64_t ipa, uint64_t va, bool write, bool instr, const char *what);

/* Trap handlers the arch calls (decoded exits). */
/* An SMCCC call (x0/r0 the function): false if Tessera has no such function (NOT_SUPPORTED). */
bool smccc_call(struct vcpu *v);
/* A physical interrupt while this CPU's vCPU ran. */
void irq_handle(struct vcpu *v);
/* The guest executed WFI: wait until it has an interrupt to take. */
void vcpu_wfi(struct vcpu *v);
bool mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val);

/* How to reach firmware (PSCI SYSTEM_OFF when the last VM stops). */
void vm_set_psci_smc(int smc);
/* Power the machine off through the firmware, or say why not and halt. */
noreturn void machine_off(int smc);

#endif
