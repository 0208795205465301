/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generates each guest's device tree (DESIGN.md principle 3: guests see a
 * QEMU virt machine). Nothing here is hand-written per guest: it follows
 * from the VM's plan entry.
 */
#include <libfdt.h>
#include <stdio.h>
#include <tessera/guest_dt.h>
#include <tessera/vgic.h>

#define UART_CLK_PHANDLE 1
#define GIC_PHANDLE 2
#define IRQ_TYPE_LEVEL_HIGH 4
#define GIC_PPI 1
#define GIC_SPI 0

/* fdt_property_u64 pairs: (address, size) with #address-cells = #size-cells = 2. */
static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

#define TRY(x)                                                                                 \
	do {                                                                                   \
		int err_ = (x);                                                                \
		if (err_) {                                                                    \
			return err_;                                                           \
		}                                                                              \
	} while (0)

static int add_cpus(void *fdt, const struct cfg_vm *vm)
{
	char name[16];

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%x", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/* A 3-cell GIC interrupt specifier list: (type, number, flags) each. */
static int prop_irqs(void *fdt, const uint32_t *spec, unsigned nr)
{
	fdt32_t cells[12];

	for (unsigned i = 0; i < nr * 3 && i < 12; i++) {
		cells[i] = cpu_to_fdt32(spec[i]);
	}
	return fdt_property(fdt, "interrupts", cells, (int)(nr * 3 * sizeof(fdt32_t)));
}

static int add_gic(void *fdt, const struct cfg_vm *vm, unsigned version)
{
	char name[32];
	fdt64_t reg[4];

	snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)CFG_GUEST_GICD_BASE);
	TRY(fdt_begin_node(fdt, name));
	reg[0] = cpu_to_fdt64(CFG_GUEST_GICD_BASE);
	reg[1] = cpu_to_fdt64(CFG_GUEST_GICD_SIZE);
	if (version == 3) {
		TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
		reg[2] = cpu_to_fdt64(CFG_GUEST_GICR_BASE);
		reg[3] = cpu_to_fdt64(vm->nr_vcpus * CFG_GUEST_GICR_STRIDE);
	} else {
		TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic"));
		reg[2] = cpu_to_fdt64(CFG_GUEST_GICC_BASE);
		reg[3] = cpu_to_fdt64(CFG_GUEST_GICC_SIZE);
	}
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "phandle", GIC_PHANDLE));
	return fdt_end_node(fdt);
}

static int add_console(void *fdt, char *path, size_t len)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	fdt32_t clocks[2] = { cpu_to_fdt32(UART_CLK_PHANDLE), cpu_to_fdt32(UART_CLK_PHANDLE) };

	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", 24000000));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(fdt, "phandle", UART_CLK_PHANDLE));
	TRY(fdt_end_node(fdt));

	snprintf(path, len, "pl011@%llx", (unsigned long long)CFG_GUEST_UART_BASE);
	TRY(fdt_begin_node(fdt, path));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(prop_reg(fdt, CFG_GUEST_UART_BASE, CFG_GUEST_UART_SIZE));
	TRY(fdt_property(fdt, "clocks", clocks, sizeof(clocks)));
	TRY(fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names)));
	const uint32_t irq[] = { GIC_SPI, VGIC_UART_INTID - 32, IRQ_TYPE_LEVEL_HIGH };

	TRY(prop_irqs(fdt, irq, 1));
	return fdt_end_node(fdt);
}

int guest_dt_build(void *buf, size_t size, const struct cfg_vm *vm, unsigned gic_version,
		   uint64_t initrd, uint64_t initrd_size)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	char name[40], uart[32], stdout_path[40];

	TRY(fdt_create(buf, (int)size));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(fdt_property_u32(buf, "#address-cells", 2));
	TRY(fdt_property_u32(buf, "#size-cells", 2));
	TRY(fdt_property_string(buf, "compatible", "linux,dummy-virt"));
	TRY(fdt_property_u32(buf, "interrupt-parent", GIC_PHANDLE));
	snprintf(name, sizeof(name), "Tessera VM %s", vm->label);
	TRY(fdt_property_string(buf, "model", name));

	for (unsigned i = 0; i < vm->nr_mem; i++) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)vm->mem[i].base);
		TRY(fdt_begin_node(buf, name));
		TRY(fdt_property_string(buf, "device_type", "memory"));
		TRY(prop_reg(buf, vm->mem[i].base, vm->mem[i].size));
		TRY(fdt_end_node(buf));
	}
	TRY(add_cpus(buf, vm));

	TRY(fdt_begin_node(buf, "psci"));
	TRY(fdt_property(buf, "compatible", psci_compat, sizeof(psci_compat)));
	TRY(fdt_property_string(buf, "method", "hvc"));
	TRY(fdt_end_node(buf));

	TRY(add_gic(buf, vm, gic_version));

	/* Secure and non-secure physical, virtual, hypervisor timer PPIs (INTIDs 29, 30, 27, 26). */
	const uint32_t timer_irqs[] = { GIC_PPI, 13, IRQ_TYPE_LEVEL_HIGH, GIC_PPI, 14, IRQ_TYPE_LEVEL_HIGH,
					GIC_PPI, 11, IRQ_TYPE_LEVEL_HIGH, GIC_PPI, 10, IRQ_TYPE_LEVEL_HIGH };

	TRY(fdt_begin_node(buf, "timer"));
	TRY(fdt_property_string(buf, "compatible", "arm,armv8-timer"));
	TRY(prop_irqs(buf, timer_irqs, 4));
	TRY(fdt_property(buf, "always-on", NULL, 0));
	TRY(fdt_end_node(buf));

	TRY(add_console(buf, uart, sizeof(uart)));
	snprintf(stdout_path, sizeof(stdout_path), "/%s", uart);

	TRY(fdt_begin_node(buf, "aliases"));
	TRY(fdt_property_string(buf, "serial0", stdout_path));
	TRY(fdt_end_node(buf));

	TRY(fdt_begin_node(buf, "chosen"));
	TRY(fdt_property_string(buf, "stdout-path", stdout_path));
	if (vm->bootargs) {
		TRY(fdt_property_string(buf, "bootargs", vm->bootargs));
	}
	if (initrd_size) {
		TRY(fdt_property_u64(buf, "linux,initrd-start", initrd));
		TRY(fdt_property_u64(buf, "linux,initrd-end", initrd + initrd_size));
	}
	TRY(fdt_end_node(buf));

	TRY(fdt_end_node(buf));
	return fdt_finish(buf);
}
