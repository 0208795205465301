/* SPDX-License-Identifier: Apache-2.0 */
/* Host tests of core/ram.c: where VM memory is placed in host RAM. */
#include <tessera/ram.h>

#include "check.h"

#define MiB (1ULL << 20)

static int overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

int main(void)
{
	struct cfg_range ram[] = { { 0x40000000, 1024 * MiB } };
	struct cfg_range resv[] = {
		{ 0x40200000, 2 * MiB },     /* the hypervisor */
		{ 0x7de98000, 0x10000 },     /* device tree, near the top as U-Boot puts it */
		{ 0x7dea5000, 0x4000 },      /* image pack */
	};
	struct ram_map m;
	uint64_t pa[4];

	CHECK(ram_init(&m, ram, 1, resv, 3) == 0, "ram: init with three reservations");
	CHECK(ram_alloc(&m, 16 * MiB, 2 * MiB, &pa[0]) == 0 && pa[0] == 0x7f000000,
	      "ram: first VM goes at the top of RAM");
	CHECK(ram_alloc(&m, 16 * MiB, 2 * MiB, &pa[1]) == 0 && pa[1] == 0x7e000000,
	      "ram: second VM right below it");
	CHECK(ram_alloc(&m, 16 * MiB, 2 * MiB, &pa[2]) == 0 && pa[2] + 16 * MiB <= 0x7de98000 &&
	      pa[2] % (2 * MiB) == 0,
	      "ram: third VM skips the device tree and the pack, 2 MiB aligned");
	int clean = 1;

	for (int i = 0; i < 3; i++) {
		for (int r = 0; r < 3; r++) {
			clean &= !overlaps(pa[i], 16 * MiB, resv[r].base, resv[r].size);
		}
		for (int j = 0; j < i; j++) {
			clean &= !overlaps(pa[i], 16 * MiB, pa[j], 16 * MiB);
		}
	}
	CHECK(clean, "ram: no VM overlaps another VM or a reservation");
	CHECK(ram_alloc(&m, 2048 * MiB, 2 * MiB, &pa[3]) == -1, "ram: more than RAM is refused");

	/* Exhaust it exactly: everything free is handed out once. */
	struct cfg_range small[] = { { 0x80000000, 8 * MiB } };

	CHECK(ram_init(&m, small, 1, NULL, 0) == 0 && ram_alloc(&m, 4 * MiB, 2 * MiB, &pa[0]) == 0 &&
	      ram_alloc(&m, 4 * MiB, 2 * MiB, &pa[1]) == 0 &&
	      ram_alloc(&m, 2 * MiB, 2 * MiB, &pa[2]) == -1 && pa[0] != pa[1],
	      "ram: 8 MiB gives two 4 MiB VMs and no more");

	/* Two RAM banks with a reservation splitting the first. */
	struct cfg_range banks[] = { { 0x40000000, 64 * MiB }, { 0x880000000ULL, 32 * MiB } };
	struct cfg_range hole[] = { { 0x41000000, 32 * MiB } };

	CHECK(ram_init(&m, banks, 2, hole, 1) == 0 && m.nr == 3, "ram: a reservation splits a bank in two");
	CHECK(ram_alloc(&m, 32 * MiB, 2 * MiB, &pa[0]) == 0 && pa[0] == 0x880000000ULL,
	      "ram: highest bank first");
	CHECK(ram_alloc(&m, 20 * MiB, 2 * MiB, &pa[1]) == -1, "ram: no free piece of 20 MiB is left");
	CHECK(ram_alloc(&m, 16 * MiB, 2 * MiB, &pa[1]) == 0 && pa[1] == 0x43000000,
	      "ram: the piece above the hole");
	/* Identity placement: exactly there, or refused. */
	CHECK(ram_init(&m, ram, 1, resv, 3) == 0 && ram_claim(&m, 0x48000000, 256 * MiB) == 0,
	      "ram: claim a free range exactly");
	CHECK(ram_claim(&m, 0x50000000, 2 * MiB) == -1, "ram: claiming taken memory is refused");
	CHECK(ram_claim(&m, 0x40100000, 2 * MiB) == -1, "ram: claiming over a reservation is refused");
	CHECK(ram_alloc(&m, 16 * MiB, 2 * MiB, &pa[0]) == 0 &&
	      (pa[0] + 16 * MiB <= 0x48000000 || pa[0] >= 0x58000000),
	      "ram: allocation afterwards avoids the claimed range");
	return check_status();
}
