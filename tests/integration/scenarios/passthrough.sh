# SPDX-License-Identifier: Apache-2.0
# A passed-through device (QEMU's PL031 RTC) and its SPI: the owner takes its
# alarm interrupt (HW-injected INTID 34) once per alarm; the VM next to it
# cannot reach the RTC's registers (data abort) nor enable INTID 34.
# Its devices are QEMU virt's.
BOARDS=(qemu-virt-*)
PLAN=tests/integration/plans/passthrough.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[rtc] PASS: intid 34 enabled"
	"[rtc] PASS: rtc alarm interrupt (INTID 34) delivered, alarm 1"
	"[rtc] PASS: rtc alarm 1 delivered once"
	"[rtc] PASS: rtc alarm interrupt (INTID 34) delivered, alarm 2"
	"[rtc] PASS: rtc alarm 2 delivered once"
	"[rtc] testguest: done, 0 failed"
	"[tessera] vm 'other': data abort at IPA 0x9010000"
	"[other] PASS: rtc not reachable from this vm"
	"[other] PASS: foreign spi 34 not enabled"
	"[other] PASS: foreign spi 34 not pending, priority and routing read 0"
	"[other] testguest: done, 0 failed"
	"touches interrupts it does not own"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"stopped:"
	"unexpected interrupt"
)
