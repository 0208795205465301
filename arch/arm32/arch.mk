# SPDX-License-Identifier: Apache-2.0
# ARMv7-A with the virtualization extensions and LPAE, in Hyp mode.
# The hypervisor links Debian's armhf libfdt, built for the Linux hard-float
# EABI (VFP argument passing, 32-bit enums, uint32_t as unsigned int), so it
# is compiled with the Linux-targeted gcc-arm-linux-gnueabihf, which matches
# all of that by default; -mgeneral-regs-only keeps every VFP register out of
# Hyp mode (libfdt itself has no VFP instructions). The bare-metal guests are
# their own programs and use gcc-arm-none-eabi (GUEST_CROSS_COMPILE).
# docs/decisions.md has the details.
CROSS_COMPILE ?= arm-linux-gnueabihf-
GUEST_CROSS_COMPILE ?= arm-none-eabi-
DEB_ARCH := armhf
DEB_TRIPLET := arm-linux-gnueabihf
ARCH_CFLAGS := -march=armv7ve -mfpu=vfpv3-d16 -marm -mno-unaligned-access -Iarch/arm32/include
ARCH_SRCS := $(wildcard arch/arm32/*.c arch/arm32/*.S) arch/lpae/pte.c
