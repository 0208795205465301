# SPDX-License-Identifier: Apache-2.0
# A plan that starts with `/dts-v1/;`, as every .dts does, is accepted and
# boots (issue 11; tools/board-dtb.sh).
PLAN=tests/integration/plans/dts-header.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[header] hello from vcpu0"
	"[header] count 2"
	"[tessera] vm 'header' powered off"
)
