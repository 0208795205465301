/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot: map the hypervisor, read the board DT and its partition plan with the
 * same engine the host checker uses, build every VM, start the CPUs that run
 * them. A bad plan is refused here, before any guest runs.
 */
#include <libfdt.h>
#include <string.h>
#include <tessera/arch/mm.h>
#include <tessera/gic.h>
#include <tessera/guest_dt.h>
#include <tessera/hyp.h>
#include <tessera/iommu.h>
#include <tessera/ram.h>
#include <tessera/shmem.h>
#include <tessera/uart.h>
#include <tessera/vm.h>

#define PT_POOL_PAGES 128

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static uint8_t pt_pages[PT_POOL_PAGES][4096] __attribute__((aligned(4096)));
static struct pt_pool pool;
static struct pt hyp_pt;
static struct cfg_plan plan;
static struct vm vms[CFG_MAX_VMS];
/* Read by secondary CPUs with their MMU still off: cleaned to PoC before they start. */
static uint64_t hyp_root_pa;

static uint64_t identity_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void *identity_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void map_or_panic(uint64_t pa, uint64_t size, unsigned attr)
{
	int err = pt_map(&hyp_pt, pa, pa, size, attr);

	if (err) {
		panic("cannot map 0x%llx+0x%llx at EL2 (%d)", (unsigned long long)pa,
		      (unsigned long long)size, err);
	}
}

/* The DT header, read before the MMU is on (device memory: aligned words only). */
static uint32_t early_be32(uint64_t pa)
{
	return __builtin_bswap32(*(volatile uint32_t *)(uintptr_t)pa);
}

static void report_plan_error(void *ctx, const char *path, const char *msg)
{
	(void)ctx;
	log_info("plan error: %s: %s", path, msg);
}

static noreturn void refuse(const char *why)
{
	log_info("refusing to boot: %s", why);
	machine_off(plan.hw.psci_smc);
}

static void map_ram(const struct cfg_range *taken, unsigned nr_taken)
{
	struct ram_map m;

	if (ram_init(&m, plan.hw.ram, plan.hw.nr_ram, taken, nr_taken)) {
		refuse("too many RAM ranges");
	}
	for (unsigned i = 0; i < m.nr; i++) {
		uint64_t b = ALIGN_UP(m.free[i].base, PAGE_SIZE);
		uint64_t e = ALIGN_DOWN(m.free[i].base + m.free[i].size, PAGE_SIZE);

		if (e > b) {
			map_or_panic(b, e - b, PT_R | PT_W);
		}
	}
}

/*
 * Switch to the console the DT names (cfg_console), if a linked driver
 * knows it; else stay on the early UART. Returns the driver's name.
 */
static const char *use_console(const void *fdt, size_t fdt_size)
{
	const struct cfg_hw *hw = &plan.hw;
	const char *name;

	if (cfg_console(fdt, fdt_size, &plan) < 0) {
		return "the early UART (the DT names no usable console)";
	}
	uint64_t page = ALIGN_DOWN(hw->uart_base, PAGE_SIZE);

	if (page != ALIGN_DOWN(EARLY_UART, PAGE_SIZE)) {
		map_or_panic(page, ALIGN_UP(hw->uart_base + hw->uart_size, PAGE_SIZE) - page,
			     PT_R | PT_W | PT_DEVICE);
	}
	name = uart_init(hw->uart_compat, hw->uart_compat_len,
			 &(struct uart_port){ .base = hw->uart_base, .shift = hw->uart_reg_shift,
							   .width = hw->uart_reg_width });
	if (!name) {
		log_info("console at 0x%llx (\"%s\"): no driver for it in this build; staying on the early UART",
			 (unsigned long long)hw->uart_base, hw->uart_compat);
		return "the early UART";
	}
	return name;
}

/*
 * The pages of devices VMs reach through Tessera (cfg_vm.trap: they share a
 * page with another VM's device or the console), each mapped once.
 */
static void map_trapped_devices(void)
{
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		for (unsigned t = 0; t < plan.vm[i].nr_trap; t++) {
			const struct cfg_range *r = &plan.vm[i].trap[t];

			for (uint64_t pg = ALIGN_DOWN(r->base, PAGE_SIZE); pg < r->base + r->size;
			     pg += PAGE_SIZE) {
				uint64_t pa;
				unsigned attr;

				if (pt_lookup(&hyp_pt, pg, &pa, &attr) != PT_OK) {
					map_or_panic(pg, PAGE_SIZE, PT_R | PT_W | PT_DEVICE);
				}
			}
		}
	}
}

noreturn void boot_main(uint64_t fdt_pa)
{
	uint64_t fdt_size = 0;

	unsigned root_level, root_tables;

	pool = (struct pt_pool){ &pt_pages[0][0], PT_POOL_PAGES, 0, identity_pa, identity_ptr };
	arch_pt_root(PT_STAGE1_HYP, &root_level, &root_tables);
	if (pt_init(&hyp_pt, PT_STAGE1_HYP, root_level, root_tables, &pool)) {
		arch_cpu_halt();
	}
	/* Text executable and read-only, everything else never executable. */
	map_or_panic(addr(__image_start), addr(__text_end) - addr(__image_start), PT_R | PT_X);
	map_or_panic(addr(__text_end), addr(__rodata_end) - addr(__text_end), PT_R);
	map_or_panic(addr(__rodata_end), addr(__image_end) - addr(__rodata_end), PT_R | PT_W);
	map_or_panic(EARLY_UART, PAGE_SIZE, PT_R | PT_W | PT_DEVICE);
	if (fdt_pa && !(fdt_pa & 7) && early_be32(fdt_pa) == FDT_MAGIC) {
		fdt_size = early_be32(fdt_pa + 4);
	}
	uint64_t fdt_lo = ALIGN_DOWN(fdt_pa, PAGE_SIZE), fdt_hi = ALIGN_UP(fdt_pa + fdt_size, PAGE_SIZE);

	if (fdt_size) {
		map_or_panic(fdt_lo, fdt_hi - fdt_lo, PT_R);
	}
	arch_mmu_enable(pt_root_pa(&hyp_pt));
	static const char early_compat[] = EARLY_UART_COMPAT;
	const struct uart_port early = { .base = EARLY_UART, .shift = EARLY_UART_SHIFT,
					  .width = EARLY_UART_WIDTH };

	uart_init(early_compat, sizeof(early_compat), &early);
	if (!fdt_size || fdt_size > 2 * MiB) {
		log_info("fatal: no valid device tree at 0x%llx (bad magic or size); stopping",
			 (unsigned long long)fdt_pa);
		arch_cpu_halt();
	}
	const void *fdt = (const void *)(uintptr_t)fdt_pa;
	/* The console the DT names, before anything about the plan is said. */
	const char *console = use_console(fdt, fdt_size);
	int errors = cfg_parse(fdt, fdt_size, &plan, report_plan_error, NULL);

	struct cfg_range taken[2 + CFG_MAX_RESV + 1] = {
		{ addr(__image_start), addr(__image_end) - addr(__image_start) },
		{ fdt_lo, fdt_hi - fdt_lo },
	};
	unsigned nr_taken = 2;

	map_ram(taken, nr_taken);
	log_info("Tessera on %s: %u CPUs, %u RAM range(s), console: %s at 0x%llx",
		 plan.hw.model[0] ? plan.hw.model : "(no model)", plan.hw.nr_cpus, plan.hw.nr_ram,
		 console, (unsigned long long)plan.hw.uart_base);
	if (errors) {
		log_info("refusing to boot: %d plan error(s)", errors);
		machine_off(plan.hw.psci_smc);
	}
	if (plan.hw.gic_version != gic_version()) {
		log_info("refusing to boot: this build drives a GICv%u, the device tree has a GICv%u",
			 gic_version(), plan.hw.gic_version);
		machine_off(plan.hw.psci_smc);
	}
	const struct cfg_range gic_regs[] = { plan.hw.gicd, plan.hw.gicr, plan.hw.gicc, plan.hw.gich };

	for (unsigned i = 0; i < ARRAY_SIZE(gic_regs); i++) {
		if (gic_regs[i].size) {
			map_or_panic(ALIGN_DOWN(gic_regs[i].base, PAGE_SIZE),
				     ALIGN_UP(gic_regs[i].size, PAGE_SIZE), PT_R | PT_W | PT_DEVICE);
		}
	}
	gic_init(&plan.hw);
	for (unsigned i = 0; i < plan.hw.nr_smmu; i++) {
		map_or_panic(plan.hw.smmu[i].reg.base, plan.hw.smmu[i].reg.size,
			     PT_R | PT_W | PT_DEVICE);
	}
	map_trapped_devices();

	/* The image pack arrives as the initrd. */
	const void *pack = (const void *)(uintptr_t)plan.hw.initrd_start;
	size_t pack_size = (size_t)(plan.hw.initrd_end - plan.hw.initrd_start);

	if (!plan.hw.initrd_start || plan.hw.initrd_end <= plan.hw.initrd_start) {
		refuse("no image pack (the initrd) was handed over");
	}
	taken[nr_taken++] = (struct cfg_range){ plan.hw.initrd_start, pack_size };
	for (unsigned i = 0; i < plan.hw.nr_resv; i++) {
		taken[nr_taken++] = plan.hw.resv[i];
	}
	struct ram_map ram;

	if (ram_init(&ram, plan.hw.ram, plan.hw.nr_ram, taken, nr_taken)) {
		refuse("too many reserved ranges");
	}

	unsigned boot_cpu = CFG_MAX_CPUS;

	for (unsigned i = 0; i < plan.hw.nr_cpus; i++) {
		cpus[i].idx = i;
		cpus[i].mpidr = plan.hw.mpidr[i];
		if (plan.hw.mpidr[i] == arch_cpu_mpidr()) {
			boot_cpu = i;
		}
	}
	if (boot_cpu == CFG_MAX_CPUS) {
		refuse("the boot CPU is not in /cpus");
	}
	arch_cpu_set_self(&cpus[boot_cpu]);
	/* The boot CPU owns the console: its input and transmit interrupts, its output. */
	console_start(boot_cpu, plan.hw.mpidr[boot_cpu], plan.hw.uart_intid, plan.hw.console_test_baud);

	/* Identity-mapped VMs need exact host pages: claim them before anyone allocates. */
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		for (unsigned m = 0; plan.vm[i].identity && m < plan.vm[i].nr_mem; m++) {
			const struct cfg_range *r = &plan.vm[i].mem[m];

			if (ram_claim(&ram, r->base, ALIGN_UP(r->size, 2 * MiB))) {
				log_info("vm '%s': identity memory 0x%llx+%llu MiB is not free host RAM",
					 plan.vm[i].label, (unsigned long long)r->base,
					 (unsigned long long)(r->size / MiB));
				refuse("a VM could not be built (see above)");
			}
		}
	}
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		if (vm_create(&vms[i], i, &plan, fdt, &ram, &pool, pack, pack_size)) {
			refuse("a VM could not be built (see above)");
		}
	}
	if (shmem_init(&plan, vms, &ram)) {
		refuse("a shared-memory region could not be set up (see above)");
	}
	/* Every VM's streams through its own memory, all others aborted, before any guest runs. */
	if (iommu_init(&plan, vms, &ram, &pool, plan.hw.mpidr[boot_cpu])) {
		refuse("the SMMU could not be set up (see above)");
	}
	vm_set_psci_smc(plan.hw.psci_smc);

	hyp_root_pa = pt_root_pa(&hyp_pt);
	arch_dcache_clean(__image_start, addr(__image_end) - addr(__image_start));
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		log_info("vm '%s' started", vms[i].label);
	}
	for (unsigned i = 0; i < plan.hw.nr_cpus; i++) {
		if (i == boot_cpu || !cpus[i].vcpu) {
			continue;
		}
		int err = arch_cpu_start(plan.hw.mpidr[i], i, plan.hw.psci_smc, plan.hw.psci_cpu_on);

		if (err) {
			vm_stop(cpus[i].vcpu->vm, "one of its CPUs did not start");
			log_info("CPU %u (MPIDR 0x%llx): PSCI CPU_ON failed (%d)", i,
				 (unsigned long long)plan.hw.mpidr[i], err);
		}
	}
	vcpu_run_cpu(&cpus[boot_cpu]);
}

noreturn void secondary_main(unsigned idx)
{
	arch_mmu_enable(hyp_root_pa);
	vcpu_run_cpu(&cpus[idx]);
}
