/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TESSERA_LIBC_STDLIB_H
#define TESSERA_LIBC_STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
