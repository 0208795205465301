# SPDX-License-Identifier: Apache-2.0
#
# Host tools. tcheck is the plan checker and image packer: core/config.c
# (the very engine the hypervisor runs at boot) built for the host, plus
# tools/tcheck.c for the table, the image search and the pack.

TCHECK := build/host/tcheck
TCHECK_SRCS := tools/tcheck.c $(wildcard core/config*.c) $(wildcard core/guest_dt*.c)

$(TCHECK): $(TCHECK_SRCS) core/config_priv.h $(wildcard include/tessera/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(WARN) -std=gnu11 -O2 -g -Iinclude -o $@ $(TCHECK_SRCS) -lfdt
