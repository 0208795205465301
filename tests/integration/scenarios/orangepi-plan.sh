# SPDX-License-Identifier: Apache-2.0
# The Orange Pi PC's default plan: the ticker's UART1 leans on the
# clock-and-reset unit, the pin controller and the DMA controller, which the
# rich OS drives and keeps running (rich-os-provides); UART1 shares its page
# with Tessera's console, so it is trapped (orangepi-undecided: the same
# device without the decision, refused).
BOARDS=(orangepi-pc)
PLAN=boards/orangepi-pc/plan.dts
CHECK_ONLY=1
EXPECT_CHECK=(
	"vm@1 devices: /soc/serial@1c28400 (0x1c28400+0x400, SPI 1 = INTID 33)"
	"clocks            /soc/clock@1c20000: rich-os-provides: dropped, the rich OS keeps it running"
	"resets            /soc/clock@1c20000: rich-os-provides: dropped, the rich OS keeps it running"
	"dmas              /soc/dma-controller@1c02000: rich-os-provides: dropped, the rich OS keeps it running"
	"pinctrl-0         /soc/pinctrl@1c20800/uart1-pins: rich-os-provides: dropped, the rich OS keeps it running"
	"vm@1: 0x1c28400+0x400 shares a page with Tessera's console or another VM's device: reached through Tessera (trapped)"
)
