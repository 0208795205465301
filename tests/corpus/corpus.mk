# SPDX-License-Identifier: Apache-2.0
#
# `make corpus`: the plan checker over real board device trees, every DTB of
# Debian's linux-image-<abi>-arm64 and linux-image-<abi>-armmp packages
# (tests/corpus/fetch.sh: apt-get download, extracted once into
# build/deps/corpus/<abi>/, ~63 MiB), with plans tests/corpus/plangen.c
# writes into each board whose GIC has a virtualisation interface, checked
# by a tcheck built with ASan and UBSan (tests/corpus/run.sh says what is
# asserted). One FAIL: line per kind of failure, one summary line;
# build/corpus/corpus.log has the details. scripts/test.sh runs it.
#
#   CORPUS_ABI=6.1.0-50   take that kernel release (default: the Linux
#                         guest's, see fetch.sh)
#   CORPUS_EACH=N|all     each-device plans per board (default 2), or every
#                         distinct device (see run.sh)
#   CORPUS_ALL=1          every device of every board in an each-device plan
#   CORPUS_LEAKS=all      LeakSanitizer on every run (default: see run.sh)
#   CORPUS_JOBS=N         boards checked in parallel (default 2)
#   CORPUS_TIMEOUT=S      a tcheck run taking longer is a hang (default 20)

CORPUS_CC ?= clang
CORPUS_OUT := build/corpus
CORPUS_DEPS := build/deps/corpus
CORPUS_TCHECK := build/host/tcheck-asan
CORPUS_PLANGEN := build/host/plangen

# The engine and tcheck as tools.mk builds them, with the unit tests'
# sanitizers (no recovery: undefined behaviour ends the run) and the fake
# arch headers the fuzzer gives guest_dt.c.
$(CORPUS_TCHECK): $(TCHECK_SRCS) core/config_priv.h $(wildcard include/tessera/*.h) tests/corpus/corpus.mk
	@mkdir -p $(dir $@)
	$(CORPUS_CC) $(WARN) -std=gnu11 -O1 -g -Iinclude -Itests/unit/fake_arch/include \
		-fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(TCHECK_SRCS) -lfdt

$(CORPUS_PLANGEN): tests/corpus/plangen.c tests/corpus/corpus.mk
	@mkdir -p $(dir $@)
	$(HOSTCC) $(WARN) -std=gnu11 -O2 -g -o $@ $< -lfdt

# First the harness's own check (tests/corpus/selftest.sh, a few seconds):
# does it still catch a crash, a hang, a leak, an unexplained line, a
# guest DT dtc rejects? Then the corpus.
.PHONY: corpus-selftest
corpus-selftest: $(CORPUS_PLANGEN)
	@tests/corpus/selftest.sh $(CORPUS_PLANGEN) $(CORPUS_OUT)-selftest

corpus: $(CORPUS_TCHECK) $(CORPUS_PLANGEN)
	@status=0; tests/corpus/selftest.sh $(CORPUS_PLANGEN) $(CORPUS_OUT)-selftest || status=1; \
	dir=$$(tests/corpus/fetch.sh $(CORPUS_DEPS) | tail -n1) && [ -d "$$dir" ] || \
		{ echo "FAIL: corpus: cannot fetch Debian's kernel DTBs (tests/corpus/fetch.sh)"; exit 1; }; \
	tests/corpus/run.sh $(CORPUS_TCHECK) $(CORPUS_PLANGEN) $$dir $(CORPUS_OUT) || status=1; \
	exit $$status
