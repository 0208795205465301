# SPDX-License-Identifier: Apache-2.0
# The ZCU102's default plan checked against the real board's device tree
# (HW=1: Debian's DT without the QEMU overlay): accepted, with the isolated
# VM's UART depending on the platform firmware's clock controller, power
# domain and pin controller, each decided boot-configured, and both VMs'
# memory on the board's 4 GiB.
BOARDS=(xlnx-zcu102)
PLAN=boards/xlnx-zcu102/plan.dts
MAKE_ARGS=HW=1
CHECK_ONLY=1
EXPECT_CHECK=(
	"vm@1 devices: /axi/serial@ff010000 (0xff010000+0x1000, SPI 22 = INTID 54)"
	"power-domains     /firmware/zynqmp-firmware: boot-configured"
	"clocks            /firmware/zynqmp-firmware/clock-controller: boot-configured"
	"pinctrl-0         /firmware/zynqmp-firmware/pinctrl/uart1-default: boot-configured"
	"RAM 4096 MiB at 0x0, 0x800000000"
	"guest device trees: 2 written to build/xlnx-zcu102/plans-hw/"
)
