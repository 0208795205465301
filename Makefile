# SPDX-License-Identifier: Apache-2.0
#
# The one entry point. `make` builds the hypervisor, the guests and the
# default plan of BOARD; `make run` boots it in QEMU; `make test` runs every
# test; `make bench` prints the instruction-count table. Missing Debian
# packages are installed first (scripts/deps.sh).

BOARD ?= qemu-virt-arm64
BOARDS := $(sort $(notdir $(patsubst %/board.mk,%,$(wildcard boards/*/board.mk))))
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error unknown BOARD '$(BOARD)'; valid boards: $(BOARDS))
endif

B := build/$(BOARD)
include boards/$(BOARD)/board.mk
include platforms/$(PLATFORM)/platform.mk
include arch/$(ARCH)/arch.mk

PLAN ?= boards/$(BOARD)/plan.dts
PLAN_ID := $(subst /,_,$(subst ../,,$(patsubst %.dts,%,$(PLAN))))
# HW=1: for the real board, without the board's QEMU overlay (QEMU_OVERLAY,
# what QEMU lacks of the firmware); its own plan folder, and no `make run`.
P := $(B)/plans$(if $(HW),-hw)/$(PLAN_ID)
OVERLAY := $(if $(HW),,$(addprefix boards/$(BOARD)/,$(QEMU_OVERLAY)))
TIMEOUT ?= 60

CC := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC ?= gcc

# Target libfdt comes from Debian's libfdt-dev for the target architecture.
FDT_DIR := build/deps/$(DEB_ARCH)
FDT_LIB := $(FDT_DIR)/usr/lib/$(DEB_TRIPLET)/libfdt.a

# Anything asked of a tool that deps.sh installs is asked when a recipe first
# needs it, never while this file is parsed: on a fresh machine the tool only
# exists once the `deps` prerequisite has run. lazy_once turns a variable
# into one that runs its $(shell) at first use and then keeps the answer.
lazy_once = $(eval $(1) := $$(or $$(shell $(2)),$$(error $(3))))$($(1))
GCC_INCLUDE = $(call lazy_once,GCC_INCLUDE,$(CC) -print-file-name=include 2>/dev/null,\
	$(CC) gives no include directory: is it installed? (make deps))

WARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS = $(WARN) -std=gnu11 -O2 -g -flto -fomit-frame-pointer -ffreestanding -fno-builtin -nostdinc \
	-isystem $(GCC_INCLUDE) \
	-Iinclude -Iinclude/libc -I$(FDT_DIR)/usr/include \
	-fno-stack-protector -fno-pic -fno-pie -mgeneral-regs-only \
	-DLOAD_ADDR=$(LOAD_ADDR) -DTEXT_OFFSET=$(TEXT_OFFSET) -DEARLY_UART=$(EARLY_UART) \
	'-DEARLY_UART_COMPAT="$(EARLY_UART_COMPAT)"' -DEARLY_UART_SHIFT=$(EARLY_UART_SHIFT) \
	-DEARLY_UART_WIDTH=$(EARLY_UART_WIDTH) $(ARCH_CFLAGS)
ASFLAGS = $(CFLAGS) -D__ASSEMBLY__
LDFLAGS := -flto=auto -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

# The early console (before the DT is read) is the platform's; the console
# the DT names may be any UART with a driver here, so every board links all.
EARLY_UART_COMPAT ?= arm,pl011
EARLY_UART_SHIFT ?= 0
EARLY_UART_WIDTH ?= 1
UART_DRIVERS := uart.c pl011.c cdns_uart.c ns16550.c
# The IOMMU driver: inert where the DT has no SMMUv3.
IOMMU_DRIVERS := smmuv3.c smmuv3_desc.c

CORE_SRCS := $(wildcard core/*.c)
HYP_SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(addprefix drivers/,$(UART_DRIVERS) $(IOMMU_DRIVERS) $(DRIVERS))
HYP_OBJS := $(patsubst %,$(B)/obj/%.o,$(HYP_SRCS))

.PHONY: all deps hyp guests check fit sdcard run test bench unit corpus clean format format-check boards fresh-check
all: hyp guests check fit

deps:
	@scripts/deps.sh $(DEB_ARCH)

hyp: $(B)/tessera.bin

$(FDT_LIB): | deps
	@scripts/fetch-target-libfdt.sh $(DEB_ARCH) $(FDT_DIR)

$(B)/obj/%.c.o: %.c $(FDT_LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/%.S.o: %.S | deps
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -MMD -MP -c $< -o $@

$(B)/tessera.elf: $(HYP_OBJS) arch/$(ARCH)/tessera.ld $(FDT_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,-T,arch/$(ARCH)/tessera.ld \
		-Wl,--defsym=LOAD_ADDR=$(LOAD_ADDR) -o $@ $(HYP_OBJS) $(FDT_LIB) -lgcc

$(B)/tessera.bin: $(B)/tessera.elf
	$(OBJCOPY) -O binary $< $@
	@echo "  tessera: $@ ($$(stat -c %s $@) bytes)"

# Guests the project builds (each folder brings its guest.mk).
GUEST_OUT := $(B)/guests
include $(wildcard guests/*/guest.mk)

# Host tools and host unit tests (the config engine and stage-2 code built
# for the host with a fake arch, DESIGN.md section 3).
include tools/tools.mk
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
include tests/corpus/corpus.mk

# The board's hardware DT. QEMU boards dump it from QEMU with the very flags
# `make run` uses; real boards take Debian's (HW_DTS_DEPS: the kernel
# package's device trees, guests/linux/fetch-dtbs.sh).
$(B)/hw/$(HW_DTS): $(HW_DTS_DEPS) | deps
	@mkdir -p $(dir $@)
	$(HW_DTS_RECIPE)

# The board DT = hardware DT + board additions + the partition plan.
$(P)/board.dtb: $(PLAN) boards/$(BOARD)/board.dts $(OVERLAY) $(B)/hw/$(HW_DTS) tools/board-dtb.sh | deps
	@tools/board-dtb.sh $(addprefix --overlay ,$(OVERLAY)) boards/$(BOARD) $(B)/hw $(PLAN) $@

# `make check` validates the plan on the host (same engine as at boot),
# prints it as a table, packs the guest images and writes each VM's device
# tree to $(P)/guest-dts/<label>.dtb for inspection (dtc -I dtb).
check: $(P)/images.pack
$(P)/images.pack: $(P)/board.dtb $(TCHECK) guests
	$(TCHECK) --plan-dir $(dir $(abspath $(PLAN))) --search $(abspath $(GUEST_OUT)) \
		--pack $@ --dt-out $(P)/guest-dts $(P)/board.dtb

# `make fit`: one FIT image (U-Boot `bootm`) of Tessera, the board DT and
# the pack, with sha256 hashes; tools/mkfit.sh writes the .its beside it.
fit: $(P)/tessera.itb
$(P)/tessera.itb: $(B)/tessera.bin $(P)/board.dtb $(P)/images.pack tools/mkfit.sh \
		boards/$(BOARD)/board.mk platforms/$(PLATFORM)/platform.mk | deps
	@tools/mkfit.sh --board-mk boards/$(BOARD)/board.mk --hyp $(B)/tessera.bin \
		--dtb $(P)/board.dtb --pack $(P)/images.pack -o $@

# `make sdcard`: the card image a board boots from (boards whose board.mk
# names UBOOT_DEB / UBOOT_SPL): the board's SPL + U-Boot from Debian's
# package at 8 KiB, a partition with boot.scr and the FIT, a partition with
# the guests' disk; written to $(B)/sdcard.img (the one to `dd` to a card)
# and kept per plan beside its FIT.
UBOOT_DIR := build/deps/$(subst :,-,$(UBOOT_DEB))
$(UBOOT_DIR)/stamp: | deps
	@scripts/fetch-deb.sh $(UBOOT_DEB) $(UBOOT_DIR)

sdcard: $(P)/sdcard.img
	@cp $< $(B)/sdcard.img
	@echo "  sdcard: $(B)/sdcard.img ($$(stat -c %s $(B)/sdcard.img) bytes; dd it to a card)"
$(P)/sdcard.img: $(P)/tessera.itb $(GUEST_OUT)/disk.img tools/mksdcard.sh $(if $(UBOOT_DEB),$(UBOOT_DIR)/stamp)
	@$(if $(UBOOT_DEB),,echo "make sdcard: board $(BOARD) names no U-Boot (UBOOT_DEB in board.mk)" >&2; exit 2)
	tools/mksdcard.sh --fit $(P)/tessera.itb --fit-addr $(or $(FIT_LOAD_ADDR),0x50000000) \
		--arch $(if $(filter arm32,$(ARCH)),arm,arm64) --spl $(UBOOT_DIR)/$(UBOOT_SPL) \
		--data $(GUEST_OUT)/disk.img --size 64 -o $@

# BOOT=fit (the virt boards' default): U-Boot bootm of the FIT from a disk;
# BOOT=uboot: U-Boot booti via QEMU's -kernel; BOOT=direct: QEMU's -kernel,
# no U-Boot; BOOT=sdcard (orangepi-pc's default): the board's boot ROM from
# the card image, SPL, U-Boot, bootm (the board's BOOT_DEFAULT picks).
run: all $(if $(filter sdcard,$(or $(BOOT),$(BOOT_DEFAULT))),$(P)/sdcard.img)
	@$(if $(HW),echo "make run: HW=1 builds for the real board; QEMU runs take the overlay" >&2; exit 2)
	@TIMEOUT=$(TIMEOUT) tools/qemu-run.sh --board-mk boards/$(BOARD)/board.mk \
		--mode $(or $(BOOT),$(BOOT_DEFAULT),fit) --hyp $(B)/tessera.bin --dtb $(P)/board.dtb \
		--pack $(P)/images.pack --fit $(P)/tessera.itb --sdcard $(P)/sdcard.img

test: | deps
	@scripts/test.sh

# The README's two commands on a throwaway Debian 12 (debootstrap + chroot,
# needs root; 20-30 minutes): tests/fresh-machine.sh.
fresh-check:
	@tests/fresh-machine.sh

# The benchmark table of this board (native vs Tessera, exact instruction
# counts), build/bench/ and its latency chart: docs/benchmarks.md.
bench: | deps
	@tools/bench.sh $(BOARD)

boards:
	@echo $(BOARDS)

clean:
	rm -rf build

-include $(HYP_OBJS:.o=.d)
