// SPDX-License-Identifier: Apache-2.0
/*
 * A small checked flattened-device-tree reader (DTSpec v0.4, chapter 5):
 * walks every node in order with its parents at hand, looks up properties,
 * matches paths and translates `reg` through the parent buses' `ranges`.
 * fdt_open() checks the header and walks the whole structure block once, so
 * a bad blob is refused before anyone uses it; every offset and length read
 * from the blob is still checked against its section at each use, so a bad
 * or missing DTB yields "no answer", never a fault. hw.c says what the
 * guest takes from it.
 */
#include "fdt.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_MAX_SIZE (2u << 20)
#define FDT_HEADER_SIZE 40u
#define FDT_OFF_TOTALSIZE 4u
#define FDT_OFF_STRUCT 8u
#define FDT_OFF_STRINGS 12u
#define FDT_OFF_SIZE_STRINGS 32u
#define FDT_OFF_SIZE_STRUCT 36u
#define FDT_ALIGN 8u
/* DTSpec 2.3.5: what a node without #address-cells / #size-cells implies. */
#define FDT_DEFAULT_ADDR_CELLS 2u
#define FDT_DEFAULT_SIZE_CELLS 1u
#define FDT_MAX_CELLS 2u /* 64-bit addresses and sizes; PCI's 3 cells are not for us */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Length of the NUL-terminated string at s within [s, end); ok = terminated. */
static size_t bounded_len(const char *s, const char *end, bool *ok)
{
	size_t n = 0;

	while (s + n < end && s[n] != '\0') {
		n++;
	}
	*ok = s + n < end;
	return n;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/*
 * Walks the structure block, calling visit (when not NULL) at each node's
 * FDT_BEGIN_NODE with its parents on a stack. true when the block is well
 * formed: balanced nodes, properties inside nodes and before subnodes, names
 * and values inside their sections, FDT_END last.
 */
static bool walk(const struct fdt *fdt, fdt_visit_fn visit, void *ctx)
{
	struct fdt_node stack[FDT_MAX_DEPTH];
	const uint8_t *p = fdt->structs, *end = fdt->structs_end;
	unsigned int depth = 0;
	bool subnodes_seen = false; /* in the current node: no property may follow */
	bool root_seen = false;
	bool ok;

	while ((size_t)(end - p) >= 4) {
		uint32_t token = be32(p);

		p += 4;
		switch (token) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)p;
			size_t n = bounded_len(name, (const char *)end, &ok);

			if (!ok || depth == FDT_MAX_DEPTH || pad4(n + 1) > (size_t)(end - p) ||
			    (depth == 0 && root_seen)) {
				return false; /* one root only */
			}
			root_seen = true;
			p += pad4(n + 1);
			stack[depth] = (struct fdt_node){
				.fdt = fdt,
				.parent = depth > 0 ? &stack[depth - 1] : NULL,
				.name = name,
				.props = p,
				.depth = depth,
			};
			if (visit != NULL) {
				visit(&stack[depth], ctx);
			}
			depth++;
			subnodes_seen = false;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0) {
				return false;
			}
			depth--;
			subnodes_seen = true; /* back in the parent, after a subnode */
			break;
		case FDT_PROP: {
			if (depth == 0 || subnodes_seen || (size_t)(end - p) < 8) {
				return false;
			}
			uint32_t len = be32(p), nameoff = be32(p + 4);

			p += 8;
			if (pad4(len) > (size_t)(end - p) || nameoff >= fdt->strings_size) {
				return false;
			}
			bounded_len(fdt->strings + nameoff, fdt->strings + fdt->strings_size, &ok);
			if (!ok) {
				return false;
			}
			p += pad4(len);
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 && root_seen;
		default:
			return false;
		}
	}
	return false;
}

bool fdt_open(struct fdt *fdt, uintptr_t dtb)
{
	uint32_t word;

	/* 8-byte aligned (DTSpec 5.1), and probed first: x0/r2 may hold anything. */
	if (dtb == 0 || (dtb & (FDT_ALIGN - 1)) != 0 || !tg_probe_read32(dtb, &word)) {
		return false;
	}
	const uint8_t *blob = (const uint8_t *)dtb;
	uint32_t total = be32(blob + FDT_OFF_TOTALSIZE);
	uint32_t off_struct = be32(blob + FDT_OFF_STRUCT);
	uint32_t off_strings = be32(blob + FDT_OFF_STRINGS);
	uint32_t size_strings = be32(blob + FDT_OFF_SIZE_STRINGS);
	uint32_t size_struct = be32(blob + FDT_OFF_SIZE_STRUCT);

	if (be32(blob) != FDT_MAGIC || total < FDT_HEADER_SIZE || total > FDT_MAX_SIZE ||
	    off_struct < FDT_HEADER_SIZE || (off_struct & 3) != 0 || off_struct > total ||
	    size_struct > total - off_struct || off_strings > total ||
	    size_strings > total - off_strings) {
		return false;
	}
	fdt->structs = blob + off_struct;
	fdt->structs_end = fdt->structs + size_struct;
	fdt->strings = (const char *)blob + off_strings;
	fdt->strings_size = size_strings;
	return walk(fdt, NULL, NULL);
}

void fdt_walk(const struct fdt *fdt, fdt_visit_fn visit, void *ctx)
{
	(void)walk(fdt, visit, ctx);
}

const void *fdt_prop(const struct fdt_node *n, const char *name, uint32_t *len)
{
	const struct fdt *fdt = n->fdt;
	const uint8_t *p = n->props, *end = fdt->structs_end;
	bool ok;

	/* A node's properties come first, up to its first subnode or its end. */
	while ((size_t)(end - p) >= 4) {
		uint32_t token = be32(p);

		if (token == FDT_NOP) {
			p += 4;
			continue;
		}
		if (token != FDT_PROP || (size_t)(end - p) < 12) {
			return NULL;
		}
		uint32_t plen = be32(p + 4), nameoff = be32(p + 8);

		p += 12;
		if (plen > (size_t)(end - p) || nameoff >= fdt->strings_size) {
			return NULL;
		}
		const char *pname = fdt->strings + nameoff;

		bounded_len(pname, fdt->strings + fdt->strings_size, &ok);
		if (ok && strcmp(pname, name) == 0) {
			*len = plen;
			return p;
		}
		if (pad4(plen) > (size_t)(end - p)) {
			return NULL;
		}
		p += pad4(plen);
	}
	return NULL;
}

const char *fdt_prop_str(const struct fdt_node *n, const char *name)
{
	uint32_t len;
	const char *s = fdt_prop(n, name, &len);
	bool ok;

	if (s == NULL || len == 0) {
		return NULL;
	}
	bounded_len(s, s + len, &ok);
	return ok ? s : NULL;
}

bool fdt_prop_u32(const struct fdt_node *n, const char *name, uint32_t *v)
{
	uint32_t len;
	const uint8_t *p = fdt_prop(n, name, &len);

	if (p == NULL || len != 4) {
		return false;
	}
	*v = be32(p);
	return true;
}

bool fdt_is_compatible(const struct fdt_node *n, const char *const *list)
{
	uint32_t len;
	const char *s = fdt_prop(n, "compatible", &len);

	/* A list of NUL-terminated strings; an unterminated tail matches nothing. */
	for (const char *end = s + len; s != NULL && s < end;) {
		bool ok;
		size_t k = bounded_len(s, end, &ok);

		if (!ok) {
			return false;
		}
		for (const char *const *c = list; *c != NULL; c++) {
			if (strcmp(s, *c) == 0) {
				return true;
			}
		}
		s += k + 1;
	}
	return false;
}

bool fdt_is_enabled(const struct fdt_node *n)
{
	const char *status = fdt_prop_str(n, "status");

	return status == NULL || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

static uint32_t cells(const struct fdt_node *n, const char *name, uint32_t def)
{
	uint32_t v;

	return fdt_prop_u32(n, name, &v) ? v : def;
}

/* cnt (1 or 2) big-endian cells at p. */
static uint64_t read_cells(const uint8_t *p, uint32_t cnt)
{
	return cnt == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

/*
 * One step up: addr, in the address space of bus's children, into that of
 * bus's parent (DTSpec 2.3.8). No `ranges` means the bus is not memory
 * mapped (no translation); an empty one, 1:1.
 */
static bool translate(const struct fdt_node *bus, uint64_t *addr)
{
	uint32_t len;
	const uint8_t *r = fdt_prop(bus, "ranges", &len);

	if (r == NULL) {
		return false;
	}
	if (len == 0) {
		return true;
	}
	uint32_t cac = cells(bus, "#address-cells", FDT_DEFAULT_ADDR_CELLS);
	uint32_t csc = cells(bus, "#size-cells", FDT_DEFAULT_SIZE_CELLS);
	uint32_t pac = cells(bus->parent, "#address-cells", FDT_DEFAULT_ADDR_CELLS);

	if (cac == 0 || cac > FDT_MAX_CELLS || csc == 0 || csc > FDT_MAX_CELLS || pac == 0 ||
	    pac > FDT_MAX_CELLS) {
		return false;
	}
	uint32_t entry = (cac + pac + csc) * 4;

	for (uint32_t off = 0; len - off >= entry; off += entry) {
		uint64_t child = read_cells(r + off, cac);
		uint64_t parent = read_cells(r + off + cac * 4, pac);
		uint64_t size = read_cells(r + off + (cac + pac) * 4, csc);

		if (*addr >= child && *addr - child < size) {
			*addr = parent + (*addr - child);
			return true;
		}
	}
	return false;
}

bool fdt_reg(const struct fdt_node *n, unsigned int index, uint64_t *addr, uint64_t *size)
{
	const struct fdt_node *bus = n->parent;

	if (bus == NULL) {
		return false;
	}
	uint32_t ac = cells(bus, "#address-cells", FDT_DEFAULT_ADDR_CELLS);
	uint32_t sc = cells(bus, "#size-cells", FDT_DEFAULT_SIZE_CELLS);
	uint32_t len;
	const uint8_t *reg = fdt_prop(n, "reg", &len);

	if (reg == NULL || ac == 0 || ac > FDT_MAX_CELLS || sc > FDT_MAX_CELLS) {
		return false;
	}
	uint32_t entry = (ac + sc) * 4;

	if (len / entry <= index) {
		return false;
	}
	reg += index * entry;
	*addr = read_cells(reg, ac);
	*size = sc != 0 ? read_cells(reg + ac * 4, sc) : 0;
	/* Through every bus between the node and the root: the CPU's address. */
	for (; bus->parent != NULL; bus = bus->parent) {
		if (!translate(bus, addr)) {
			return false;
		}
	}
	return true;
}

/*
 * Does path component comp (len bytes) name node name? Exactly, or without
 * the unit address when comp has none ("serial" for "serial@1c28000", as
 * Linux's of_find_node_by_path() allows).
 */
static bool component_is(const char *name, const char *comp, size_t len)
{
	size_t i = 0;

	while (i < len && name[i] == comp[i]) {
		i++;
	}
	if (i < len) {
		return false;
	}
	if (name[i] == '\0') {
		return true;
	}
	for (size_t j = 0; j < len; j++) {
		if (comp[j] == '@') {
			return false;
		}
	}
	return name[i] == '@';
}

bool fdt_path_is(const struct fdt_node *n, const char *path, size_t len)
{
	while (n->parent != NULL) {
		size_t slash = len;

		while (slash > 0 && path[slash - 1] != '/') {
			slash--;
		}
		if (slash == 0 || !component_is(n->name, path + slash, len - slash)) {
			return false;
		}
		len = slash - 1; /* the parent's path, without this '/' */
		n = n->parent;
	}
	/* At the root: the whole path is used up. */
	return len == 0;
}
