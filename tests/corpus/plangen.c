/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plangen: writes /tessera partition plans into real board DTBs (those of
 * Debian's kernel packages) for `make corpus` (tests/corpus/run.sh), which
 * runs tcheck over each.
 *
 *   plangen [-a] [-c PLANS] [-d DEVICE-PATH] -o OUT BOARD.dtb...
 *
 * For the N-th board (from 0), OUT/NNNN/board.txt says "dtb <file>", what
 * plangen found and added ("plangen: ..." lines) and "devices <candidates>
 * <in its each-device plans>"; OUT/NNNN goes to stdout once the folder is
 * complete, so the checks can start on it. OUT/devices.txt says
 * "candidates <all boards' candidate devices> distinct <different keys>
 * planned <different keys in each-device plans>". A board qualifies if the GIC the engine
 * would pick (the root's interrupt-parent if it is a GIC, else the first
 * one) has a virtualisation interface: "arm,gic-v3", or a GICv2 compatible
 * with four 'reg' entries. For each one that does, OUT/NNNN/ also holds
 *
 *   dev-K.dtb        each device to its own VM: one VM per device, as many
 *                    VMs per plan as the board has CPUs (at most 8), each
 *                    on its own CPU
 *   rich.dtb         one VM with rich-os; on every CPU (at most 8)
 *   rich-id.dtb      the same with identity-map; dma-unsafe;
 *   rich-uart.dtb    a rich OS (identity-map, dma-unsafe) on all CPUs but
 *                    the last, beside a VM on the last CPU given one UART
 *                    that is not the console, outside the console's pages
 *                    if one is (no UART, or one CPU: not written)
 *   plans.txt        one line per plan: file, kind, number of VMs, and what
 *                    each VM was given (tab-separated)
 *
 * A candidate device is an enabled node (it and every node above it) with
 * 'reg' whose buses up to the root all have 'ranges' (memory-mapped: an I2C
 * or SPI device, a graph port or an nvmem cell is not one), not under
 * /cpus, /memory, /chosen, /aliases, /reserved-memory, not the GIC or under
 * it, not the console. Boards of one SoC share most of their devices, so a
 * device goes into the each-device plans of one board only: each device has
 * a key (a hash of its node and children, its buses, the SoC and the GIC,
 * with phandles taken as the paths they name), and the first board that
 * has the key takes it, boards with more CPUs first (fuller plans). -c
 * PLANS caps each board's each-device plans (what it leaves, a later board
 * with the same device takes); -a puts every device of every board in its
 * board's plans; -d puts only the device at DEVICE-PATH in one (dev-0.dtb,
 * one VM), for a reproduction.
 *
 * Boards are as Debian ships them, for U-Boot to complete, so plangen adds
 * (and says so): RAM (a /memory node, or a size for one that has none) where
 * no device is, and /chosen/stdout-path (alias serial0, else the first
 * enabled UART-like node) when nothing names a console; then a 'phandle' on
 * each device without one.
 *
 * Every VM has memory = <0x0 0x40000000 0x0 0x1000000> like the binding's
 * example, unless its device has a 'reg' range in that window (then the
 * rich OS's). The rich OS's memory is 16 MiB inside the board's RAM, past
 * the 32 MiB Tessera keeps at its start and clear of reserved ranges, so
 * its identity-map variant can be accepted. kernel = "testguest.bin".
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 64
#define MAX_NODES 8192
#define MAX_VMS 8               /* CFG_MAX_VMS */
#define MAX_PLAN_CPUS 8         /* CFG_MAX_VCPUS: the rich OS's CPUs */
#define MAX_RANGES 1024
#define PATH_LEN 512
#define ROOM (512 * 1024)       /* added to the blob for phandles and plans */

#define VM_MEM_BASE 0x40000000ULL
#define VM_MEM_SIZE 0x1000000ULL
#define SZ_2M 0x200000ULL
#define HYP_RESERVE (32ULL << 20)  /* CFG_HYP_RESERVE */
#define IPA_LIMIT (1ULL << 39)
/* The guest's fixed windows (QEMU virt: vGIC, console), widely. */
#define GUEST_WIN_BASE 0x08000000ULL
#define GUEST_WIN_END 0x0a000000ULL

struct range {
	uint64_t base, size;
};

struct node {
	char *path;
	int offset;             /* in the board blob, before phandles are added */
	int in_vm_window;       /* a reg range inside VM_MEM_BASE + VM_MEM_SIZE */
	int near_console;       /* a reg range in the console's pages */
	uint32_t phandle;
	uint64_t key;           /* the same on another board: the same test */
};

struct phandle_ent {
	uint32_t phandle;
	uint64_t path_hash;
};

struct board {
	const char *file;
	FILE *notes;                    /* board.txt */
	void *fdt;
	int bufsize;
	unsigned nr_cpus;
	struct range ram[MAX_RANGES];
	unsigned nr_ram;
	struct range resv[MAX_RANGES];
	unsigned nr_resv;
	struct range mmio[MAX_RANGES];  /* regs on 1:1 buses and top-level bus windows */
	unsigned nr_mmio;
	char console[PATH_LEN];         /* "" when stdout-path names nothing */
	char gic[PATH_LEN];             /* the GIC the engine reads */
	struct phandle_ent ph[MAX_NODES];
	unsigned nr_ph;
	struct node dev[MAX_NODES];
	unsigned nr_dev;
	unsigned uart[MAX_NODES];       /* indices into dev[] of UART-like nodes (not the console) */
	unsigned nr_uart;
	char first_uart[PATH_LEN];      /* first enabled UART-like node, console or not */
	char first_uart_11[PATH_LEN];   /* the same on 1:1 buses only */
	char first_uart_mapped[PATH_LEN]; /* ... on buses that all have 'ranges' */
	struct range console_page;      /* its first 'reg', in whole 4 KiB pages */
	uint64_t rich_mem;
};

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "plangen: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static void check(int err, const char *what)
{
	if (err < 0) {
		die(what, fdt_strerror(err));
	}
}

static uint64_t cells(const fdt32_t *c, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++) {
		v = (v << 32) | fdt32_ld(&c[i]);
	}
	return v;
}

static int overlaps(struct range a, struct range b)
{
	return a.size && b.size && a.base <= b.base + (b.size - 1) && b.base <= a.base + (a.size - 1);
}

static int has_compat(const void *fdt, int node, const char *c)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, c);
}

/* A compatible string containing word, anywhere. */
static int compat_mentions(const void *fdt, int node, const char *word)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	for (int i = 0; list && i < len; i += (int)strnlen(list + i, (size_t)(len - i)) + 1) {
		if (memmem(list + i, strnlen(list + i, (size_t)(len - i)), word, strlen(word))) {
			return 1;
		}
	}
	return 0;
}

static int prop_is(const void *fdt, int node, const char *name, const char *value)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	return s && len == (int)strlen(value) + 1 && memcmp(s, value, (size_t)len) == 0;
}

static int status_ok(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	return !s || prop_is(fdt, node, "status", "okay") || prop_is(fdt, node, "status", "ok");
}

/* 3, 2 (a GICv2 compatible), or 0: not a GIC. */
static int gic_version(const void *fdt, int node)
{
	static const char *const v2[] = { "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic" };

	if (!fdt_getprop(fdt, node, "interrupt-controller", NULL)) {
		return 0;
	}
	if (has_compat(fdt, node, "arm,gic-v3")) {
		return 3;
	}
	for (unsigned i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
		if (has_compat(fdt, node, v2[i])) {
			return 2;
		}
	}
	return 0;
}

static int is_uart(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	return (name && (strncmp(name, "serial", 6) == 0 || strncmp(name, "uart", 4) == 0)) ||
	       compat_mentions(fdt, node, "uart") || compat_mentions(fdt, node, "serial") ||
	       compat_mentions(fdt, node, "pl011") || compat_mentions(fdt, node, "16550") ||
	       compat_mentions(fdt, node, "8250");
}

static int reg_count(const void *fdt, int node, int ac, int sc)
{
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 0 || sc < 0 || ac + sc == 0 || len % ((ac + sc) * 4)) {
		return 0;
	}
	return len / ((ac + sc) * 4);
}

static void add_range(struct range *tab, unsigned *nr, uint64_t base, uint64_t size)
{
	if (*nr < MAX_RANGES && size) {
		tab[(*nr)++] = (struct range){ base, size };
	}
}

/*
 * The GIC the engine reads (config_hw.c): the one the root's
 * interrupt-parent names, else the first in the tree. Does it have a
 * virtualisation interface? Prints why not.
 */
static int gic_qualifies(struct board *b)
{
	const void *fdt = b->fdt;
	int len, node = -1, v, parent;
	const fdt32_t *ph = fdt_getprop(fdt, 0, "interrupt-parent", &len);
	char path[PATH_LEN];

	if (ph && len == 4) {
		node = fdt_node_offset_by_phandle(fdt, fdt32_ld(ph));
		if (node >= 0 && !gic_version(fdt, node)) {
			node = -1;
		}
	}
	for (int n = fdt_next_node(fdt, -1, NULL); node < 0 && n >= 0; n = fdt_next_node(fdt, n, NULL)) {
		if (gic_version(fdt, n)) {
			node = n;
		}
	}
	if (node < 0) {
		fprintf(b->notes, "plangen: no GIC with a virtualisation interface: no arm,gic-v3, arm,gic-400, arm,cortex-a15-gic or arm,cortex-a7-gic\n");
		return 0;
	}
	v = gic_version(fdt, node);
	if (fdt_get_path(fdt, node, path, sizeof(path)) < 0) {
		strcpy(path, "?");
	}
	parent = fdt_parent_offset(fdt, node);
	if (v == 2 && reg_count(fdt, node, fdt_address_cells(fdt, parent),
				fdt_size_cells(fdt, parent)) < 4) {
		fprintf(b->notes, "plangen: no GIC with a virtualisation interface: %s is a GICv2 without GICH/GICV in 'reg'\n",
		       path);
		return 0;
	}
	snprintf(b->gic, sizeof(b->gic), "%s", path);
	fprintf(b->notes, "plangen: GICv%d %s\n", v, path);
	return 1;
}

/* Nodes under these (top level, by name before '@') are never devices. */
static int not_device_top(const char *name)
{
	static const char *const names[] = {
		"cpus", "memory", "chosen", "aliases", "reserved-memory", NULL,
	};

	for (const char *const *n = names; *n; n++) {
		size_t l = strlen(*n);

		if (strncmp(name, *n, l) == 0 && (name[l] == '\0' || name[l] == '@')) {
			return 1;
		}
	}
	return 0;
}

/*
 * The console as the engine finds it: /chosen/stdout-path (or
 * linux,stdout-path) up to ':', an absolute path or an alias. "" if none.
 */
static void find_console(struct board *b)
{
	const void *fdt = b->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen"), len, n, node = -1;
	const char *path = NULL, *colon;

	b->console[0] = '\0';
	if (chosen >= 0) {
		path = fdt_getprop(fdt, chosen, "stdout-path", &len);
		if (!path) {
			path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
		}
	}
	if (!path || len < 1 || memchr(path, '\0', (size_t)len) == NULL) {
		return;
	}
	colon = strchr(path, ':');
	n = colon ? (int)(colon - path) : (int)strlen(path);
	if (n > 0 && path[0] != '/') {
		int aliases = fdt_path_offset(fdt, "/aliases"), alen;
		const char *full = aliases < 0 ? NULL : fdt_getprop_namelen(fdt, aliases, path, n, &alen);

		if (full && alen > 1 && full[0] == '/' && memchr(full, '\0', (size_t)alen)) {
			node = fdt_path_offset(fdt, full);
		}
	} else if (n > 0) {
		node = fdt_path_offset_namelen(fdt, path, n);
	}
	if (node >= 0 && fdt_get_path(fdt, node, b->console, sizeof(b->console)) < 0) {
		b->console[0] = '\0';
	}
	b->console_page = (struct range){ 0, 0 };
	if (node >= 0) {
		int parent = fdt_parent_offset(fdt, node);
		int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (reg && ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2 && len >= (ac + sc) * 4) {
			uint64_t base = cells(reg, ac), end = base + cells(reg + ac, sc);

			base &= ~0xfffULL;
			end = (end + 0xfff) & ~0xfffULL;
			b->console_page = (struct range){ base, end - base };
		}
	}
}

/* FNV-1a, 64 bits: the keys that tell one device from another across boards. */
#define FNV_SEED 0xcbf29ce484222325ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ c[i]) * 0x100000001b3ULL;
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv(h, s, strlen(s) + 1);
}

static int cmp_phandle(const void *a, const void *b)
{
	const struct phandle_ent *x = a, *y = b;

	return x->phandle < y->phandle ? -1 : x->phandle > y->phandle;
}

/*
 * Node paths built on the way down a walk with fdt_next_node (fdt_get_path
 * walks from the root each time): the path of a node at depth d, given the
 * lengths at each depth. Returns -1 if it does not fit.
 */
static int walk_path(char *path, int *plen, int depth, const char *name)
{
	int n = snprintf(path + plen[depth - 1], PATH_LEN - (size_t)plen[depth - 1], "/%s", name);

	if (n < 0 || plen[depth - 1] + n >= PATH_LEN) {
		plen[depth] = plen[depth - 1];
		path[plen[depth]] = '\0';
		return -1;
	}
	plen[depth] = plen[depth - 1] + n;
	return 0;
}

/* Every phandle of the blob and its node's path hash, sorted. */
static void index_phandles(struct board *b)
{
	char path[PATH_LEN] = "";
	int plen[MAX_DEPTH] = { 0 }, depth = 0, node;

	b->nr_ph = 0;
	for (node = fdt_next_node(b->fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(b->fdt, node, &depth)) {
		uint32_t ph = fdt_get_phandle(b->fdt, node);
		const char *name = fdt_get_name(b->fdt, node, NULL);

		if (depth >= MAX_DEPTH || walk_path(path, plen, depth, name ? name : "") < 0) {
			continue;
		}
		if (ph && b->nr_ph < MAX_NODES) {
			b->ph[b->nr_ph++] = (struct phandle_ent){ ph, fnv_str(FNV_SEED, path) };
		}
	}
	qsort(b->ph, b->nr_ph, sizeof(b->ph[0]), cmp_phandle);
}

/* The path hash of the node a phandle names, or 0. */
static uint64_t phandle_target(const struct board *b, uint32_t ph)
{
	struct phandle_ent key = { ph, 0 };
	const struct phandle_ent *e = bsearch(&key, b->ph, b->nr_ph, sizeof(b->ph[0]), cmp_phandle);

	return e ? e->path_hash : 0;
}

/*
 * Properties whose cells hold phandles: dtc numbers phandles in tree order,
 * so the same reference has another value on another board. Lists of bare
 * phandles (and single ones) are hashed as the paths they name; specifier
 * lists (clocks, resets, ...) by their length only. A vendor property of
 * one cell that names a node is taken for a reference too.
 */
static int bare_phandles(const char *name)
{
	static const char *const exact[] = {
		"interrupt-parent", "memory-region", "operating-points-v2", "phy-handle",
		"pcs-handle", "sram", "remote-endpoint", "msi-parent", "cpu", "cpus",
		"backlight", "ddc-i2c-bus", "nvmem-cells", NULL,
	};
	size_t n = strlen(name);

	for (const char *const *e = exact; *e; e++) {
		if (strcmp(name, *e) == 0) {
			return 1;
		}
	}
	return (strncmp(name, "pinctrl-", 8) == 0 && name[8] >= '0' && name[8] <= '9') ||
	       (n > 7 && strcmp(name + n - 7, "-supply") == 0) || strstr(name, "-handle") != NULL;
}

static int specifier_list(const char *name)
{
	static const char *const exact[] = {
		"interrupts-extended", "clocks", "assigned-clocks", "assigned-clock-parents",
		"resets", "power-domains", "phys", "dmas", "iommus", "mboxes", "hwlocks",
		"interconnects", "thermal-sensors", "cooling-device", "msi-map", "iommu-map",
		"interrupt-map", "gpio-ranges", "gpios", "io-channels", "sound-dai", "pwms",
		"access-controllers", NULL,
	};
	size_t n = strlen(name);

	for (const char *const *e = exact; *e; e++) {
		if (strcmp(name, *e) == 0) {
			return 1;
		}
	}
	return (n > 6 && strcmp(name + n - 6, "-gpios") == 0) ||
	       (n > 5 && strcmp(name + n - 5, "-gpio") == 0) || strstr(name, "syscon") != NULL;
}

static uint64_t hash_prop(const struct board *b, uint64_t h, const char *name, const void *val,
			  int len)
{
	const fdt32_t *c = val;

	h = fnv_str(h, name);
	if (len % 4 == 0 && len > 0 &&
	    (bare_phandles(name) || (strchr(name, ',') && len == 4 && phandle_target(b, fdt32_ld(c))))) {
		for (int i = 0; i < len / 4; i++) {
			uint64_t t = phandle_target(b, fdt32_ld(&c[i]));

			h = fnv(h, &t, sizeof(t));
		}
		return h;
	}
	if (specifier_list(name)) {
		return fnv(h, &len, sizeof(len));
	}
	return fnv(h, val, (size_t)len);
}

/* A node's own properties, phandle-free (its phandle itself is left out). */
static uint64_t hash_node(const struct board *b, uint64_t h, int node, int all)
{
	static const char *const bus_props[] = {
		"compatible", "ranges", "dma-ranges", "dma-coherent", "#address-cells",
		"#size-cells", "status", "interrupt-parent", "#interrupt-cells", NULL,
	};
	const char *node_name = fdt_get_name(b->fdt, node, NULL);
	int prop;

	h = fnv_str(h, node_name ? node_name : "");
	fdt_for_each_property_offset(prop, b->fdt, node) {
		const char *name;
		int len, keep = all;
		const void *val = fdt_getprop_by_offset(b->fdt, prop, &name, &len);

		if (!val || !name || strcmp(name, "phandle") == 0 || strcmp(name, "linux,phandle") == 0) {
			continue;
		}
		for (const char *const *p = bus_props; !keep && *p; p++) {
			keep = strcmp(name, *p) == 0;
		}
		if (keep) {
			h = hash_prop(b, h, name, val, len);
		}
	}
	return h;
}

/*
 * What the engine's answer on one device depends on besides the device and
 * its buses (hashed on the way down): the SoC (the root's last compatible
 * string), the GIC and the root's cells. The rest of the board (RAM, the
 * console, PSCI) is the same for all its devices and is tested by its
 * rich-OS plans.
 */
static uint64_t board_key(const struct board *b)
{
	int len, n;
	const char *c = fdt_getprop(b->fdt, 0, "compatible", &len);
	uint64_t h = FNV_SEED;

	for (int i = 0; c && i < len; i += n + 1) {
		n = (int)strnlen(c + i, (size_t)(len - i));
		if (i + n + 1 >= len) {
			h = fnv(h, c + i, (size_t)n);
		}
	}
	h = fnv_str(h, b->gic);
	n = fdt_path_offset(b->fdt, b->gic);
	if (n >= 0) {
		h = hash_node(b, h, n, 1);
	}
	len = fdt_address_cells(b->fdt, 0) * 16 + fdt_size_cells(b->fdt, 0);
	return fnv(h, &len, sizeof(len));
}

/*
 * One pass over the tree with a stack of what holds for the ancestors:
 * enabled, memory-mapped (every bus has 'ranges'), 1:1 (every 'ranges'
 * empty), excluded, and a hash of the buses' own properties. Fills the
 * board's CPUs, RAM, reserved ranges, MMIO and UARTs; with collect, the
 * candidate devices too, each with its key.
 */
static void scan(struct board *b, int collect)
{
	struct frame {
		int enabled, mapped, identity, skip, ac, sc;
		const char *name;
		uint64_t hash;
	} st[MAX_DEPTH];
	const void *fdt = b->fdt;
	int depth = 0, node, plen[MAX_DEPTH] = { 0 };
	uint64_t bkey = collect ? board_key(b) : 0;
	char path[PATH_LEN] = "";

	b->nr_ram = b->nr_resv = b->nr_mmio = b->nr_dev = b->nr_uart = b->nr_cpus = 0;
	b->first_uart[0] = b->first_uart_11[0] = b->first_uart_mapped[0] = '\0';
	st[0] = (struct frame){ 1, 1, 1, 0, fdt_address_cells(fdt, 0), fdt_size_cells(fdt, 0), "",
				bkey };
	for (node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const struct frame *up;
		struct frame *f;
		const char *name = fdt_get_name(fdt, node, NULL);
		int len, rlen, nreg;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		const void *ranges = fdt_getprop(fdt, node, "ranges", &rlen);

		int too_long;

		if (depth >= MAX_DEPTH) {
			continue;       /* and so is everything under it */
		}
		name = name ? name : "";
		too_long = walk_path(path, plen, depth, name) < 0;
		up = &st[depth - 1];
		f = &st[depth];
		f->name = name;
		f->enabled = up->enabled && status_ok(fdt, node);
		f->skip = too_long || up->skip || (depth == 1 && not_device_top(name)) ||
			  gic_version(fdt, node) || prop_is(fdt, node, "device_type", "memory") ||
			  (depth == 1 && strcmp(name, "tessera") == 0);
		f->mapped = up->mapped && ranges;
		f->identity = up->identity && ranges && rlen == 0;
		f->ac = fdt_address_cells(fdt, node);
		f->sc = fdt_size_cells(fdt, node);
		f->hash = collect ? hash_node(b, up->hash, node, 0) : 0;
		nreg = up->ac >= 1 && up->ac <= 2 && up->sc >= 0 && up->sc <= 2 ?
			reg_count(fdt, node, up->ac, up->sc) : 0;

		if (depth == 2 && strcmp(up->name, "cpus") == 0 &&
		    prop_is(fdt, node, "device_type", "cpu")) {
			b->nr_cpus++;
		}
		for (int i = 0; i < nreg; i++) {
			struct range r = { cells(reg + i * (up->ac + up->sc), up->ac),
					   cells(reg + i * (up->ac + up->sc) + up->ac, up->sc) };

			if (depth == 1 && prop_is(fdt, node, "device_type", "memory")) {
				add_range(b->ram, &b->nr_ram, r.base, r.size);
			} else if (depth == 2 && strcmp(up->name, "reserved-memory") == 0) {
				add_range(b->resv, &b->nr_resv, r.base, r.size);
			} else if (up->identity) {
				/* Device windows: regs on 1:1 buses... */
				add_range(b->mmio, &b->nr_mmio, r.base, r.size);
			}
		}
		/* ... and what top-level buses map. */
		if (depth == 1 && ranges && rlen > 0 && f->ac >= 1 && f->ac <= 2 && f->sc >= 1 &&
		    f->sc <= 2 && up->ac >= 1 && up->ac <= 2) {
			int entry = f->ac + up->ac + f->sc;
			const fdt32_t *r = ranges;

			for (int i = 0; i < rlen / (entry * 4); i++) {
				add_range(b->mmio, &b->nr_mmio, cells(r + i * entry + f->ac, up->ac),
					  cells(r + i * entry + f->ac + up->ac, f->sc));
			}
		}
		if (!reg || !f->enabled || f->skip) {
			continue;
		}
		if (is_uart(fdt, node) && nreg > 0) {
			if (!b->first_uart[0]) {
				strcpy(b->first_uart, path);
			}
			if (!b->first_uart_11[0] && up->identity) {
				strcpy(b->first_uart_11, path);
			}
			if (!b->first_uart_mapped[0] && up->mapped) {
				strcpy(b->first_uart_mapped, path);
			}
		}
		if (!collect || !up->mapped || strcmp(path, b->console) == 0 || b->nr_dev >= MAX_NODES) {
			continue;
		}
		struct node *d = &b->dev[b->nr_dev++];

		*d = (struct node){ strdup(path), node, 0, 0, 0, 0 };
		/* The device with everything under it (a bus with its children). */
		d->key = hash_node(b, up->hash, node, 1);
		for (int n = fdt_first_subnode(fdt, node); n >= 0; n = fdt_next_subnode(fdt, n)) {
			d->key = hash_node(b, d->key, n, 1);
		}
		for (int i = 0; i < nreg; i++) {
			struct range r = { cells(reg + i * (up->ac + up->sc), up->ac),
					   cells(reg + i * (up->ac + up->sc) + up->ac, up->sc) };

			d->in_vm_window |= overlaps(r, (struct range){ VM_MEM_BASE, VM_MEM_SIZE });
			d->near_console |= overlaps(r, b->console_page);
		}
		if (is_uart(fdt, node) && nreg > 0) {
			b->uart[b->nr_uart++] = b->nr_dev - 1;
		}
	}
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0) {
			add_range(b->resv, &b->nr_resv, base, size);
		}
	}
}

static void set_reg(struct board *b, int node, uint64_t base, uint64_t size)
{
	int ac = fdt_address_cells(b->fdt, 0), sc = fdt_size_cells(b->fdt, 0);
	fdt32_t c[4];
	int n = 0;

	if (ac == 2) {
		c[n++] = cpu_to_fdt32((uint32_t)(base >> 32));
	}
	c[n++] = cpu_to_fdt32((uint32_t)base);
	if (sc == 2) {
		c[n++] = cpu_to_fdt32((uint32_t)(size >> 32));
	}
	c[n++] = cpu_to_fdt32((uint32_t)size);
	check(fdt_setprop(b->fdt, node, "reg", c, n * 4), "setting /memory reg");
}

/*
 * No RAM (U-Boot fills /memory in on a real board): fill in a /memory node
 * whose size is 0, or add one, where no device is.
 */
static void fix_memory(struct board *b)
{
	static const uint64_t bases[] = { 0x80000000ULL, 0x40000000ULL, 0x0ULL, 0x100000000ULL,
					  0x800000000ULL, 0x20000000ULL, 0xc0000000ULL };
	static const uint64_t sizes[] = { 1ULL << 30, 512ULL << 20, 256ULL << 20 };
	int ac = fdt_address_cells(b->fdt, 0), sc = fdt_size_cells(b->fdt, 0);
	int node;
	char name[64];

	if (b->nr_ram) {
		return;
	}
	if ((ac != 1 && ac != 2) || (sc != 1 && sc != 2)) {
		fprintf(b->notes, "plangen: no RAM, and the root's #address-cells/#size-cells (%d/%d) leave it so\n",
		       ac, sc);
		return;
	}
	/* An existing memory node with size 0 keeps its base. */
	fdt_for_each_subnode(node, b->fdt, 0) {
		int len;
		const fdt32_t *reg = fdt_getprop(b->fdt, node, "reg", &len);

		if (prop_is(b->fdt, node, "device_type", "memory") && reg && len >= ac * 4) {
			uint64_t base = cells(reg, ac);

			set_reg(b, node, base, 1ULL << 30);
			fprintf(b->notes, "plangen: added RAM: %s had no size; reg = 0x%llx + 1 GiB\n",
			       fdt_get_name(b->fdt, node, NULL), (unsigned long long)base);
			return;
		}
	}
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (unsigned i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
			struct range r = { bases[i], sizes[s] };
			int clash = (ac == 1 && r.base + r.size > (1ULL << 32));

			for (unsigned m = 0; m < b->nr_mmio && !clash; m++) {
				clash = overlaps(r, b->mmio[m]);
			}
			if (clash) {
				continue;
			}
			snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)r.base);
			node = fdt_add_subnode(b->fdt, 0, name);
			check(node, "adding /memory");
			check(fdt_setprop_string(b->fdt, node, "device_type", "memory"), "adding /memory");
			set_reg(b, node, r.base, r.size);
			fprintf(b->notes, "plangen: added RAM: /%s, reg = 0x%llx + %llu MiB (the DTB has none)\n", name,
			       (unsigned long long)r.base, (unsigned long long)(r.size >> 20));
			return;
		}
	}
	fprintf(b->notes, "plangen: no RAM, and no free window for one\n");
}

/*
 * No console named: point /chosen/stdout-path at the UART a board would
 * use: serial0's alias target if it is enabled, else the first enabled
 * UART-like node (one on 1:1 buses first, which the engine can read, then
 * one on memory-mapped buses).
 */
static void fix_console(struct board *b)
{
	int chosen, aliases = fdt_path_offset(b->fdt, "/aliases"), len;
	const char *why = "";
	/* A copy: the blob moves under pointers into it as nodes are added. */
	char target[PATH_LEN] = "";

	if (b->console[0]) {
		return;
	}
	chosen = fdt_path_offset(b->fdt, "/chosen");
	if (chosen >= 0 && (fdt_getprop(b->fdt, chosen, "stdout-path", NULL) ||
			    fdt_getprop(b->fdt, chosen, "linux,stdout-path", NULL))) {
		fprintf(b->notes, "plangen: /chosen/stdout-path names no node; left as it is\n");
		return;
	}
	if (aliases >= 0) {
		const char *s = fdt_getprop(b->fdt, aliases, "serial0", &len);
		int n = s && len > 1 && s[0] == '/' && memchr(s, '\0', (size_t)len) ?
			fdt_path_offset(b->fdt, s) : -1;
		int ok = n >= 0;

		for (int p = n; ok && p > 0; p = fdt_parent_offset(b->fdt, p)) {
			ok = status_ok(b->fdt, p);
		}
		if (ok && fdt_getprop(b->fdt, n, "reg", NULL)) {
			snprintf(target, sizeof(target), "%s", s);
			why = " (alias serial0)";
		}
	}
	if (!target[0]) {
		snprintf(target, sizeof(target), "%s",
			 b->first_uart_11[0] ? b->first_uart_11 :
			 b->first_uart_mapped[0] ? b->first_uart_mapped : b->first_uart);
		why = " (the first enabled UART-like node)";
	}
	if (!target[0]) {
		fprintf(b->notes, "plangen: no console named and no enabled UART-like node to name\n");
		return;
	}
	if (chosen < 0) {
		chosen = fdt_add_subnode(b->fdt, 0, "chosen");
		check(chosen, "adding /chosen");
	}
	check(fdt_setprop_string(b->fdt, chosen, "stdout-path", target), "adding stdout-path");
	fprintf(b->notes, "plangen: added /chosen/stdout-path = \"%s\"%s\n", target, why);
}

/*
 * A phandle on every device, adding those missing. Last to last: a
 * property added to a node moves the nodes after it, not those before.
 */
static void add_phandles(struct board *b)
{
	uint32_t max = 0;

	check(fdt_find_max_phandle(b->fdt, &max), "phandles");
	for (unsigned i = b->nr_dev; i-- > 0;) {
		struct node *d = &b->dev[i];

		d->phandle = fdt_get_phandle(b->fdt, d->offset);
		if (!d->phandle) {
			d->phandle = ++max;
			check(fdt_setprop_u32(b->fdt, d->offset, "phandle", d->phandle), d->path);
		}
	}
}

/*
 * Rich-OS memory: 16 MiB (2 MiB aligned) in RAM past the first 32 MiB of
 * the first range, clear of reserved ranges and the guest's fixed windows.
 */
static uint64_t pick_rich_mem(const struct board *b)
{
	for (unsigned i = 0; i < b->nr_ram; i++) {
		const struct range *ram = &b->ram[i];
		uint64_t start = i == 0 ? ram->base + HYP_RESERVE : ram->base;
		uint64_t end = ram->base + ram->size;

		start = (start + SZ_2M - 1) & ~(SZ_2M - 1);
		for (uint64_t a = start; a + VM_MEM_SIZE <= end && a + VM_MEM_SIZE <= IPA_LIMIT;
		     a += SZ_2M) {
			struct range r = { a, VM_MEM_SIZE };
			int clash = overlaps(r, (struct range){ GUEST_WIN_BASE,
								 GUEST_WIN_END - GUEST_WIN_BASE });

			for (unsigned k = 0; k < b->nr_resv && !clash; k++) {
				clash = overlaps(r, b->resv[k]);
			}
			if (!clash) {
				return a;
			}
		}
	}
	return VM_MEM_BASE;
}

struct vm_spec {
	const char *label;
	unsigned cpu_from, nr_cpus;
	uint64_t mem;
	const struct node *dev;         /* its one device, or NULL */
	int rich, identity;
};

static void setprop_cells(void *fdt, int node, const char *name, const uint32_t *v, int n)
{
	fdt32_t c[MAX_PLAN_CPUS * 4];

	for (int i = 0; i < n; i++) {
		c[i] = cpu_to_fdt32(v[i]);
	}
	check(fdt_setprop(fdt, node, name, c, n * 4), name);
}

/* The board with /tessera and one vm@N per spec, to dir/file; one line in list. */
static void write_plan(const struct board *b, const char *dir, const char *file, const char *kind,
		       const struct vm_spec *vm, unsigned nr, FILE *list)
{
	int size = (int)fdt_totalsize(b->fdt) + 64 * 1024;
	void *fdt = malloc((size_t)size);
	char path[PATH_LEN + 64];
	FILE *f;
	int tessera;

	if (!fdt) {
		die("out of memory", NULL);
	}
	check(fdt_open_into(b->fdt, fdt, size), "copying the board");
	/* A board with a plan of its own gets ours instead. */
	tessera = fdt_path_offset(fdt, "/tessera");
	if (tessera >= 0) {
		check(fdt_del_node(fdt, tessera), "removing the board's /tessera");
	}
	tessera = fdt_add_subnode(fdt, 0, "tessera");
	check(tessera, "adding /tessera");
	check(fdt_setprop_string(fdt, tessera, "compatible", "tessera,hypervisor"), "tessera");
	fprintf(list, "%s\t%s\t%u\t", file, kind, nr);
	/* Added in reverse: fdt_add_subnode puts a new node first. */
	for (unsigned i = nr; i-- > 0;) {
		uint32_t v[MAX_PLAN_CPUS];
		uint32_t mem[4] = { (uint32_t)(vm[i].mem >> 32), (uint32_t)vm[i].mem, 0,
				    (uint32_t)VM_MEM_SIZE };
		char name[16];
		int node;

		tessera = fdt_path_offset(fdt, "/tessera");
		snprintf(name, sizeof(name), "vm@%u", i);
		node = fdt_add_subnode(fdt, tessera, name);
		check(node, "adding a VM");
		check(fdt_setprop_string(fdt, node, "compatible", "tessera,vm"), "vm");
		check(fdt_setprop_string(fdt, node, "label", vm[i].label), "vm");
		for (unsigned c = 0; c < vm[i].nr_cpus; c++) {
			v[c] = vm[i].cpu_from + c;
		}
		setprop_cells(fdt, node, "cpus", v, (int)vm[i].nr_cpus);
		setprop_cells(fdt, node, "memory", mem, 4);
		check(fdt_setprop_string(fdt, node, "kernel", "testguest.bin"), "vm");
		if (vm[i].dev) {
			check(fdt_setprop_u32(fdt, node, "devices", vm[i].dev->phandle), "vm");
		}
		if (vm[i].rich) {
			check(fdt_setprop_empty(fdt, node, "rich-os"), "vm");
		}
		if (vm[i].identity) {
			check(fdt_setprop_empty(fdt, node, "identity-map"), "vm");
			check(fdt_setprop_empty(fdt, node, "dma-unsafe"), "vm");
		}
	}
	for (unsigned i = 0; i < nr; i++) {
		fprintf(list, "%svm@%u=%s", i ? " " : "", i,
			vm[i].dev ? vm[i].dev->path : vm[i].rich ? "rich-os" : "-");
	}
	fprintf(list, "\n");
	check(fdt_pack(fdt), "packing");
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "wb");
	if (!f || fwrite(fdt, 1, fdt_totalsize(fdt), f) != fdt_totalsize(fdt) || fclose(f) != 0) {
		die("cannot write", path);
	}
	free(fdt);
}

static void *read_all(const char *file, size_t *size)
{
	FILE *f = fopen(file, "rb");
	void *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		die("cannot read", file);
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* Device keys seen on earlier boards: open addressing, 0 is empty. */
struct seen {
	uint64_t *slot;
	size_t size, used;
};

/* 1 if key was there already; else adds it. */
static int seen_add(struct seen *s, uint64_t key)
{
	key = key ? key : 1;
	if (2 * (s->used + 1) > s->size) {
		struct seen bigger = { calloc(s->size ? 2 * s->size : 4096, sizeof(uint64_t)),
				       s->size ? 2 * s->size : 4096, 0 };

		if (!bigger.slot) {
			die("out of memory", NULL);
		}
		for (size_t i = 0; i < s->size; i++) {
			if (s->slot[i]) {
				seen_add(&bigger, s->slot[i]);
			}
		}
		free(s->slot);
		*s = bigger;
	}
	for (size_t i = key & (s->size - 1);; i = (i + 1) & (s->size - 1)) {
		if (s->slot[i] == key) {
			return 1;
		}
		if (!s->slot[i]) {
			s->slot[i] = key;
			s->used++;
			return 0;
		}
	}
}

/*
 * Read a board, decide whether it qualifies and fill in what U-Boot would
 * (notes on stdout), then find its devices and their keys. 0: it
 * qualifies; -1: it does not (said on stdout).
 */
static int load_board(struct board *b, const char *file)
{
	size_t size;
	void *in;

	FILE *notes = b->notes;

	memset(b, 0, sizeof(*b));
	b->notes = notes;
	b->file = file;
	in = read_all(file, &size);
	if (size < sizeof(struct fdt_header) || fdt_check_header(in) != 0 ||
	    fdt_totalsize(in) > size) {
		fprintf(b->notes, "skip: not a device tree blob\n");
		free(in);
		return -1;
	}
	b->bufsize = (int)fdt_totalsize(in) + ROOM;
	b->fdt = malloc((size_t)b->bufsize);
	if (!b->fdt) {
		die("out of memory", NULL);
	}
	check(fdt_open_into(in, b->fdt, b->bufsize), file);
	free(in);
	if (!gic_qualifies(b)) {
		free(b->fdt);
		b->fdt = NULL;
		return -1;
	}
	find_console(b);
	scan(b, 0);
	fix_memory(b);
	fix_console(b);
	find_console(b);
	scan(b, 0);
	index_phandles(b);
	scan(b, 1);
	return 0;
}

static void free_board(struct board *b)
{
	for (unsigned i = 0; i < b->nr_dev; i++) {
		free(b->dev[i].path);
	}
	free(b->fdt);
	b->fdt = NULL;
}

/* Devices per each-device plan: one VM per device, one CPU per VM. */
static unsigned per_plan_of(const struct board *b)
{
	return b->nr_cpus == 0 ? 1 : b->nr_cpus < MAX_VMS ? b->nr_cpus : MAX_VMS;
}

/*
 * The plans of a loaded board into dir: each-device plans for the devices
 * todo[] marks, then the rich-OS plans.
 */
static void write_plans(struct board *b, const char *dir, const unsigned char *todo)
{
	static const char *labels[MAX_VMS] = { "vm0", "vm1", "vm2", "vm3", "vm4", "vm5", "vm6", "vm7" };
	static unsigned mine[MAX_NODES];
	struct vm_spec vm[MAX_VMS];
	char path[PATH_LEN + 32];
	unsigned per_plan = per_plan_of(b), cpus, plans = 0, nr = 0;
	FILE *list;

	for (unsigned i = 0; i < b->nr_dev; i++) {
		if (todo[i]) {
			mine[nr++] = i;
		}
	}
	/* Phandles last: adding properties moves every node after them. */
	add_phandles(b);
	b->rich_mem = pick_rich_mem(b);
	fprintf(b->notes, "plangen: %u CPUs, %u candidate devices (%u in this board's each-device plans), %u UARTs besides the console%s%s; rich OS memory at 0x%llx\n",
	       b->nr_cpus, b->nr_dev, nr, b->nr_uart, b->console[0] ? ", console " : ", no console",
	       b->console, (unsigned long long)b->rich_mem);
	fprintf(b->notes, "devices %u %u\n", b->nr_dev, nr);

	snprintf(path, sizeof(path), "%s/plans.txt", dir);
	list = fopen(path, "w");
	if (!list) {
		die("cannot write", path);
	}
	for (unsigned i = 0; i < nr; i += per_plan) {
		unsigned n = nr - i < per_plan ? nr - i : per_plan;

		for (unsigned k = 0; k < n; k++) {
			const struct node *d = &b->dev[mine[i + k]];

			vm[k] = (struct vm_spec){ labels[k], k, 1,
						  d->in_vm_window ? b->rich_mem : VM_MEM_BASE, d, 0, 0 };
		}
		snprintf(path, sizeof(path), "dev-%u.dtb", plans++);
		write_plan(b, dir, path, "each-device", vm, n, list);
	}
	cpus = b->nr_cpus == 0 ? 1 : b->nr_cpus < MAX_PLAN_CPUS ? b->nr_cpus : MAX_PLAN_CPUS;
	vm[0] = (struct vm_spec){ "rich", 0, cpus, b->rich_mem, NULL, 1, 0 };
	write_plan(b, dir, "rich.dtb", "rich-os", vm, 1, list);
	vm[0].identity = 1;
	write_plan(b, dir, "rich-id.dtb", "rich-os-identity", vm, 1, list);
	if (b->nr_uart && b->nr_cpus >= 2) {
		/* A UART in pages of its own if there is one (the console's
		 * pages are Tessera's). */
		const struct node *u = &b->dev[b->uart[0]];

		for (unsigned i = b->nr_uart; i-- > 0;) {
			if (!b->dev[b->uart[i]].near_console) {
				u = &b->dev[b->uart[i]];
			}
		}

		vm[0].nr_cpus = b->nr_cpus - 1 < MAX_PLAN_CPUS ? b->nr_cpus - 1 : MAX_PLAN_CPUS;
		vm[1] = (struct vm_spec){ "uart", vm[0].nr_cpus, 1,
					  u->in_vm_window ? b->rich_mem : VM_MEM_BASE, u, 0, 0 };
		write_plan(b, dir, "rich-uart.dtb", "rich-os+uart", vm, 2, list);
	} else {
		fprintf(b->notes, "plangen: no rich-os+uart plan: %s\n",
		       b->nr_uart ? "one CPU only" : "no UART besides the console");
	}
	if (fclose(list) != 0) {
		die("cannot write plans.txt", strerror(errno));
	}
}

/* What pass 1 learnt of a board. */
struct board_info {
	unsigned per_plan;      /* 0: does not qualify */
	unsigned nr_dev;
	uint64_t *key;
	unsigned char *todo;
	unsigned char only;     /* with -d: the board has the device... */
	unsigned only_index;    /* ... at this index */
};

static int by_per_plan(const void *a, const void *b, void *info)
{
	const struct board_info *bi = info;
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	if (bi[x].per_plan != bi[y].per_plan) {
		return bi[x].per_plan > bi[y].per_plan ? -1 : 1;
	}
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static struct board b;
	struct seen seen = { NULL, 0, 0 }, every = { NULL, 0, 0 };
	unsigned candidates = 0, distinct = 0, planned = 0;
	FILE *quiet;
	struct board_info *info;
	unsigned *order, nr;
	const char *out = NULL, *only = NULL;
	char path[PATH_LEN];
	int all = 0, i;
	unsigned cap = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-a") == 0) {
			all = 1;
		} else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc) {
			only = argv[++i];
		} else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			cap = (unsigned)strtoul(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else {
			break;
		}
	}
	if (!out || i >= argc) {
		fprintf(stderr, "usage: plangen [-a] [-c PLANS] [-d DEVICE-PATH] -o OUT BOARD.dtb...\n");
		return 2;
	}
	argv += i;
	nr = (unsigned)(argc - i);
	info = calloc(nr, sizeof(*info));
	order = calloc(nr, sizeof(*order));
	if (!info || !order) {
		die("out of memory", NULL);
	}

	/* Pass 1, quietly: which boards qualify, their CPUs and device keys. */
	quiet = fopen("/dev/null", "w");
	if (!quiet) {
		die("cannot open /dev/null", NULL);
	}
	for (unsigned n = 0; n < nr; n++) {
		order[n] = n;
		b.notes = quiet;
		if (load_board(&b, argv[n]) < 0) {
			continue;
		}
		info[n].per_plan = per_plan_of(&b);
		info[n].nr_dev = b.nr_dev;
		info[n].key = malloc(b.nr_dev * sizeof(uint64_t) + 1);
		info[n].todo = calloc(b.nr_dev + 1, 1);
		if (!info[n].key || !info[n].todo) {
			die("out of memory", NULL);
		}
		for (unsigned k = 0; k < b.nr_dev; k++) {
			info[n].key[k] = b.dev[k].key;
		}
		/* -d: the one device wanted, by path. */
		for (unsigned k = 0; only && k < b.nr_dev; k++) {
			if (strcmp(b.dev[k].path, only) == 0) {
				info[n].only_index = k;
				info[n].only = 1;
			}
		}
		free_board(&b);
	}
	fclose(quiet);
	for (unsigned n = 0; n < nr; n++) {
		for (unsigned k = 0; k < info[n].nr_dev; k++) {
			candidates++;
			distinct += !seen_add(&every, info[n].key[k]);
		}
	}
	free(every.slot);

	/*
	 * Each device key goes to the first board that has it, boards with the
	 * most CPUs first (most devices per plan, so fewest plans), then in the
	 * order given; a board takes at most cap plans' worth of them, and what
	 * it leaves goes to a later board that has it.
	 */
	qsort_r(order, nr, sizeof(*order), by_per_plan, info);
	for (unsigned n = 0; n < nr; n++) {
		struct board_info *bi = &info[order[n]];
		unsigned room = cap ? cap * bi->per_plan : bi->nr_dev;

		for (unsigned k = 0; k < bi->nr_dev && room; k++) {
			if (only) {
				bi->todo[k] = bi->only && bi->only_index == k;
			} else {
				bi->todo[k] = all || !seen_add(&seen, bi->key[k]);
			}
			room -= bi->todo[k];
		}
	}

	/* How many different devices the plans hold (-a: some twice). */
	every = (struct seen){ NULL, 0, 0 };
	for (unsigned n = 0; n < nr; n++) {
		for (unsigned k = 0; k < info[n].nr_dev; k++) {
			planned += info[n].todo[k] && !seen_add(&every, info[n].key[k]);
		}
	}
	free(every.slot);
	snprintf(path, sizeof(path), "%s/devices.txt", out);
	quiet = fopen(path, "w");
	if (!quiet || fprintf(quiet, "candidates %u distinct %u planned %u\n", candidates, distinct,
			      planned) < 0 || fclose(quiet) != 0) {
		die("cannot write", path);
	}

	/* Pass 2: OUT/<n>/board.txt (notes), plans.txt and the plans; then
	 * OUT/<n> on stdout, so the checks can start on it. */
	for (unsigned n = 0; n < nr; n++) {
		FILE *notes;

		snprintf(path, sizeof(path), "%s/%04u", out, n);
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			die("cannot create", path);
		}
		snprintf(path, sizeof(path), "%s/%04u/board.txt", out, n);
		notes = fopen(path, "w");
		if (!notes) {
			die("cannot write", path);
		}
		fprintf(notes, "dtb %s\n", argv[n]);
		b.notes = notes;
		if (load_board(&b, argv[n]) == 0) {
			if (b.nr_dev != info[n].nr_dev) {
				die("a board reads differently the second time", argv[n]);
			}
			snprintf(path, sizeof(path), "%s/%04u", out, n);
			write_plans(&b, path, info[n].todo);
			free_board(&b);
		}
		if (fclose(notes) != 0) {
			die("cannot write board.txt", strerror(errno));
		}
		printf("%s/%04u\n", out, n);
		fflush(stdout);
		free(info[n].key);
		free(info[n].todo);
	}
	free(info);
	free(order);
	free(seen.slot);
	return 0;
}
