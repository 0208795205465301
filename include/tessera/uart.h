/* SPDX-License-Identifier: Apache-2.0 */
/* Driver seam for the physical console UART, chosen by the platform. */
#ifndef TESSERA_UART_H
#define TESSERA_UART_H

#include <stdbool.h>
#include <stdint.h>

void uart_init(uint64_t base);
void uart_putc(char c);
/* A received byte, or -1 if none is waiting. */
int uart_getc(void);
/* Raise the UART's interrupt while received data waits. */
void uart_rx_irq(bool on);

#endif
