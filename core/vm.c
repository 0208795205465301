/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VM life cycle: build a VM from its plan entry (host memory, stage-2 map,
 * kernel image, device tree), run its vCPUs on their CPUs, stop it when it
 * powers off or misbehaves. The machine powers off when the last VM stops.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <tessera/gic.h>
#include <tessera/guest_dt.h>
#include <tessera/hyp.h>
#include <tessera/ram.h>
#include <tessera/shmem.h>
#include <tessera/vm.h>

#define DTB_MAX (64 * 1024)

struct cpu cpus[CFG_MAX_CPUS];
static int vms_running;
static int firmware_smc;

void vm_set_psci_smc(int smc)
{
	firmware_smc = smc;
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

	if (load + footprint > limit) {
		log_info("vm '%s': kernel (%llu bytes at IPA 0x%llx) does not fit below its device tree "
			 "at 0x%llx",
			 vm->label, (unsigned long long)footprint, (unsigned long long)load,
			 (unsigned long long)limit);
		return -1;
	}
	void *dst = guest_ptr(vm, load, size);

	memcpy(dst, img, size);
	arch_dcache_clean(dst, size);
	*entry = load;
	*end = load + footprint;
	return 0;
}

static void dt_warning(void *ctx, const char *path, const char *msg)
{
	log_info("vm '%s': guest device tree: %s: %s", ((struct vm *)ctx)->label, path, msg);
}

int vm_create(struct vm *vm, unsigned id, const struct cfg_plan *plan, const void *board_fdt,
	      struct ram_map *ram, struct pt_pool *pool, const void *pack, size_t pack_size)
{
	const struct cfg_vm *cfg = &plan->vm[id];
	static uint8_t dtb[DTB_MAX] __attribute__((aligned(8)));
	const void *img;
	size_t img_size;
	uint64_t entry, kernel_end, initrd_ipa = 0;
	size_t initrd_size = 0;

	unsigned root_level, root_tables;

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->cfg = cfg;
	vm->label = cfg->label;
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
		/* Nothing from an earlier owner of these pages may leak in. */
		memset((void *)(uintptr_t)vm->host_pa[i], 0, cfg->mem[i].size);
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
	if (cfg_find_image(pack, pack_size, cfg->kernel, &img, &img_size)) {
		log_info("vm '%s': kernel '%s' is not in the image pack", vm->label, cfg->kernel);
		return -1;
	}
	/* The device tree goes at the top of the first region (2 MiB below its end). */
	const struct cfg_range *ram0 = &cfg->mem[0];
	uint64_t dtb_ipa = ram0->base + ram0->size - (ram0->size >= 4 * MiB ? 2 * MiB : DTB_MAX);

	if (load_kernel(vm, img, img_size, dtb_ipa, &entry, &kernel_end)) {
		return -1;
	}
	/* The initrd goes right below the device tree, page aligned. */
	if (cfg->initrd) {
		const void *rd;

		if (cfg_find_image(pack, pack_size, cfg->initrd, &rd, &initrd_size)) {
			log_info("vm '%s': initrd '%s' is not in the image pack", vm->label, cfg->initrd);
			return -1;
		}
		initrd_ipa = ALIGN_DOWN(dtb_ipa - initrd_size, PAGE_SIZE);
		if (initrd_size > dtb_ipa - ram0->base || initrd_ipa < kernel_end) {
			log_info("vm '%s': initrd (%zu bytes) does not fit between its kernel (ending at "
				 "0x%llx) and its device tree (0x%llx)",
				 vm->label, initrd_size, (unsigned long long)kernel_end,
				 (unsigned long long)dtb_ipa);
			return -1;
		}
		void *rd_dst = guest_ptr(vm, initrd_ipa, initrd_size);

		memcpy(rd_dst, rd, initrd_size);
		arch_dcache_clean(rd_dst, initrd_size);
	}
	int err = guest_dt_build(dtb, sizeof(dtb), plan, id, board_fdt,
				 gic_version(), initrd_ipa, initrd_size, dt_warning, vm);

	if (err) {
		log_info("vm '%s': cannot build its device tree: %s", vm->label, fdt_strerror(err));
		return -1;
	}
	void *dst = guest_ptr(vm, dtb_ipa, fdt_totalsize(dtb));

	memcpy(dst, dtb, fdt_totalsize(dtb));
	arch_dcache_clean(dst, fdt_totalsize(dtb));

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
	vm->vcpu[0].entry = entry;
	vm->vcpu[0].context = dtb_ipa;
	vm->vcpu[0].dtb_boot = true;
	vm->vcpu[0].state = VCPU_ON_PENDING;
	vm->running = 1;
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
		 (unsigned long long)ram0->base, (unsigned long long)vm->host_pa[0], cfg->kernel,
		 img_size, (unsigned long long)entry, (unsigned long long)dtb_ipa);
	return 0;
}

void vm_stop(struct vm *vm, const char *why)
{
	int was = __atomic_exchange_n(&vm->running, 0, __ATOMIC_ACQ_REL);

	if (!was) {
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
	if (!strcmp(why, "powered off")) {
		log_info("vm '%s' powered off", vm->label);
	} else {
		log_info("vm '%s' stopped: %s", vm->label, why);
	}
	if (__atomic_sub_fetch(&vms_running, 1, __ATOMIC_ACQ_REL) == 0) {
		log_info("all VMs stopped; powering off");
		arch_system_off(firmware_smc);
	}
}

void vm_fault(struct vcpu *v, uint64_t ipa, uint64_t va, bool write, bool instr, const char *what)
{
	uint64_t pc = arch_vcpu_pc();
	bool injected = arch_vcpu_inject_abort(v, va, write, instr);

	log_info("vm '%s': %s at IPA 0x%llx (PC 0x%llx): %s; %s", v->vm->label,
		 instr ? "instruction abort" : "data abort", (unsigned long long)ipa,
		 (unsigned long long)pc, what,
		 injected ? "abort injected" : "no exception vector, VM stopped");
	if (!injected) {
		vm_stop(v->vm, "unhandled abort");
	}
}

bool mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	if (ipa - CFG_GUEST_UART_BASE < CFG_GUEST_UART_SIZE) {
		return vuart_access(&v->vm->uart, ipa - CFG_GUEST_UART_BASE, write, val);
	}
	return vgic_mmio(v, ipa, size, write, val) || shmem_mmio(v, ipa, write, val);
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
	} else if (console_irq(intid)) {
		return;
	} else {
		log_info("CPU %u: unexpected interrupt %u disabled", v->pcpu, intid);
		gic_irq_enable(intid, cpus[v->pcpu].mpidr, false);
	}
}

void vcpu_wfi(struct vcpu *v)
{
	/*
	 * Sleep with interrupts masked: a physical interrupt still wakes the CPU
	 * and is taken, as an exit, the moment the guest is re-entered.
	 */
	if (!vgic_pending(v) && __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON) {
		vuart_flush_partial(&v->vm->uart);
		arch_cpu_wait_interrupt();
	}
}

noreturn void vcpu_park(struct vcpu *v)
{
	for (;;) {
		int s = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);

		if (s == VCPU_ON_PENDING) {
			vgic_vcpu_reset(v);
			arch_vcpu_reset(v, v->entry, v->context, v->dtb_boot);
			__atomic_store_n(&v->state, VCPU_ON, __ATOMIC_RELEASE);
			arch_vcpu_enter(v);
		}
		if (s == VCPU_STOPPED) {
			/* Silence this CPU's guest interrupts so it can sleep for good. */
			vgic_vcpu_reset(v);
			arch_cpu_halt();
		}
		arch_cpu_wait_event();
	}
}

noreturn void vcpu_run_cpu(struct cpu *c)
{
	arch_cpu_set_self(c);
	if (!c->vcpu) {
		arch_cpu_halt();
	}
	gic_cpu_init(c->mpidr);
	vcpu_park(c->vcpu);
}
