# SPDX-License-Identifier: Apache-2.0
# One VM with two vCPUs (physical CPUs 1 and 2): PSCI CPU_ON, AFFINITY_INFO.
PLAN=tests/integration/plans/cpu-on.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[smp] vcpu1 up: context=0x1234"
	"[smp] PASS: cpu_on"
	"[smp] PASS: affinity_info reports vcpu1 off"
	"[smp] testguest: done, 0 failed"
)
