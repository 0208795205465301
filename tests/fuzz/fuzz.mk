# SPDX-License-Identifier: Apache-2.0
#
# libFuzzer on the config engine (tests/fuzz/fuzz_config.c): the engine's
# own sources (TCHECK_SRCS from tools/tools.mk without tcheck's main) and
# core/guest_dt.c, built for the host with clang, ASan and UBSan, leak
# detection on (libFuzzer's default). Debian's libfdt is linked as it is, not
# instrumented.
#
#   make fuzz         fuzz for FUZZ_TIME seconds (default 300); new inputs
#                     collect in build/fuzz/corpus, crashes in build/fuzz/crashes;
#                     FUZZ_ARGS adds libFuzzer flags (e.g. -jobs=2 -workers=2)
#   make fuzz-check   a bounded, seeded run (FUZZ_RUNS inputs, default 20000)
#                     from the seeds only, then a replay of every crash kept
#                     in tests/fuzz/crashes/; one PASS:/FAIL: line each.
#                     scripts/test.sh runs it.
#
# Seeds: tests/plans/*.dts (the unit fixtures, good and bad) and
# tests/fuzz/corpus/*.dts, compiled with dtc into build/fuzz/seeds/.
# A crash reproduces with: build/fuzz/fuzz_config <file>

FUZZ_CC ?= clang
FUZZ_TIME ?= 300
FUZZ_RUNS ?= 20000
FUZZ_SEED ?= 1
FUZZ_ARGS ?=
FUZZ_OUT := build/fuzz
FUZZ_BIN := $(FUZZ_OUT)/fuzz_config
FUZZ_DICT := tests/fuzz/config.dict

# guest_dt.c is named once whether or not tcheck links it.
FUZZ_ENGINE_SRCS := $(filter-out tools/tcheck.c core/guest_dt.c,$(TCHECK_SRCS))
FUZZ_SRCS := tests/fuzz/fuzz_config.c $(FUZZ_ENGINE_SRCS) core/guest_dt.c
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

.PHONY: fuzz fuzz-check fuzz-build
fuzz-build: $(FUZZ_BIN) $(FUZZ_SEEDS) $(FUZZ_REGRESS)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_OUT)/corpus $(FUZZ_OUT)/crashes
	$(FUZZ_BIN) $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME) \
		-artifact_prefix=$(FUZZ_OUT)/crashes/ $(FUZZ_ARGS) $(FUZZ_OUT)/corpus $(FUZZ_SEED_DIR)

# Seeded, so a `make test` run is reproducible; new inputs go to a scratch
# corpus that starts empty each time.
fuzz-check: fuzz-build
	@tests/fuzz/check.sh $(FUZZ_BIN) $(FUZZ_RUNS) $(FUZZ_SEED) $(FUZZ_OUT) $(FUZZ_SEED_DIR) \
		$(FUZZ_OPTS) $(FUZZ_ARGS)
	@tests/fuzz/regress.sh $(FUZZ_BIN) $(FUZZ_OUT) $(FUZZ_REGRESS)
