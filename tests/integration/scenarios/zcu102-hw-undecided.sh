# SPDX-License-Identifier: Apache-2.0
# On the real ZCU102's device tree (HW=1), a UART handed to a VM without a
# word on its providers is refused, naming each one.
BOARDS=(xlnx-zcu102)
PLAN=tests/plans/integration/zcu102-undecided.dts
MAKE_ARGS=HW=1
CHECK_ONLY=1
EXPECT_CHECK_FAIL=(
	"/tessera/vm@0: device /axi/serial@ff010000 depends on /firmware/zynqmp-firmware/clock-controller ('clocks'), which is not this VM's: give it to this VM too (devices), or say how the dependency is met (boot-configured, rich-os-provides)"
	"/tessera/vm@0: device /axi/serial@ff010000 depends on /firmware/zynqmp-firmware ('power-domains')"
	"/tessera/vm@0: device /axi/serial@ff010000 depends on /firmware/zynqmp-firmware/pinctrl/uart1-default ('pinctrl-0')"
	"tcheck: refusing the plan: 3 problem(s)"
)
