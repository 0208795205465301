# SPDX-License-Identifier: Apache-2.0
#
# The bare-metal test guest (AArch64 EL1). Included by the top Makefile,
# which sets CC, OBJCOPY, GUEST_OUT and WARN. Deliberately independent of
# the hypervisor's CFLAGS: the guest is its own freestanding program.

TG_DIR := guests/testguest
TG_OBJ := $(GUEST_OUT)/obj/testguest
TG_SRCS := $(wildcard $(TG_DIR)/*.c) $(wildcard $(TG_DIR)/*.S)
TG_OBJS := $(patsubst $(TG_DIR)/%,$(TG_OBJ)/%.o,$(TG_SRCS))
TG_CFLAGS := -std=gnu11 -ffreestanding -nostdlib -fno-builtin -fno-stack-protector \
	-fno-pic -fno-pie -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-O2 -g $(WARN) -I$(TG_DIR)

$(TG_OBJ)/%.c.o: $(TG_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TG_CFLAGS) -MMD -MP -c $< -o $@

$(TG_OBJ)/%.S.o: $(TG_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(TG_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(TG_OBJ)/testguest.elf: $(TG_OBJS) $(TG_DIR)/testguest.ld
	$(CC) $(TG_CFLAGS) -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments \
		-Wl,-T,$(TG_DIR)/testguest.ld -o $@ $(TG_OBJS) -lgcc

$(GUEST_OUT)/testguest.bin: $(TG_OBJ)/testguest.elf
	$(OBJCOPY) -O binary $< $@

.PHONY: guests
guests: $(GUEST_OUT)/testguest.bin

-include $(TG_OBJS:.o=.d)
