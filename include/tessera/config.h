/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine: reads the board device tree (hardware plus the
 * /tessera partition plan), validates it and fills a struct cfg_plan.
 *
 * The same code runs in the hypervisor at boot and in the host tool tcheck at
 * build time (DESIGN.md principle 2), so it is plain C11 over libfdt with no
 * globals: all state comes in through the arguments.
 */
#ifndef TESSERA_CONFIG_H
#define TESSERA_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CFG_MAX_CPUS 16     /* physical CPUs */
#define CFG_MAX_VMS 8
#define CFG_MAX_VCPUS 8     /* per VM */
#define CFG_MAX_MEM 4       /* memory regions per VM */
#define CFG_MAX_RAM 8       /* physical RAM ranges */
#define CFG_MAX_RESV 16     /* reserved physical ranges */
/* Passthrough MMIO regions (and devices) per VM, and interrupts per VM: room
 * for a rich OS taking the rest of QEMU virt (32 virtio-mmio transports,
 * flash, fw-cfg, PCIe ECAM, RTC, GPIO: 37 devices, 34 SPIs). */
#define CFG_MAX_MMIO 48
#define CFG_MAX_IRQS 48
#define CFG_MAX_TRAP 8      /* device ranges per VM reached through Tessera */
#define CFG_MAX_SHMEM 8     /* shared-memory regions per plan */
#define CFG_MAX_SHMEM_VMS 4 /* VMs sharing one region */
#define CFG_LABEL_LEN 32
#define CFG_PATH_LEN 96
#define CFG_MAX_SMMU 2      /* SMMUv3s Tessera programs */
#define CFG_MAX_STREAMS 16  /* stream-ID ranges per VM */
/* A PCIe host bridge handed to a VM: the streams of this many buses from
 * its bus-range's first are bound to it (the guest's bus-range says so). */
#define CFG_PCI_BUSES 16

/* Guest-physical addresses are limited to 40 bits (stage 2: 4 KiB pages, two
 * concatenated level-1 tables, on both architectures). */
#define CFG_IPA_LIMIT (1ULL << 40)
/* The guest's virtual GIC (QEMU virt layout): distributor, v3 redistributors
 * (128 KiB per vCPU), v2 CPU interface. */
#define CFG_GUEST_GICD_BASE 0x08000000ULL
#define CFG_GUEST_GICD_SIZE 0x10000ULL
#define CFG_GUEST_GICR_BASE 0x080a0000ULL
#define CFG_GUEST_GICR_STRIDE 0x20000ULL
#define CFG_GUEST_GICC_BASE 0x08010000ULL
#define CFG_GUEST_GICC_SIZE 0x2000ULL
/* Shared memory: the default guest-physical base of region N (the N-th
 * shmem node, from 0), its largest size, and the doorbell page right after
 * it; region N's doorbell is SPI CFG_SHMEM_DEFAULT_SPI + N by default. */
#define CFG_SHMEM_DEFAULT_IPA 0x70000000ULL
#define CFG_SHMEM_DEFAULT_STRIDE 0x01000000ULL
#define CFG_SHMEM_MAX_SIZE (256ULL << 20)
#define CFG_SHMEM_DEFAULT_SPI 64
#define CFG_DOORBELL_SIZE 0x1000ULL
/* The guest's virtual GIC has INTIDs 0-255 (224 SPIs: a GIC-400 with its
 * usual 160, the ZynqMP's and the H3's, fits): passthrough SPIs must fit. */
#define CFG_GUEST_MAX_INTID 255
/* Where each guest sees its console (QEMU virt layout, DESIGN.md principle 3),
 * and its interrupt: SPI 1, unless the VM has a device on that SPI. */
#define CFG_GUEST_UART_BASE 0x09000000ULL
#define CFG_GUEST_UART_SIZE 0x1000ULL
#define CFG_GUEST_UART_INTID 33
/*
 * A VM's device tree goes at the top of its first memory region: the top
 * 2 MiB, or in a region under 4 MiB the top CFG_GUEST_DTB_MAX. Its kernel
 * and initrd fit below.
 */
#define CFG_GUEST_DTB_MAX (256ULL << 10)
static inline unsigned long long cfg_dt_room(unsigned long long region_size)
{
	return region_size >= (4ULL << 20) ? 2ULL << 20 : CFG_GUEST_DTB_MAX;
}
/* Host RAM kept for Tessera itself, its device tree and the image pack. */
#define CFG_HYP_RESERVE (32ULL << 20)

struct cfg_range {
	uint64_t base;
	uint64_t size;
};

struct cfg_hw {
	char model[64];                      /* "/model", or "" */
	unsigned nr_cpus;                    /* CPU index N = Nth /cpus/cpu node */
	uint64_t mpidr[CFG_MAX_CPUS];        /* its "reg" (affinity fields) */
	unsigned nr_ram;
	struct cfg_range ram[CFG_MAX_RAM];   /* every /memory node's reg */
	unsigned nr_resv;
	struct cfg_range resv[CFG_MAX_RESV]; /* /memreserve/ and /reserved-memory */
	uint64_t uart_base;                  /* node named by /chosen/stdout-path */
	uint64_t uart_size;
	char uart_compat[64];                /* its compatible list (NUL separated) ... */
	unsigned uart_compat_len;            /* ... of this many bytes, cut at a whole string */
	uint32_t uart_reg_shift;             /* "reg-shift" (16550 family), else 0 */
	uint32_t uart_reg_width;             /* "reg-io-width", else 1 */
	uint32_t uart_intid;                 /* its GIC INTID if an SPI, else 0 */
	uint32_t console_test_baud;          /* /tessera test-console-baud: pace the console (tests), or 0 */
	int psci_smc;                        /* 1: /psci method = "smc", 0: "hvc" */
	uint32_t psci_cpu_on;                /* PSCI 0.1's CPU_ON ID ("arm,psci" cpu_on), 0: 0.2's */
	uint64_t initrd_start, initrd_end;   /* /chosen linux,initrd-*, 0 if none */
	/* The interrupt controller: the node /interrupt-parent or the first
	 * "interrupt-controller" with a GIC compatible. */
	unsigned gic_version;                /* 3: "arm,gic-v3"; 2: "arm,cortex-a15-gic"/"arm,gic-400" */
	struct cfg_range gicd;               /* distributor (reg[0]) */
	struct cfg_range gicr;               /* v3: redistributors (reg[1]) */
	struct cfg_range gicc, gich, gicv;   /* v2: CPU interface, hyp control, virtual CPU (reg[1..3]) */
	uint32_t gic_phandle;
	/* The SMMUv3s ("arm,smmu-v3", enabled): Tessera's to program. */
	unsigned nr_smmu;
	struct cfg_smmu {
		char path[CFG_PATH_LEN];
		struct cfg_range reg;        /* both 64 KiB pages */
		uint32_t phandle;
		uint32_t evtq_intid;         /* its "eventq" (or "combined") SPI */
		uint32_t gerror_intid;       /* its "gerror" SPI, or 0 */
	} smmu[CFG_MAX_SMMU];
};

/* Stream IDs sid..sid+count-1 of SMMU plan->hw.smmu[smmu], from device dev. */
struct cfg_stream {
	uint32_t sid;
	uint32_t count;
	unsigned smmu;
	int dev;                             /* FDT offset of the device (or host bridge) */
};

enum cfg_on_fault { CFG_ON_FAULT_STOP, CFG_ON_FAULT_RESTART };

struct cfg_vm {
	char path[CFG_PATH_LEN];             /* "/tessera/vm@0", for messages */
	int node;                            /* its offset in the DT the plan was read from */
	char label[CFG_LABEL_LEN];
	unsigned nr_vcpus;
	unsigned cpus[CFG_MAX_VCPUS];        /* vCPU i is pinned to CPU cpus[i] */
	unsigned nr_mem;
	struct cfg_range mem[CFG_MAX_MEM];   /* guest-physical */
	const char *kernel;                  /* points into the FDT */
	const char *bootargs;                /* NULL when absent */
	const char *initrd;                  /* NULL when absent; looked up like kernel */
	/* Devices handed to the VM (devices = <&node ...>): their reg ranges
	 * (mapped at IPA = PA) and GIC SPIs (INTIDs 32..1019). */
	unsigned nr_mmio;
	struct cfg_range mmio[CFG_MAX_MMIO];
	/* Device registers that share a 4 KiB page with Tessera's console or
	 * another VM's device (an Allwinner SoC packs four UARTs in one page):
	 * not mapped; Tessera performs the VM's accesses within these exact
	 * ranges for it (trapped passthrough, vm.c). */
	unsigned nr_trap;
	struct cfg_range trap[CFG_MAX_TRAP];
	unsigned nr_regs;                    /* every device range, exact, for the above */
	struct cfg_range regs[CFG_MAX_MMIO];
	unsigned nr_irqs;
	uint32_t irqs[CFG_MAX_IRQS];
	unsigned nr_devices;
	int device_node[CFG_MAX_MMIO];       /* their FDT offsets, for the guest DT */
	/* "identity-map": memory at host PA = IPA (so devices without an IOMMU
	 * can DMA into it); the engine has checked each region lies in RAM,
	 * clear of Tessera, reserved ranges and other identity VMs. */
	int identity;
	int dma_unsafe;                      /* "dma-unsafe": DMA-capable devices accepted */
	/* "rich-os": besides its own devices, device_node[] also lists every
	 * board device no other VM was given (appended after its own). */
	int rich_os;
	/* "on-fault": what a fault the guest cannot take itself (an abort or
	 * undefined instruction with no vector to inject it into, an SError)
	 * does to the VM: stop it (the default) or restart it from its images. */
	int on_fault;                        /* enum cfg_on_fault */
	/* The SMMU streams of its devices ('iommus', a host bridge's
	 * 'iommu-map'): their DMA reaches its memory only. */
	unsigned nr_streams;
	struct cfg_stream stream[CFG_MAX_STREAMS];
	/* Its console's INTID: 0 for CFG_GUEST_UART_INTID, else the highest
	 * INTID no device or doorbell of the VM uses (cfg_console_intid). */
	uint32_t console_intid;
};

static inline uint32_t cfg_console_intid(const struct cfg_vm *vm)
{
	return vm->console_intid ? vm->console_intid : CFG_GUEST_UART_INTID;
}

/*
 * A shared-memory region (/tessera/shmem@N): the same host pages at the same
 * guest-physical address in each VM of the list, and a doorbell page right
 * after it: writing its RING register raises the doorbell interrupt of the
 * other VMs of the region.
 */
struct cfg_shmem {
	char path[CFG_PATH_LEN];
	char label[CFG_LABEL_LEN];
	uint64_t ipa;                        /* "guest-address", default below */
	uint64_t size;                       /* 4 KiB multiple */
	unsigned nr_vms;
	unsigned vm[CFG_MAX_SHMEM_VMS];      /* indices into cfg_plan.vm */
	uint32_t doorbell_intid;             /* the virtual SPI each VM gets, "doorbell-irq" + 32 */
};

/*
 * An index of the DT a plan was read from (core/config_index.c): parents,
 * phandles and subtrees without walking the blob. Up to CFG_INDEX_NODES
 * nodes (Debian's largest board DTs have about 2,000); beyond, libfdt.
 */
#define CFG_INDEX_NODES 4096
#define CFG_INDEX_DEPTH 32
struct cfg_index {
	const void *fdt;                     /* the blob indexed */
	unsigned nr;                         /* nodes, in DT order; 0: not indexed */
	int off[CFG_INDEX_NODES];            /* node i's offset (rising) */
	uint16_t parent[CFG_INDEX_NODES];    /* its parent's index */
	uint16_t end[CFG_INDEX_NODES];       /* the index after its last descendant */
	uint32_t phandle[CFG_INDEX_NODES];   /* its phandle, or 0 */
	uint16_t by_phandle[CFG_INDEX_NODES]; /* indices of nodes with one, by phandle */
	unsigned nr_phandles;
};

void cfg_index_build(struct cfg_index *x, const void *fdt);
/* fdt_parent_offset and fdt_node_offset_by_phandle, through the index of fdt (x may be NULL). */
int cfg_parent(const struct cfg_index *x, const void *fdt, int node);
int cfg_node_of(const struct cfg_index *x, const void *fdt, uint32_t phandle);
/* Is node top, or below it? */
int cfg_inside(const struct cfg_index *x, const void *fdt, int node, int top);

struct cfg_plan {
	struct cfg_hw hw;
	struct cfg_index index;              /* of the DT the plan was read from */
	unsigned nr_vms;
	struct cfg_vm vm[CFG_MAX_VMS];
	unsigned nr_shmem;
	struct cfg_shmem shmem[CFG_MAX_SHMEM];
};

/*
 * Called once per problem found, with the DT node path and a one-line reason
 * (no trailing newline). The engine never prints by itself.
 */
typedef void (*cfg_report_fn)(void *ctx, const char *path, const char *msg);

/*
 * Parse and validate the board DT. Returns the number of problems reported
 * (0: the plan is good). Never crashes on a malformed or truncated blob:
 * fdt_size is the size of the buffer holding it.
 */
int cfg_parse(const void *fdt, size_t fdt_size, struct cfg_plan *plan,
	      cfg_report_fn report, void *ctx);

/*
 * Only the console (the uart_* fields of plan->hw; the rest of the plan is
 * left alone), quietly, so that boot can switch to it before cfg_parse
 * reports anything. 0 when found.
 */
int cfg_console(const void *fdt, size_t fdt_size, struct cfg_plan *plan);

/*
 * The image pack: a 64-byte header starting with CFG_PACK_MAGIC, then an FDT
 * blob with one node per image under /images, each with a string
 * "image-name" (the plan's kernel = "..." string, verbatim) and a
 * byte-string "data". The header keeps U-Boot from taking the pack for a FIT
 * image. The build writes it; U-Boot or QEMU hands it to Tessera as the
 * initrd. Returns 0 and fills data/size, or -1 if absent or malformed.
 */
#define CFG_PACK_MAGIC "TESSERA-PACK-V1"
#define CFG_PACK_HDR 64
int cfg_find_image(const void *pack, size_t pack_size, const char *name,
		   const void **data, size_t *size);

/*
 * A bus address in node's reg (its parent's address space) as a CPU
 * physical address, through the 'ranges' of every bus above it: 0, or
 * CFG_XLATE_NOT_MMIO (a bus has no 'ranges': I2C, SPI, MDIO...) or
 * CFG_XLATE_NO_RANGE (no range covers it), with *bad_bus that bus.
 */
#define CFG_XLATE_NOT_MMIO 1
#define CFG_XLATE_NO_RANGE 2
int cfg_translate(const struct cfg_index *x, const void *fdt, int node, uint64_t *addr,
		  uint64_t size, int *bad_bus);

/* Total guest memory of a VM, in bytes. */
uint64_t cfg_vm_mem_total(const struct cfg_vm *vm);

#endif
