# SPDX-License-Identifier: Apache-2.0
# Two hello guests on CPUs 0 and 1; each powers itself off, then the machine.
PLAN=tests/integration/plans/two-guests.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[alpha] hello from vcpu0"
	"[beta] hello from vcpu0"
	"[alpha] count 5"
	"[beta] count 5"
	"[tessera] vm 'alpha' powered off"
	"[tessera] vm 'beta' powered off"
	"[tessera] all VMs stopped; powering off"
)
