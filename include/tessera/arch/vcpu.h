/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch seam: a vCPU's registers and entering, resetting and injecting into
 * it. struct arch_regs comes from the arch's own include directory.
 */
#ifndef TESSERA_ARCH_VCPU_H
#define TESSERA_ARCH_VCPU_H

#include <asm/regs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <tessera/arch/cpu.h>

struct vcpu;
struct vm;

/* The trap frame of physical CPU idx (fixed: vCPUs never move). */
struct arch_regs *arch_cpu_frame(unsigned idx);

/*
 * Put the vCPU in its architectural reset state, entering at `entry`. With
 * dtb_boot, `arg` is the device tree's address, placed as the arch's Linux
 * boot protocol wants it (arm64: x0; arm32: r2, with r0 = 0, r1 = ~0);
 * otherwise it is a PSCI CPU_ON context id (x0 / r0).
 */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg, bool dtb_boot);
/* Is `entry` a valid CPU_ON entry point (alignment; arm32: bit 0 selects Thumb)? */
bool arch_vcpu_entry_ok(uint64_t entry);
/*
 * Where a kernel image goes, as an offset from the base of its VM's first
 * RAM region (by the arch's kernel header, if it has one; else 0), and how
 * much memory from there it may use once running (*footprint >= size).
 */
uint64_t arch_kernel_offset(const uint8_t *img, size_t size, uint64_t ram_base,
			    uint64_t *footprint);
/* Leave the hypervisor into the vCPU on this CPU. */
noreturn void arch_vcpu_enter(struct vcpu *v);

/*
 * Guest registers: <asm/regs.h> provides inline arch_regs_get/set on the
 * trap frame (AArch64 numbering; 31 reads as zero); vm.h wraps them.
 */
uint64_t arch_vcpu_pc(void);

/*
 * Deliver a synchronous external abort (as a bus error would) or an
 * undefined-instruction exception to the guest. Returns false if the guest
 * has no usable vector (it would only fault again): stop it instead.
 */
bool arch_vcpu_inject_abort(struct vcpu *v, uint64_t va, bool write, bool instr);
bool arch_vcpu_inject_undef(struct vcpu *v);

#endif
