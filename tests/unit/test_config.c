/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the configuration engine (core/config.c): the good plan
 * parses to the expected values, each bad plan is refused at the right node
 * with a recognisable reason, and malformed blobs are reported, never crash.
 *
 * Usage: test_config [FIXTURE_DIR]   (default build/host/tests/plans, where
 * tests/unit/unit.mk compiles the tests/plans fixtures)
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <tessera/config.h>
#include <tessera/config_deps.h>

#include "check.h"

#define MAX_PROBLEMS 32

struct problems {
	int n;
	char path[MAX_PROBLEMS][128];
	char msg[MAX_PROBLEMS][384];
};

static const char *fixture_dir = "build/host/tests/plans";

static void collect(void *ctx, const char *path, const char *msg)
{
	struct problems *pr = ctx;

	if (pr->n < MAX_PROBLEMS) {
		snprintf(pr->path[pr->n], sizeof(pr->path[0]), "%s", path);
		snprintf(pr->msg[pr->n], sizeof(pr->msg[0]), "%s", msg);
	}
	pr->n++;
}

static void *load(const char *name, size_t *size)
{
	char file[512];
	FILE *f;
	long len;
	void *buf;

	snprintf(file, sizeof(file), "%s/%s.dtb", fixture_dir, name);
	f = fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "test_config: cannot open %s\n", file);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (!buf || len <= 0 || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*size = (size_t)len;
	return buf;
}

static int parse_blob(const void *fdt, size_t size, struct cfg_plan *plan,
		      struct problems *pr)
{
	memset(pr, 0, sizeof(*pr));
	return cfg_parse(fdt, size, plan, collect, pr);
}

/*
 * The plan points into the blob (kernel, bootargs), so the last fixture
 * stays loaded until the next one replaces it.
 */
static void *fixture_blob;

static int parse_fixture(const char *name, struct cfg_plan *plan,
			 struct problems *pr)
{
	size_t size;

	free(fixture_blob);
	fixture_blob = load(name, &size);
	if (!fixture_blob) {
		memset(pr, 0, sizeof(*pr));
		return -1;
	}
	return parse_blob(fixture_blob, size, plan, pr);
}

static int has_problem(const struct problems *pr, const char *path,
		       const char *word)
{
	for (int i = 0; i < pr->n && i < MAX_PROBLEMS; i++) {
		if (strcmp(pr->path[i], path) == 0 && strstr(pr->msg[i], word)) {
			return 1;
		}
	}
	return 0;
}

static void dump(const struct problems *pr)
{
	for (int i = 0; i < pr->n && i < MAX_PROBLEMS; i++) {
		printf("  # %s: %s\n", pr->path[i], pr->msg[i]);
	}
}

/* A bad plan must be refused, with this word in a reason on this node. */
static void expect_refused(const char *fixture, const char *path, const char *word)
{
	static struct cfg_plan plan;
	struct problems pr;
	char name[256];
	int n = parse_fixture(fixture, &plan, &pr);

	snprintf(name, sizeof(name), "config: %s refused at %s with '%s'",
		 fixture, path, word);
	if (!CHECK(n > 0 && n == pr.n && has_problem(&pr, path, word), name)) {
		dump(&pr);
	}
}

static void test_good(void)
{
	static struct cfg_plan plan;
	struct problems pr;
	const struct cfg_hw *hw = &plan.hw;
	const struct cfg_vm *a = &plan.vm[0], *b = &plan.vm[1];
	int n = parse_fixture("good", &plan, &pr);

	if (!CHECK(n == 0, "config: good plan has no problem")) {
		dump(&pr);
	}
	CHECK(strcmp(hw->model, "tessera,unit-test-board") == 0, "config: good: model");
	CHECK(hw->nr_cpus == 4, "config: good: 4 CPUs");
	CHECK(hw->mpidr[0] == 0 && hw->mpidr[1] == 1 && hw->mpidr[2] == 2 &&
	      hw->mpidr[3] == 0x100, "config: good: MPIDRs in DT order");
	CHECK(hw->nr_ram == 1 && hw->ram[0].base == 0x40000000ULL &&
	      hw->ram[0].size == 0x40000000ULL, "config: good: 1 GiB RAM at 0x40000000");
	CHECK(hw->nr_resv == 2 && hw->resv[0].base == 0x40000000ULL &&
	      hw->resv[0].size == 0x10000 && hw->resv[1].base == 0x7f000000ULL &&
	      hw->resv[1].size == 0x100000,
	      "config: good: /memreserve/ and /reserved-memory");
	CHECK(hw->uart_base == 0x9000000ULL && hw->uart_size == 0x1000,
	      "config: good: console at 0x9000000 through an alias with options");
	CHECK(strcmp(hw->uart_compat, "arm,pl011") == 0, "config: good: console compatible");
	CHECK(hw->psci_smc == 1, "config: good: PSCI via smc");
	CHECK(hw->initrd_start == 0x48000000ULL && hw->initrd_end == 0x48100000ULL,
	      "config: good: initrd from 32- and 64-bit cells");
	CHECK(plan.nr_vms == 2, "config: good: two VMs");
	CHECK(strcmp(a->path, "/tessera/vm@0") == 0 && strcmp(b->path, "/tessera/vm@1") == 0,
	      "config: good: VM paths");
	CHECK(strcmp(a->label, "alpha") == 0 && strcmp(b->label, "beta_2") == 0,
	      "config: good: labels");
	CHECK(a->nr_vcpus == 1 && a->cpus[0] == 0, "config: good: alpha runs on CPU 0");
	CHECK(b->nr_vcpus == 2 && b->cpus[0] == 3 && b->cpus[1] == 1,
	      "config: good: beta vCPU0->CPU3, vCPU1->CPU1");
	CHECK(a->nr_mem == 1 && a->mem[0].base == 0x40000000ULL &&
	      a->mem[0].size == 0x1000000ULL, "config: good: alpha memory");
	CHECK(b->nr_mem == 2 && b->mem[1].base == 0x100000000ULL &&
	      b->mem[1].size == 0x100000ULL, "config: good: beta second region above 4 GiB");
	CHECK(cfg_vm_mem_total(a) == 0x1000000ULL && cfg_vm_mem_total(b) == 0x1100000ULL,
	      "config: good: cfg_vm_mem_total");
	CHECK(a->kernel && strcmp(a->kernel, "testguest.bin") == 0 &&
	      b->kernel && strcmp(b->kernel, "other/guest.bin") == 0, "config: good: kernels");
	CHECK(a->bootargs && strcmp(a->bootargs, "test=hello") == 0 && b->bootargs == NULL,
	      "config: good: bootargs optional");
	CHECK(a->initrd && strcmp(a->initrd, "rootfs.cpio") == 0 && b->initrd == NULL,
	      "config: good: initrd optional");
	CHECK(hw->gic_version == 3 && hw->gicd.base == 0x8000000ULL &&
	      hw->gicd.size == 0x10000 && hw->gicr.base == 0x80a0000ULL &&
	      hw->gicr.size == 0xf60000 && hw->gicc.size == 0 && hw->gich.size == 0 &&
	      hw->gic_phandle != 0,
	      "config: good: GICv3 distributor and redistributors");
	CHECK(a->nr_devices == 3 && b->nr_devices == 2 &&
	      fdt_node_offset_by_phandle(fixture_blob, hw->gic_phandle) ==
	      fdt_path_offset(fixture_blob, "/intc@8000000") &&
	      a->device_node[0] == fdt_path_offset(fixture_blob, "/pl031@9010000") &&
	      a->device_node[1] == fdt_path_offset(fixture_blob, "/pl061@9030000") &&
	      a->device_node[2] == fdt_path_offset(fixture_blob, "/mmio@9060100") &&
	      b->device_node[0] == fdt_path_offset(fixture_blob, "/mmio@9070000"),
	      "config: good: devices by label and by path reference, in order");
	CHECK(a->nr_mmio == 3 && a->mmio[0].base == 0x9010000ULL && a->mmio[0].size == 0x1000 &&
	      a->mmio[1].base == 0x9030000ULL && a->mmio[1].size == 0x1000 &&
	      a->mmio[2].base == 0x9060000ULL && a->mmio[2].size == 0x1000,
	      "config: good: device MMIO, an unaligned range rounded to its page");
	CHECK(b->nr_mmio == 2 && b->mmio[0].base == 0x9070000ULL && b->mmio[0].size == 0x1000 &&
	      b->mmio[1].base == 0x9080000ULL && b->mmio[1].size == 0x2000,
	      "config: good: device MMIO, a range straddling a page boundary gets both pages, "
	      "a device inside them is merged");
	CHECK(a->nr_irqs == 3 && a->irqs[0] == 34 && a->irqs[1] == 39 && a->irqs[2] == 40,
	      "config: good: SPIs 2, 7, 8 as INTIDs 34, 39, 40; a shared line once");
	CHECK(b->nr_irqs == 1 && b->irqs[0] == 64,
	      "config: good: interrupts-extended SPI 32 = INTID 64");

	n = parse_fixture("good-stdout", &plan, &pr);
	if (!CHECK(n == 0, "config: good-stdout plan has no problem")) {
		dump(&pr);
	}
	CHECK(hw->uart_base == 0x9000000ULL && hw->mpidr[3] == 0x100,
	      "config: good-stdout: console by /tessera/stdout, 2-cell CPU reg");
}

static void test_on_fault(void)
{
	static struct cfg_plan plan;
	struct problems pr;
	int n = parse_fixture("good-on-fault", &plan, &pr);

	if (!CHECK(n == 0, "config: good-on-fault plan has no problem")) {
		dump(&pr);
		return;
	}
	CHECK(plan.vm[0].on_fault == CFG_ON_FAULT_STOP, "config: on-fault absent means stop");
	CHECK(plan.vm[1].on_fault == CFG_ON_FAULT_STOP, "config: on-fault = \"stop\"");
	CHECK(plan.vm[2].on_fault == CFG_ON_FAULT_RESTART, "config: on-fault = \"restart\"");
}

static void test_gic(void)
{
	static struct cfg_plan plan;
	struct problems pr;
	const struct cfg_hw *hw = &plan.hw;
	int n = parse_fixture("good-gicv2", &plan, &pr);

	if (!CHECK(n == 0, "config: good-gicv2 plan has no problem")) {
		dump(&pr);
	}
	CHECK(hw->gic_version == 2 && hw->gicd.base == 0x8000000ULL &&
	      hw->gicc.base == 0x8010000ULL && hw->gich.base == 0x8030000ULL &&
	      hw->gicv.base == 0x8040000ULL && hw->gicv.size == 0x10000 &&
	      hw->gicr.size == 0,
	      "config: good-gicv2: GICD, GICC, GICH, GICV found without /interrupt-parent");
	CHECK(plan.vm[0].nr_irqs == 1 && plan.vm[0].irqs[0] == 34,
	      "config: good-gicv2: a device's own interrupt-parent");

	expect_refused("bad-gic-none", "/", "no GIC interrupt controller");
	expect_refused("bad-gicv2-novirt", "/intc@8000000",
		       "the GIC has no virtualization interface (GICH/GICV)");
}

static void test_bad_plans(void)
{
	static struct cfg_plan plan;
	struct problems pr;
	int n;

	expect_refused("bad-no-tessera", "/", "no /tessera partition plan");
	expect_refused("bad-no-vms", "/tessera", "no VMs");
	expect_refused("bad-cpu-missing", "/tessera/vm@1", "cpu 7 does not exist (the board has CPUs 0-3)");
	expect_refused("bad-cpu-twice-vm", "/tessera/vm@0", "twice");
	expect_refused("bad-cpu-two-vms", "/tessera/vm@1", "vm@0 (alpha) and to vm@1 (beta)");
	expect_refused("bad-mem-overlap", "/tessera/vm@0", "memory given twice");
	expect_refused("bad-mem-console", "/tessera/vm@0", "console");
	expect_refused("bad-mem-unaligned", "/tessera/vm@0", "aligned");
	expect_refused("bad-mem-fit", "/tessera/vm@1",
		       "does not fit in RAM: VMs need 1024 MiB, the board has 1024 MiB (Tessera keeps 32 MiB)");
	expect_refused("bad-no-kernel", "/tessera/vm@0", "missing property 'kernel'");
	expect_refused("bad-no-label", "/tessera/vm@0", "missing property 'label'");
	expect_refused("bad-dup-label", "/tessera/vm@1", "label 'alpha' is already used by vm@0");
	expect_refused("bad-unknown-prop", "/tessera", "unknown property 'colour'");
	expect_refused("bad-unknown-prop", "/tessera/vm@0", "unknown property 'bootarg'");
	expect_refused("bad-unknown-node", "/tessera/cache@0", "unknown node");
	expect_refused("bad-mem-vgic", "/tessera/vm@0",
		       "memory 0x8000000-0x8000fff overlaps the guest's virtual GIC distributor at 0x8000000");
	expect_refused("bad-mem-vgic", "/tessera/vm@0",
		       "memory 0x80d0000-0x80dffff overlaps the guest's virtual GIC redistributors at 0x80a0000");
	expect_refused("bad-initrd", "/tessera/vm@0", "'initrd' must be a file name");
	expect_refused("bad-initrd", "/tessera/vm@1", "'initrd' must be a file name");
	expect_refused("bad-console-baud", "/tessera", "test-console-baud");
	expect_refused("bad-on-fault", "/tessera/vm@0",
		       "'on-fault' is \"reboot\": it must be \"stop\" or \"restart\"");
	expect_refused("bad-on-fault", "/tessera/vm@1",
		       "'on-fault' must be the string \"stop\" or \"restart\"");
	expect_refused("bad-on-fault", "/tessera/vm@2",
		       "'on-fault' must be the string \"stop\" or \"restart\"");

	/* Parsing goes on after a problem: every one of these is reported. */
	n = parse_fixture("bad-many", &plan, &pr);
	if (!CHECK(n == 4 && has_problem(&pr, "/tessera/vm@0", "label") &&
		   has_problem(&pr, "/tessera/vm@0", "cpu 9 does not exist") &&
		   has_problem(&pr, "/tessera/vm@0", "size 0") &&
		   has_problem(&pr, "/tessera/vm@0", "kernel"),
		   "config: bad-many reports all 4 problems")) {
		dump(&pr);
	}
}

/*
 * Put a blob right before an inaccessible page, so a read past its end
 * faults even inside libfdt, which the sanitizers do not instrument. The
 * start stays 8-byte aligned as libfdt requires.
 */
struct guarded {
	uint8_t *map;
	size_t map_size;
	size_t room;
};

static int guarded_init(struct guarded *g, size_t room)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	g->room = (room + page - 1) / page * page;
	g->map_size = g->room + page;
	g->map = mmap(NULL, g->map_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->map == MAP_FAILED) {
		return -1;
	}
	return mprotect(g->map + g->room, page, PROT_NONE);
}

static void test_bad_devices(void)
{
	static const struct {
		const char *fixture, *path, *word;
	} bad[] = {
		{ "bad-dev-ref", "/tessera/vm@0", "devices: phandle 0x12 does not resolve to a node" },
		{ "bad-dev-ref", "/tessera/vm@0", "device /pl031@9010000 is given twice" },
		{ "bad-dev-ref", "/tessera/vm@0", "device /empty has neither 'reg' nor 'interrupts'" },
		{ "bad-dev-twice", "/tessera/vm@1",
		  "device /pl031@9010000 is given twice: to vm@0 (alpha) and to vm@1 (beta)" },
		{ "bad-dev-twice", "/tessera/vm@1",
		  "device /dev-b@9110000 uses SPI 5 = INTID 37, given twice: to vm@0 (alpha) and to vm@1 (beta)" },
		{ "bad-dev-twice", "/tessera/vm@1",
		  "device /dev-d@9200400 overlaps 0x9200000-0x92007ff, a device of vm@0 (alpha)" },
		{ "bad-dev-console", "/tessera/vm@0", "device /pl011@9000000 is Tessera's console" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /pl011@9000000 overlaps the guest console at 0x9000000" },
		{ "bad-dev-overlap", "/tessera/vm@0", "device /sram@7ff00000 overlaps RAM at 0x40000000" },
		{ "bad-dev-overlap", "/tessera/vm@0", "device /intc@8000000/its@8080000 is part of the GIC" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /mmio@2f000000 overlaps the GIC distributor at 0x2f000000" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /mmio@8000000 overlaps the guest's virtual GIC distributor at 0x8000000" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /mmio@80b0000 overlaps the guest's virtual GIC redistributors at 0x80a0000" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /mmio@10100000 overlaps the guest's memory at 0x10000000" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /mmio@9040800 overlaps Tessera's console at 0x9040000" },
		{ "bad-dev-overlap", "/tessera/vm@0",
		  "device /mmio@8fffff0 overlaps the guest console at 0x9000000" },
		{ "bad-dev-irq", "/tessera/vm@0", "device /ppi@9100000 uses PPI 13: PPIs cannot be passed through" },
		{ "bad-dev-irq", "/tessera/vm@0", "device /big@9110000 uses SPI 988, beyond the virtual GIC's SPIs 0-223" },
		{ "bad-dev-irq", "/tessera/vm@0",
		  "device /gpio-irq@9120000 takes interrupts from /pl061@9030000, which is not this VM's: give it to this VM too (devices)" },
		{ "bad-dev-irq", "/tessera/vm@0", "device /espi@9130000 uses interrupt type 2" },
		{ "bad-dev-irq", "/tessera/vm@0", "device /short@9140000 has a malformed 'interrupts'" },
		{ "bad-dev-bus", "/tessera/vm@0", "device /soc/timer@20000 reg 0x20000+0x1000 is outside the 'ranges' of its bus /soc" },
		{ "bad-dev-bus", "/tessera/vm@0",
		  "device /i2c@9150000/eeprom@50 is not memory-mapped (its bus /i2c@9150000 has no 'ranges')" },
	};
	static const struct {
		const char *fixture;
		int problems;
	} counts[] = {
		{ "bad-dev-ref", 3 }, { "bad-dev-twice", 3 }, { "bad-dev-console", 1 },
		{ "bad-dev-overlap", 9 }, { "bad-dev-irq", 5 }, { "bad-dev-bus", 2 },
	};
	static struct cfg_plan plan;
	struct problems pr;
	char name[160];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_refused(bad[i].fixture, bad[i].path, bad[i].word);
	}
	/* Nothing reported twice, nothing extra. */
	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		int n = parse_fixture(counts[i].fixture, &plan, &pr);

		snprintf(name, sizeof(name), "config: %s reports exactly %d problem(s)",
			 counts[i].fixture, counts[i].problems);
		if (!CHECK(n == counts[i].problems, name)) {
			dump(&pr);
		}
	}
}

/* Paths of a VM's devices, space-separated, for comparing device lists. */
static void device_paths(const struct cfg_vm *vm, unsigned from, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned d = from; d < vm->nr_devices && n < len; d++) {
		char path[128];

		if (fdt_get_path(fixture_blob, vm->device_node[d], path, sizeof(path)) < 0) {
			snprintf(path, sizeof(path), "?");
		}
		n += (size_t)snprintf(buf + n, len - n, "%s%s", d > from ? " " : "", path);
	}
}

static void test_shmem(void)
{
	static const struct {
		const char *fixture, *path, *word;
	} bad[] = {
		{ "bad-shmem", "/tessera/shmem@0",
		  "region 0x40fff000-0x40ffffff overlaps the memory of vm@0 (alpha) at 0x40000000" },
		{ "bad-shmem", "/tessera/shmem@1",
		  "doorbell page 0x9000000-0x9000fff overlaps the guest console of vm@1 (beta) at 0x9000000" },
		{ "bad-shmem", "/tessera/shmem@2",
		  "vms: /pl031@9010000 is not a VM (a vm@N node of /tessera)" },
		{ "bad-shmem", "/tessera/shmem@3",
		  "region 0x9010000-0x9010fff overlaps a device (IPA = PA) of vm@0 (alpha) at 0x9010000" },
		{ "bad-shmem", "/tessera/shmem@3",
		  "doorbell SPI 1 = INTID 33 is every guest's console interrupt" },
		{ "bad-shmem", "/tessera/shmem@4",
		  "doorbell SPI 2 = INTID 34 is also a device interrupt of vm@0 (alpha)" },
		{ "bad-shmem", "/tessera/shmem@5", "unknown property 'colour'" },
		{ "bad-shmem", "/tessera/shmem@5",
		  "size 0x1800 must be a multiple of 4 KiB, from 4 KiB to 256 MiB" },
		{ "bad-shmem", "/tessera/shmem@7",
		  "region 0x76000000-0x76000fff overlaps shmem@6 (s6) at 0x76000000 (with its doorbell page), which vm@0 (alpha) also sees" },
		{ "bad-shmem", "/tessera/shmem@7",
		  "doorbell SPI 60 = INTID 92 is also the doorbell of shmem@6 (s6), which vm@0 (alpha) also sees" },
		{ "bad-shmem-props", "/tessera/shmem@0", "missing property 'label'" },
		{ "bad-shmem-props", "/tessera/shmem@0", "missing property 'size'" },
		{ "bad-shmem-props", "/tessera/shmem@0", "'vms' must list 2 to 4 VMs" },
		{ "bad-shmem-props", "/tessera/shmem@1",
		  "size 0x20000000 must be a multiple of 4 KiB, from 4 KiB to 256 MiB" },
		{ "bad-shmem-props", "/tessera/shmem@1", "vms: vm@0 (alpha) is listed twice" },
		{ "bad-shmem-props", "/tessera/shmem@3", "label 'dup' is already used by shmem@2 (dup)" },
		{ "bad-shmem-props", "/tessera/shmem@4", "compatible must be \"tessera,shmem\"" },
		{ "bad-shmem-props", "/tessera/shmem@5", "guest-address 0x70000800 is not 4 KiB aligned" },
		{ "bad-shmem-props", "/tessera/shmem@5",
		  "doorbell SPI 224 is beyond the virtual GIC's SPIs 0-223" },
		{ "bad-shmem-props", "/tessera/shmem@6", "vms: phandle 0x77 does not resolve to a node" },
		{ "bad-shmem-fit", "/tessera/shmem@0",
		  "memory does not fit in RAM: VMs need 1024 MiB, the board has 1024 MiB (Tessera keeps 32 MiB)" },
	};
	static const struct {
		const char *fixture;
		int problems;
	} counts[] = {
		{ "bad-shmem", 12 }, { "bad-shmem-props", 10 }, { "bad-shmem-fit", 1 },
	};
	static struct cfg_plan plan;
	struct problems pr;
	const struct cfg_shmem *s0 = &plan.shmem[0], *s1 = &plan.shmem[1];
	char name[160];
	int n = parse_fixture("good-shmem", &plan, &pr);

	if (!CHECK(n == 0, "config: good-shmem plan has no problem (regions count once toward RAM)")) {
		dump(&pr);
	}
	CHECK(plan.nr_shmem == 2 && strcmp(s0->path, "/tessera/shmem@0") == 0 &&
	      strcmp(s0->label, "chan0") == 0 && strcmp(s1->label, "bulk") == 0,
	      "config: good-shmem: two regions, paths and labels");
	CHECK(s0->ipa == CFG_SHMEM_DEFAULT_IPA && s0->size == 0x100000 &&
	      s0->doorbell_intid == 96 && s0->nr_vms == 2 && s0->vm[0] == 0 && s0->vm[1] == 1,
	      "config: good-shmem: shmem@0 defaults (IPA 0x70000000, SPI 64 = INTID 96), one-cell size");
	CHECK(s1->ipa == 0x60000000ULL && s1->size == 0x4000000ULL && s1->doorbell_intid == 102 &&
	      s1->nr_vms == 3 && s1->vm[0] == 2 && s1->vm[1] == 0 && s1->vm[2] == 1,
	      "config: good-shmem: shmem@1 guest-address, doorbell-irq 70 = INTID 102, VMs in order");

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_refused(bad[i].fixture, bad[i].path, bad[i].word);
	}
	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		n = parse_fixture(counts[i].fixture, &plan, &pr);
		snprintf(name, sizeof(name), "config: %s reports exactly %d problem(s)",
			 counts[i].fixture, counts[i].problems);
		if (!CHECK(n == counts[i].problems, name)) {
			dump(&pr);
		}
	}
}

static void test_rich_dma(void)
{
	static const struct {
		const char *fixture, *path, *word;
	} bad[] = {
		{ "bad-rich", "/tessera/vm@1", "'rich-os' takes no value (write 'rich-os;')" },
		{ "bad-rich", "/tessera/vm@1", "'rich-os' is already set on vm@0 (alpha)" },
		{ "bad-rich", "/tessera/vm@2", "'rich-os-exclude' without 'rich-os'" },
		{ "bad-rich", "/tessera/vm@0", "rich-os-exclude: phandle 0x77 does not resolve to a node" },
		{ "bad-rich", "/tessera/vm@0",
		  "device /pl061@9030000 uses SPI 7 = INTID 39, given twice: to vm@1 (beta) and to vm@0 (alpha) (given by rich-os: leave it out with rich-os-exclude)" },
		{ "bad-rich", "/tessera/vm@0",
		  "device /virtio_mmio@a000200 is a DMA-capable device without an IOMMU ('dma-coherent'): the VM could read any memory; map it identity (identity-map) and mark it unsafe (dma-unsafe) to accept (given by rich-os: leave it out with rich-os-exclude)" },
		{ "bad-dma", "/tessera/vm@0",
		  "device /virtio_mmio@a000000 is a DMA-capable device without an IOMMU ('dma-coherent'): the VM could read any memory; map it identity (identity-map) and mark it unsafe (dma-unsafe) to accept" },
		{ "bad-dma", "/tessera/vm@1",
		  "device /ahci@9500000 is a DMA-capable device without an IOMMU (compatible \"generic-ahci\")" },
		{ "bad-dma", "/tessera/vm@0",
		  "device /dma@9600000 is a DMA-capable device behind an IOMMU that protects nothing (its IOMMU /iommu@9700000 is not one Tessera programs)" },
		{ "bad-dma", "/tessera/vm@2",
		  "device /dmabus@c000000/eth@c001000 is a DMA-capable device without an IOMMU ('dma-coherent')" },
		{ "bad-dma", "/tessera/vm@2", "'dma-unsafe' takes no value" },
		{ "bad-identity", "/tessera/vm@0",
		  "identity-map: memory 0x10000000-0x10ffffff is not inside the board's RAM" },
		{ "bad-identity", "/tessera/vm@1",
		  "identity-map: memory 0x40000000-0x40ffffff overlaps the RAM Tessera is loaded into at 0x40000000" },
		{ "bad-identity", "/tessera/vm@1",
		  "identity-map: memory 0x40000000-0x40ffffff overlaps reserved memory at 0x40000000" },
		{ "bad-identity", "/tessera/vm@1",
		  "identity-map: memory 0x60000000-0x601fffff overlaps the initrd (Tessera's image pack) at 0x60000000" },
		{ "bad-identity", "/tessera/vm@1",
		  "identity-map: memory 0x7f000000-0x7f1fffff overlaps reserved memory at 0x7f000000" },
		{ "bad-identity", "/tessera/vm@3",
		  "identity-map: memory 0x50800000-0x509fffff overlaps the identity-mapped memory of vm@2 (gamma) at 0x50000000" },
	};
	static const struct {
		const char *fixture;
		int problems;
	} counts[] = {
		{ "bad-rich", 7 }, { "bad-dma", 5 }, { "bad-identity", 6 },
	};
	static struct cfg_plan plan;
	struct problems pr;
	const struct cfg_vm *a = &plan.vm[0], *b = &plan.vm[1];
	char name[160], paths[512];
	int n = parse_fixture("good-rich", &plan, &pr);

	if (!CHECK(n == 0, "config: good-rich plan has no problem")) {
		dump(&pr);
	}
	CHECK(a->rich_os && a->identity && a->dma_unsafe && !b->rich_os && !b->identity,
	      "config: good-rich: rich-os, identity-map and dma-unsafe flags");
	device_paths(a, 0, paths, sizeof(paths));
	if (!CHECK(strcmp(paths, "/pl061@9030000 /virtio_mmio@a000000 /smb@b000000/sensor@b001000") == 0,
		   "config: good-rich: the rich OS gets exactly the unclaimed, enabled, "
		   "non-excluded MMIO devices (not the console, GIC, SMMU, clock, disabled one)")) {
		printf("  # got: %s\n", paths);
	}
	CHECK(a->nr_mmio == 3 && a->mmio[0].base == 0x9030000ULL && a->mmio[1].base == 0xa000000ULL &&
	      a->mmio[1].size == 0x1000 && a->mmio[2].base == 0xb001000ULL,
	      "config: good-rich: their MMIO, page-rounded");
	CHECK(a->nr_irqs == 3 && a->irqs[0] == 39 && a->irqs[1] == 48 && a->irqs[2] == 52,
	      "config: good-rich: their SPIs (7, 16, 20)");
	device_paths(b, 0, paths, sizeof(paths));
	CHECK(strcmp(paths, "/pl031@9010000") == 0,
	      "config: good-rich: devices another VM claims stay with it");

	n = parse_fixture("good-dma", &plan, &pr);
	if (!CHECK(n == 0, "config: good-dma plan has no problem")) {
		dump(&pr);
	}
	CHECK(a->identity && a->dma_unsafe && a->nr_devices == 1 && b->nr_devices == 1 &&
	      !b->identity, "config: good-dma: identity-map + dma-unsafe accepts a DMA-capable device");

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_refused(bad[i].fixture, bad[i].path, bad[i].word);
	}
	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		n = parse_fixture(counts[i].fixture, &plan, &pr);
		snprintf(name, sizeof(name), "config: %s reports exactly %d problem(s)",
			 counts[i].fixture, counts[i].problems);
		if (!CHECK(n == counts[i].problems, name)) {
			dump(&pr);
		}
	}
}

/* The decisions cfg_dep makes for one device of a VM, as "prop provider=decision;..." */
struct decisions {
	const void *fdt;
	const struct cfg_plan *plan;
	unsigned vm;
	char text[512];
};

static int note_decision(void *ctx, const struct cfg_ref *r)
{
	struct decisions *d = ctx;
	char path[96];
	size_t n = strlen(d->text);

	if (fdt_get_path(d->fdt, r->provider, path, sizeof(path)) < 0) {
		snprintf(path, sizeof(path), "?");
	}
	snprintf(d->text + n, sizeof(d->text) - n, "%s %s=%d;", r->prop, path,
		 (int)cfg_dep(d->fdt, d->plan, d->vm, r));
	return 0;
}

static int has_range(const struct cfg_vm *vm, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < vm->nr_regs; i++) {
		if (vm->regs[i].base == base && vm->regs[i].size == size) {
			return 1;
		}
	}
	return 0;
}

static void test_smmu(void)
{
	static struct cfg_plan plan;
	struct problems pr;
	const struct cfg_hw *hw = &plan.hw;
	const struct cfg_vm *a = &plan.vm[0], *b = &plan.vm[1];
	int n = parse_fixture("good-smmu", &plan, &pr);

	if (!CHECK(n == 0, "config: good-smmu plan has no problem (DMA masters behind the SMMU, no identity-map)")) {
		dump(&pr);
	}
	CHECK(hw->nr_smmu == 1 && hw->smmu[0].reg.base == 0x9400000ULL &&
	      hw->smmu[0].reg.size == 0x20000 && hw->smmu[0].evtq_intid == 32 + 0x4a &&
	      hw->smmu[0].gerror_intid == 32 + 0x4d && strcmp(hw->smmu[0].path, "/iommu@9400000") == 0,
	      "config: good-smmu: the SMMUv3, its two register pages, its eventq and gerror SPIs");
	CHECK(a->nr_streams == 1 && a->stream[0].smmu == 0 && a->stream[0].sid == 0x10000 &&
	      a->stream[0].count == 0x1000,
	      "config: good-smmu: the host bridge's buses 0-15 bound as streams 0x10000-0x10fff (iommu-map's sid-base)");
	CHECK(b->nr_streams == 1 && b->stream[0].sid == 3 && b->stream[0].count == 1,
	      "config: good-smmu: the DMA engine's stream 3 ('iommus')");
	CHECK(has_range(a, 0x4010000000ULL, 0x10000000) && has_range(a, 0x3eff0000, 0x10000) &&
	      has_range(a, 0x10000000, 0x2eff0000) && has_range(a, 0x8000000000ULL, 0x8000000000ULL),
	      "config: good-smmu: the host bridge's ECAM and its I/O, 32- and 64-bit windows");
	CHECK(a->nr_irqs == 4 && a->irqs[0] == 35 && a->irqs[1] == 36 && a->irqs[2] == 37 &&
	      a->irqs[3] == 38, "config: good-smmu: the host bridge's INTx SPIs 3-6 (interrupt-map)");
	expect_refused("bad-smmu", "/tessera/vm@1",
		       "device /dma@9600000 has stream IDs 0x3-0x3 of /iommu@9400000, given twice: to vm@0 (alpha) and to vm@1 (beta)");
	expect_refused("bad-smmu", "/tessera/vm@1",
		       "device /iommu@9400000 overlaps an SMMU (Tessera's) at 0x9400000");
	expect_refused("bad-smmu", "/tessera/vm@1",
		       "device /pcie@10000000 has an 'iommu-map-mask'");
}

static void test_deps(void)
{
	static const struct {
		const char *fixture, *path, *word;
	} bad[] = {
		{ "bad-deps", "/tessera/vm@1",
		  "device /soc/serial@2000 depends on /soc/clock-controller@0 ('clocks'), a device of vm@0 (rich), which is not this VM's: give it to this VM too (devices), or say how the dependency is met (boot-configured, rich-os-provides)" },
		{ "bad-deps", "/tessera/vm@1",
		  "device /soc/serial@2000 depends on /soc/pinctrl@1000/uart-pins ('pinctrl-0'), a device of vm@0 (rich)" },
		{ "bad-deps", "/tessera/vm@1",
		  "device /soc/serial@2000 depends on /firmware/power-controller ('power-domains'), which is not this VM's" },
		{ "bad-deps", "/tessera/vm@2",
		  "device /soc/sensor@3000 takes interrupts from /soc/pinctrl@1000, a device of vm@0 (rich), which is not this VM's: give it to this VM too (devices)" },
		{ "bad-deps", "/tessera/vm@2",
		  "boot-configured: /soc/pinctrl@1000 is a device of vm@0 (rich), which drives it: say rich-os-provides" },
		{ "bad-deps", "/tessera/vm@3", "/osc24m is in both boot-configured and rich-os-provides: say one" },
		{ "bad-deps", "/tessera/vm@3", "boot-configured: phandle 0x77 does not resolve to a node" },
		{ "bad-deps", "/tessera/vm@3", "rich-os-provides: /pl061@9030000 is a device of vm@2 (sensor), which drives it" },
	};
	static struct cfg_plan plan;
	struct problems pr;
	int n = parse_fixture("good-deps", &plan, &pr);
	struct decisions d = { fixture_blob, &plan, 1, "" };

	if (!CHECK(n == 0, "config: good-deps plan has no problem")) {
		dump(&pr);
	}
	cfg_refs(&plan, fixture_blob, fdt_path_offset(fixture_blob, "/soc/serial@2000"), note_decision, &d);
	/* CFG_DEP_RICH = 5, BOOT = 4, FIXED = 2, GIC = 1, OWN = 0 */
	if (!CHECK(strcmp(d.text, "interrupt-parent /intc@8000000=1;"
				  "clocks /soc/clock-controller@0=5;clocks /osc24m=2;"
				  "resets /soc/clock-controller@0=5;"
				  "pinctrl-0 /soc/pinctrl@1000/uart-pins=5;"
				  "power-domains /firmware/power-controller=4;") == 0,
		   "config: good-deps: the UART's GIC, rich-os-provides, fixed clock and boot-configured decisions")) {
		printf("  # got: %s\n", d.text);
	}
	d = (struct decisions){ fixture_blob, &plan, 2, "" };
	cfg_refs(&plan, fixture_blob, fdt_path_offset(fixture_blob, "/soc/sensor@4000"), note_decision, &d);
	CHECK(strcmp(d.text, "interrupt-parent /pl061@9030000=0;") == 0,
	      "config: good-deps: an interrupt from a GPIO controller the VM has too is its own");
	CHECK(plan.vm[2].nr_irqs == 1 && plan.vm[2].irqs[0] == 39,
	      "config: good-deps: only the GPIO controller's SPI is passed through, not the sensor's line");
	d = (struct decisions){ fixture_blob, &plan, 0, "" };
	cfg_refs(&plan, fixture_blob, fdt_path_offset(fixture_blob, "/soc/sensor@3000"), note_decision, &d);
	CHECK(strcmp(d.text, "interrupt-parent /soc/pinctrl@1000=0;reset-gpios /soc/pinctrl@1000=0;") == 0,
	      "config: good-deps: the rich OS's sensor depends on its own pin controller");

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_refused(bad[i].fixture, bad[i].path, bad[i].word);
	}
	n = parse_fixture("bad-deps", &plan, &pr);
	if (!CHECK(n == 8, "config: bad-deps reports exactly 8 problem(s)")) {
		dump(&pr);
	}

	n = parse_fixture("good-trap", &plan, &pr);
	if (!CHECK(n == 0, "config: good-trap plan has no problem")) {
		dump(&pr);
	}
	CHECK(plan.vm[0].nr_trap == 1 && plan.vm[0].trap[0].base == 0x09200000ULL &&
	      plan.vm[0].trap[0].size == 0x800 && plan.vm[0].nr_mmio == 1 &&
	      plan.vm[0].mmio[0].base == 0x09300000ULL && plan.vm[0].mmio[0].size == 0x1000,
	      "config: good-trap: a device alone in its page is mapped, one sharing it is trapped");
	CHECK(plan.vm[1].nr_trap == 2 && plan.vm[1].trap[0].base == 0x09200800ULL &&
	      plan.vm[1].trap[1].base == 0x09600400ULL && plan.vm[1].trap[1].size == 0x400 &&
	      plan.vm[1].nr_mmio == 0,
	      "config: good-trap: beside another VM's device or Tessera's console: trapped, exact");
	CHECK(plan.hw.uart_reg_shift == 2 && plan.hw.uart_reg_width == 4,
	      "config: good-trap: the console's reg-shift and reg-io-width");

	n = parse_fixture("good-bus", &plan, &pr);
	if (!CHECK(n == 0, "config: good-bus plan has no problem")) {
		dump(&pr);
	}
	CHECK(plan.vm[0].nr_mmio == 3 && plan.vm[0].mmio[0].base == 0x09161000ULL &&
	      plan.vm[0].mmio[0].size == 0x1000 && plan.vm[0].mmio[1].base == 0x400000000ULL &&
	      plan.vm[0].mmio[1].size == 0x2000,
	      "config: good-bus: registers translated through nested and 64-bit 'ranges'");
	CHECK(plan.vm[0].nr_irqs == 1 && plan.vm[0].irqs[0] == 39,
	      "config: good-bus: a GPIO-parented interrupt passes no SPI of its own");
}

static void *guarded_put(struct guarded *g, const void *blob, size_t len)
{
	uint8_t *p = g->map + g->room - ((len + 7) & ~(size_t)7);

	memcpy(p, blob, len);
	return p;
}

static void test_malformed(void)
{
	static struct cfg_plan plan;
	struct problems pr;
	struct guarded g;
	size_t size;
	uint8_t *good = load("good", &size);
	uint8_t *junk;
	int all_reported = 1, n;
	char name[128];

	if (!CHECK(good && guarded_init(&g, size + 4096) == 0,
		   "config: malformed: fixture and guard page ready")) {
		free(good);
		return;
	}

	/* Truncated downloads: every cut is reported on "/", none crashes. */
	for (size_t cut = 0; cut < size; cut += (cut < 64 ? 1 : 37)) {
		void *p = guarded_put(&g, good, cut);

		n = parse_blob(p, cut, &plan, &pr);
		if (n != 1 || strcmp(pr.path[0], "/") != 0) {
			printf("  # cut at %zu: %d problem(s)\n", cut, n);
			dump(&pr);
			all_reported = 0;
		}
	}
	CHECK(all_reported, "config: truncated blobs are reported on / (every cut)");

	/* Garbage, with and without a plausible header. */
	junk = malloc(4096);
	if (junk) {
		uint32_t x = 12345;

		for (int i = 0; i < 4096; i++) {
			x = x * 1103515245u + 12345u;
			junk[i] = (uint8_t)(x >> 16);
		}
		n = parse_blob(guarded_put(&g, junk, 4096), 4096, &plan, &pr);
		CHECK(n == 1 && strcmp(pr.path[0], "/") == 0, "config: garbage bytes are reported on /");
		memcpy(junk, good, 40);         /* the good header over garbage */
		fdt_set_totalsize(junk, 4096);
		n = parse_blob(guarded_put(&g, junk, 4096), 4096, &plan, &pr);
		CHECK(n == 1 && strcmp(pr.path[0], "/") == 0,
		      "config: garbage behind a valid header is reported on /");
		free(junk);
	}

	/* A header whose totalsize lies, in both directions. */
	{
		uint8_t *p = guarded_put(&g, good, size);

		fdt_set_totalsize(p, (uint32_t)size + 4096);
		n = parse_blob(p, size, &plan, &pr);
		CHECK(n == 1 && strcmp(pr.path[0], "/") == 0 && strstr(pr.msg[0], "truncated"),
		      "config: totalsize larger than the buffer is reported");
		p = guarded_put(&g, good, size);
		fdt_set_totalsize(p, (uint32_t)size / 2);
		n = parse_blob(p, size, &plan, &pr);
		CHECK(n == 1 && strcmp(pr.path[0], "/") == 0,
		      "config: totalsize cutting the blob in half is reported");
	}

	/* Random byte flips: whatever the engine says, it must not crash. */
	{
		uint32_t x = 42;
		int runs = 3000;

		for (int r = 0; r < runs; r++) {
			uint8_t *p = guarded_put(&g, good, size);
			const void *data;
			size_t dsize;

			for (int k = 0; k < 4; k++) {
				x = x * 1103515245u + 12345u;
				/* Mostly the structure block, sometimes the header. */
				size_t at = (r % 8 == 0) ? (x >> 8) % 40 : (x >> 8) % size;

				x = x * 1103515245u + 12345u;
				p[at] = (uint8_t)(x >> 16);
			}
			parse_blob(p, size, &plan, &pr);
			cfg_find_image(p, size, "testguest.bin", &data, &dsize);
		}
		snprintf(name, sizeof(name), "config: %d mutated blobs parsed without a crash", runs);
		CHECK(1, name);
	}
	munmap(g.map, g.map_size);
	free(good);
}

/* An image pack built here with libfdt's sequential-write API, as tcheck does. */
static void test_find_image(void)
{
	static uint8_t file[CFG_PACK_HDR + 4096] __attribute__((aligned(8)));
	uint8_t *pack = file + CFG_PACK_HDR;
	static const uint8_t img0[] = { 1, 2, 3, 4, 5 };
	const void *data = NULL;
	size_t size = 0;
	int err;

	memcpy(file, CFG_PACK_MAGIC, sizeof(CFG_PACK_MAGIC));
	err = fdt_create(pack, 4096);
	err |= fdt_finish_reservemap(pack);
	err |= fdt_begin_node(pack, "");
	err |= fdt_begin_node(pack, "images");
	err |= fdt_begin_node(pack, "img@0");
	err |= fdt_property_string(pack, "image-name", "testguest.bin");
	err |= fdt_property(pack, "data", img0, sizeof(img0));
	err |= fdt_end_node(pack);
	err |= fdt_begin_node(pack, "img@1");
	err |= fdt_property_string(pack, "image-name", "other/guest.bin");
	err |= fdt_property(pack, "data", "", 0);
	err |= fdt_end_node(pack);
	err |= fdt_end_node(pack);
	err |= fdt_end_node(pack);
	err |= fdt_finish(pack);
	if (!CHECK(err == 0, "config: image pack built")) {
		return;
	}
	CHECK(cfg_find_image(file, sizeof(file), "testguest.bin", &data, &size) == 0 &&
	      size == sizeof(img0) && memcmp(data, img0, size) == 0,
	      "config: cfg_find_image finds an image by name");
	CHECK(cfg_find_image(file, sizeof(file), "other/guest.bin", &data, &size) == 0 &&
	      size == 0, "config: cfg_find_image finds an empty image");
	CHECK(cfg_find_image(file, sizeof(file), "testguest", &data, &size) == -1 &&
	      cfg_find_image(file, sizeof(file), "testguest.bin.x", &data, &size) == -1,
	      "config: cfg_find_image wants the exact name");
	CHECK(cfg_find_image(file, CFG_PACK_HDR + fdt_totalsize(pack) - 1, "testguest.bin", &data, &size) == -1,
	      "config: cfg_find_image refuses a truncated pack");
	memset(pack, 0xa5, 64);
	CHECK(cfg_find_image(file, sizeof(file), "testguest.bin", &data, &size) == -1,
	      "config: cfg_find_image refuses garbage");
	CHECK(cfg_find_image(NULL, 0, "testguest.bin", &data, &size) == -1,
	      "config: cfg_find_image refuses no pack");
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		fixture_dir = argv[1];
	}
	test_good();
	test_gic();
	test_on_fault();
	test_bad_plans();
	test_bad_devices();
	test_shmem();
	test_rich_dma();
	test_smmu();
	test_deps();
	test_malformed();
	test_find_image();
	free(fixture_blob);
	return check_status();
}
