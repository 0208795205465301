/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer's start-up hook for the trap-emulation targets: with
 * FUZZ_WRITE_SEEDS=<dir>, write the target's seeds and bug inputs there
 * (fuzz.mk does, to make the corpus) and exit instead of fuzzing.
 */
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_WRITE_SEEDS");

	(void)argc;
	(void)argv;
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	return 0;
}
