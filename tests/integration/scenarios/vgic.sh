# SPDX-License-Identifier: Apache-2.0
# The virtual GIC seen from a two-vCPU guest (test=vgic hyp=1).
PLAN=tests/integration/plans/vgic.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[vgic] PASS: gicd_pidr2 archrev"
	"[vgic] PASS: narrow loads: ldrb 0xf0 ldrsb 0xfffffff0 of a priority"
	"[vgic] PASS: sgi delivered to vcpu1"
	"[vgic] PASS: 8 pending sgis all delivered"
	"[vgic] PASS: 8 pending sgis delivered in priority order"
	"[vgic] PASS: foreign spi enable ignored"
	"[vgic] testguest: done, 0 failed"
)
