/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tcheck: checks a board DT (hardware + /tessera plan) on the developer's
 * machine with the same engine the hypervisor runs at boot (core/config.c),
 * finds each VM's kernel and initrd, prints the plan as a table and writes
 * the image pack that Tessera receives as its initrd.
 *
 *   tcheck [--plan-dir DIR] [--search DIR]... [--pack OUT] [--dt-out DIR] BOARD.dtb
 *
 * --dt-out DIR writes DIR/<label>.dtb, the device tree each VM will boot
 * with (core/guest_dt.c, as at boot, without the initrd), and prints what it
 * leaves out of passed-through devices as warnings.
 *
 * Exit status: 0 the plan is good (and the pack written), 2 the plan is
 * refused or an input cannot be read; every problem is one line on stderr,
 * `<dtb>: <node path>: <reason>`.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tessera/config.h>
#include <tessera/config_deps.h>
#include <tessera/guest_dt.h>

#define MAX_SEARCH 16
/* libfdt lengths are ints; a guest image beyond this is surely a mistake. */
#define MAX_IMAGE (1UL << 30)

struct opts {
	const char *plan_dir;
	const char *search[MAX_SEARCH];
	int nr_search;
	const char *pack;
	const char *dt_out;
	const char *dtb;
};

/* A guest image: the plan's kernel or initrd string, where it was found. */
struct image {
	const char *name;       /* the plan's string, verbatim; NULL: none */
	char *file;
	long size;
};

/* Each VM's kernel and optional initrd. */
struct vm_images {
	struct image kernel, initrd;
};

static void report(void *ctx, const char *path, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", (const char *)ctx, path, msg);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tcheck [--plan-dir DIR] [--search DIR]... [--pack OUT] [--dt-out DIR]\n"
		"              BOARD.dtb\n"
		"  Checks the /tessera partition plan of BOARD.dtb against its hardware,\n"
		"  finds each VM's kernel and initrd (relative names: in --plan-dir, then\n"
		"  each --search DIR in order), prints the plan and writes the image pack.\n"
		"  --dt-out DIR also writes each VM's device tree as DIR/<label>.dtb.\n");
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(a, "--plan-dir") == 0 && i + 1 < argc) {
			o->plan_dir = argv[++i];
		} else if (strcmp(a, "--search") == 0 && i + 1 < argc) {
			if (o->nr_search >= MAX_SEARCH) {
				fprintf(stderr, "tcheck: at most %d --search folders\n", MAX_SEARCH);
				return -1;
			}
			o->search[o->nr_search++] = argv[++i];
		} else if (strcmp(a, "--pack") == 0 && i + 1 < argc) {
			o->pack = argv[++i];
		} else if (strcmp(a, "--dt-out") == 0 && i + 1 < argc) {
			o->dt_out = argv[++i];
		} else if (a[0] == '-' || o->dtb) {
			fprintf(stderr, "tcheck: unexpected argument '%s'\n", a);
			return -1;
		} else {
			o->dtb = a;
		}
	}
	if (!o->dtb) {
		fprintf(stderr, "tcheck: no board DTB given\n");
		return -1;
	}
	return 0;
}

/* The whole file in a malloc'd buffer (16-byte aligned, as libfdt wants 8). */
static void *read_file(const char *file, size_t max, size_t *size)
{
	FILE *f = fopen(file, "rb");
	struct stat st;
	void *buf;

	if (!f) {
		fprintf(stderr, "tcheck: cannot read %s: %s\n", file, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > max) {
		fprintf(stderr, "tcheck: %s: not a regular file of at most %zu bytes\n",
			file, max);
		fclose(f);
		return NULL;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "tcheck: cannot read %s\n", file);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)st.st_size;
	return buf;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = malloc(n);

	if (s) {
		snprintf(s, n, "%s/%s", dir, name);
	}
	return s;
}

static int is_file(const char *path, long *size)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		return 0;
	}
	*size = (long)st.st_size;
	return 1;
}

/*
 * Find an image (what: "kernel" or "initrd"): absolute names as they are,
 * relative ones in the plan's folder first and then in each search folder,
 * so a plan can carry its own image and otherwise gets the one the build
 * made.
 */
static int resolve(const struct opts *o, const struct cfg_vm *vm, const char *what,
		   const char *name, struct image *img)
{
	const char *dirs[MAX_SEARCH + 1];
	int nr = 0;
	char looked[1024] = "";

	img->name = name;
	if (name[0] == '/') {
		img->file = strdup(name);
		if (img->file && is_file(img->file, &img->size)) {
			return 0;
		}
		free(img->file);
		img->file = NULL;
		fprintf(stderr, "%s: %s: %s '%s' not found\n", o->dtb, vm->path, what, name);
		return -1;
	}
	if (o->plan_dir) {
		dirs[nr++] = o->plan_dir;
	}
	for (int i = 0; i < o->nr_search; i++) {
		dirs[nr++] = o->search[i];
	}
	if (nr == 0) {
		dirs[nr++] = ".";
	}
	for (int i = 0; i < nr; i++) {
		img->file = join(dirs[i], name);
		if (img->file && is_file(img->file, &img->size)) {
			return 0;
		}
		free(img->file);
		img->file = NULL;
		snprintf(looked + strlen(looked), sizeof(looked) - strlen(looked),
			 "%s%s", i ? ", " : "", dirs[i]);
	}
	fprintf(stderr, "%s: %s: %s '%s' not found (looked in: %s)\n",
		o->dtb, vm->path, what, name, looked);
	return -1;
}

/*
 * Find a VM's images and check they fit: the kernel and the initrd both go
 * into the first memory region, below the guest device tree at its top
 * (cfg_dt_room). Returns the number of problems.
 */
static int check_images(const struct opts *o, const struct cfg_vm *vm,
			struct vm_images *img)
{
	const uint64_t dt_room = cfg_dt_room(vm->mem[0].size);
	uint64_t room = vm->mem[0].size > dt_room ? vm->mem[0].size - dt_room : 0;
	uint64_t need;
	int problems = 0;

	if (resolve(o, vm, "kernel", vm->kernel, &img->kernel) < 0) {
		problems++;
	}
	if (vm->initrd && resolve(o, vm, "initrd", vm->initrd, &img->initrd) < 0) {
		problems++;
	}
	if (problems) {
		return problems;
	}
	if ((unsigned long)img->kernel.size > MAX_IMAGE ||
	    (unsigned long)img->initrd.size > MAX_IMAGE) {
		fprintf(stderr, "%s: %s: %s '%s' is larger than 1 GiB\n", o->dtb, vm->path,
			(unsigned long)img->kernel.size > MAX_IMAGE ? "kernel" : "initrd",
			(unsigned long)img->kernel.size > MAX_IMAGE ? vm->kernel : vm->initrd);
		return 1;
	}
	need = (uint64_t)img->kernel.size + (uint64_t)img->initrd.size;
	if (need > room) {
		if (vm->initrd) {
			fprintf(stderr, "%s: %s: kernel '%s' (%ld bytes) and initrd '%s' (%ld bytes) need %llu bytes, more than the %llu bytes of the first memory region below the guest device tree (its top %llu KiB)\n",
				o->dtb, vm->path, vm->kernel, img->kernel.size, vm->initrd,
				img->initrd.size, (unsigned long long)need,
				(unsigned long long)room, (unsigned long long)(dt_room >> 10));
		} else {
			fprintf(stderr, "%s: %s: kernel '%s' (%ld bytes) is larger than the %llu bytes of the first memory region below the guest device tree (its top %llu KiB)\n",
				o->dtb, vm->path, vm->kernel, img->kernel.size,
				(unsigned long long)room, (unsigned long long)(dt_room >> 10));
		}
		return 1;
	}
	return 0;
}

static void fmt_size(char *buf, size_t len, uint64_t size)
{
	if (size % (1ULL << 20) == 0) {
		snprintf(buf, len, "%llu MiB", (unsigned long long)(size >> 20));
	} else if (size % 1024 == 0) {
		snprintf(buf, len, "%llu KiB", (unsigned long long)(size >> 10));
	} else {
		snprintf(buf, len, "%llu bytes", (unsigned long long)size);
	}
}

static uint64_t round_2m(uint64_t size)
{
	return (size + (2ULL << 20) - 1) & ~((2ULL << 20) - 1);
}

/* One table cell per column; rows of a VM with several regions continue below. */
enum { COL_VM, COL_LABEL, COL_CPUS, COL_MEM, COL_SIZE, COL_KERNEL, COL_INITRD, NR_COLS };
#define MAX_ROWS (1 + CFG_MAX_VMS * CFG_MAX_MEM)

/*
 * One line per passed-through device, its registers as CPU addresses
 * (before page rounding) and its GIC SPIs: "/pl031@9010000 (0x9010000+0x1000,
 * SPI 2 = INTID 34)". The engine has validated every property read here.
 */
static void print_device(const struct cfg_plan *plan, const void *fdt, int gic, int node)
{
	const struct cfg_index *x = &plan->index;
	int parent = cfg_parent(x, fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	int len, n = 0;
	const fdt32_t *c;
	char path[256];

	if (fdt_get_path(fdt, node, path, sizeof(path)) < 0) {
		snprintf(path, sizeof(path), "(node at offset %d)", node);
	}
	printf("%s (", path);
	c = fdt_getprop(fdt, node, "reg", &len);
	for (int i = 0; c && ac > 0 && sc > 0 && i < len / ((ac + sc) * 4); i++) {
		uint64_t base = 0, size = 0;
		int bus;

		for (int k = 0; k < ac; k++) {
			base = (base << 32) | fdt32_to_cpu(c[i * (ac + sc) + k]);
		}
		for (int k = 0; k < sc; k++) {
			size = (size << 32) | fdt32_to_cpu(c[i * (ac + sc) + ac + k]);
		}
		cfg_translate(x, fdt, node, &base, size, &bus);
		printf("%s0x%llx+0x%llx", n++ ? ", " : "", (unsigned long long)base,
		       (unsigned long long)size);
	}
	c = fdt_getprop(fdt, node, "interrupts-extended", &len);
	for (int i = 0; c && i + 3 < len / 4;) {
		int p = cfg_node_of(x, fdt, fdt32_to_cpu(c[i]));
		const fdt32_t *cells = p >= 0 ? fdt_getprop(fdt, p, "#interrupt-cells", NULL) : NULL;

		if (p == gic) {
			printf("%sSPI %u = INTID %u", n++ ? ", " : "", fdt32_to_cpu(c[i + 2]),
			       fdt32_to_cpu(c[i + 2]) + 32);
		}
		i += 1 + (cells ? (int)fdt32_to_cpu(*cells) : len);
	}
	c = fdt_getprop(fdt, node, "interrupts", &len);
	for (int i = 0; c && cfg_irq_parent(x, fdt, node) == gic && i < len / 12; i++) {
		uint32_t spi = fdt32_to_cpu(c[i * 3 + 1]);

		printf("%sSPI %u = INTID %u", n++ ? ", " : "", spi, spi + 32);
	}
	printf(")\n");
}

/* Under a device: each provider it names once, and how the plan meets it. */
struct provider_lines {
	const void *fdt;
	const struct cfg_plan *plan;
	unsigned vm;
	int indent;
	int quiet_own;          /* the rich OS's share: only what is not its own */
	struct { const char *prop; int provider; } seen[64];
	unsigned nr_seen;
};

static int print_provider(void *ctx, const struct cfg_ref *r)
{
	struct provider_lines *pl = ctx;
	const struct cfg_ref_prop *rp = cfg_ref_prop(r->prop);
	enum cfg_dep d = cfg_dep(pl->fdt, pl->plan, pl->vm, r);
	char path[256];

	if ((rp && !rp->dependency) || d == CFG_DEP_GIC ||
	    (pl->quiet_own && (d == CFG_DEP_OWN || d == CFG_DEP_TESSERA))) {
		return 0;
	}
	for (unsigned i = 0; i < pl->nr_seen; i++) {
		if (pl->seen[i].provider == r->provider && !strcmp(pl->seen[i].prop, r->prop)) {
			return 0;
		}
	}
	if (pl->nr_seen < sizeof(pl->seen) / sizeof(pl->seen[0])) {
		pl->seen[pl->nr_seen].prop = r->prop;
		pl->seen[pl->nr_seen++].provider = r->provider;
	}
	if (r->provider < 0 || fdt_get_path(pl->fdt, r->provider, path, sizeof(path)) < 0) {
		snprintf(path, sizeof(path), "(no node)");
	}
	printf("%*s%-17s %s: %s\n", pl->indent, "", r->prop, path, cfg_dep_name(d));
	return 0;
}

/* Is dev one of the VM's own 'devices' (not the rich OS's share)? */
static int listed_device(const void *fdt, const struct cfg_vm *vm, int dev)
{
	int node = fdt_path_offset(fdt, vm->path), len;
	const fdt32_t *ph = node >= 0 ? fdt_getprop(fdt, node, "devices", &len) : NULL;

	for (int i = 0; ph && i < len / 4; i++) {
		if (fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(ph[i])) == dev) {
			return 1;
		}
	}
	return 0;
}

/*
 * Under the table: each VM's devices, one per line (its own, then what
 * rich-os gave it), IOMMU, restart and DMA notes, then the shared-memory
 * regions.
 */
/* A PCIe host bridge: the windows and INTx lines that go with it. */
static void print_bridge(const struct cfg_plan *plan, const void *fdt, int gic, const char *vm,
			 int node)
{
	int len, n = 0;
	const fdt32_t *c = fdt_getprop(fdt, node, "ranges", &len);
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);
	int pac = fdt_address_cells(fdt, cfg_parent(&plan->index, fdt, node));
	int stride = 3 + pac + 2;

	if (!type || strcmp(type, "pci") || !c || pac < 1 || pac > 2) {
		return;
	}
	printf("%s: %s windows", vm, fdt_get_name(fdt, node, NULL));
	for (int i = 0; i < len / (stride * 4); i++) {
		const fdt32_t *e = c + i * stride;
		uint64_t base = pac == 2 ? (uint64_t)fdt32_to_cpu(e[3]) << 32 | fdt32_to_cpu(e[4])
					 : fdt32_to_cpu(e[3]);
		uint64_t size = (uint64_t)fdt32_to_cpu(e[3 + pac]) << 32 | fdt32_to_cpu(e[4 + pac]);
		int bus;

		cfg_translate(&plan->index, fdt, node, &base, size, &bus);
		printf("%s 0x%llx+0x%llx (%s)", i ? "," : "", (unsigned long long)base,
		       (unsigned long long)size,
		       (fdt32_to_cpu(e[0]) >> 24 & 3) == 1 ? "I/O" : "memory");
	}
	/* interrupt-map: (child address, child interrupt, parent, its address, its interrupt) */
	c = fdt_getprop(fdt, node, "interrupt-map", &len);
	const fdt32_t *ic = fdt_getprop(fdt, node, "#interrupt-cells", NULL);
	uint32_t seen[8];
	int nr_seen = 0;

	for (int i = 3 + (ic ? (int)fdt32_to_cpu(*ic) : 1); c && i < len / 4;) {
		int p = cfg_node_of(&plan->index, fdt, fdt32_to_cpu(c[i]));
		const fdt32_t *pac_p = p >= 0 ? fdt_getprop(fdt, p, "#address-cells", NULL) : NULL;
		const fdt32_t *pic_p = p >= 0 ? fdt_getprop(fdt, p, "#interrupt-cells", NULL) : NULL;
		int at = i + 1 + (pac_p ? (int)fdt32_to_cpu(*pac_p) : 0), k;

		if (!pic_p || at + (int)fdt32_to_cpu(*pic_p) > len / 4) {
			break;
		}
		for (k = 0; p == gic && k < nr_seen && seen[k] != fdt32_to_cpu(c[at + 1]); k++) {
		}
		if (p == gic && k == nr_seen && nr_seen < 8) {
			seen[nr_seen++] = fdt32_to_cpu(c[at + 1]);
			printf("%s SPI %u", n++ ? "," : "; INTx:", fdt32_to_cpu(c[at + 1]));
		}
		i = at + (int)fdt32_to_cpu(*pic_p) + 3 + (ic ? (int)fdt32_to_cpu(*ic) : 1);
	}
	printf("\n");
}

static void print_vm_extras(const struct cfg_plan *plan, const void *fdt)
{
	int gic = plan->hw.gic_phandle ? cfg_node_of(&plan->index, fdt, plan->hw.gic_phandle) : -1;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const struct cfg_vm *vm = &plan->vm[i];
		const char *slash = strrchr(vm->path, '/');
		const char *name = slash ? slash + 1 : vm->path;

		for (int rich = 0; rich < 2; rich++) {
			const char *what = rich ? " rich-os devices: " : " devices: ";
			int n = 0;

			for (unsigned d = 0; d < vm->nr_devices; d++) {
				if (listed_device(fdt, vm, vm->device_node[d]) == rich) {
					continue;
				}
				struct provider_lines pl = {
					.fdt = fdt, .plan = plan, .vm = i,
					.indent = (int)(strlen(name) + strlen(what)) + 2, .quiet_own = rich,
				};

				if (n++ == 0) {
					printf("%s%s", name, what);
				} else {
					/* Further devices line up under the first. */
					printf("%*s", (int)(strlen(name) + strlen(what)), "");
				}
				print_device(plan, fdt, gic, vm->device_node[d]);
				cfg_refs(plan, fdt, vm->device_node[d], print_provider, &pl);
			}
		}
		for (unsigned d = 0; d < vm->nr_devices; d++) {
			print_bridge(plan, fdt, gic, name, vm->device_node[d]);
		}
		for (unsigned k = 0; k < vm->nr_streams; k++) {
			const struct cfg_stream *st = &vm->stream[k];
			char dev[256];

			if (fdt_get_path(fdt, st->dev, dev, sizeof(dev)) < 0) {
				dev[0] = '\0';
			}
			printf("%s: DMA of %s through SMMU %s: stream ID 0x%x", name, dev,
			       plan->hw.smmu[st->smmu].path, st->sid);
			if (st->count > 1) {
				printf("-0x%x", st->sid + st->count - 1);
			}
			printf("; reaches its memory only\n");
		}
		for (unsigned t = 0; t < vm->nr_trap; t++) {
			printf("%s: 0x%llx+0x%llx shares a page with Tessera's console or another VM's device: reached through Tessera (trapped)\n",
			       name, (unsigned long long)vm->trap[t].base, (unsigned long long)vm->trap[t].size);
		}
		if (vm->on_fault == CFG_ON_FAULT_RESTART) {
			printf("%s: restarts from its images on a fault it cannot take (on-fault = \"restart\")\n",
			       name);
		}
		if (vm->identity) {
			printf("%s: memory at host PA = IPA (identity-map)%s\n", name,
			       vm->dma_unsafe ? "; its DMA-capable devices can reach all memory (dma-unsafe)" : "");
		}
	}
	for (unsigned i = 0; i < plan->nr_shmem; i++) {
		const struct cfg_shmem *sh = &plan->shmem[i];
		const char *slash = strrchr(sh->path, '/');
		char size[32];

		fmt_size(size, sizeof(size), sh->size);
		printf("%s (%s): %s at IPA 0x%llx, doorbell page 0x%llx, SPI %u = INTID %u; for",
		       slash ? slash + 1 : sh->path, sh->label, size, (unsigned long long)sh->ipa,
		       (unsigned long long)(sh->ipa + sh->size), sh->doorbell_intid - 32,
		       sh->doorbell_intid);
		for (unsigned v = 0; v < sh->nr_vms; v++) {
			printf("%s %s", v ? "," : "", plan->vm[sh->vm[v]].label);
		}
		printf("\n");
	}
}

static void print_table(const struct cfg_plan *plan, const struct vm_images *img,
			const void *fdt)
{
	static char cell[MAX_ROWS][NR_COLS][160];
	static const char *const head[NR_COLS] = {
		"VM", "label", "vCPUs->CPUs", "guest memory (IPA)", "size", "kernel", "initrd",
	};
	int width[NR_COLS] = { 0 };
	int rows = 1, cols = NR_COLS - 1;
	uint64_t ram = 0, used = 0;
	char compat[sizeof(plan->hw.uart_compat)], *c;

	memset(cell, 0, sizeof(cell));
	/* The initrd column only when some VM has one. */
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		if (plan->vm[i].initrd) {
			cols = NR_COLS;
		}
	}
	for (int k = 0; k < cols; k++) {
		snprintf(cell[0][k], sizeof(cell[0][k]), "%s", head[k]);
	}
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const struct cfg_vm *vm = &plan->vm[i];
		const char *slash = strrchr(vm->path, '/');
		size_t n = 0;

		snprintf(cell[rows][COL_VM], sizeof(cell[0][0]), "%s", slash ? slash + 1 : vm->path);
		snprintf(cell[rows][COL_LABEL], sizeof(cell[0][0]), "%s", vm->label);
		for (unsigned v = 0; v < vm->nr_vcpus; v++) {
			n += (size_t)snprintf(cell[rows][COL_CPUS] + n, sizeof(cell[0][0]) - n,
					      "%s%u->%u", v ? " " : "", v, vm->cpus[v]);
		}
		snprintf(cell[rows][COL_KERNEL], sizeof(cell[0][0]), "%s (%ld bytes)",
			 vm->kernel, img[i].kernel.size);
		if (vm->initrd) {
			snprintf(cell[rows][COL_INITRD], sizeof(cell[0][0]), "%s (%ld bytes)",
				 vm->initrd, img[i].initrd.size);
		} else if (cols == NR_COLS) {
			snprintf(cell[rows][COL_INITRD], sizeof(cell[0][0]), "-");
		}
		for (unsigned m = 0; m < vm->nr_mem; m++, rows++) {
			const struct cfg_range *r = &vm->mem[m];

			snprintf(cell[rows][COL_MEM], sizeof(cell[0][0]), "0x%llx-0x%llx",
				 (unsigned long long)r->base,
				 (unsigned long long)(r->base + r->size - 1));
			fmt_size(cell[rows][COL_SIZE], sizeof(cell[0][0]), r->size);
			used += round_2m(r->size);
		}
	}
	for (int r = 0; r < rows; r++) {
		for (int k = 0; k < cols; k++) {
			int w = (int)strlen(cell[r][k]);

			width[k] = w > width[k] ? w : width[k];
		}
	}
	for (int r = 0; r < rows; r++) {
		int last = cols - 1;

		/* No trailing blanks on continuation lines. */
		while (last > 0 && !cell[r][last][0]) {
			last--;
		}
		for (int k = 0; k < last; k++) {
			printf("%-*s  ", width[k], cell[r][k]);
		}
		printf("%s\n", cell[r][last]);
	}

	print_vm_extras(plan, fdt);

	printf("RAM");
	for (unsigned i = 0; i < plan->hw.nr_ram; i++) {
		ram += plan->hw.ram[i].size;
	}
	printf(" %llu MiB at", (unsigned long long)(ram >> 20));
	for (unsigned i = 0; i < plan->hw.nr_ram; i++) {
		printf("%s 0x%llx", i ? "," : "", (unsigned long long)plan->hw.ram[i].base);
	}
	/* "arm,pl011" reads better as "PL011". */
	c = strchr(plan->hw.uart_compat, ',');
	snprintf(compat, sizeof(compat), "%s", c ? c + 1 : plan->hw.uart_compat);
	for (c = compat; *c; c++) {
		if (*c >= 'a' && *c <= 'z') {
			*c = (char)(*c - 'a' + 'A');
		}
	}
	for (unsigned i = 0; i < plan->nr_shmem; i++) {
		used += round_2m(plan->shmem[i].size);     /* once, however many VMs see it */
	}
	printf("; VMs use %llu MiB + Tessera %llu MiB; console %s at 0x%llx; GICv%u at 0x%llx; PSCI via %s\n",
	       (unsigned long long)(used >> 20),
	       (unsigned long long)(CFG_HYP_RESERVE >> 20), compat,
	       (unsigned long long)plan->hw.uart_base, plan->hw.gic_version,
	       (unsigned long long)plan->hw.gicd.base, plan->hw.psci_smc ? "smc" : "hvc");
	printf("host memory: placed by Tessera at boot (see its log)");
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		if (plan->vm[i].identity) {
			printf("; %s at host PA = IPA", plan->vm[i].label);
		}
	}
	printf("\n");
}

/*
 * The image pack: CFG_PACK_HDR bytes of header, then
 * / { images { img@N { image-name = "..."; data = [...]; }; }; },
 * each distinct kernel or initrd string once. Written to OUT.tmp and
 * renamed, so a failed run never leaves half a pack behind.
 */
static int write_pack(const char *out, const struct image *img, unsigned nr_img)
{
	size_t bufsize = 4096;
	char *file = NULL;
	void *buf;
	int err = 0, nr = 0;
	char *tmp;
	FILE *f;

	for (unsigned i = 0; i < nr_img; i++) {
		bufsize += (size_t)img[i].size + strlen(img[i].name) + 64;
	}
	file = calloc(1, CFG_PACK_HDR + bufsize);
	if (!file) {
		fprintf(stderr, "tcheck: out of memory for the pack\n");
		return -1;
	}
	memcpy(file, CFG_PACK_MAGIC, sizeof(CFG_PACK_MAGIC));
	buf = file + CFG_PACK_HDR;
	err |= fdt_create(buf, (int)bufsize);
	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_begin_node(buf, "images");
	for (unsigned i = 0; i < nr_img && err == 0; i++) {
		char node[32];
		void *data;
		size_t size;
		unsigned j;

		for (j = 0; j < i && strcmp(img[j].name, img[i].name) != 0; j++) {
		}
		if (j < i) {
			continue;       /* already packed (same string) */
		}
		data = read_file(img[i].file, MAX_IMAGE, &size);
		if (!data) {
			free(file);
			return -1;
		}
		snprintf(node, sizeof(node), "img@%d", nr++);
		err |= fdt_begin_node(buf, node);
		err |= fdt_property_string(buf, "image-name", img[i].name);
		/*
		 * Property values are only 4-byte aligned: an empty "align" (12
		 * bytes) puts this one on 8 bytes, so loading it at boot (and at
		 * every restart) copies words, not bytes. The next value starts
		 * 12 bytes after the current end of the struct block.
		 */
		if ((CFG_PACK_HDR + fdt_off_dt_struct(buf) + fdt_size_dt_struct(buf) + 12) % 8) {
			err |= fdt_property(buf, "align", NULL, 0);
		}
		err |= fdt_property(buf, "data", data, (int)size);
		err |= fdt_end_node(buf);
		free(data);
	}
	err |= fdt_end_node(buf);
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	if (err) {
		fprintf(stderr, "tcheck: cannot build the image pack (libfdt error)\n");
		free(file);
		return -1;
	}

	/* Read it back with the engine's own reader: what boot will see. */
	for (unsigned i = 0; i < nr_img; i++) {
		const void *d;
		size_t s;

		if (cfg_find_image(file, CFG_PACK_HDR + fdt_totalsize(buf), img[i].name, &d, &s) != 0 ||
		    s != (size_t)img[i].size || ((const char *)d - file) % 8) {
			fprintf(stderr, "tcheck: the image pack does not read back (8-byte aligned)\n");
			free(file);
			return -1;
		}
	}

	tmp = malloc(strlen(out) + 5);
	if (!tmp) {
		free(file);
		return -1;
	}
	sprintf(tmp, "%s.tmp", out);
	f = fopen(tmp, "wb");
	if (!f || fwrite(file, 1, CFG_PACK_HDR + fdt_totalsize(buf), f) !=
			  CFG_PACK_HDR + fdt_totalsize(buf) ||
	    fclose(f) != 0 || rename(tmp, out) != 0) {
		fprintf(stderr, "tcheck: cannot write %s: %s\n", out, strerror(errno));
		unlink(tmp);
		free(tmp);
		free(file);
		return -1;
	}
	printf("images: %d packed into %s (%u bytes)\n", nr, out, CFG_PACK_HDR + fdt_totalsize(buf));
	free(tmp);
	free(file);
	return 0;
}

/* Warnings from guest_dt_build: "tcheck: warning: vm@0: <node>: <reason>". */
static void dt_warn(void *ctx, const char *path, const char *msg)
{
	const char *vm_path = ctx, *slash = strrchr(vm_path, '/');

	fprintf(stderr, "tcheck: warning: %s: %s: %s\n", slash ? slash + 1 : vm_path, path, msg);
}

/*
 * DIR/<label>.dtb for every VM: the device tree Tessera will hand it (the
 * same core/guest_dt.c, with no initrd), for inspection with dtc.
 */
static int write_dts(const char *dir, const struct cfg_plan *plan, const void *fdt)
{
	static uint8_t buf[256 * 1024] __attribute__((aligned(8)));

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "tcheck: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const struct cfg_vm *vm = &plan->vm[i];
		int err = guest_dt_build(buf, sizeof(buf), plan, i, fdt, plan->hw.gic_version, 0, 0,
					 dt_warn, (void *)vm->path);
		char *file = malloc(strlen(dir) + strlen(vm->label) + 6);
		FILE *f;

		if (err) {
			fprintf(stderr, "%s: cannot build its device tree: %s\n", vm->path,
				fdt_strerror(err));
			free(file);
			return -1;
		}
		if (!file) {
			return -1;
		}
		sprintf(file, "%s/%s.dtb", dir, vm->label);
		f = fopen(file, "wb");
		if (!f || fwrite(buf, 1, fdt_totalsize(buf), f) != fdt_totalsize(buf) ||
		    fclose(f) != 0) {
			fprintf(stderr, "tcheck: cannot write %s: %s\n", file, strerror(errno));
			free(file);
			return -1;
		}
		free(file);
	}
	printf("guest device trees: %u written to %s\n", plan->nr_vms, dir);
	return 0;
}

int main(int argc, char **argv)
{
	static struct cfg_plan plan;
	struct vm_images img[CFG_MAX_VMS];
	struct image pack[2 * CFG_MAX_VMS];
	unsigned nr_pack = 0;
	struct opts o = { 0 };
	size_t size;
	void *fdt;
	int problems;

	if (parse_args(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	/* A stale pack must not outlive a refused plan. */
	if (o.pack) {
		unlink(o.pack);
	}
	fdt = read_file(o.dtb, 64UL << 20, &size);
	if (!fdt) {
		return 2;
	}

	problems = cfg_parse(fdt, size, &plan, report, (void *)o.dtb);
	if (problems == 0) {
		memset(img, 0, sizeof(img));
		for (unsigned i = 0; i < plan.nr_vms; i++) {
			problems += check_images(&o, &plan.vm[i], &img[i]);
		}
	}
	if (problems) {
		fprintf(stderr, "tcheck: refusing the plan: %d problem(s)\n", problems);
		free(fdt);
		return 2;
	}

	print_table(&plan, img, fdt);
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		pack[nr_pack++] = img[i].kernel;
		if (img[i].initrd.name) {
			pack[nr_pack++] = img[i].initrd;
		}
	}
	if (o.dt_out && write_dts(o.dt_out, &plan, fdt) < 0) {
		free(fdt);
		return 2;
	}
	if (o.pack && write_pack(o.pack, pack, nr_pack) < 0) {
		free(fdt);
		return 2;
	}
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		free(img[i].kernel.file);
		free(img[i].initrd.file);
	}
	free(fdt);
	return 0;
}
