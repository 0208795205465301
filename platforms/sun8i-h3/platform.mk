# SPDX-License-Identifier: Apache-2.0
# Allwinner H3 (and its kin): 4x Cortex-A7 in Hyp mode, RAM at 0x40000000, a
# GIC-400 (GICv2 with the virtualization extensions), DesignWare 16550
# UARTs with 32-bit registers 4 bytes apart. The early console is UART0, as
# the boards' /chosen/stdout-path names it.
ARCH := arm32
LOAD_ADDR := 0x40200000
TEXT_OFFSET := 0x200000
EARLY_UART := 0x01c28000
EARLY_UART_COMPAT := snps,dw-apb-uart
EARLY_UART_SHIFT := 2
EARLY_UART_WIDTH := 4
DRIVERS := gicv2.c
