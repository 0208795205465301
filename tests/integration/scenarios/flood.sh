# SPDX-License-Identifier: Apache-2.0
# Temporal isolation (docs/isolation.md: console flood, trap flood). The
# flooder writes 64-byte lines as fast as it can and provokes every report
# Tessera makes of a guest (aborts, refused trapped instructions, SMCs,
# HVCs) while the console is paced like a 115200-baud UART; the victim on
# the next CPU writes 40 numbered lines and keeps its 100 Hz ticks. Every
# victim line arrives; the flooder loses only its own text, and the
# console says how much; the reports come at the 1st, 10th, 100th... and
# the counts are summed up when the flooder powers off.
PLAN=tests/integration/plans/flood.dts
MODE=direct
TIMEOUT=120
EXPECT=(
	"[victim] flood-victim line 1 of 40 "
	"[victim] flood-victim line 20 of 40 "
	"[victim] flood-victim line 39 of 40 "
	"[victim] flood-victim line 40 of 40 "
	"[victim] PASS: flood-victim"
	"[victim] testguest: done, 0 failed"
	"[tessera] vm 'flooder' dropped console output: "
	"(1 so far)"
	"(10 so far)"
	"(100 so far)"
	"[tessera] vm 'flooder' so far: "
	"[flooder] PASS: flood: every abort, SMC and HVC refused"
	"[flooder] testguest: done, 0 failed"
	"[tessera] vm 'flooder' powered off"
	"[tessera] vm 'victim' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"stopped:"
	"unexpected interrupt"
	"vm 'victim' dropped"
)
