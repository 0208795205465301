// SPDX-License-Identifier: Apache-2.0
/*
 * Host tests of the test guest's device-tree discovery
 * (guests/testguest/fdt.c and hw.c): the DTs of a Tessera VM, of the
 * xlnx-zcu102 and orangepi-pc boards (reduced to what matters), buses with
 * non-empty `ranges`, and broken blobs, which must leave the QEMU virt
 * layout in place. The blobs are written here with libfdt.
 */
#include <libfdt.h>
#include <string.h>

#include "check.h"
#include "testguest.h"

#define BLOB_SIZE 8192

static _Alignas(8) uint8_t blob[BLOB_SIZE];
static struct tg_hw virt_defaults;

/* hw.c's only way out of the blob: a plain read on the host. */
bool tg_probe_read32(uintptr_t addr, uint32_t *v)
{
	memcpy(v, (const void *)addr, sizeof(*v));
	return true;
}

static void begin(void)
{
	fdt_create(blob, BLOB_SIZE);
	fdt_finish_reservemap(blob);
	fdt_begin_node(blob, "");
}

static void finish(void)
{
	fdt_end_node(blob);
	fdt_finish(blob);
}

static void cells(uint32_t ac, uint32_t sc)
{
	fdt_property_u32(blob, "#address-cells", ac);
	fdt_property_u32(blob, "#size-cells", sc);
}

static void reg(const uint32_t *c, int n)
{
	fdt32_t v[16];

	for (int i = 0; i < n; i++) {
		v[i] = cpu_to_fdt32(c[i]);
	}
	fdt_property(blob, "reg", v, n * 4);
}

static void prop_cells(const char *name, const uint32_t *c, int n)
{
	fdt32_t v[16];

	for (int i = 0; i < n; i++) {
		v[i] = cpu_to_fdt32(c[i]);
	}
	fdt_property(blob, name, v, n * 4);
}

static void compat(const char *list, int len)
{
	fdt_property(blob, "compatible", list, len);
}

static void node_str(const char *node, const char *name, const char *value)
{
	fdt_begin_node(blob, node);
	fdt_property_string(blob, name, value);
	fdt_end_node(blob);
}

static bool discover(void)
{
	tg_hw = virt_defaults;
	return hw_discover((uintptr_t)blob);
}

/* What Tessera writes for a VM (core/guest_dt.c), with a Cadence UART passed through. */
static void test_tessera_vm(void)
{
	static const char gic[] = "arm,cortex-a15-gic";
	static const char pl011[] = "arm,pl011\0arm,primecell";
	static const char cdns[] = "xlnx,zynqmp-uart\0cdns,uart-r1p12";

	begin();
	cells(2, 2);
	node_str("psci", "method", "hvc");
	fdt_begin_node(blob, "intc@8000000");
	compat(gic, sizeof(gic));
	reg((const uint32_t[]){ 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x2000 }, 8);
	fdt_end_node(blob);
	fdt_begin_node(blob, "pl011@9000000");
	compat(pl011, sizeof(pl011));
	reg((const uint32_t[]){ 0, 0x09000000, 0, 0x1000 }, 4);
	fdt_end_node(blob);
	node_str("chosen", "stdout-path", "/pl011@9000000");
	fdt_begin_node(blob, "serial@ff010000");
	compat(cdns, sizeof(cdns));
	reg((const uint32_t[]){ 0, 0xff010000, 0, 0x1000 }, 4);
	fdt_end_node(blob);
	finish();

	CHECK(discover(), "tg_hw: VM DT read");
	CHECK(tg_hw.console.kind == UART_PL011 && tg_hw.console.base == 0x09000000,
	      "tg_hw: VM console is the PL011 at 0x09000000");
	CHECK(tg_hw.own_uart.kind == UART_CADENCE && tg_hw.own_uart.base == 0xff010000,
	      "tg_hw: VM own UART is the passed-through Cadence UART");
	CHECK(tg_hw.gicd == 0x08000000 && tg_hw.gicc == 0x08010000 && tg_hw.psci == CONDUIT_HVC,
	      "tg_hw: VM GICv2 at the virt addresses, PSCI over HVC");
	CHECK(tg_hw.rtc == 0, "tg_hw: VM without a PL031 has no RTC");
}

/* xlnx-zcu102 as Debian's DT has it: /axi with empty ranges, aliases, GIC-400 with aliasing. */
static void test_zcu102(void)
{
	static const char gic[] = "arm,gic-400";
	static const char cdns[] = "xlnx,zynqmp-uart\0cdns,uart-r1p12";
	static const char dcc[] = "arm,dcc";

	begin();
	cells(2, 2);
	fdt_begin_node(blob, "psci");
	compat("arm,psci-0.2", sizeof("arm,psci-0.2"));
	fdt_property_string(blob, "method", "smc");
	fdt_end_node(blob);
	fdt_begin_node(blob, "dcc");
	compat(dcc, sizeof(dcc));
	fdt_end_node(blob);
	fdt_begin_node(blob, "axi");
	cells(2, 2);
	fdt_property(blob, "ranges", NULL, 0);
	fdt_begin_node(blob, "interrupt-controller@f9010000");
	compat(gic, sizeof(gic));
	reg((const uint32_t[]){ 0, 0xf9010000, 0, 0x10000, 0, 0xf9020000, 0, 0x20000 }, 8);
	fdt_end_node(blob);
	for (uint32_t a = 0xff000000; a <= 0xff010000; a += 0x10000) {
		char name[32];

		snprintf(name, sizeof(name), "serial@%x", a);
		fdt_begin_node(blob, name);
		compat(cdns, sizeof(cdns));
		fdt_property_string(blob, "status", "okay");
		reg((const uint32_t[]){ 0, a, 0, 0x1000 }, 4);
		fdt_end_node(blob);
	}
	fdt_end_node(blob);
	fdt_begin_node(blob, "aliases");
	fdt_property_string(blob, "serial0", "/axi/serial@ff000000");
	fdt_property_string(blob, "serial1", "/axi/serial@ff010000");
	fdt_property_string(blob, "serial2", "/dcc");
	fdt_end_node(blob);
	fdt_begin_node(blob, "chosen");
	fdt_property_string(blob, "bootargs", "test=hello");
	fdt_property_string(blob, "stdout-path", "serial0:115200n8");
	fdt_end_node(blob);
	finish();

	CHECK(discover(), "tg_hw: zcu102 DT read");
	CHECK(tg_hw.bootargs != NULL && strcmp(tg_hw.bootargs, "test=hello") == 0,
	      "tg_hw: zcu102 bootargs");
	CHECK(tg_hw.console.kind == UART_CADENCE && tg_hw.console.base == 0xff000000,
	      "tg_hw: zcu102 console from the alias, options cut");
	CHECK(tg_hw.own_uart.kind == UART_CADENCE && tg_hw.own_uart.base == 0xff010000,
	      "tg_hw: zcu102 own UART is UART1");
	CHECK(tg_hw.gicd == 0xf9010000 && tg_hw.gicc == 0xf902f000,
	      "tg_hw: zcu102 GICC at +0xf000 of its 128 KiB aliased region");
	CHECK(tg_hw.psci == CONDUIT_SMC, "tg_hw: zcu102 PSCI over SMC");
}

/* orangepi-pc: 1-cell buses, a DesignWare 16550 console, UART1 disabled or enabled. */
static void build_orangepi(bool uart1)
{
	static const char gic[] = "arm,gic-400";
	static const char dw[] = "snps,dw-apb-uart";

	begin();
	cells(1, 1);
	fdt_begin_node(blob, "chosen");
	cells(1, 1);
	fdt_property(blob, "ranges", NULL, 0);
	fdt_property_string(blob, "stdout-path", "serial0:115200n8");
	node_str("framebuffer-hdmi", "status", "disabled");
	fdt_end_node(blob);
	fdt_begin_node(blob, "soc");
	cells(1, 1);
	fdt_property(blob, "ranges", NULL, 0);
	for (uint32_t a = 0x01c28000; a <= 0x01c28400; a += 0x400) {
		char name[32];

		snprintf(name, sizeof(name), "serial@%x", a);
		fdt_begin_node(blob, name);
		compat(dw, sizeof(dw));
		reg((const uint32_t[]){ a, 0x400 }, 2);
		fdt_property_u32(blob, "reg-shift", 2);
		fdt_property_u32(blob, "reg-io-width", 4);
		fdt_property_string(blob, "status",
				    a == 0x01c28000 || uart1 ? "okay" : "disabled");
		fdt_end_node(blob);
	}
	fdt_begin_node(blob, "interrupt-controller@1c81000");
	compat(gic, sizeof(gic));
	reg((const uint32_t[]){ 0x01c81000, 0x1000, 0x01c82000, 0x2000 }, 4);
	fdt_end_node(blob);
	fdt_end_node(blob);
	node_str("aliases", "serial0", "/soc/serial@1c28000");
	finish();
}

static void test_orangepi(void)
{
	build_orangepi(false);
	CHECK(discover(), "tg_hw: orangepi DT read");
	CHECK(tg_hw.console.kind == UART_16550 && tg_hw.console.base == 0x01c28000 &&
	      tg_hw.console.shift == 2 && tg_hw.console.io_width == 4,
	      "tg_hw: orangepi console is the 16550 with reg-shift 2, 32-bit accesses");
	CHECK(tg_hw.own_uart.kind == UART_NONE, "tg_hw: orangepi disabled UART1 is not an own UART");
	CHECK(tg_hw.gicd == 0x01c81000 && tg_hw.gicc == 0x01c82000,
	      "tg_hw: orangepi GICC as the DT says (8 KiB, no aliasing)");
	CHECK(tg_hw.psci == CONDUIT_HVC, "tg_hw: no /psci keeps HVC");

	build_orangepi(true);
	CHECK(discover() && tg_hw.own_uart.kind == UART_16550 &&
	      tg_hw.own_uart.base == 0x01c28400,
	      "tg_hw: orangepi enabled UART1 is the own UART");
}

/* Buses with non-empty ranges, two levels deep, and one that is not memory mapped. */
static void test_ranges(void)
{
	static const char pl011[] = "arm,pl011";
	static const char gic[] = "arm,gic-v3";
	static const char rtc[] = "arm,pl031\0arm,primecell";

	begin();
	cells(2, 2);
	fdt_begin_node(blob, "i2c");	/* no ranges: its children have no CPU address */
	cells(1, 0);
	fdt_begin_node(blob, "serial@10");
	compat(pl011, sizeof(pl011));
	reg((const uint32_t[]){ 0x10 }, 1);
	fdt_end_node(blob);
	fdt_end_node(blob);
	fdt_begin_node(blob, "bus@8000000");
	cells(1, 1);
	/* child 0x0 -> 0x0_08000000 (1 MiB), child 0x200000 -> 0x1_00000000 (64 KiB) */
	prop_cells("ranges", (const uint32_t[]){ 0x0, 0x0, 0x08000000, 0x100000,
						 0x200000, 0x1, 0x0, 0x10000 }, 8);
	fdt_begin_node(blob, "gic@0");
	compat(gic, sizeof(gic));
	reg((const uint32_t[]){ 0x0, 0x10000, 0xa0000, 0x40000 }, 4);
	fdt_end_node(blob);
	fdt_begin_node(blob, "sub@1000000");
	cells(1, 1);
	prop_cells("ranges", (const uint32_t[]){ 0x0, 0x10000, 0x100000 }, 3);
	fdt_begin_node(blob, "serial@1000");
	compat(pl011, sizeof(pl011));
	reg((const uint32_t[]){ 0x1000, 0x1000 }, 2);
	fdt_end_node(blob);
	fdt_begin_node(blob, "serial@30000");
	compat(pl011, sizeof(pl011));
	reg((const uint32_t[]){ 0x30000, 0x1000 }, 2);
	fdt_end_node(blob);
	fdt_end_node(blob);
	fdt_begin_node(blob, "rtc@200000");
	compat(rtc, sizeof(rtc));
	reg((const uint32_t[]){ 0x200000, 0x1000 }, 2);
	fdt_end_node(blob);
	fdt_end_node(blob);
	node_str("chosen", "stdout-path", "/bus@8000000/sub/serial@30000");
	finish();

	CHECK(discover(), "tg_hw: ranges DT read");
	CHECK(tg_hw.console.base == 0x08040000,
	      "tg_hw: console through two ranges (unit address left out of the path)");
	CHECK(tg_hw.own_uart.base == 0x08011000,
	      "tg_hw: own UART through two ranges, the unmapped i2c child skipped");
	CHECK(tg_hw.gicd == 0x08000000 && tg_hw.gicr == 0x080a0000 && tg_hw.gicc == 0,
	      "tg_hw: GICv3 distributor and redistributors through ranges");
	CHECK(sizeof(uintptr_t) < 8 ? tg_hw.rtc == 0 : tg_hw.rtc == 0x100000000ull,
	      "tg_hw: PL031 through the second range entry, above 4 GiB");
}

/* Broken blobs: nothing read, the virt layout stays. */
static void test_broken(void)
{
	static const char pl011[] = "arm,pl011";
	int off;

	begin();
	cells(2, 2);
	fdt_begin_node(blob, "serial@1c28000");
	compat(pl011, sizeof(pl011));
	reg((const uint32_t[]){ 0, 0x01c28000, 0, 0x1000 }, 4);
	fdt_end_node(blob);
	node_str("chosen", "stdout-path", "/serial@1c28000");
	finish();
	CHECK(discover() && tg_hw.console.base == 0x01c28000, "tg_hw: the unbroken blob reads");

	uint32_t size_struct = fdt_size_dt_struct(blob);

	fdt_set_size_dt_struct(blob, size_struct - 8);
	CHECK(!discover() && memcmp(&tg_hw, &virt_defaults, sizeof(tg_hw)) == 0,
	      "tg_hw: a cut structure block is refused, the virt layout stays");
	fdt_set_size_dt_struct(blob, size_struct);

	fdt_set_magic(blob, 0xd00dfeef);
	CHECK(!discover(), "tg_hw: a bad magic is refused");
	fdt_set_magic(blob, FDT_MAGIC);

	fdt_set_totalsize(blob, 0x7fffffff);
	CHECK(!discover(), "tg_hw: an absurd total size is refused");
	fdt_set_totalsize(blob, fdt_size_dt_strings(blob) + fdt_off_dt_strings(blob));

	fdt_set_size_dt_strings(blob, 4);
	CHECK(!discover(), "tg_hw: a property name outside the strings block is refused");
	fdt_set_size_dt_strings(blob, fdt_totalsize(blob) - fdt_off_dt_strings(blob));
	CHECK(discover(), "tg_hw: the blob reads again once repaired");

	/* A property claiming more bytes than the structure block holds. */
	off = fdt_path_offset(blob, "/chosen");
	int len;
	const struct fdt_property *p = fdt_get_property(blob, off, "stdout-path", &len);

	((struct fdt_property *)p)->len = cpu_to_fdt32(0x10000);
	CHECK(!discover(), "tg_hw: a property longer than the block is refused");
	((struct fdt_property *)p)->len = cpu_to_fdt32((uint32_t)len);

	CHECK(!hw_discover((uintptr_t)blob + 4), "tg_hw: a misaligned blob is refused");
	CHECK(!hw_discover(0), "tg_hw: no blob at 0");
}

int main(void)
{
	virt_defaults = tg_hw;
	test_tessera_vm();
	test_zcu102();
	test_orangepi();
	test_ranges();
	test_broken();
	return check_status();
}
