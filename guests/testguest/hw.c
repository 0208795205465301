// SPDX-License-Identifier: Apache-2.0
/*
 * What machine the guest runs on, read from the device tree it was booted
 * with: the console (/chosen/stdout-path), the GIC, the PSCI conduit, the
 * own UART (the first other enabled UART the guest has a driver for), the
 * PL031 RTC and /chosen/bootargs. The same image runs in a Tessera VM (its
 * generated DT describes the QEMU virt layout) and natively on boards
 * (xlnx-zcu102, orangepi-pc). Whatever the DT does not answer keeps the
 * QEMU virt value, so a VM behaves as before discovery existed; the RTC
 * and the own UART are optional and come only from a DT.
 */
#include "fdt.h"

/* The QEMU virt layout every Tessera VM sees (DESIGN.md 1.3). */
#define VIRT_UART 0x09000000ul
#define VIRT_GICD 0x08000000ul
#define VIRT_GICC 0x08010000ul
#define VIRT_GICR 0x080a0000ul
#define VIRT_RTC 0x09010000ul

/*
 * GIC-400 on ZynqMP: each 4 KiB page of the GICC is repeated across 64 KiB,
 * and the DT says so with a 128 KiB GICC region; the contiguous 8 KiB CPU
 * interface (GICC_DIR in its second page) starts at the last alias of the
 * first page. Linux's GICv2 driver applies the same rule.
 */
#define GICC_ALIASED_SIZE 0x20000u
#define GICC_ALIASED_OFFSET 0xf000u

/* 16550 family, bindings/serial/8250.yaml: offset shift and access width. */
#define NS16550_MAX_SHIFT 4u

struct tg_hw tg_hw = {
	.console = { .base = VIRT_UART, .kind = UART_PL011, .io_width = 4 },
	.gicd = VIRT_GICD,
	.gicc = VIRT_GICC,
	.gicr = VIRT_GICR,
	.psci = CONDUIT_HVC,
	.rtc = VIRT_RTC,
};

static const char *const pl011_compat[] = { "arm,pl011", NULL };
static const char *const cadence_compat[] = { "cdns,uart-r1p12", "cdns,uart-r1p8", "xlnx,xuartps",
					      NULL };
static const char *const ns16550_compat[] = { "ns16550a", "ns16550", "ns16450", "ns8250",
					      "snps,dw-apb-uart", NULL };
static const char *const gicv3_compat[] = { "arm,gic-v3", NULL };
static const char *const gicv2_compat[] = { "arm,gic-400", "arm,cortex-a15-gic",
					    "arm,cortex-a7-gic", NULL };
static const char *const pl031_compat[] = { "arm,pl031", NULL };
static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL };

/*
 * reg entry index as an address this CPU can reach (arm32: below 4 GiB),
 * and not 0, which tg_hw uses for "none".
 */
static bool reg_addr(const struct fdt_node *n, unsigned int index, uintptr_t *addr,
		     uint64_t *size)
{
	uint64_t a, s;

	if (!fdt_reg(n, index, &a, &s) || a != (uintptr_t)a || a == 0) {
		return false;
	}
	*addr = (uintptr_t)a;
	*size = s;
	return true;
}

/* A UART node the guest can drive, or false (unknown, disabled, odd width). */
static bool uart_from_node(const struct fdt_node *n, struct tg_uart *u)
{
	uint64_t size;
	uint32_t shift = 0, width = 1, offset = 0;

	if (!fdt_is_enabled(n)) {
		return false;
	}
	if (fdt_is_compatible(n, pl011_compat)) {
		*u = (struct tg_uart){ .kind = UART_PL011, .io_width = 4 };
	} else if (fdt_is_compatible(n, cadence_compat)) {
		*u = (struct tg_uart){ .kind = UART_CADENCE, .io_width = 4 };
	} else if (fdt_is_compatible(n, ns16550_compat)) {
		(void)fdt_prop_u32(n, "reg-shift", &shift);
		(void)fdt_prop_u32(n, "reg-io-width", &width);
		(void)fdt_prop_u32(n, "reg-offset", &offset);
		if (shift > NS16550_MAX_SHIFT || (width != 1 && width != 4)) {
			return false;
		}
		*u = (struct tg_uart){ .kind = UART_16550,
				       .shift = (uint8_t)shift,
				       .io_width = (uint8_t)width };
	} else {
		return false;
	}
	if (!reg_addr(n, 0, &u->base, &size)) {
		return false;
	}
	u->base += offset;
	return true;
}

struct scan {
	/* pass 1 */
	const char *stdout_path; /* in the blob; may be an alias, may carry ":options" */
	struct fdt_node aliases; /* props only (parent cleared) */
	bool have_aliases;
	/* pass 2 */
	const char *console_path;
	size_t console_len;
	bool console_found, gic_found, rtc_found;
};

/* Pass 1: the root's /chosen, /aliases and /psci. */
static void visit_top(const struct fdt_node *n, void *ctx)
{
	struct scan *s = ctx;

	if (n->depth != 1) {
		return;
	}
	if (strcmp(n->name, "chosen") == 0) {
		tg_hw.bootargs = fdt_prop_str(n, "bootargs");
		s->stdout_path = fdt_prop_str(n, "stdout-path");
		if (s->stdout_path == NULL) {
			s->stdout_path = fdt_prop_str(n, "linux,stdout-path");
		}
	} else if (strcmp(n->name, "aliases") == 0) {
		s->aliases = *n;
		s->aliases.parent = NULL;
		s->have_aliases = true;
	} else if (strcmp(n->name, "psci") == 0 || fdt_is_compatible(n, psci_compat)) {
		const char *method = fdt_prop_str(n, "method");

		if (method != NULL && strcmp(method, "smc") == 0) {
			tg_hw.psci = CONDUIT_SMC;
		} else if (method != NULL && strcmp(method, "hvc") == 0) {
			tg_hw.psci = CONDUIT_HVC;
		}
	}
}

/* stdout-path, without its options, with an alias resolved (DTSpec 3.6). */
static void resolve_console_path(struct scan *s)
{
	const char *p = s->stdout_path;
	size_t len = 0;

	if (p == NULL) {
		return;
	}
	while (p[len] != '\0' && p[len] != ':') {
		len++;
	}
	if (p[0] != '/') {
		char alias[32];

		if (!s->have_aliases || len >= sizeof(alias)) {
			return;
		}
		memcpy(alias, p, len);
		alias[len] = '\0';
		p = fdt_prop_str(&s->aliases, alias);
		if (p == NULL || p[0] != '/') {
			return;
		}
		len = strlen(p);
	}
	s->console_path = p;
	s->console_len = len;
}

static void take_gic(const struct fdt_node *n, struct scan *s)
{
	bool v3 = fdt_is_compatible(n, gicv3_compat);
	uintptr_t dist, other;
	uint64_t dist_size, other_size;

	if (!reg_addr(n, 0, &dist, &dist_size) || !reg_addr(n, 1, &other, &other_size)) {
		return;
	}
	s->gic_found = true;
	tg_hw.gicd = dist;
	if (v3) {
		tg_hw.gicr = other;
		tg_hw.gicc = 0;
	} else {
		tg_hw.gicc = other + (other_size == GICC_ALIASED_SIZE ? GICC_ALIASED_OFFSET : 0);
		tg_hw.gicr = 0;
	}
}

/* Pass 2: the console node, the first GIC and RTC, the own UART. */
static void visit_devices(const struct fdt_node *n, void *ctx)
{
	struct scan *s = ctx;
	struct tg_uart u;

	if (n->depth == 0 || !fdt_is_enabled(n)) {
		return;
	}
	if (!s->gic_found &&
	    (fdt_is_compatible(n, gicv3_compat) || fdt_is_compatible(n, gicv2_compat))) {
		take_gic(n, s);
	} else if (!s->rtc_found && fdt_is_compatible(n, pl031_compat)) {
		uint64_t size;

		s->rtc_found = reg_addr(n, 0, &tg_hw.rtc, &size);
	} else if (uart_from_node(n, &u)) {
		if (s->console_path != NULL && fdt_path_is(n, s->console_path, s->console_len)) {
			tg_hw.console = u;
			s->console_found = true;
		} else if (tg_hw.own_uart.kind == UART_NONE) {
			tg_hw.own_uart = u;
		}
	}
}

bool hw_discover(uintptr_t dtb)
{
	struct fdt fdt;
	struct scan s = { 0 };

	if (!fdt_open(&fdt, dtb)) {
		return false;
	}
	tg_hw.from_dt = true;
	fdt_walk(&fdt, visit_top, &s);
	resolve_console_path(&s);
	fdt_walk(&fdt, visit_devices, &s);
	if (!s.rtc_found) {
		tg_hw.rtc = 0; /* optional: a DT without one means there is none */
	}
	/* With the console left at the fallback, a UART there is not "another" one. */
	if (tg_hw.own_uart.base == tg_hw.console.base) {
		tg_hw.own_uart = (struct tg_uart){ .kind = UART_NONE };
	}
	return true;
}
