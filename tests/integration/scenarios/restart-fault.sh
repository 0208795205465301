# SPDX-License-Identifier: Apache-2.0
# A fault the guest cannot take (no vector table) restarts a VM whose plan
# says on-fault = "restart" from its pristine image, instead of stopping it;
# its second vCPU, running when the fault comes, is taken back too and can
# be started again by the new guest. The VM beside it runs to its end
# undisturbed. The crasher faults for ever, so the run ends when the
# bystander has powered off.
PLAN=tests/integration/plans/restart-fault.dts
MODE=direct
TIMEOUT=90
STOP_ON="[tessera] vm 'bystander' powered off"
EXPECT=(
	"[tessera] vm 'crasher': data abort at IPA 0x80000000"
	"[crasher] testguest: vcpu1 spinning (cpu_on 0)"
	"no exception vector to take it"
	"[tessera] vm 'crasher' restarting (unhandled abort)"
	"[bystander] count 500"
	"[bystander] testguest: done, 0 failed"
)
EXPECT_ORDER=(
	"[crasher] testguest: start test=fault"
	"[tessera] vm 'crasher' restarted (1 restart(s))"
	"[crasher] testguest: start test=fault"
	"[tessera] vm 'crasher' restarted (2 restart(s))"
	"[crasher] testguest: start test=fault"
	"[tessera] vm 'crasher' restarted (3 restart(s))"
	"[crasher] testguest: start test=fault"
	"[tessera] vm 'bystander' powered off"
)
FORBID=(
	"stopped:"
	"all VMs stopped"
	"without vectors returned"
	"spinning (cpu_on -"
)
