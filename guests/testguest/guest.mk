# SPDX-License-Identifier: Apache-2.0
#
# The bare-metal test guest: AArch64 EL1 (ARCH=arm64) or ARMv7-A SVC mode
# (ARCH=arm32). Included by the top Makefile, which sets CROSS_COMPILE,
# GUEST_OUT, WARN and ARCH. Deliberately independent of the hypervisor's
# CFLAGS: the guest is its own freestanding program. The scenarios are the
# C files here; arch/$(ARCH)/ brings the entry code, vectors, SMCCC call,
# link script and arch.h, the inline register accessors the C uses.

# arch.mk may name a separate compiler for bare-metal guests (arm32:
# arm-none-eabi-, whose soft-float multilib brings the -lgcc this needs).
TG_CROSS := $(or $(GUEST_CROSS_COMPILE),$(CROSS_COMPILE))
TG_CC := $(TG_CROSS)gcc
TG_OBJCOPY := $(TG_CROSS)objcopy
TG_DIR := guests/testguest
TG_ARCH_DIR := $(TG_DIR)/arch/$(ARCH)
TG_OBJ := $(GUEST_OUT)/obj/testguest
TG_SRCS := $(wildcard $(TG_DIR)/*.c) $(wildcard $(TG_ARCH_DIR)/*.c) $(wildcard $(TG_ARCH_DIR)/*.S)
TG_OBJS := $(patsubst $(TG_DIR)/%,$(TG_OBJ)/%.o,$(TG_SRCS))

TG_ARCH_CFLAGS_arm64 := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
# Soft-float ARM code; -mno-unaligned-access because with the MMU off every
# access is Strongly-ordered and an unaligned one faults. arm-none-eabi
# makes int32_t a long: the guest takes the int of the Linux ABIs (same
# size, same calling convention), so that -Wformat checks the shared
# printf formats on both architectures alike.
TG_ARCH_CFLAGS_arm32 := -march=armv7ve -marm -mfloat-abi=soft -mgeneral-regs-only \
	-fno-short-enums -mno-unaligned-access -fno-unwind-tables \
	-U__INT32_TYPE__ -D__INT32_TYPE__=int -U__UINT32_TYPE__ '-D__UINT32_TYPE__=unsigned int'
# arm-none-eabi's libgcc is built with short enums; its division helpers
# take no enum, so the linker's notice about the mix does not apply.
TG_ARCH_LDFLAGS_arm32 := -Wl,--no-enum-size-warning
ifeq ($(TG_ARCH_CFLAGS_$(ARCH)),)
$(error testguest: no build for ARCH '$(ARCH)' (arm64 or arm32))
endif

TG_CFLAGS := -std=gnu11 -ffreestanding -nostdlib -fno-builtin -fno-stack-protector \
	-fno-pic -fno-pie $(TG_ARCH_CFLAGS_$(ARCH)) \
	-O2 -g $(WARN) -I$(TG_DIR) -I$(TG_ARCH_DIR)

$(TG_OBJ)/%.c.o: $(TG_DIR)/%.c
	@mkdir -p $(dir $@)
	$(TG_CC) $(TG_CFLAGS) -MMD -MP -c $< -o $@

$(TG_OBJ)/%.S.o: $(TG_DIR)/%.S
	@mkdir -p $(dir $@)
	$(TG_CC) $(TG_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# The same objects, linked twice, each where its loader puts the image:
#   testguest.bin         for a VM, which always sees RAM at 0x40000000 (the
#                         QEMU virt layout, DESIGN.md 1.3);
#   testguest-native.bin  for the board itself, no hypervisor (make bench's
#                         native runs): RAM at TG_NATIVE_RAM_BASE, which a
#                         board whose RAM starts elsewhere sets in its
#                         board.mk (xlnx-zcu102: 0x0).
# Not one position-independent image: that needs a relocation pass run
# with the MMU off before any C, and would change the image every VM runs;
# a second link costs nothing. The link script adds the arch's text offset.
# -lgcc comes from the multilib the flags select (64-bit division on arm32).
TG_VM_RAM_BASE := 0x40000000
TG_NATIVE_RAM_BASE ?= 0x40000000
tg_link = $(TG_CC) $(TG_CFLAGS) -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments $(TG_ARCH_LDFLAGS_$(ARCH)) -Wl,--defsym=TG_RAM_BASE=$(1) \
	-Wl,-T,$(TG_ARCH_DIR)/testguest.ld -o $@ $(TG_OBJS) -lgcc

$(TG_OBJ)/testguest.elf: $(TG_OBJS) $(TG_ARCH_DIR)/testguest.ld
	$(call tg_link,$(TG_VM_RAM_BASE))

# The base as last linked, rewritten only when it changes, so that a new
# value (board.mk or the command line) relinks.
$(TG_OBJ)/native-ram-base: tg-native-ram-base-check
	@mkdir -p $(dir $@)
	@echo $(TG_NATIVE_RAM_BASE) | cmp -s - $@ || echo $(TG_NATIVE_RAM_BASE) >$@

$(TG_OBJ)/testguest-native.elf: $(TG_OBJS) $(TG_ARCH_DIR)/testguest.ld $(TG_OBJ)/native-ram-base
	$(call tg_link,$(TG_NATIVE_RAM_BASE))

$(GUEST_OUT)/testguest.bin: $(TG_OBJ)/testguest.elf
	$(TG_OBJCOPY) -O binary $< $@

$(GUEST_OUT)/testguest-native.bin: $(TG_OBJ)/testguest-native.elf
	$(TG_OBJCOPY) -O binary $< $@

.PHONY: guests tg-native-ram-base-check
guests: $(GUEST_OUT)/testguest.bin $(GUEST_OUT)/testguest-native.bin

-include $(TG_OBJS:.o=.d)
