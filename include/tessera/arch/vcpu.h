/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch seam: a vCPU's registers and entering, resetting and injecting into
 * it. struct arch_regs comes from the arch's own include directory.
 */
#ifndef TESSERA_ARCH_VCPU_H
#define TESSERA_ARCH_VCPU_H

#include <asm/regs.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <tessera/arch/cpu.h>

struct vcpu;
struct vm;

/* The trap frame of physical CPU idx (fixed: vCPUs never move). */
struct arch_regs *arch_cpu_frame(unsigned idx);

/* Put the vCPU in its architectural reset state, entering at `entry` with `arg` in x0. */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg);
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
