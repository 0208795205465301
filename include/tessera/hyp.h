/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers every hypervisor file uses: sizes, alignment, log, panic. */
#ifndef TESSERA_HYP_H
#define TESSERA_HYP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define PAGE_SIZE 4096ULL

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* One line on the physical console, prefixed "[tessera] ". */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The same, for a line about what a VM did or what happened to it: it goes
 * into that VM's console buffer, in its place among the VM's own lines, and
 * if the VM makes too many, only that VM's output suffers.
 */
struct vm;
void log_vm(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A broken hypervisor invariant: print the reason and halt this CPU. */
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
