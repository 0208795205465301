# SPDX-License-Identifier: Apache-2.0
# Xilinx Zynq UltraScale+ MPSoC (ZynqMP): 4x Cortex-A53, RAM at 0x0 (and
# 0x800000000), a GIC-400 (GICv2 with the virtualization extensions, 64 KiB
# aliased frames), Cadence UARTs at 0xff000000 and 0xff010000. The early
# console is UART0, as the boards' /chosen/stdout-path names it.
ARCH := arm64
LOAD_ADDR := 0x00200000
TEXT_OFFSET := 0x200000
EARLY_UART := 0xff000000
EARLY_UART_COMPAT := cdns,uart-r1p12
DRIVERS := gicv2.c
