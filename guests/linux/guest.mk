# SPDX-License-Identifier: Apache-2.0
#
# The Linux guest: Debian's stock arm64 kernel and a busybox initramfs, both
# taken from Debian's archive at build time (guests/linux/README.md).
# Included by the top Makefile, which sets GUEST_OUT and DEB_ARCH. arm64 only.
#
#   $(GUEST_OUT)/linux.Image            raw arm64 Image
#   $(GUEST_OUT)/linux-rootfs.cpio.gz   busybox + guests/linux/init
#
# The download happens once: build/deps/linux/stamp is made by
# fetch-linux.sh after both files are unpacked, and nothing depends on
# anything newer, so a second `make` only copies or repacks if needed.

ifeq ($(DEB_ARCH),arm64)

LX_DIR := guests/linux
LX_DEPS := build/deps/linux

$(LX_DEPS)/stamp: | deps
	@$(LX_DIR)/fetch-linux.sh $(LX_DEPS)

$(LX_DEPS)/Image $(LX_DEPS)/busybox: $(LX_DEPS)/stamp

$(GUEST_OUT)/linux.Image: $(LX_DEPS)/Image
	@mkdir -p $(dir $@)
	cp $< $@
	@echo "  linux: $@ ($$(stat -c %s $@) bytes)"

$(GUEST_OUT)/linux-rootfs.cpio.gz: $(LX_DEPS)/busybox $(LX_DIR)/init $(LX_DIR)/mkrootfs.sh
	@$(LX_DIR)/mkrootfs.sh $(LX_DEPS)/busybox $(LX_DIR)/init $@

.PHONY: guests
guests: $(GUEST_OUT)/linux.Image $(GUEST_OUT)/linux-rootfs.cpio.gz

endif
