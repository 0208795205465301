/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VM life cycle: build a VM from its plan entry (host memory, stage-2 map,
 * kernel image, device tree), run its vCPUs on their CPUs, stop it when it
 * powers off or misbehaves, or restart it from its images (SYSTEM_RESET, or
 * a fault with on-fault = "restart"). The machine powers off when the last
 * VM stops.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <tessera/gic.h>
#include <tessera/guest_dt.h>
#include <tessera/hyp.h>
#include <tessera/iommu.h>
#include <tessera/ram.h>
#include <tessera/shmem.h>
#include <tessera/vm.h>

/* Room for a guest DT: a rich OS's is the board's own (the ZCU102's is 34 KiB). */
#define DTB_MAX CFG_GUEST_DTB_MAX
/* A VM's memory is cleared this much at a time (vm_load). */
#define CLEAR_PIECE (2 * MiB)

struct cpu cpus[CFG_MAX_CPUS];
static int vms_running; /* VMs not stopped; a restart keeps counting its VM */
static int firmware_smc;

void vm_set_psci_smc(int smc)
{
	firmware_smc = smc;
}

noreturn void machine_off(int smc)
{
	console_flush(); /* what every VM and Tessera said, before the lights go out */
	int err = arch_system_off(smc);

	/* PSCI 0.1 (U-Boot's on sunxi) has no SYSTEM_OFF: say so, and stop here. */
	log_info("the firmware cannot power the machine off (PSCI SYSTEM_OFF: %d): halted", err);
	console_flush();
	arch_cpu_halt();
}

bool vm_owns(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	for (unsigned i = 0; i < vm->cfg->nr_mem; i++) {
		const struct cfg_range *m = &vm->cfg->mem[i];

		if (ipa >= m->base && ipa - m->base < m->size && size <= m->size - (ipa - m->base)) {
			return true;
		}
	}
	return false;
}

/* Guest-physical to the hypervisor's (identity) address, or NULL. */
static void *guest_ptr(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	for (unsigned i = 0; i < vm->cfg->nr_mem; i++) {
		const struct cfg_range *m = &vm->cfg->mem[i];

		if (ipa >= m->base && ipa - m->base < m->size && size <= m->size - (ipa - m->base)) {
			return (void *)(uintptr_t)(vm->host_pa[i] + (ipa - m->base));
		}
	}
	return NULL;
}

/* The kernel goes where its header (arch_kernel_offset) says, below the device tree. */
static int load_kernel(struct vm *vm, const uint8_t *img, size_t size, uint64_t limit,
		       uint64_t *entry, uint64_t *end)
{
	const struct cfg_range *ram = &vm->cfg->mem[0];
	uint64_t footprint = size;
	uint64_t load = ram->base + arch_kernel_offset(img, size, ram->base, &footprint);
	void *dst = guest_ptr(vm, load, size);

	if (load + footprint > limit || !dst) {
		log_info("vm '%s': kernel (%llu bytes at IPA 0x%llx) does not fit below its device tree "
			 "at 0x%llx",
			 vm->label, (unsigned long long)footprint, (unsigned long long)load,
			 (unsigned long long)limit);
		return -1;
	}
	memcpy(dst, img, size);
	*entry = load;
	*end = load + footprint;
	return 0;
}

static void dt_warning(void *ctx, const char *path, const char *msg)
{
	log_info("vm '%s': guest device tree: %s: %s", ((struct vm *)ctx)->label, path, msg);
}

/*
 * Fill the VM's memory as it boots: all zero but for its kernel, its initrd
 * and its device tree, written straight into guest memory (no shared buffer:
 * two VMs may restart at once). Sets vm->entry and vm->dtb_ipa. At a restart
 * this runs libfdt, which uses FP/SIMD registers on arm64: only those of the
 * CPU doing the restart, one of the VM's own, whose guest state is void.
 */
static int vm_load(struct vm *vm, guest_dt_warn_fn warn, size_t *kernel_size)
{
	const struct cfg_vm *cfg = vm->cfg;
	const struct cfg_range *ram0 = &cfg->mem[0];
	const void *img;
	size_t img_size, initrd_size = 0;
	uint64_t kernel_end, initrd_ipa = 0;

	/*
	 * Nothing from an earlier owner (or an earlier life) of these pages may
	 * leak in. A piece at a time: on the console CPU, the console goes on
	 * between pieces (a restart of a large VM takes a while).
	 */
	for (unsigned i = 0; i < cfg->nr_mem; i++) {
		for (uint64_t at = 0; at < cfg->mem[i].size; at += CLEAR_PIECE) {
			uint64_t n = cfg->mem[i].size - at < CLEAR_PIECE ? cfg->mem[i].size - at : CLEAR_PIECE;

			memset((void *)(uintptr_t)(vm->host_pa[i] + at), 0, (size_t)n);
			console_idle();
		}
	}
	if (cfg_find_image(vm->pack, vm->pack_size, cfg->kernel, &img, &img_size)) {
		log_info("vm '%s': kernel '%s' is not in the image pack", vm->label, cfg->kernel);
		return -1;
	}
	/* The device tree goes at the top of the first region (2 MiB below its end). */
	vm->dtb_ipa = ram0->base + ram0->size - cfg_dt_room(ram0->size);
	void *dtb = guest_ptr(vm, vm->dtb_ipa, DTB_MAX);

	if (!dtb) {
		log_info("vm '%s': its first memory region is too small for a device tree", vm->label);
		return -1;
	}
	if (load_kernel(vm, img, img_size, vm->dtb_ipa, &vm->entry, &kernel_end)) {
		return -1;
	}
	/* The initrd goes right below the device tree, page aligned. */
	if (cfg->initrd) {
		const void *rd;

		if (cfg_find_image(vm->pack, vm->pack_size, cfg->initrd, &rd, &initrd_size)) {
			log_info("vm '%s': initrd '%s' is not in the image pack", vm->label, cfg->initrd);
			return -1;
		}
		initrd_ipa = ALIGN_DOWN(vm->dtb_ipa - initrd_size, PAGE_SIZE);
		if (initrd_size > vm->dtb_ipa - ram0->base || initrd_ipa < kernel_end) {
			log_info("vm '%s': initrd (%zu bytes) does not fit between its kernel (ending at "
				 "0x%llx) and its device tree (0x%llx)",
				 vm->label, initrd_size, (unsigned long long)kernel_end,
				 (unsigned long long)vm->dtb_ipa);
			return -1;
		}
		memcpy(guest_ptr(vm, initrd_ipa, initrd_size), rd, initrd_size);
	}
	int err = guest_dt_build(dtb, DTB_MAX, vm->plan, vm->id, vm->board_fdt, gic_version(),
				 initrd_ipa, initrd_size, warn, vm);

	if (err) {
		log_info("vm '%s': cannot build its device tree: %s", vm->label, fdt_strerror(err));
		return -1;
	}
	/*
	 * The guest starts with its MMU and caches off: everything it reads must
	 * be in memory, and no dirty line of ours may be written back later over
	 * what it has stored meanwhile.
	 */
	for (unsigned i = 0; i < cfg->nr_mem; i++) {
		arch_dcache_clean((void *)(uintptr_t)vm->host_pa[i], cfg->mem[i].size);
	}
	if (kernel_size) {
		*kernel_size = img_size;
	}
	return 0;
}

int vm_create(struct vm *vm, unsigned id, const struct cfg_plan *plan, const void *board_fdt,
	      struct ram_map *ram, struct pt_pool *pool, const void *pack, size_t pack_size)
{
	const struct cfg_vm *cfg = &plan->vm[id];
	size_t img_size;
	unsigned root_level, root_tables;

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->cfg = cfg;
	vm->label = cfg->label;
	vm->plan = plan;
	vm->board_fdt = board_fdt;
	vm->pack = pack;
	vm->pack_size = pack_size;
	arch_pt_root(PT_STAGE2, &root_level, &root_tables);
	if (pt_init(&vm->s2, PT_STAGE2, root_level, root_tables, pool)) {
		log_info("vm '%s': out of translation-table memory", vm->label);
		return -1;
	}
	for (unsigned i = 0; i < cfg->nr_mem; i++) {
		uint64_t size = ALIGN_UP(cfg->mem[i].size, 2 * MiB);

		if (cfg->identity) {
			/* Identity-mapped (DMA without an IOMMU): host PA = IPA, claimed by boot_main. */
			vm->host_pa[i] = cfg->mem[i].base;
		} else if (ram_alloc(ram, size, 2 * MiB, &vm->host_pa[i])) {
			log_info("vm '%s': no room in host RAM for %llu MiB", vm->label,
				 (unsigned long long)(size / MiB));
			return -1;
		}
		if (pt_map(&vm->s2, cfg->mem[i].base, vm->host_pa[i], cfg->mem[i].size,
			   PT_R | PT_W | PT_X)) {
			log_info("vm '%s': cannot map its memory at IPA 0x%llx", vm->label,
				 (unsigned long long)cfg->mem[i].base);
			return -1;
		}
	}

	/* Devices the plan hands over appear where they are (IPA = PA), as device memory. */
	for (unsigned i = 0; i < cfg->nr_mmio; i++) {
		if (pt_map(&vm->s2, cfg->mmio[i].base, cfg->mmio[i].base, cfg->mmio[i].size,
			   PT_R | PT_W | PT_DEVICE)) {
			log_info("vm '%s': cannot map its device at 0x%llx", vm->label,
				 (unsigned long long)cfg->mmio[i].base);
			return -1;
		}
	}
	/* GICv2: the guest's CPU interface is the hardware's virtual one, mapped in. */
	if (gic_vcpu_interface() &&
	    pt_map(&vm->s2, CFG_GUEST_GICC_BASE, gic_vcpu_interface(), CFG_GUEST_GICC_SIZE,
		   PT_R | PT_W | PT_DEVICE)) {
		log_info("vm '%s': cannot map its GIC CPU interface", vm->label);
		return -1;
	}
	if (vm_load(vm, dt_warning, &img_size)) {
		return -1;
	}

	vuart_init(&vm->uart, vm, vm->label);
	vm->nr_vcpus = cfg->nr_vcpus;
	for (unsigned i = 0; i < cfg->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpu[i];

		v->vm = vm;
		v->idx = i;
		v->pcpu = cfg->cpus[i];
		v->regs = arch_cpu_frame(v->pcpu);
		v->state = VCPU_OFF;
		cpus[v->pcpu].vcpu = v;
	}
	vgic_init(vm);
	vm->cntvoff = arch_counter();
	vm->vcpu[0].entry = vm->entry;
	vm->vcpu[0].context = vm->dtb_ipa;
	vm->vcpu[0].dtb_boot = true;
	vm->vcpu[0].state = VCPU_ON_PENDING;
	vm->running = VM_RUNNING;
	vms_running++;
	console_add_vm(&vm->uart, &vm->running);

	char cpu_list[64];
	unsigned n = 0;

	for (unsigned i = 0; i < cfg->nr_vcpus && n < sizeof(cpu_list) - 4; i++) {
		n += (unsigned)snprintf(cpu_list + n, sizeof(cpu_list) - n, "%s%u", i ? "," : "",
					cfg->cpus[i]);
	}
	log_info("vm '%s': %u vCPU(s) on CPU %s; %llu MiB at IPA 0x%llx (host 0x%llx); kernel %s "
		 "(%zu bytes) at 0x%llx; DT at 0x%llx",
		 vm->label, cfg->nr_vcpus, cpu_list, (unsigned long long)(cfg_vm_mem_total(cfg) / MiB),
		 (unsigned long long)cfg->mem[0].base, (unsigned long long)vm->host_pa[0], cfg->kernel,
		 img_size, (unsigned long long)vm->entry, (unsigned long long)vm->dtb_ipa);
	return 0;
}

void vm_stop(struct vm *vm, const char *why)
{
	/* A restart under way (VM_RESTARTING) sees this and gives up. */
	int was = __atomic_exchange_n(&vm->running, VM_STOPPED, __ATOMIC_ACQ_REL);

	if (was == VM_STOPPED) {
		return;
	}
	/* Other vCPUs park at their next exit; the kick makes sure there is one. */
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *t = &vm->vcpu[i];
		int old = __atomic_exchange_n(&t->state, VCPU_STOPPED, __ATOMIC_ACQ_REL);

		if (old == VCPU_ON && t != this_vcpu()) {
			gic_send_sgi(GIC_SGI_KICK, cpus[t->pcpu].mpidr);
		}
	}
	arch_cpu_send_event();
	/* Its devices' DMA stops here too. */
	iommu_vm_quiesce(vm);
	vm_report_summary(vm);
	if (!strcmp(why, "powered off")) {
		log_vm(vm, "vm '%s' powered off", vm->label);
	} else {
		log_vm(vm, "vm '%s' stopped: %s", vm->label, why);
	}
	if (__atomic_sub_fetch(&vms_running, 1, __ATOMIC_ACQ_REL) == 0) {
		/* Every VM's last words first, then Tessera's. */
		console_flush();
		log_info("all VMs stopped; powering off");
		machine_off(firmware_smc);
	}
}

/*
 * Take t out of the guest for a restart: VCPU_RESETTING, which CPU_ON cannot
 * change, and a kick if it runs. Its CPU answers VCPU_HELD from vcpu_park.
 * A stopped vCPU stays stopped: a stop always wins over a restart.
 */
static void hold(struct vcpu *t)
{
	int s = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);

	do {
		if (s == VCPU_STOPPED || s == VCPU_RESETTING || s == VCPU_HELD) {
			return;
		}
	} while (!__atomic_compare_exchange_n(&t->state, &s, VCPU_RESETTING, false, __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	if (s == VCPU_ON && t != this_vcpu()) {
		gic_send_sgi(GIC_SGI_KICK, cpus[t->pcpu].mpidr);
	}
}

/*
 * The restart, on the vCPU that asked for it (or faulted), in its trap
 * handler. VM_RUNNING -> VM_RESTARTING elects one restarter. It holds every
 * other vCPU of the VM and waits (wfe: QEMU's round-robin -icount mode would
 * spin for ever on a plain busy-wait) until each one's CPU has left the guest
 * and its handlers and given back its list registers (VCPU_HELD). Then no
 * one touches the VM but this CPU and, through the console and doorbells,
 * other VMs' CPUs, which take the VM's vuart, vGIC and region locks as always.
 * The stage-2 map and the passthrough mappings stay: the memory and devices
 * are the same. vms_running does not change, so the machine stays on.
 */
void vm_restart(struct vcpu *self, const char *why)
{
	struct vm *vm = self->vm;
	int was = VM_RUNNING;

	if (!__atomic_compare_exchange_n(&vm->running, &was, VM_RESTARTING, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		/* Stopped, or another of its vCPUs restarts it: wait with the others. */
		hold(self);
		return;
	}
	log_vm(vm, "vm '%s' restarting (%s)", vm->label, why);
	vm_report_summary(vm);
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		hold(&vm->vcpu[i]);
	}
	arch_cpu_send_event();
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *t = &vm->vcpu[i];
		int s;

		while (t != self && (s = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE)) != VCPU_HELD &&
		       s != VCPU_STOPPED) {
			arch_cpu_wait_event();
		}
	}
	if (__atomic_load_n(&vm->running, __ATOMIC_ACQUIRE) != VM_RESTARTING) {
		return; /* stopped meanwhile (vm_stop has said so) */
	}
	/* No DMA of its devices lands while its memory is reloaded. */
	iommu_vm_quiesce(vm);
	vgic_vcpu_reset(self);
	vuart_reset(&vm->uart);
	vgic_vm_reset(vm);
	shmem_vm_reset(vm);
	if (vm_load(vm, NULL, NULL)) {
		vm_stop(vm, "its images could not be loaded again");
		return;
	}
	iommu_vm_resume(vm);
	/* A new counter origin, as for a VM just built; each vCPU picks it up when it starts. */
	vm->cntvoff = arch_counter();
	vm->vcpu[0].entry = vm->entry;
	vm->vcpu[0].context = vm->dtb_ipa;
	vm->vcpu[0].dtb_boot = true;
	was = VM_RESTARTING;
	if (!__atomic_compare_exchange_n(&vm->running, &was, VM_RUNNING, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		return;
	}
	/* From here on nothing can stop it: all its other vCPUs are held. */
	log_vm(vm, "vm '%s' restarted (%u restart(s))", vm->label, ++vm->restarts);
	for (unsigned i = 1; i < vm->nr_vcpus; i++) {
		__atomic_store_n(&vm->vcpu[i].state, VCPU_OFF, __ATOMIC_RELEASE);
	}
	/* vCPU 0's CPU (this one, or one waiting in vcpu_park) boots it. */
	__atomic_store_n(&vm->vcpu[0].state, VCPU_ON_PENDING, __ATOMIC_RELEASE);
	arch_cpu_send_event();
}

void vm_fail(struct vcpu *v, const char *why)
{
	if (v->vm->cfg->on_fault == CFG_ON_FAULT_RESTART) {
		vm_restart(v, why);
	} else {
		vm_stop(v->vm, why);
	}
}

void vm_fault(struct vcpu *v, uint64_t ipa, uint64_t va, bool write, bool instr, const char *what)
{
	uint64_t pc = arch_vcpu_pc();
	bool injected = arch_vcpu_inject_abort(v, va, write, instr);

	enum vm_report_kind kind = instr ? VM_REPORT_IABT :
				   !strcmp(what, VM_FAULT_WALK) ? VM_REPORT_WALK : VM_REPORT_DABT;

	vm_report(v->vm, kind, "vm '%s': %s at IPA 0x%llx (PC 0x%llx): %s; %s", v->vm->label,
		  instr ? "instruction abort" : "data abort", (unsigned long long)ipa,
		  (unsigned long long)pc, what,
		  injected ? "abort injected" : "no exception vector to take it");
	if (!injected) {
		vm_fail(v, "unhandled abort");
	}
}

/*
 * A device register in a page the VM does not have mapped, because another
 * VM's device or Tessera's console shares it (cfg_vm.trap): the access, if
 * it lies inside the device's range and is naturally aligned, done for it
 * at the same address (Tessera maps those pages at boot).
 */
static bool trapped_access(const struct cfg_vm *cfg, uint64_t ipa, unsigned size, bool write,
			   uint64_t *val)
{
	for (unsigned i = 0; i < cfg->nr_trap; i++) {
		const struct cfg_range *r = &cfg->trap[i];
		uintptr_t a = (uintptr_t)ipa;

		if (ipa - r->base >= r->size || size > r->size - (ipa - r->base) ||
		    (size != 1 && size != 2 && size != 4) || (ipa & (size - 1))) {
			continue;
		}
		if (write) {
			if (size == 4) {
				*(volatile uint32_t *)a = (uint32_t)*val;
			} else if (size == 2) {
				*(volatile uint16_t *)a = (uint16_t)*val;
			} else {
				*(volatile uint8_t *)a = (uint8_t)*val;
			}
		} else {
			*val = size == 4 ? *(volatile uint32_t *)a :
			       size == 2 ? *(volatile uint16_t *)a : *(volatile uint8_t *)a;
		}
		return true;
	}
	return false;
}

bool mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	if (ipa - CFG_GUEST_UART_BASE < CFG_GUEST_UART_SIZE) {
		return vuart_access(&v->vm->uart, ipa - CFG_GUEST_UART_BASE, write, val);
	}
	return vgic_mmio(v, ipa, size, write, val) || shmem_mmio(v, ipa, write, val) ||
	       trapped_access(v->vm->cfg, ipa, size, write, val);
}

void irq_handle(struct vcpu *v)
{
	uint32_t intid = gic_ack();

	if (intid >= GIC_SPURIOUS) {
		return;
	}
	gic_eoi(intid);
	/* Hardware-backed interrupts stay active until the guest's EOI deactivates them. */
	if (vgic_hw_irq(v, intid)) {
		return;
	}
	gic_deactivate(intid);
	if (intid == GIC_SGI_KICK || intid == GIC_PPI_MAINT) {
		vgic_refresh(v);
	} else if (console_irq(intid) || iommu_irq(intid)) {
		return;
	} else {
		log_info("CPU %u: unexpected interrupt %u disabled", v->pcpu, intid);
		gic_irq_enable(intid, cpus[v->pcpu].mpidr, false);
	}
}

void vcpu_wfi(struct vcpu *v)
{
	/*
	 * Sleep with interrupts masked: a physical interrupt still wakes the
	 * CPU. Take it here rather than as an exit the moment the guest is
	 * re-entered: the guest then comes back once, with it injected.
	 */
	if (!vgic_pending(v) && __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON) {
		vuart_flush_partial(&v->vm->uart);
		arch_cpu_wait_interrupt();
		irq_handle(v);
	}
}

noreturn void vcpu_park(struct vcpu *v)
{
	for (;;) {
		int s = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);

		switch (s) {
		case VCPU_ON_PENDING:
			vgic_vcpu_reset(v);
			arch_vcpu_reset(v, v->entry, v->context, v->dtb_boot);
			/* Unless its VM was stopped or restarted meanwhile. */
			if (__atomic_compare_exchange_n(&v->state, &s, VCPU_ON, false, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE)) {
				arch_vcpu_enter(v);
			}
			continue;
		case VCPU_RESETTING:
			/* Its VM restarts: give back this CPU's share of its interrupts, then say so. */
			vgic_vcpu_reset(v);
			if (__atomic_compare_exchange_n(&v->state, &s, VCPU_HELD, false, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE)) {
				arch_cpu_send_event();
			}
			continue;
		case VCPU_STOPPED:
			/* Silence this CPU's guest interrupts so it can sleep for good. */
			vgic_vcpu_reset(v);
			if (console_on_this_cpu()) {
				console_serve();
			}
			arch_cpu_halt();
		default:
			break; /* VCPU_OFF, VCPU_HELD: wait for CPU_ON or the end of a restart */
		}
		/* The console CPU keeps the console going meanwhile (wfe wakes on no interrupt). */
		if (console_idle()) {
			arch_cpu_relax();
		} else {
			arch_cpu_wait_event();
		}
	}
}

noreturn void vcpu_run_cpu(struct cpu *c)
{
	arch_cpu_set_self(c);
	if (!c->vcpu && !console_on_this_cpu()) {
		arch_cpu_halt();
	}
	gic_cpu_init(c->mpidr);
	console_cpu_ready();
	if (!c->vcpu) {
		console_serve();
	}
	vcpu_park(c->vcpu);
}
