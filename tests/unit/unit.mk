# SPDX-License-Identifier: Apache-2.0
#
# Host unit tests: every tests/unit/test_<name>.c becomes
# build/host/tests/test_<name>, linked with the core/ sources it lists in
# test_<name>_SRCS (and optional test_<name>_CFLAGS, test_<name>_LIBS).
# Adding a test is one file plus, if it needs core code, one line here,
# above the $(foreach) that reads these variables.
# `make unit` builds and runs them all, goes on after a failure and fails
# at the end if any test failed or crashed.

test_config_SRCS := $(wildcard core/config*.c)
test_pt_SRCS := core/pt.c tests/unit/fake_mm.c
test_ram_SRCS := core/ram.c
test_smmuv3_SRCS := drivers/smmuv3_desc.c
test_dma_SRCS := core/dma.c core/pt.c tests/unit/fake_mm.c
test_dma_CFLAGS := -Itests/unit/fake_arch/include
test_vgic_SRCS := core/vgic.c tests/unit/fake_gic.c
test_vgic_CFLAGS := -Itests/unit/fake_arch/include
test_conbuf_SRCS := core/conbuf.c
test_conbuf_CFLAGS := -Itests/unit/fake_arch/include
# The test guest's DT discovery, with a host arch.h in place of the guest's.
test_tg_hw_SRCS := guests/testguest/fdt.c guests/testguest/hw.c
test_tg_hw_CFLAGS := -iquote guests/testguest -iquote tests/unit/fake_tg

UNIT_OUT := build/host/tests
UNIT_NAMES := $(sort $(basename $(notdir $(wildcard tests/unit/test_*.c))))
UNIT_TESTS := $(addprefix $(UNIT_OUT)/,$(UNIT_NAMES))

# Sanitizers catch what a plain run would miss; no recovery, so undefined
# behaviour fails the test instead of printing and carrying on.
UNIT_CFLAGS := $(WARN) -std=gnu11 -O1 -g -Iinclude -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined

# Self-contained DT fixtures (they /include/ tests/plans/hw.dtsi); the
# fragment-style plans in tests/plans/integration/ are for `make check`.
UNIT_PLAN_OUT := $(UNIT_OUT)/plans
UNIT_PLANS := $(patsubst tests/plans/%.dts,$(UNIT_PLAN_OUT)/%.dtb,$(wildcard tests/plans/*.dts))

$(UNIT_PLAN_OUT)/%.dtb: tests/plans/%.dts $(wildcard tests/plans/*.dtsi)
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -i tests/plans -o $@ $<

define UNIT_TEST_RULE
$(UNIT_OUT)/$(1): tests/unit/$(1).c $$($(1)_SRCS) tests/unit/check.h $$(wildcard core/*.h) $$(wildcard include/tessera/*.h)
	@mkdir -p $$(dir $$@)
	$$(HOSTCC) $$(UNIT_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$< $$($(1)_SRCS) $$($(1)_LIBS) -lfdt
endef
$(foreach t,$(UNIT_NAMES),$(eval $(call UNIT_TEST_RULE,$(t))))

# A test that exits non-zero without having printed a FAIL line (a crash,
# a sanitizer report) gets one here, so scripts/test.sh counts it.
.PHONY: unit
unit: $(UNIT_TESTS) $(UNIT_PLANS)
	@failed=0; \
	for t in $(UNIT_TESTS); do \
		$$t $(UNIT_PLAN_OUT) > $$t.log 2>&1; status=$$?; cat $$t.log; \
		if [ $$status -ne 0 ]; then \
			failed=1; \
			grep -q '^FAIL: ' $$t.log || \
				echo "FAIL: $$(basename $$t): exited with status $$status"; \
		fi; \
	done; \
	exit $$failed
