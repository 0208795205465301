# SPDX-License-Identifier: Apache-2.0
# A plan's syntax error is reported at the user's file and line (the plan is
# compiled through a copy; tools/board-dtb.sh maps the name back).
PLAN=tests/plans/integration/bad-syntax.dts
CHECK_ONLY=1
EXPECT_CHECK_FAIL=(
	"tests/plans/integration/bad-syntax.dts:9"
	"syntax error"
)
