/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tcheck: checks a board DT (hardware + /tessera plan) on the developer's
 * machine with the same engine the hypervisor runs at boot (core/config.c),
 * finds each VM's kernel, prints the plan as a table and writes the image
 * pack that Tessera receives as its initrd.
 *
 *   tcheck [--plan-dir DIR] [--search DIR]... [--pack OUT] BOARD.dtb
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

#define MAX_SEARCH 16
/* libfdt lengths are ints; a guest image beyond this is surely a mistake. */
#define MAX_IMAGE (1UL << 30)

struct opts {
	const char *plan_dir;
	const char *search[MAX_SEARCH];
	int nr_search;
	const char *pack;
	const char *dtb;
};

struct image {
	const char *name;       /* the plan's kernel string, verbatim */
	char *file;             /* where it was found */
	long size;
};

static void report(void *ctx, const char *path, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", (const char *)ctx, path, msg);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tcheck [--plan-dir DIR] [--search DIR]... [--pack OUT] BOARD.dtb\n"
		"  Checks the /tessera partition plan of BOARD.dtb against its hardware,\n"
		"  finds each VM's kernel (relative names: in --plan-dir, then each\n"
		"  --search DIR in order), prints the plan and writes the image pack.\n");
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
 * Find a kernel: absolute names as they are, relative ones in the plan's
 * folder first and then in each search folder, so a plan can carry its own
 * image and otherwise gets the one the build made.
 */
static int resolve(const struct opts *o, const struct cfg_vm *vm, struct image *img)
{
	const char *dirs[MAX_SEARCH + 1];
	int nr = 0;
	char looked[1024] = "";

	img->name = vm->kernel;
	if (vm->kernel[0] == '/') {
		img->file = strdup(vm->kernel);
		if (img->file && is_file(img->file, &img->size)) {
			return 0;
		}
		fprintf(stderr, "%s: %s: kernel '%s' not found\n", o->dtb, vm->path, vm->kernel);
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
		img->file = join(dirs[i], vm->kernel);
		if (img->file && is_file(img->file, &img->size)) {
			return 0;
		}
		free(img->file);
		img->file = NULL;
		snprintf(looked + strlen(looked), sizeof(looked) - strlen(looked),
			 "%s%s", i ? ", " : "", dirs[i]);
	}
	fprintf(stderr, "%s: %s: kernel '%s' not found (looked in: %s)\n",
		o->dtb, vm->path, vm->kernel, looked);
	return -1;
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
enum { COL_VM, COL_LABEL, COL_CPUS, COL_MEM, COL_SIZE, COL_KERNEL, NR_COLS };
#define MAX_ROWS (1 + CFG_MAX_VMS * CFG_MAX_MEM)

static void print_table(const struct cfg_plan *plan, const struct image *img)
{
	static char cell[MAX_ROWS][NR_COLS][160];
	static const char *const head[NR_COLS] = {
		"VM", "label", "vCPUs->CPUs", "guest memory (IPA)", "size", "kernel",
	};
	int width[NR_COLS] = { 0 };
	int rows = 1;
	uint64_t ram = 0, used = 0;
	char compat[32], *c;

	memset(cell, 0, sizeof(cell));
	for (int k = 0; k < NR_COLS; k++) {
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
			 vm->kernel, img[i].size);
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
		for (int k = 0; k < NR_COLS; k++) {
			int w = (int)strlen(cell[r][k]);

			width[k] = w > width[k] ? w : width[k];
		}
	}
	for (int r = 0; r < rows; r++) {
		int last = NR_COLS - 1;

		/* No trailing blanks on continuation lines. */
		while (last > 0 && !cell[r][last][0]) {
			last--;
		}
		for (int k = 0; k < last; k++) {
			printf("%-*s  ", width[k], cell[r][k]);
		}
		printf("%s\n", cell[r][last]);
	}

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
	printf("; VMs use %llu MiB + Tessera %llu MiB; console %s at 0x%llx; PSCI via %s\n",
	       (unsigned long long)(used >> 20),
	       (unsigned long long)(CFG_HYP_RESERVE >> 20), compat,
	       (unsigned long long)plan->hw.uart_base, plan->hw.psci_smc ? "smc" : "hvc");
	printf("host memory: placed by Tessera at boot (see its log)\n");
}

/*
 * The image pack: CFG_PACK_HDR bytes of header, then
 * / { images { img@N { image-name = "..."; data = [...]; }; }; },
 * each distinct kernel string once. Written to OUT.tmp and renamed, so a
 * failed run never leaves half a pack behind.
 */
static int write_pack(const char *out, const struct cfg_plan *plan,
		      const struct image *img)
{
	size_t bufsize = 4096;
	char *file = NULL;
	void *buf;
	int err = 0, nr = 0;
	char *tmp;
	FILE *f;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
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
	for (unsigned i = 0; i < plan->nr_vms && err == 0; i++) {
		char node[32];
		void *data;
		size_t size;
		unsigned j;

		for (j = 0; j < i && strcmp(img[j].name, img[i].name) != 0; j++) {
		}
		if (j < i) {
			continue;       /* already packed for an earlier VM */
		}
		data = read_file(img[i].file, MAX_IMAGE, &size);
		if (!data) {
			free(file);
			return -1;
		}
		snprintf(node, sizeof(node), "img@%d", nr++);
		err |= fdt_begin_node(buf, node);
		err |= fdt_property_string(buf, "image-name", img[i].name);
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
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const void *d;
		size_t s;

		if (cfg_find_image(file, CFG_PACK_HDR + fdt_totalsize(buf), img[i].name, &d, &s) != 0 ||
		    s != (size_t)img[i].size) {
			fprintf(stderr, "tcheck: the image pack does not read back\n");
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

int main(int argc, char **argv)
{
	static struct cfg_plan plan;
	struct image img[CFG_MAX_VMS];
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
			const struct cfg_vm *vm = &plan.vm[i];

			if (resolve(&o, vm, &img[i]) < 0) {
				problems++;
			} else if ((uint64_t)img[i].size > cfg_vm_mem_total(vm)) {
				fprintf(stderr, "%s: %s: kernel '%s' (%ld bytes) is larger than the VM's memory\n",
					o.dtb, vm->path, vm->kernel, img[i].size);
				problems++;
			} else if ((unsigned long)img[i].size > MAX_IMAGE) {
				fprintf(stderr, "%s: %s: kernel '%s' is larger than 1 GiB\n",
					o.dtb, vm->path, vm->kernel);
				problems++;
			}
		}
	}
	if (problems) {
		fprintf(stderr, "tcheck: refusing the plan: %d problem(s)\n", problems);
		free(fdt);
		return 2;
	}

	print_table(&plan, img);
	if (o.pack && write_pack(o.pack, &plan, img) < 0) {
		free(fdt);
		return 2;
	}
	for (unsigned i = 0; i < plan.nr_vms; i++) {
		free(img[i].file);
	}
	free(fdt);
	return 0;
}
