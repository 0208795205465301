# SPDX-License-Identifier: Apache-2.0
# QEMU virt (arm32, Cortex-A15) with a GICv2 (+ virtualization extensions):
# RAM at 0x40000000, PL011 at 0x09000000.
ARCH := arm32
LOAD_ADDR := 0x40200000
TEXT_OFFSET := 0x200000
EARLY_UART := 0x09000000
DRIVERS := gicv2.c
