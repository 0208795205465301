/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the configuration engine (core/config*.c) on mutated
 * board DTBs, built for the host with ASan and UBSan (tests/fuzz/fuzz.mk).
 *
 * Each input is, in turn:
 *   - a board DT for cfg_parse: every reported problem must be a sane
 *     message on a sane path, and their count must be what it returns;
 *   - an image pack for cfg_find_image, both as it is and behind a pack
 *     header, looked up by the names the plan uses: a hit must lie inside
 *     the pack;
 *   - when the plan is accepted (0 problems): a plan the hypervisor will
 *     boot, so every promise the engine makes about it is checked
 *     (check_plan), and each VM's guest DT is built (core/guest_dt.c) and
 *     read back.
 * A broken promise calls abort(), which the fuzzer reports as a crash.
 * Built with -DFUZZ_STRICT (make fuzz FUZZ_EXTRA_CFLAGS=-DFUZZ_STRICT), it
 * also wants every problem message on one line.
 *
 * A custom mutator edits the tree through libfdt (set, delete and copy
 * properties, add and remove nodes, point references at other nodes) half
 * of the time, so mutations reach the plan checks instead of dying in
 * fdt_check_full(); the other half is libFuzzer's own byte-level mutation.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/config.h>
#include <tessera/guest_dt.h>

#define SZ_4K 0x1000ULL
#define SZ_2M 0x200000ULL
#define GUEST_DT_MAX (256 * 1024) /* DTB_MAX in core/vm.c */
#define GUEST_UART_INTID 33      /* every guest's console SPI (VGIC_UART_INTID) */

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

/* A broken promise: say which, then abort() so libFuzzer keeps the input. */
#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "fuzz_config: %s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);                           \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* ------------------------------------------------------------------ */
/* Problem reports                                                     */

struct reports {
	int n;
};

static int path_ok(const char *path)
{
	size_t n = strnlen(path, 4096);

	/* Paths come from 128-byte buffers (96 for a VM's own path); a node too
	 * deep for one is named "(node at offset N)" instead. */
	if (n == 0 || n >= 128) {
		return 0;
	}
	return path[0] == '/' || strncmp(path, "(node at offset ", 16) == 0;
}

static void report(void *ctx, const char *path, const char *msg)
{
	struct reports *r = ctx;
	size_t n;

	CHECK(path && msg);
	CHECK(path_ok(path));
	n = strnlen(msg, 4096);
	CHECK(n > 0 && n < 1024); /* the engine formats into a few hundred bytes */
#ifdef FUZZ_STRICT
	/* One line, even when it quotes a string from the blob. */
	CHECK(!memchr(msg, '\n', n));
#endif
	r->n++;
}

/* ------------------------------------------------------------------ */
/* The accepted plan's promises                                        */

static int overlaps(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
	return b1 <= b2 + (s2 - 1) && b2 <= b1 + (s1 - 1);
}

/* A string property value: inside the blob and NUL-terminated there. */
static void check_string_in(const char *s, const uint8_t *fdt, size_t size, int may_be_empty)
{
	CHECK(s);
	CHECK((const uint8_t *)s >= fdt && (const uint8_t *)s < fdt + size);
	CHECK(memchr(s, '\0', (size_t)(fdt + size - (const uint8_t *)s)));
	CHECK(may_be_empty || s[0]);
}

static void check_cstr(const char *buf, size_t len)
{
	CHECK(memchr(buf, '\0', len));
}

static int label_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static void check_hw(const struct cfg_hw *hw)
{
	check_cstr(hw->model, sizeof(hw->model));
	check_cstr(hw->uart_compat, sizeof(hw->uart_compat));
	CHECK(hw->nr_cpus >= 1 && hw->nr_cpus <= CFG_MAX_CPUS);
	CHECK(hw->nr_ram >= 1 && hw->nr_ram <= CFG_MAX_RAM);
	for (unsigned i = 0; i < hw->nr_ram; i++) {
		CHECK(hw->ram[i].size != 0);
	}
	CHECK(hw->nr_resv <= CFG_MAX_RESV);
	for (unsigned i = 0; i < hw->nr_resv; i++) {
		CHECK(hw->resv[i].size != 0);
	}
	CHECK(hw->psci_smc == 0 || hw->psci_smc == 1);
	CHECK(hw->initrd_end >= hw->initrd_start);
	CHECK(hw->gic_version == 2 || hw->gic_version == 3);
	if (hw->gic_version == 2) {
		CHECK(hw->gich.size != 0 && hw->gicv.size != 0);
	}
}

static void check_vm(const struct cfg_plan *plan, unsigned idx, const uint8_t *fdt, size_t size)
{
	const struct cfg_hw *hw = &plan->hw;
	const struct cfg_vm *vm = &plan->vm[idx];
	const uint64_t gicr_size = CFG_GUEST_GICR_STRIDE * vm->nr_vcpus;
	const struct cfg_range windows[] = {
		{ CFG_GUEST_UART_BASE, CFG_GUEST_UART_SIZE },
		{ CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE },
		hw->gic_version == 2 ? (struct cfg_range){ CFG_GUEST_GICC_BASE, CFG_GUEST_GICC_SIZE } :
				       (struct cfg_range){ CFG_GUEST_GICR_BASE, gicr_size },
	};
	const struct cfg_range host[] = { hw->gicd, hw->gicr, hw->gicc, hw->gich, hw->gicv,
					  { hw->uart_base, hw->uart_size } };
	size_t n;

	check_cstr(vm->path, sizeof(vm->path));
	CHECK(path_ok(vm->path));

	/* Label: 1-31 of [A-Za-z0-9_-], unique. */
	check_cstr(vm->label, sizeof(vm->label));
	n = strlen(vm->label);
	CHECK(n >= 1 && n < CFG_LABEL_LEN);
	for (size_t i = 0; i < n; i++) {
		CHECK(label_char_ok(vm->label[i]));
	}
	for (unsigned o = 0; o < idx; o++) {
		CHECK(strcmp(plan->vm[o].label, vm->label) != 0);
	}

	/* vCPUs: 1-8 existing CPUs, each CPU in at most one VM, once. */
	CHECK(vm->nr_vcpus >= 1 && vm->nr_vcpus <= CFG_MAX_VCPUS);
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		CHECK(vm->cpus[i] < hw->nr_cpus);
		for (unsigned j = 0; j < i; j++) {
			CHECK(vm->cpus[j] != vm->cpus[i]);
		}
		for (unsigned o = 0; o < idx; o++) {
			for (unsigned j = 0; j < plan->vm[o].nr_vcpus; j++) {
				CHECK(plan->vm[o].cpus[j] != vm->cpus[i]);
			}
		}
	}

	/* Memory: 1-4 regions, 4 KiB aligned, below the IPA limit, clear of the
	 * guest's fixed windows and of each other. */
	CHECK(vm->nr_mem >= 1 && vm->nr_mem <= CFG_MAX_MEM);
	for (unsigned i = 0; i < vm->nr_mem; i++) {
		const struct cfg_range *m = &vm->mem[i];

		CHECK(m->size != 0);
		CHECK(((m->base | m->size) & (SZ_4K - 1)) == 0);
		CHECK(m->size <= CFG_IPA_LIMIT && m->base <= CFG_IPA_LIMIT - m->size);
		for (unsigned w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
			CHECK(!overlaps(m->base, m->size, windows[w].base, windows[w].size));
		}
		for (unsigned j = 0; j < i; j++) {
			CHECK(!overlaps(m->base, m->size, vm->mem[j].base, vm->mem[j].size));
		}
	}
	CHECK(cfg_vm_mem_total(vm) >= vm->mem[0].size);

	/* Strings point into the blob the plan came from. */
	check_string_in(vm->kernel, fdt, size, 0);
	if (vm->bootargs) {
		check_string_in(vm->bootargs, fdt, size, 1);
	}
	if (vm->initrd) {
		check_string_in(vm->initrd, fdt, size, 0);
	}

	/* Passthrough MMIO: whole pages at IPA = PA, clear of host RAM, reserved
	 * memory, the host GIC and console, the guest's memory and windows,
	 * each other, and every other VM's devices. */
	CHECK(vm->nr_mmio <= CFG_MAX_MMIO);
	for (unsigned i = 0; i < vm->nr_mmio; i++) {
		const struct cfg_range *r = &vm->mmio[i];

		CHECK(r->size != 0);
		CHECK(((r->base | r->size) & (SZ_4K - 1)) == 0);
		CHECK(r->size <= CFG_IPA_LIMIT && r->base <= CFG_IPA_LIMIT - r->size);
		for (unsigned j = 0; j < hw->nr_ram; j++) {
			CHECK(!overlaps(r->base, r->size, hw->ram[j].base, hw->ram[j].size));
		}
		for (unsigned j = 0; j < hw->nr_resv; j++) {
			CHECK(!overlaps(r->base, r->size, hw->resv[j].base, hw->resv[j].size));
		}
		for (unsigned j = 0; j < sizeof(host) / sizeof(host[0]); j++) {
			CHECK(!host[j].size || !overlaps(r->base, r->size, host[j].base, host[j].size));
		}
		for (unsigned j = 0; j < vm->nr_mem; j++) {
			CHECK(!overlaps(r->base, r->size, vm->mem[j].base, vm->mem[j].size));
		}
		for (unsigned w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
			CHECK(!overlaps(r->base, r->size, windows[w].base, windows[w].size));
		}
		for (unsigned j = 0; j < i; j++) {
			CHECK(!overlaps(r->base, r->size, vm->mmio[j].base, vm->mmio[j].size));
		}
		for (unsigned o = 0; o < idx; o++) {
			for (unsigned j = 0; j < plan->vm[o].nr_mmio; j++) {
				CHECK(!overlaps(r->base, r->size, plan->vm[o].mmio[j].base,
						plan->vm[o].mmio[j].size));
			}
		}
	}

	/* Passthrough interrupts: SPIs the virtual GIC has, once, one VM each. */
	CHECK(vm->nr_irqs <= CFG_MAX_IRQS);
	for (unsigned i = 0; i < vm->nr_irqs; i++) {
		CHECK(vm->irqs[i] >= 32 && vm->irqs[i] <= CFG_GUEST_MAX_INTID);
		for (unsigned j = 0; j < i; j++) {
			CHECK(vm->irqs[j] != vm->irqs[i]);
		}
		for (unsigned o = 0; o < idx; o++) {
			for (unsigned j = 0; j < plan->vm[o].nr_irqs; j++) {
				CHECK(plan->vm[o].irqs[j] != vm->irqs[i]);
			}
		}
	}

	/* Devices: real nodes, each in one VM only. */
	CHECK(vm->nr_devices <= CFG_MAX_MMIO);
	for (unsigned i = 0; i < vm->nr_devices; i++) {
		CHECK(vm->device_node[i] > 0);
		CHECK(fdt_get_name(fdt, vm->device_node[i], NULL) != NULL);
		for (unsigned j = 0; j < i; j++) {
			CHECK(vm->device_node[j] != vm->device_node[i]);
		}
		for (unsigned o = 0; o < idx; o++) {
			for (unsigned j = 0; j < plan->vm[o].nr_devices; j++) {
				CHECK(plan->vm[o].device_node[j] != vm->device_node[i]);
			}
		}
	}
	CHECK(vm->identity == 0 || vm->identity == 1);
	CHECK(vm->rich_os == 0 || vm->rich_os == 1);
	for (unsigned o = 0; o < idx && vm->rich_os; o++) {
		CHECK(!plan->vm[o].rich_os);  /* one rich OS at most */
	}

	/* Identity-mapped memory is host RAM: inside one RAM range, clear of
	 * reserved ranges and of every other identity-mapped VM. */
	for (unsigned i = 0; i < vm->nr_mem && vm->identity; i++) {
		const struct cfg_range *m = &vm->mem[i];
		int in_ram = 0;

		for (unsigned j = 0; j < hw->nr_ram; j++) {
			const struct cfg_range *r = &hw->ram[j];

			in_ram |= m->base >= r->base && m->size <= r->size &&
				  m->base - r->base <= r->size - m->size;
		}
		CHECK(in_ram);
		for (unsigned j = 0; j < hw->nr_resv; j++) {
			CHECK(!overlaps(m->base, m->size, hw->resv[j].base, hw->resv[j].size));
		}
		for (unsigned o = 0; o < idx; o++) {
			for (unsigned j = 0; j < plan->vm[o].nr_mem && plan->vm[o].identity; j++) {
				CHECK(!overlaps(m->base, m->size, plan->vm[o].mem[j].base,
						plan->vm[o].mem[j].size));
			}
		}
	}
}

/* A shared region and its doorbell page, in each VM that sees it. */
static void check_shmem(const struct cfg_plan *plan, unsigned idx)
{
	const struct cfg_shmem *s = &plan->shmem[idx];
	const uint64_t span = s->size + CFG_DOORBELL_SIZE;

	check_cstr(s->path, sizeof(s->path));
	check_cstr(s->label, sizeof(s->label));
	CHECK(s->size != 0 && (s->size & (SZ_4K - 1)) == 0 && s->size <= CFG_SHMEM_MAX_SIZE);
	CHECK((s->ipa & (SZ_4K - 1)) == 0 && s->ipa <= CFG_IPA_LIMIT - span);
	CHECK(s->nr_vms >= 2 && s->nr_vms <= CFG_MAX_SHMEM_VMS);
	CHECK(s->doorbell_intid >= 32 && s->doorbell_intid <= CFG_GUEST_MAX_INTID);
	CHECK(s->doorbell_intid != GUEST_UART_INTID);
	for (unsigned i = 0; i < s->nr_vms; i++) {
		const struct cfg_vm *vm;

		CHECK(s->vm[i] < plan->nr_vms);
		vm = &plan->vm[s->vm[i]];
		for (unsigned j = 0; j < i; j++) {
			CHECK(s->vm[j] != s->vm[i]);
		}
		for (unsigned j = 0; j < vm->nr_mem; j++) {
			CHECK(!overlaps(s->ipa, span, vm->mem[j].base, vm->mem[j].size));
		}
		for (unsigned j = 0; j < vm->nr_mmio; j++) {
			CHECK(!overlaps(s->ipa, span, vm->mmio[j].base, vm->mmio[j].size));
		}
		CHECK(!overlaps(s->ipa, span, CFG_GUEST_UART_BASE, CFG_GUEST_UART_SIZE));
		CHECK(!overlaps(s->ipa, span, CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE));
		for (unsigned j = 0; j < vm->nr_irqs; j++) {
			CHECK(vm->irqs[j] != s->doorbell_intid);
		}
		/* Another region this VM sees: elsewhere, with another doorbell. */
		for (unsigned o = 0; o < idx; o++) {
			const struct cfg_shmem *t = &plan->shmem[o];

			for (unsigned k = 0; k < t->nr_vms; k++) {
				if (t->vm[k] != s->vm[i]) {
					continue;
				}
				CHECK(!overlaps(s->ipa, span, t->ipa, t->size + CFG_DOORBELL_SIZE));
				CHECK(t->doorbell_intid != s->doorbell_intid);
			}
		}
	}
}

static void check_plan(const struct cfg_plan *plan, const uint8_t *fdt, size_t size)
{
	unsigned __int128 ram = 0, need = CFG_HYP_RESERVE;

	check_hw(&plan->hw);
	CHECK(plan->nr_vms >= 1 && plan->nr_vms <= CFG_MAX_VMS);
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		check_vm(plan, i, fdt, size);
	}

	/* Every region is backed by 2 MiB blocks; all of it (and Tessera's
	 * reserve) fits in the board's RAM. Summed wide: no wrap-around. */
	for (unsigned i = 0; i < plan->hw.nr_ram; i++) {
		ram += plan->hw.ram[i].size;
	}
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		for (unsigned j = 0; j < plan->vm[i].nr_mem; j++) {
			need += ((unsigned __int128)plan->vm[i].mem[j].size + SZ_2M - 1) &
				~(unsigned __int128)(SZ_2M - 1);
		}
	}
	CHECK(plan->nr_shmem <= CFG_MAX_SHMEM);
	for (unsigned i = 0; i < plan->nr_shmem && i < CFG_MAX_SHMEM; i++) {
		need += ((unsigned __int128)plan->shmem[i].size + SZ_2M - 1) &
			~(unsigned __int128)(SZ_2M - 1);
	}
	CHECK(need <= ram);

	for (unsigned i = 0; i < plan->nr_shmem; i++) {
		check_shmem(plan, i);
	}
}

/* ------------------------------------------------------------------ */
/* The guest DT each VM of an accepted plan boots with                 */

/* Warnings about what a copied device loses: sane, like problem reports. */
static void guest_dt_warn(void *ctx, const char *path, const char *msg)
{
	size_t n;

	(void)ctx;
	CHECK(path && msg);
	CHECK(strnlen(path, 4096) < 4096);
	n = strnlen(msg, 4096);
	CHECK(n > 0 && n < 4096);
}

static void check_guest_dt(const struct cfg_plan *plan, unsigned idx, const uint8_t *board,
			   uint32_t salt)
{
	static uint8_t dtb[GUEST_DT_MAX] __attribute__((aligned(8)));
	const struct cfg_vm *vm = &plan->vm[idx];
	unsigned gic = plan->hw.gic_version;
	uint64_t initrd = (salt & 1) ? vm->mem[0].base + SZ_2M : 0;
	uint64_t initrd_size = (salt & 1) ? (salt >> 8) + 1 : 0;
	int err = guest_dt_build(dtb, sizeof(dtb), plan, idx, board, gic, initrd, initrd_size,
				 guest_dt_warn, NULL);
	int node, count, len;
	const void *prop;
	char name[40];

	/* A guest DT that does not fit (long bootargs, big devices) is refused
	 * cleanly; the hypervisor then logs it and does not start the VM. */
	if (err == -FDT_ERR_NOSPACE) {
		return;
	}
	if (err != 0) {
		fprintf(stderr, "fuzz_config: guest_dt_build(vm %u): %s\n", idx, fdt_strerror(err));
	}
	CHECK(err == 0);
	CHECK(fdt_totalsize(dtb) <= sizeof(dtb));
	CHECK(fdt_check_full(dtb, sizeof(dtb)) == 0);

	/* The rich OS's DT is the board's: its root's cells, not always 2 and 2. */
	int ac = fdt_address_cells(dtb, 0), sc = fdt_size_cells(dtb, 0);

	CHECK(ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2);
	for (unsigned i = 0; i < vm->nr_mem; i++) {
		uint64_t base = 0, size = 0;
		const fdt32_t *c;

		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)vm->mem[i].base);
		node = fdt_subnode_offset(dtb, 0, name);
		CHECK(node >= 0);
		c = fdt_getprop(dtb, node, "reg", &len);
		CHECK(c && len == (ac + sc) * 4);
		for (int k = 0; k < ac; k++) {
			base = base << 32 | fdt32_to_cpu(c[k]);
		}
		for (int k = 0; k < sc; k++) {
			size = size << 32 | fdt32_to_cpu(c[ac + k]);
		}
		CHECK(base == vm->mem[i].base);
		CHECK(size == vm->mem[i].size);
	}

	node = fdt_path_offset(dtb, "/cpus");
	CHECK(node >= 0);
	count = 0;
	fdt_for_each_subnode(len, dtb, node) {
		count++;
	}
	CHECK(count == (int)vm->nr_vcpus);

	node = fdt_path_offset(dtb, "/chosen");
	CHECK(node >= 0);
	prop = fdt_getprop(dtb, node, "bootargs", &len);
	/* The rich OS is told to keep clocks and power domains others rely on. */
	const char *keep = "clk_ignore_unused pd_ignore_unused";
	bool relies = false;

	for (unsigned i = 0; vm->rich_os && i < plan->nr_vms; i++) {
		relies |= fdt_getprop(board, plan->vm[i].node, "rich-os-provides", NULL) != NULL;
	}
	if (vm->bootargs && !relies) {
		CHECK(prop && len == (int)strlen(vm->bootargs) + 1 && !memcmp(prop, vm->bootargs, len));
	} else if (relies) {
		size_t b = vm->bootargs ? strlen(vm->bootargs) : 0;

		CHECK(prop && (size_t)len >= strlen(keep) + 1 && (!b || !memcmp(prop, vm->bootargs, b)) &&
		      !strcmp((const char *)prop + len - 1 - strlen(keep), keep));
	} else {
		CHECK(!prop);
	}
	CHECK(!fdt_getprop(dtb, node, "linux,initrd-start", NULL) == !initrd_size);

	/* A buffer too small must be refused, never overrun: ASan watches the
	 * exact-size heap block (libfdt itself is not instrumented, but the
	 * sizes it is given are). */
	size_t small = salt % fdt_totalsize(dtb);
	uint8_t *buf = malloc(small ? small : 1);

	CHECK(buf);
	err = guest_dt_build(buf, small, plan, idx, board, gic, initrd, initrd_size, NULL, NULL);
	CHECK(err < 0);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* The image pack                                                      */

static void find_in_pack(const uint8_t *pack, size_t size, const char *name)
{
	const void *data = NULL;
	size_t len = 0;

	if (cfg_find_image(pack, size, name, &data, &len) != 0) {
		return;
	}
	CHECK(data);
	CHECK((const uint8_t *)data >= pack + CFG_PACK_HDR);
	CHECK((const uint8_t *)data + len <= pack + size);
}

static void try_pack(const uint8_t *bytes, size_t size, const struct cfg_plan *plan)
{
	/* As given (only a pack if it starts with the magic)... */
	find_in_pack(bytes, size, "testguest.bin");
	find_in_pack(bytes, size, "");

	/* ... and behind a pack header. */
	uint8_t *pack = malloc(CFG_PACK_HDR + size);

	CHECK(pack);
	memset(pack, 0, CFG_PACK_HDR);
	memcpy(pack, CFG_PACK_MAGIC, sizeof(CFG_PACK_MAGIC));
	memcpy(pack + CFG_PACK_HDR, bytes, size);
	find_in_pack(pack, CFG_PACK_HDR + size, "testguest.bin");
	for (unsigned i = 0; i < plan->nr_vms && i < CFG_MAX_VMS; i++) {
		if (plan->vm[i].kernel) {
			find_in_pack(pack, CFG_PACK_HDR + size, plan->vm[i].kernel);
		}
		if (plan->vm[i].initrd) {
			find_in_pack(pack, CFG_PACK_HDR + size, plan->vm[i].initrd);
		}
	}
	/* A header with nothing behind it, or a truncated one. */
	find_in_pack(pack, CFG_PACK_HDR, "testguest.bin");
	find_in_pack(pack, CFG_PACK_HDR - 1, "testguest.bin");
	free(pack);
}

/* ------------------------------------------------------------------ */
/* Known bugs                                                          */

/*
 * Inputs that hit a bug already reported but not yet fixed are skipped (and
 * kept out of the corpus), so the fuzzer goes on looking for new ones while
 * the fix is under way. Each such bug has a reproducer in tests/fuzz/crashes/,
 * which `make fuzz-check` replays with FUZZ_KNOWN_BUGS=1 set: then nothing
 * is skipped. Delete a filter once its bug is fixed.
 *
 * None today: the four bugs in tests/fuzz/crashes/README.md are fixed. A
 * filter looks like this (alias-loop.dts, when it was open):
 *
 *	aliases = fdt_path_offset(fdt, "/aliases");
 *	fdt_for_each_property_offset(prop, fdt, aliases) {
 *		v = fdt_getprop_by_offset(fdt, prop, NULL, &len);
 *		if (!v || len < 1 || v[0] != '/')
 *			return 1;
 *	}
 */
static int known_bug(const uint8_t *fdt, size_t size)
{
	static int off = -1;

	if (off < 0) {
		off = getenv("FUZZ_KNOWN_BUGS") != NULL;
	}
	if (off) {
		return 0;
	}
	(void)fdt;
	(void)size;
	return 0;
}

/* ------------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cfg_plan plan;
	struct reports r = { 0 };
	uint32_t salt = 0;
	/* libfdt wants the blob 8-byte aligned; an exact-size heap block lets
	 * ASan catch any read past its end. */
	uint8_t *fdt = malloc(size ? size : 1);
	int problems;

	CHECK(fdt);
	memcpy(fdt, data, size);
	if (known_bug(fdt, size)) {
		free(fdt);
		return -1;      /* not worth keeping in the corpus either */
	}

	problems = cfg_parse(fdt, size, &plan, report, &r);
	CHECK(problems >= 0);
	CHECK(problems == r.n);
	CHECK(plan.nr_vms <= CFG_MAX_VMS);

	try_pack(fdt, size, &plan);

	if (problems == 0) {
		check_plan(&plan, fdt, size);
		for (size_t i = 0; i < size; i++) {
			salt = salt * 31 + data[i];
		}
		for (unsigned i = 0; i < plan.nr_vms; i++) {
			check_guest_dt(&plan, i, fdt, salt + i);
		}
	}
	free(fdt);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Structure-aware mutation through libfdt                             */

static uint32_t rng_state;

static uint32_t rnd(uint32_t n)
{
	/* xorshift32 */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return n ? rng_state % n : 0;
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const prop_names[] = {
	"compatible", "label", "cpus", "memory", "kernel", "bootargs", "initrd", "devices",
	"stdout", "reg", "interrupts", "interrupts-extended", "interrupt-parent",
	"interrupt-controller", "#interrupt-cells", "#address-cells", "#size-cells", "ranges",
	"phandle", "device_type", "method", "stdout-path", "linux,stdout-path",
	"linux,initrd-start", "linux,initrd-end", "model", "status", "image-name", "data",
	"identity-map", "rich-os", "rich-os-exclude", "dma-unsafe", "guest-address", "size",
	"doorbell-irq", "vms", "no-map", "serial0",
};
static const char *const node_names[] = {
	"vm@0", "vm@1", "vm@2", "vm@9", "tessera", "chosen", "cpus", "cpu@0", "cpu@4",
	"memory@40000000", "memory@100000000", "reserved-memory", "psci", "intc@8000000",
	"pl011@9000000", "pl031@9010000", "dev@a000000", "images", "image@0", "shmem@0",
	"bus@0", "aliases", "firmware",
};
static const char *const strings[] = {
	"tessera,vm", "tessera,hypervisor", "tessera,shmem", "arm,gic-v3", "arm,gic-400", "arm,cortex-a15-gic",
	"arm,cortex-a7-gic", "arm,pl011", "arm,psci-1.0", "arm,psci-0.2", "arm,psci", "cpu",
	"memory", "smc", "hvc", "testguest.bin", "rootfs.cpio", "alpha", "beta_2", "a", "",
	"/pl011@9000000", "serial0", "serial0:115200n8", "/pl031@9010000:x", "/", "/tessera",
	"label-that-is-exactly-31-chars_", "label-that-is-longer-than-31-chars", "bad label",
	"okay", "disabled",
};
static const uint32_t cells[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 95, 96, 127, 128, 1019, 0x100, 0x1000, 0xfff,
	0x200000, 0x1000000, 0x2000000, 0x8000000, 0x80a0000, 0x8010000, 0x9000000,
	0x9010000, 0x40000000, 0x7f000000, 0x80000000, 0xfffff000, 0xffffffff, 0x7f,
	0x10000, 0x20000,
};

/* Up to 64 node offsets of the tree. */
static int collect_nodes(const void *fdt, int *nodes)
{
	int n = 0;

	for (int node = 0; node >= 0 && n < 64; node = fdt_next_node(fdt, node, NULL)) {
		nodes[n++] = node;
	}
	return n;
}

/* A random property of node, or -1. */
static int random_prop(const void *fdt, int node)
{
	int prop, n = 0, pick;

	fdt_for_each_property_offset(prop, fdt, node) {
		n++;
	}
	if (n == 0) {
		return -1;
	}
	pick = (int)rnd((uint32_t)n);
	fdt_for_each_property_offset(prop, fdt, node) {
		if (pick-- == 0) {
			return prop;
		}
	}
	return -1;
}

/* Make sure node has a phandle and return it. */
static uint32_t phandle_of(void *fdt, int node)
{
	uint32_t ph = fdt_get_phandle(fdt, node);

	if (!ph && fdt_generate_phandle(fdt, &ph) == 0) {
		fdt_setprop_u32(fdt, node, "phandle", ph);
	}
	return ph;
}

static int mutate_tree(void *fdt)
{
	int nodes[64];
	int nr = collect_nodes(fdt, nodes);
	int node = nodes[rnd((uint32_t)nr)];
	uint8_t val[256];
	size_t len = 0;

	switch (rnd(9)) {
	case 0: /* set a property to cells */
	case 1: {
		unsigned n = 1 + rnd(8);

		for (unsigned i = 0; i < n; i++) {
			fdt32_t c = cpu_to_fdt32(rnd(4) ? PICK(cells) : rng_state);

			memcpy(val + 4 * i, &c, 4);
		}
		len = 4 * n;
		return fdt_setprop(fdt, node, PICK(prop_names), val, (int)len);
	}
	case 2: { /* set a property to a string (list) */
		unsigned n = 1 + (rnd(4) == 0);

		for (unsigned i = 0; i < n; i++) {
			const char *s = PICK(strings);
			size_t l = strlen(s) + 1;

			memcpy(val + len, s, l);
			len += l;
		}
		return fdt_setprop(fdt, node, PICK(prop_names), val, (int)len);
	}
	case 3: { /* delete a property, or make it empty */
		int prop = random_prop(fdt, node);
		const char *name;

		if (prop < 0 || !fdt_getprop_by_offset(fdt, prop, &name, NULL)) {
			return -1;
		}
		char copy[64];

		snprintf(copy, sizeof(copy), "%s", name);
		return rnd(2) ? fdt_delprop(fdt, node, copy) : fdt_setprop_empty(fdt, node, copy);
	}
	case 4: { /* byte-mutate a property value (its length may change) */
		int prop = random_prop(fdt, node), plen;
		const char *name;
		const void *v;
		char copy[64];

		if (prop < 0 || !(v = fdt_getprop_by_offset(fdt, prop, &name, &plen)) || plen < 0) {
			return -1;
		}
		len = (size_t)plen < sizeof(val) ? (size_t)plen : sizeof(val);
		memcpy(val, v, len);
		snprintf(copy, sizeof(copy), "%s", name);
		len = LLVMFuzzerMutate(val, len, sizeof(val));
		return fdt_setprop(fdt, node, copy, val, (int)len);
	}
	case 5: /* add a node */
		return fdt_add_subnode(fdt, node, PICK(node_names)) < 0 ? -1 : 0;
	case 6: /* delete a node (not the root) */
		return node > 0 ? fdt_del_node(fdt, node) : -1;
	case 7: { /* point a reference (or a list of them) at other nodes */
		static const char *const refs[] = {
			"devices", "devices", "stdout", "interrupt-parent", "cpu",
		};
		unsigned n = 1 + rnd(3);
		const char *name = PICK(refs);

		for (unsigned i = 0; i < n; i++) {
			fdt32_t c = cpu_to_fdt32(phandle_of(fdt, nodes[rnd((uint32_t)nr)]));

			memcpy(val + 4 * i, &c, 4);
			/* A new phandle property moves the nodes after it. */
			nr = collect_nodes(fdt, nodes);
		}
		node = nodes[rnd((uint32_t)nr)];
		return fdt_setprop(fdt, node, name, val, (int)(4 * n));
	}
	default: /* copy a property to another node */ {
		int prop = random_prop(fdt, node), plen;
		const char *name;
		const void *v;
		char copy[64];

		if (prop < 0 || !(v = fdt_getprop_by_offset(fdt, prop, &name, &plen)) || plen < 0 ||
		    (size_t)plen > sizeof(val)) {
			return -1;
		}
		memcpy(val, v, (size_t)plen);
		snprintf(copy, sizeof(copy), "%s", name);
		return fdt_setprop(fdt, nodes[rnd((uint32_t)nr)], copy, val, plen);
	}
	}
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	static uint8_t in[1 << 16] __attribute__((aligned(8)));
	static uint8_t work[1 << 16] __attribute__((aligned(8)));
	size_t room = max_size < sizeof(work) ? max_size : sizeof(work);

	rng_state = seed ? seed : 1;
	if (rnd(2) == 0 || size > sizeof(in) || size < sizeof(struct fdt_header)) {
		return LLVMFuzzerMutate(data, size, max_size);
	}
	memcpy(in, data, size);
	/* fdt_open_into trusts the block offsets: only a whole, valid tree. And
	 * fdt_check_full only on a version >= 16 header: libfdt 1.6.1's crashes
	 * on some older ones (tests/fuzz/crashes/old-version.b64). */
	if (fdt_check_header(in) != 0 || fdt_totalsize(in) > size || fdt_version(in) < 0x10 ||
	    fdt_check_full(in, size) != 0 || fdt_open_into(in, work, (int)sizeof(work)) != 0) {
		return LLVMFuzzerMutate(data, size, max_size);
	}
	/* One to four edits; a failed one (no room, bad offset) is just skipped. */
	for (unsigned i = 0, n = 1 + rnd(4); i < n; i++) {
		mutate_tree(work);
	}
	if (fdt_pack(work) != 0 || fdt_totalsize(work) > room) {
		return LLVMFuzzerMutate(data, size, max_size);
	}
	memcpy(data, work, fdt_totalsize(work));
	return fdt_totalsize(work);
}
