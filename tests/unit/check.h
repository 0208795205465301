/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A tiny host test harness. Each CHECK prints one line, `PASS: <name>` or
 * `FAIL: <name>: failed at <file>:<line>`, which scripts/test.sh counts.
 * A test's main() ends with `return check_status();`: non-zero when any
 * check failed. A crash exits non-zero on its own, and tests/unit/unit.mk
 * reports it as a FAIL line, so a crash never reads as success.
 */
#ifndef TESSERA_TEST_CHECK_H
#define TESSERA_TEST_CHECK_H

#include <stdio.h>

static int check_failures;

static inline int check_one(int ok, const char *name, const char *file, int line)
{
	if (ok) {
		printf("PASS: %s\n", name);
	} else {
		printf("FAIL: %s: failed at %s:%d\n", name, file, line);
		check_failures++;
	}
	fflush(stdout);
	return ok;
}

/* Evaluates to the outcome, so a test can skip what depends on it. */
#define CHECK(cond, name) check_one(!!(cond), (name), __FILE__, __LINE__)

static inline int check_status(void)
{
	return check_failures ? 1 : 0;
}

#endif
