# SPDX-License-Identifier: Apache-2.0
CROSS_COMPILE ?= aarch64-linux-gnu-
DEB_ARCH := arm64
DEB_TRIPLET := aarch64-linux-gnu
ARCH_CFLAGS := -mstrict-align -mno-outline-atomics -march=armv8-a -Iarch/arm64/include
ARCH_SRCS := $(wildcard arch/arm64/*.c arch/arm64/*.S) arch/lpae/pte.c
