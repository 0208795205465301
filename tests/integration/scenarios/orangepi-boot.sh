# SPDX-License-Identifier: Apache-2.0
# The Orange Pi PC flashed like one: QEMU's boot ROM boots the SD card image
# `make sdcard` writes (Debian's U-Boot SPL at 8 KiB, U-Boot, boot.scr, the
# FIT, the guests' disk); U-Boot checks the FIT's hashes and `bootm`s
# Tessera in Hyp mode, whose CPUs U-Boot's own PSCI (0.1) starts. Debian's
# Linux, the rich OS, uses the board's SD card (the card's second
# partition), EMAC and RTC, and cannot reach UART1, which the ticker beside
# it owns (trapped: it shares Tessera's UART0 page) and prints on. U-Boot's
# PSCI cannot power the board off: Tessera says so and halts.
BOARDS=(orangepi-pc)
PLAN=tests/integration/plans/orangepi-rich.dts
MODE=sdcard
TIMEOUT=400
STOP_ON="the firmware cannot power the machine off"
EXPECT=(
	"U-Boot SPL 2023.01"
	"Found U-Boot script /boot.scr"
	"Verifying Hash Integrity ... sha256+ OK"
	"[tessera] Tessera on Xunlong Orange Pi PC: 4 CPUs, 1 RAM range(s), console: 16550 at 0x1c28000"
	"[tessera] vm 'linux': 2 vCPU(s) on CPU 0,1; 512 MiB at IPA 0x50000000 (host 0x50000000)"
	"[linux] linux: smp ok, 2 cpus online"
	"[linux] linux: disk ok: tessera disk ok (/dev/mmcblk0p2"
	"[linux] linux: rtc ok: "
	"[linux] linux: net ok: 3 packets transmitted, 3 packets received"
	"(10.0.2.2 via eth0, dwmac-sun8i)"
	"[linux] linux: isolation ok: 0x1c28400 is out of reach (devmem killed by SIGBUS)"
	"[linux] linux: isolation ok: 0x1c28000 is out of reach (devmem killed by SIGBUS)"
	"[linux] linux: isolation ok: 0x1c84000 is out of reach (devmem killed by SIGBUS)"
	"[ticker] ticker: own uart: 16550 at 0x1c28400"
	"[uart1] PASS: ticker 1000 ticks within 2% of 1000"
	"[ticker] PASS: ticker 1000 ticks within 2% of 1000"
	"[tessera] vm 'ticker' powered off"
	"[tessera] vm 'linux' powered off"
	"[tessera] all VMs stopped; powering off"
)
# Linux's word on each SIGBUS the isolation probes provoke.
ALLOW=(
	"Unhandled fault: external abort on non-linefetch (0x008)"
)
FORBID=(
	"FAIL"
	"stopped:"
	"Kernel panic"
	"Internal error"
)
