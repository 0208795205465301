# SPDX-License-Identifier: Apache-2.0
# A plan written as a DT overlay (/plugin/) is refused with one line that
# names the plan file.
PLAN=tests/plans/integration/bad-overlay.dts
CHECK_ONLY=1
EXPECT_CHECK_FAIL=(
	"tests/plans/integration/bad-overlay.dts: a plan is a plain .dts fragment, not an overlay"
)
