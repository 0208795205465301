# SPDX-License-Identifier: Apache-2.0
# `make check` rejects a plan naming a CPU the board does not have.
PLAN=tests/plans/integration/bad-cpu.dts
CHECK_ONLY=1
EXPECT_CHECK_FAIL=(
	"/tessera/vm@1"
	"does not exist"
)
