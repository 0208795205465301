# SPDX-License-Identifier: Apache-2.0
# The guest's PSCI checks, over SMC (and HVC).
PLAN=tests/integration/plans/psci.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[psci] testguest: done, 0 failed"
)
