# SPDX-License-Identifier: Apache-2.0
# The Orange Pi PC's UART1 handed to a VM without a word on its providers
# (the clock-and-reset unit, the pin controller, the DMA controller) is
# refused, naming each one.
BOARDS=(orangepi-pc)
PLAN=tests/plans/integration/orangepi-undecided.dts
CHECK_ONLY=1
EXPECT_CHECK_FAIL=(
	"/tessera/vm@0: device /soc/serial@1c28400 depends on /soc/clock@1c20000 ('clocks'), which is not this VM's: give it to this VM too (devices), or say how the dependency is met (boot-configured, rich-os-provides)"
	"/tessera/vm@0: device /soc/serial@1c28400 depends on /soc/dma-controller@1c02000 ('dmas')"
	"/tessera/vm@0: device /soc/serial@1c28400 depends on /soc/pinctrl@1c20800/uart1-pins ('pinctrl-0')"
)
