/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rate-limited reports of what a guest provoked (tessera/report.h). A kind
 * costs one atomic add when it is not printed: a storm of them costs the
 * VM that makes it, and the console sees a handful of lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <tessera/hyp.h>
#include <tessera/report.h>
#include <tessera/vm.h>

/* "N <name>" in the summary line. */
static const char *const names[VM_REPORT_KINDS] = {
	[VM_REPORT_UNDEF] = "undefined instruction(s)",
	[VM_REPORT_DABT] = "data abort(s)",
	[VM_REPORT_IABT] = "instruction abort(s)",
	[VM_REPORT_WALK] = "table-walk abort(s)",
	[VM_REPORT_SMC] = "refused SMC(s)",
	[VM_REPORT_HVC] = "bad HVC(s)",
	[VM_REPORT_GIC] = "refused GIC access(es)",
	[VM_REPORT_SMMU] = "SMMU fault(s)",
};

bool report_due(uint64_t n)
{
	while (n >= 10 && n % 10 == 0) {
		n /= 10;
	}
	return n == 1;
}

uint64_t vm_report_count(struct vm *vm, enum vm_report_kind kind)
{
	return __atomic_add_fetch(&vm->reports.count[kind], 1, __ATOMIC_RELAXED);
}

bool vm_report(struct vm *vm, enum vm_report_kind kind, const char *fmt, ...)
{
	uint64_t n = vm_report_count(vm, kind);
	char line[200];
	va_list ap;

	if (!report_due(n)) {
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_vm(vm, "%s (%llu so far)", line, (unsigned long long)n);
	return true;
}

void vm_report_summary(struct vm *vm)
{
	char line[400];
	int n = 0;

	for (unsigned k = 0; k < VM_REPORT_KINDS; k++) {
		uint64_t c = __atomic_load_n(&vm->reports.count[k], __ATOMIC_RELAXED);

		if (c && n < (int)sizeof(line)) {
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%llu %s", n ? ", " : "",
				      (unsigned long long)c, names[k]);
		}
	}
	uint64_t lost = console_dropped(&vm->uart);

	if (lost && n < (int)sizeof(line)) {
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%llu console byte(s) dropped",
			      n ? ", " : "", (unsigned long long)lost);
	}
	if (n) {
		log_vm(vm, "vm '%s' so far: %s", vm->label, line);
	}
}
