# SPDX-License-Identifier: Apache-2.0
#
# The Linux guest: Debian's stock kernel and a busybox initramfs, both taken
# from Debian's archive at build time (guests/linux/README.md). Included by
# the top Makefile, which sets GUEST_OUT and DEB_ARCH; built for arm64 and
# armhf boards, by the same scripts (guests/linux/lib.sh has what differs):
#
#   $(GUEST_OUT)/linux.Image            arm64: raw arm64 Image (Debian's arm64 flavour)
#   $(GUEST_OUT)/linux.zImage           armhf: arm32 zImage (Debian's armmp flavour)
#   $(GUEST_OUT)/linux-rootfs.cpio.gz   busybox + guests/linux/init + the
#                                       modules of LX_MODULES + tessera_shm
#
# Each architecture downloads into its own build/deps/linux-$(DEB_ARCH).
# The download happens once: build/deps/linux-<arch>/stamp is made by
# fetch-linux.sh after both files are unpacked, and nothing depends on
# anything newer, so a second `make` only copies or repacks if needed.
# The modules come from the matching linux-image package, downloaded once
# (build/deps/linux-<arch>/linux-image-<release>.deb), picked per board
# (build/<board>/guests/linux-modules/stamp).

LX_KERNEL := $(if $(filter arm64,$(DEB_ARCH)),Image,$(if $(filter armhf,$(DEB_ARCH)),zImage))

ifneq ($(LX_KERNEL),)

LX_DIR := guests/linux
LX_DEPS := build/deps/linux-$(DEB_ARCH)

$(LX_DEPS)/stamp: | deps
	@$(LX_DIR)/fetch-linux.sh $(DEB_ARCH) $(LX_DEPS)

$(LX_DEPS)/$(LX_KERNEL) $(LX_DEPS)/busybox: $(LX_DEPS)/stamp

# Not built into Debian's kernels (arm64 and armmp alike, see their
# modules.builtin): virtio-mmio, virtio-blk and ext4 (which mounts ext2;
# crc32c_generic for its checksums), for the disk the default plan hands
# Linux; uio, for the shared regions (tessera_shm below). A board adds the
# drivers of its own devices (board.mk: LX_BOARD_MODULES, e.g. the ZCU102's
# Ethernet and SD controller), so the modules are per board.
LX_MODULES := virtio_mmio virtio_blk crc32c_generic ext4 uio $(LX_BOARD_MODULES)
LX_MOD_DIR := $(GUEST_OUT)/linux-modules

# The list as a file that changes only when the list does, so that editing
# LX_MODULES fetches again and nothing else does.
$(LX_MOD_DIR).list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(LX_MODULES)' | cmp -s - $@ || echo '$(LX_MODULES)' >$@

$(LX_MOD_DIR)/stamp: $(LX_DEPS)/stamp $(LX_DIR)/fetch-modules.sh $(LX_MOD_DIR).list
	@$(LX_DIR)/fetch-modules.sh $(DEB_ARCH) $(LX_DEPS)/$(LX_KERNEL) $(LX_MOD_DIR) $(LX_MODULES)

# The device trees of the same kernel package, for real boards whose hardware
# DT is Debian's (boards/*/board.mk: HW_DTS_DEPS, HW_DTS_RECIPE).
$(LX_DEPS)/dtbs/stamp: $(LX_DEPS)/stamp $(LX_DIR)/fetch-dtbs.sh
	@$(LX_DIR)/fetch-dtbs.sh $(DEB_ARCH) $(LX_DEPS)/$(LX_KERNEL) $(LX_DEPS)/dtbs

# Tessera's own module: a shared region (tessera,shmem) as a UIO device
# (Debian's kernels have no uio_pdrv_genirq). Built against Debian's
# kbuild tree for the kernel, downloaded once into $(LX_DEPS)/kbuild.
LX_SHM_SRC := $(wildcard $(LX_DIR)/tessera-shm/*)

$(LX_DEPS)/shm-module/stamp: $(LX_DEPS)/stamp $(LX_DIR)/build-module.sh $(LX_DIR)/lib.sh \
		$(LX_SHM_SRC)
	@$(LX_DIR)/build-module.sh $(DEB_ARCH) $(LX_DEPS)/$(LX_KERNEL) $(LX_DEPS)/kbuild \
		$(LX_DIR)/tessera-shm $(LX_DEPS)/shm-module

$(GUEST_OUT)/linux.$(LX_KERNEL): $(LX_DEPS)/$(LX_KERNEL)
	@mkdir -p $(dir $@)
	cp $< $@
	@echo "  linux: $@ ($$(stat -c %s $@) bytes)"

$(GUEST_OUT)/linux-rootfs.cpio.gz: $(LX_DEPS)/busybox $(LX_DIR)/init $(LX_DIR)/mkrootfs.sh \
		$(LX_MOD_DIR)/stamp $(LX_DEPS)/shm-module/stamp
	@$(LX_DIR)/mkrootfs.sh $(LX_DEPS)/busybox $(LX_DIR)/init $@ $(LX_MOD_DIR) \
		$(LX_DEPS)/shm-module

.PHONY: guests FORCE
FORCE:

guests: $(GUEST_OUT)/linux.$(LX_KERNEL) $(GUEST_OUT)/linux-rootfs.cpio.gz

endif
