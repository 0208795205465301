# SPDX-License-Identifier: Apache-2.0
# The ZCU102 partitioned from its own device tree: Debian's Linux, the rich
# OS, gets the board's devices and uses them (the SD card mounted, the GEM
# pinging QEMU's gateway, the RTC counting), but cannot reach UART1, which
# the bare-metal ticker beside it owns and prints on, nor Tessera's UART0 or
# GIC interface; the ticker's ticks come through whatever Linux does.
BOARDS=(xlnx-zcu102)
PLAN=tests/integration/plans/zcu102-rich.dts
MODE=direct
TIMEOUT=300
EXPECT=(
	"[tessera] Tessera on ZynqMP ZCU102 Rev1.0: 4 CPUs, 1 RAM range(s), console: Cadence UART at 0xff000000"
	"[linux] linux: smp ok, 3 cpus online"
	"[linux] linux: timer ticks on all 3 cpus"
	"[linux] linux: disk ok: tessera disk ok (/dev/mmcblk0"
	"[linux] linux: rtc ok: its seconds counter at 0xffa60010 counts"
	"[linux] linux: net ok: 3 packets transmitted, 3 packets received"
	"(10.0.2.2 via eth0, macb)"
	"[linux] linux: isolation ok: 0xff010000 is out of reach (devmem killed by SIGBUS)"
	"[linux] linux: isolation ok: 0xff000000 is out of reach (devmem killed by SIGBUS)"
	"[linux] linux: isolation ok: 0xf9040000 is out of reach (devmem killed by SIGBUS)"
	"[tessera] vm 'linux': data abort at IPA 0xff010000"
	"[ticker] ticker: own uart: cadence at 0xff010000"
	"[uart1] ticker: ticks="
	"[uart1] PASS: ticker 1000 ticks within 2% of 1000"
	"[ticker] PASS: ticker 1000 ticks within 2% of 1000"
	"[tessera] vm 'ticker' powered off"
	"[tessera] vm 'linux' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"FAIL"
	"stopped:"
	"Kernel panic"
	"Internal error"
)
