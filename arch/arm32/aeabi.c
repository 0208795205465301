/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libgcc's division helpers (__aeabi_uldivmod and friends, for 64-bit
 * division on a 32-bit CPU) call these on a division by zero. Defining them
 * here keeps libgcc's Linux versions, which raise a signal, out of the link.
 * Tessera never divides by a guest-controlled value, so this is a bug.
 */
#include <tessera/hyp.h>

__attribute__((used)) void __aeabi_idiv0(void)
{
	panic("division by zero");
}

__attribute__((used)) void __aeabi_ldiv0(void)
{
	panic("division by zero");
}
