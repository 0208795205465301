# SPDX-License-Identifier: Apache-2.0
# SYSTEM_OFF from one VM stops that VM only; the machine powers off when the
# last VM has stopped.
PLAN=tests/integration/plans/system-off.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[early] powering off now"
)
EXPECT_ORDER=(
	"[tessera] vm 'early' powered off"
	"[late] count 20"
	"[tessera] all VMs stopped; powering off"
)
