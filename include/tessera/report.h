/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a guest provokes, reported without letting it flood the console
 * (core/report.c). Whatever a guest can make Tessera say once, it can make
 * Tessera say in a loop; so each kind is counted per VM, and the report is
 * printed the 1st, 10th, 100th, 1000th... time, with the count. The counts
 * are kept for the VM's whole life (restarts included) and printed when it
 * stops or restarts. For a new kind: add it to the enum and to the names
 * in report.c, and call
 *     vm_report(vm, VM_REPORT_SMMU, "vm '%s': ...", vm->label, ...);
 * from the handler, as one line without a trailing newline: the count is
 * appended as " (N so far)".
 */
#ifndef TESSERA_REPORT_H
#define TESSERA_REPORT_H

#include <stdbool.h>
#include <stdint.h>

enum vm_report_kind {
	VM_REPORT_UNDEF,  /* a trapped instruction Tessera refused (undefined injected) */
	VM_REPORT_DABT,   /* a data access outside its memory */
	VM_REPORT_IABT,   /* an instruction fetch outside its memory */
	VM_REPORT_WALK,   /* a stage-1 table walk that left its memory */
	VM_REPORT_SMC,    /* an SMC Tessera does not implement (a firmware call; none is forwarded) */
	VM_REPORT_HVC,    /* an HVC that is not an SMCCC call (immediate not 0) */
	VM_REPORT_GIC,    /* a GIC access to interrupts the VM does not own */
	VM_REPORT_SMMU,   /* a DMA of one of its devices blocked by an SMMU (drivers/smmuv3.c) */
	VM_REPORT_KINDS,
};

struct vm_reports {
	uint64_t count[VM_REPORT_KINDS]; /* atomic: any of the VM's vCPUs adds */
};

struct vm;

/* Is the n-th report of a kind printed? 1, 10, 100, ... */
bool report_due(uint64_t n);
/*
 * Count one event of kind for vm; when due, print fmt (a whole line about
 * the VM, "vm '<label>'..." by convention) with " (N so far)" appended, in
 * the VM's own console buffer (log_vm). Returns whether it was printed.
 */
bool vm_report(struct vm *vm, enum vm_report_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Count one event of kind for vm without printing anything, for a handler
 * with a printing rule of its own that still follows report_due() (the
 * SMMU's faults: also the first of each burst); returns the count so far.
 * What it prints goes through log_vm(), in the VM's own buffer.
 */
uint64_t vm_report_count(struct vm *vm, enum vm_report_kind kind);
/* The VM stops or restarts: one line with every count that is not zero (nothing if none). */
void vm_report_summary(struct vm *vm);

#endif
