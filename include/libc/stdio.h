/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TESSERA_LIBC_STDIO_H
#define TESSERA_LIBC_STDIO_H
#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
