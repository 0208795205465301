// SPDX-License-Identifier: Apache-2.0
/*
 * The test guest's flattened-device-tree reader (fdt.c): open a blob, walk
 * its nodes with their parents at hand, read properties, translate `reg`
 * to a CPU address. Nothing is copied: names and values point into the
 * blob, valid for as long as it is.
 */
#ifndef TG_FDT_H
#define TG_FDT_H

#include "testguest.h"

#define FDT_MAX_DEPTH 16u /* deeper blobs are refused as malformed */

struct fdt {
	const uint8_t *structs, *structs_end; /* the structure block */
	const char *strings;
	uint32_t strings_size;
};

struct fdt_node {
	const struct fdt *fdt;
	const struct fdt_node *parent; /* NULL for the root; valid during the visit only */
	const char *name;	       /* "" for the root, else e.g. "serial@ff000000" */
	const uint8_t *props;	       /* its first property token */
	unsigned int depth;	       /* 0 for the root */
};

typedef void (*fdt_visit_fn)(const struct fdt_node *n, void *ctx);

/* Checks the header and the whole structure block; false: no usable DT. */
bool fdt_open(struct fdt *fdt, uintptr_t dtb);
/* Calls visit for every node, parents before children, in blob order. */
void fdt_walk(const struct fdt *fdt, fdt_visit_fn visit, void *ctx);

/* A property's value and length, or NULL when the node has none. */
const void *fdt_prop(const struct fdt_node *n, const char *name, uint32_t *len);
/* A string property, NULL unless NUL-terminated inside its length. */
const char *fdt_prop_str(const struct fdt_node *n, const char *name);
bool fdt_prop_u32(const struct fdt_node *n, const char *name, uint32_t *v);
/* Does any of n's compatible strings equal one in list (NULL-terminated)? */
bool fdt_is_compatible(const struct fdt_node *n, const char *const *list);
/* status absent, "okay" or "ok". */
bool fdt_is_enabled(const struct fdt_node *n);
/*
 * Entry index of `reg` as a CPU physical address: #address-cells and
 * #size-cells of 1 or 2 (size 0 allowed), through every parent bus's
 * `ranges` (empty: 1:1; absent: not memory mapped, false).
 */
bool fdt_reg(const struct fdt_node *n, unsigned int index, uint64_t *addr, uint64_t *size);
/* Is n the node at path[0..len) (absolute, unit addresses optional)? */
bool fdt_path_is(const struct fdt_node *n, const char *path, size_t len);

#endif
