# SPDX-License-Identifier: Apache-2.0
#
# A small ext2 disk image for guests that are handed a virtio-blk device
# (the default plans of qemu-virt-arm64 and qemu-virt-arm32, and
# tests/integration/plans/linux-devices.dts). QEMU attaches it with the
# board's QEMU_DEVICES. Made with mke2fs -d from guests/disk/root/ (no root
# rights, no loop mount): fixed UUID, hash seed and timestamps, so the same
# files give the same image. Nothing in it depends on the architecture
# (ext2 is little-endian on every one): every board gets the same bytes.
#
#   $(GUEST_OUT)/disk.img   4 MiB, ext2, label "tessera", /hello.txt

DISK_ROOT := guests/disk/root
DISK_FILES := $(shell find $(DISK_ROOT) -type f 2>/dev/null)

$(GUEST_OUT)/disk.img: $(DISK_FILES) guests/disk/guest.mk | deps
	@mkdir -p $(dir $@)
	@rm -f $@.tmp && truncate -s 4M $@.tmp
	E2FSPROGS_FAKE_TIME=1 mke2fs -q -F -t ext2 -L tessera -U 7e55e7a0-0000-4000-8000-000000000001 \
		-E hash_seed=7e55e7a0-0000-4000-8000-000000000002,root_owner=0:0 \
		-d $(DISK_ROOT) $@.tmp
	@mv $@.tmp $@
	@echo "  disk: $@ ($$(stat -c %s $@) bytes)"

.PHONY: guests
guests: $(GUEST_OUT)/disk.img
