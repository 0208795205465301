/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to the configuration engine (core/config*.c): the parser state
 * and the helpers its files share. Nothing outside the engine includes it.
 *
 *   config.c        helpers, the plan and its VMs, the fit check, cfg_parse
 *   config_hw.c     the board: CPUs, RAM, console, PSCI, /chosen, the GIC
 *   config_dev.c    passthrough devices, the rich OS, DMA and identity maps
 *   config_shmem.c  shared-memory regions and their doorbells
 *   config_deps.c   the provider graph: what each device depends on
 *   config_iommu.c  the SMMUs and the stream IDs of the devices handed out
 */
#ifndef TESSERA_CONFIG_PRIV_H
#define TESSERA_CONFIG_PRIV_H

#include <libfdt.h>
#include <stdint.h>

#include <tessera/config.h>

#define SZ_4K 0x1000ULL
#define SZ_2M 0x200000ULL
#define MIB_SHIFT 20
/* Room for "vm@0 (label)" built from a path and a label. */
#define VM_NAME_LEN (CFG_PATH_LEN + CFG_LABEL_LEN + 4)
/* Node paths and reasons in messages. */
#define MSG_PATH_LEN 128
#define MSG_LEN 384

/* GIC interrupt specifiers (bindings/interrupt-controller/arm,gic*.yaml). */
#define GIC_SPEC_CELLS 3
#define GIC_SPEC_SPI 0
#define GIC_SPEC_PPI 1
#define GIC_SPI_BASE 32         /* INTID of SPI 0 */
#define GIC_INTID_MAX (CFG_GUEST_MAX_INTID) /* the last INTID a guest's virtual GIC has */
/* Every guest's console interrupt, unless a device of its takes it. */
#define GUEST_UART_INTID CFG_GUEST_UART_INTID

/* A named address window, for "overlaps <what> at <base>" messages. */
struct window {
	const char *what;
	struct cfg_range r;
};

struct parser {
	const void *fdt;
	struct cfg_plan *plan;
	cfg_report_fn report;
	void *ctx;
	int problems;
	int console;            /* FDT offset of Tessera's console, or -1 */
	int vm_node[CFG_MAX_VMS]; /* FDT offset of plan->vm[i]'s node */
	/* Appended to device messages about the rich OS's automatic devices. */
	const char *hint;
	int rich_vm;            /* index of the "rich-os" VM, or -1 */
	unsigned rich_from;     /* its device_node[] from here on came from rich-os */
	unsigned nr_shmem_nodes; /* shmem@ nodes seen: region N's defaults */
};

void cfg_problem_at(struct parser *p, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cfg_problem(struct parser *p, int node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* On `at` (a VM node), naming the device `node`; simply on node if at == node. */
void cfg_problem_via(struct parser *p, int at, int node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void cfg_node_path(const void *fdt, int node, char *buf, int len);

uint64_t cfg_read_cells(const fdt32_t *cell, int n);
const char *cfg_get_string(const void *fdt, int node, const char *name, int *present);
int cfg_prop_is(const void *fdt, int node, const char *name, const char *value);
int cfg_has_compatible(const void *fdt, int node, const char *compat);
/* A boolean property: 1 if present and empty, 0 if absent; reports a value. */
int cfg_get_flag(struct parser *p, int node, const char *name);
/* A u32 of one cell: 0, or -1 (reported) when malformed. */
int cfg_get_u32(struct parser *p, int node, const char *name, uint32_t *v);
/* A u64 given as one or two cells: 0, or -1 (reported) when malformed. */
int cfg_get_u64(struct parser *p, int node, const char *name, uint64_t *v);
int cfg_bus_cells(struct parser *p, int bus, int *ac, int *sc);
int cfg_node_regs(struct parser *p, int at, int node, struct cfg_range *out, int max);
unsigned cfg_gic_version_of(const void *fdt, int node);
void cfg_check_props(struct parser *p, int node, const char *const *extra);
/* A label: 1-31 of [A-Za-z0-9_-]; 0 and copied to out, or -1 (reported). */
int cfg_check_label(struct parser *p, int node, char *out);
void cfg_vm_name(const struct cfg_vm *vm, char *buf, size_t len);
int cfg_overlaps(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2);
uint64_t cfg_round_2m(uint64_t size);

/*
 * What every guest finds at fixed IPAs besides its memory: the console and
 * the virtual GIC of the host's GIC version, with one redistributor frame
 * per vCPU. Writes GUEST_WINDOWS entries.
 */
#define GUEST_WINDOWS 3
unsigned cfg_guest_windows(unsigned gic_version, const struct cfg_vm *vm, struct window *w);

/* config_hw.c */
void cfg_parse_hw(struct parser *p);
void cfg_parse_console(struct parser *p, int tessera);

/* config_dev.c */
void cfg_parse_vm_devices(struct parser *p, int node, struct cfg_vm *vm);
/* After every VM's own devices: hand the rest of the board to the rich OS. */
void cfg_rich_os(struct parser *p);
/* Then: map each VM's device pages, or trap the ranges that share a page. */
void cfg_layout_mmio(struct parser *p);
/* After every device is handed out: DMA-capable devices and identity memory. */
void cfg_check_dma(struct parser *p);
void cfg_check_identity(struct parser *p);

/* config_deps.c: every device's providers (after the rich OS has its share). */
void cfg_check_deps(struct parser *p);

/* config_iommu.c: the SMMUs (with the board), a device's streams (with the device). */
void cfg_parse_smmus(struct parser *p);
void cfg_device_streams(struct parser *p, int at, struct cfg_vm *vm, int dev);
/* Does an IOMMU reference of dev's (iommus, iommu-map) name an SMMU Tessera programs? */
int cfg_streams_of(const struct cfg_vm *vm, int dev);
int cfg_status_okay(const void *fdt, int node);

/* config_shmem.c */
void cfg_parse_shmem(struct parser *p, int node);

#endif
