# SPDX-License-Identifier: Apache-2.0
# A device that shares its page with Tessera's console (the H3's UART1 beside
# UART0) is trapped, not mapped: the VM that owns it reaches none of the
# page's other registers (UART0, its status register, UART2, UART3, the word
# just below UART1).
BOARDS=(orangepi-pc)
PLAN=tests/integration/plans/orangepi-trap.dts
MODE=direct
TIMEOUT=60
# Tessera reports the 1st and the 10th abort (core/report.c) and then the
# count; the guest's PASS line says each of the 10 took its abort.
EXPECT=(
	"[tessera] vm 'trap': data abort at IPA 0x1c28000 "
	"[tessera] vm 'trap': data abort at IPA 0x1c283fc "
	"abort injected (10 so far)"
	"[tessera] vm 'trap' so far: 10 data abort(s)"
	"[trap] PASS: probe: foreign devices out of reach (5 board devices of other VMs and Tessera: all 10 reads and writes took a data abort at their address)"
	"[tessera] vm 'trap' powered off"
)
FORBID=(
	"stopped:"
)
