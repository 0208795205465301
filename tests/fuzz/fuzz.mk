# SPDX-License-Identifier: Apache-2.0
#
# libFuzzer targets, built for the host with clang, ASan and UBSan, leak
# detection on (libFuzzer's default):
#   config  the config engine (tests/fuzz/fuzz_config.c): the engine's own
#           sources (TCHECK_SRCS from tools/tools.mk without tcheck's main)
#           and core/guest_dt.c. Debian's libfdt is linked as it is, not
#           instrumented.
#   vgic    the vGIC's trap emulation, core/vgic.c as it is, over a model of
#           the physical GIC (tests/fuzz/fuzz_vgic.c, fuzz_gic.c); CPU_OFF
#           goes through core/psci.c.
#   psci    the SMCCC/PSCI decoder, core/psci.c, behind arm64's HVC/SMC
#           entry from arch/arm64/traps.c (tests/fuzz/fuzz_psci.c).
#
#   make fuzz         fuzz for FUZZ_TIME seconds (default 300) each of
#                     FUZZER=config|vgic|psci (default all, one after the
#                     other); new inputs collect in build/fuzz/corpus (config)
#                     or build/fuzz/<name>/corpus, crashes in .../crashes;
#                     FUZZ_ARGS adds libFuzzer flags (e.g. -jobs=2 -workers=2)
#   make fuzz-check   for each fuzzer, a bounded, seeded run from the seeds
#                     only (FUZZ_RUNS inputs for config, default 20000;
#                     FUZZ_VGIC_RUNS and FUZZ_PSCI_RUNS for the others), then
#                     a replay of every bug input kept; one PASS:/FAIL: line
#                     each. scripts/test.sh runs it.
#
# config seeds: tests/plans/*.dts (the unit fixtures, good and bad) and
# tests/fuzz/corpus/*.dts, compiled with dtc into build/fuzz/seeds/.
# A crash reproduces with: build/fuzz/fuzz_config <file>
# (build/fuzz/fuzz_vgic or fuzz_psci for theirs; FUZZ_TRACE=1 prints what
# the input does, FUZZ_KNOWN_BUGS=1 turns the known-bug filters off).

FUZZ_CC ?= clang
FUZZ_TIME ?= 300
FUZZ_RUNS ?= 20000
FUZZ_SEED ?= 1
FUZZ_ARGS ?=
FUZZ_OUT := build/fuzz
FUZZ_BIN := $(FUZZ_OUT)/fuzz_config
FUZZ_DICT := tests/fuzz/config.dict

# guest_dt.c is named once whether or not tcheck links it.
FUZZ_ENGINE_SRCS := $(filter-out tools/tcheck.c core/guest_dt%,$(TCHECK_SRCS))
FUZZ_SRCS := tests/fuzz/fuzz_config.c $(FUZZ_ENGINE_SRCS) $(wildcard core/guest_dt*.c)
# guest_dt.c pulls <tessera/vgic.h>, whose spinlock wants <asm/cpu.h>: the
# unit tests' fake arch provides it.
FUZZ_EXTRA_CFLAGS ?=
FUZZ_CFLAGS := $(WARN) -std=gnu11 -g -O1 -Iinclude -Itests/unit/fake_arch/include $(FUZZ_EXTRA_CFLAGS) \
	-fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

FUZZ_SEED_DIR := $(FUZZ_OUT)/seeds
FUZZ_SEEDS := $(patsubst tests/plans/%.dts,$(FUZZ_SEED_DIR)/plan-%.dtb,$(wildcard tests/plans/*.dts)) \
	$(patsubst tests/fuzz/corpus/%.dts,$(FUZZ_SEED_DIR)/fuzz-%.dtb,$(wildcard tests/fuzz/corpus/*.dts))

# Crashes found so far (tests/fuzz/crashes/: <name>.dts, or <name>.b64 for a
# blob dtc cannot write; README.md there names each bug): fuzz-check
# replays each with the known-bug filters off.
FUZZ_REGRESS_DIR := $(FUZZ_OUT)/regress
FUZZ_REGRESS := $(patsubst tests/fuzz/crashes/%.dts,$(FUZZ_REGRESS_DIR)/%.dtb,$(wildcard tests/fuzz/crashes/*.dts)) \
	$(patsubst tests/fuzz/crashes/%.b64,$(FUZZ_REGRESS_DIR)/%.dtb,$(wildcard tests/fuzz/crashes/*.b64))

# -max_len: a board DT is a few KiB; -timeout: a hang is an input taking 10 s.
FUZZ_OPTS := -max_len=16384 -timeout=10 -rss_limit_mb=2048 -dict=$(FUZZ_DICT) \
	-print_final_stats=1

$(FUZZ_BIN): $(FUZZ_SRCS) $(wildcard include/tessera/*.h core/*.h) tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS) -lfdt

$(FUZZ_SEED_DIR)/plan-%.dtb: tests/plans/%.dts $(wildcard tests/plans/*.dtsi)
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -i tests/plans -o $@ $<

$(FUZZ_SEED_DIR)/fuzz-%.dtb: tests/fuzz/corpus/%.dts $(wildcard tests/plans/*.dtsi)
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -i tests/plans -o $@ $<

$(FUZZ_REGRESS_DIR)/%.dtb: tests/fuzz/crashes/%.dts $(wildcard tests/plans/*.dtsi)
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -i tests/plans -o $@ $<

$(FUZZ_REGRESS_DIR)/%.dtb: tests/fuzz/crashes/%.b64
	@mkdir -p $(dir $@)
	base64 -d $< > $@

# The trap-emulation targets. Their seeds are written in C next to the input
# format they follow: the binary writes them (and one input per bug found,
# which fuzz-check replays with the known-bug filters off) when run with
# FUZZ_WRITE_SEEDS=<dir>, into <dir>/seeds and <dir>/regress.
FUZZ_TRAP_NAMES := vgic psci
FUZZ_TRAP_CFLAGS := $(WARN) -std=gnu11 -g -O1 -Iinclude -Itests/fuzz/fake_arch/include \
	-Itests/unit/fake_arch/include $(FUZZ_EXTRA_CFLAGS) \
	-fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TRAP_HDRS := $(wildcard include/tessera/*.h include/tessera/arch/*.h tests/fuzz/*.h \
	tests/fuzz/fake_arch/include/asm/*.h tests/unit/fake_arch/include/asm/*.h)
FUZZ_vgic_SRCS := tests/fuzz/fuzz_vgic.c tests/fuzz/fuzz_vgic_check.c tests/fuzz/fuzz_vgic_seeds.c \
	tests/fuzz/fuzz_gic.c tests/fuzz/fuzz_common.c core/vgic.c core/psci.c
FUZZ_psci_SRCS := tests/fuzz/fuzz_psci.c tests/fuzz/fuzz_psci_seeds.c tests/fuzz/fuzz_common.c \
	core/psci.c arch/arm64/traps.c
# fuzz-check: a few tens of thousands of inputs each; with the config
# fuzzer, about 25 s from a clean build on 2 cores. An input is a program:
# fuzz-check keeps them short.
FUZZ_VGIC_RUNS ?= 20000
FUZZ_PSCI_RUNS ?= 50000
FUZZ_vgic_RUNS = $(FUZZ_VGIC_RUNS)
FUZZ_psci_RUNS = $(FUZZ_PSCI_RUNS)
FUZZ_TRAP_OPTS := -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_TRAP_CHECK_LEN := 512

define FUZZ_TRAP_RULES
$(FUZZ_OUT)/fuzz_$(1): $$(FUZZ_$(1)_SRCS) $$(FUZZ_TRAP_HDRS) tests/fuzz/fuzz.mk
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(FUZZ_TRAP_CFLAGS) -o $$@ $$(FUZZ_$(1)_SRCS)

$(FUZZ_OUT)/$(1)/inputs.stamp: $(FUZZ_OUT)/fuzz_$(1)
	@rm -rf $(FUZZ_OUT)/$(1)/inputs
	@mkdir -p $(FUZZ_OUT)/$(1)/inputs/seeds $(FUZZ_OUT)/$(1)/inputs/regress
	FUZZ_WRITE_SEEDS=$(FUZZ_OUT)/$(1)/inputs $$<
	@touch $$@

.PHONY: fuzz-$(1) fuzz-check-$(1)
fuzz-$(1): $(FUZZ_OUT)/$(1)/inputs.stamp
	@mkdir -p $(FUZZ_OUT)/$(1)/corpus $(FUZZ_OUT)/$(1)/crashes
	$(FUZZ_OUT)/fuzz_$(1) $$(FUZZ_TRAP_OPTS) -max_len=4096 -max_total_time=$$(FUZZ_TIME) \
		-artifact_prefix=$(FUZZ_OUT)/$(1)/crashes/ $$(FUZZ_ARGS) $(FUZZ_OUT)/$(1)/corpus \
		$(FUZZ_OUT)/$(1)/inputs/seeds $(FUZZ_OUT)/$(1)/inputs/regress

fuzz-check-$(1): $(FUZZ_OUT)/$(1)/inputs.stamp
	@status=0; $$(call FUZZ_TRAP_CHECK,$(1)) exit $$$$status
endef
$(foreach n,$(FUZZ_TRAP_NAMES),$(eval $(call FUZZ_TRAP_RULES,$(n))))

# Shell for one trap fuzzer's check: the seeded run, then its bug inputs
# (those the harness wrote; each fails until its bug is fixed). Sets status=1
# on a failure and goes on.
FUZZ_TRAP_CHECK = FUZZ_NAME=$(1) tests/fuzz/check.sh $(FUZZ_OUT)/fuzz_$(1) $(FUZZ_$(1)_RUNS) \
	$(FUZZ_SEED) $(FUZZ_OUT)/$(1) $(FUZZ_OUT)/$(1)/inputs/seeds -max_len=$(FUZZ_TRAP_CHECK_LEN) \
	$(FUZZ_TRAP_OPTS) $(FUZZ_ARGS) || status=1; \
	FUZZ_NAME=$(1) FUZZ_REGRESS_SRC=tests/fuzz/fuzz_$(1)_seeds.c tests/fuzz/regress.sh \
	$(FUZZ_OUT)/fuzz_$(1) $(FUZZ_OUT)/$(1) $(FUZZ_OUT)/$(1)/inputs/regress/* || status=1;

FUZZER ?= all
FUZZ_NAMES := config $(FUZZ_TRAP_NAMES)
ifeq ($(FUZZER),all)
FUZZ_RUN := $(FUZZ_NAMES)
else ifneq ($(filter-out $(FUZZ_NAMES),$(FUZZER)),)
$(error unknown FUZZER '$(FUZZER)'; valid: all $(FUZZ_NAMES))
else
FUZZ_RUN := $(FUZZER)
endif

.PHONY: fuzz fuzz-check fuzz-build fuzz-config fuzz-check-config
fuzz-build: $(FUZZ_BIN) $(FUZZ_SEEDS) $(FUZZ_REGRESS) \
	$(foreach n,$(FUZZ_TRAP_NAMES),$(FUZZ_OUT)/$(n)/inputs.stamp)

# One after the other, in FUZZER's order (unless make -j).
fuzz: $(addprefix fuzz-,$(FUZZ_RUN))

fuzz-config: $(FUZZ_BIN) $(FUZZ_SEEDS) $(FUZZ_REGRESS)
	@mkdir -p $(FUZZ_OUT)/corpus $(FUZZ_OUT)/crashes
	$(FUZZ_BIN) $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME) \
		-artifact_prefix=$(FUZZ_OUT)/crashes/ $(FUZZ_ARGS) $(FUZZ_OUT)/corpus $(FUZZ_SEED_DIR)

# Seeded, so a `make test` run is reproducible; new inputs go to a scratch
# corpus that starts empty each time. Every fuzzer runs even if one fails.
fuzz-check: fuzz-build
	@status=0; \
	tests/fuzz/check.sh $(FUZZ_BIN) $(FUZZ_RUNS) $(FUZZ_SEED) $(FUZZ_OUT) $(FUZZ_SEED_DIR) \
		$(FUZZ_OPTS) $(FUZZ_ARGS) && \
	tests/fuzz/regress.sh $(FUZZ_BIN) $(FUZZ_OUT) $(FUZZ_REGRESS) || status=1; \
	$(foreach n,$(FUZZ_TRAP_NAMES),$(call FUZZ_TRAP_CHECK,$(n))) \
	exit $$status

fuzz-check-config: $(FUZZ_BIN) $(FUZZ_SEEDS) $(FUZZ_REGRESS)
	@tests/fuzz/check.sh $(FUZZ_BIN) $(FUZZ_RUNS) $(FUZZ_SEED) $(FUZZ_OUT) $(FUZZ_SEED_DIR) \
		$(FUZZ_OPTS) $(FUZZ_ARGS)
	@tests/fuzz/regress.sh $(FUZZ_BIN) $(FUZZ_OUT) $(FUZZ_REGRESS)
