# SPDX-License-Identifier: Apache-2.0
# Stock Debian Linux and the bare-metal shm-pong guest exchange 3 messages
# each way through a shared region; Linux takes each answer's doorbell
# interrupt through UIO (/dev/uio0), the pong guest through its GIC.
PLAN=tests/integration/plans/linux-shmem.dts
MODE=direct
TIMEOUT=180
EXPECT=(
	"[tessera] shmem 'chan0': 1024 KiB at IPA 0x70000000"
	"[pong] shm: pong, doorbell page 0x70100000: self 1 of 2 peers"
	"[linux] linux: shm: shmem@70000000 (tessera,shmem, label chan0): region 0x70000000+0x100000, doorbell page 0x70100000"
	"[linux] linux: shm: peer ready (self 0 of 2)"
	"[linux] linux: shm round trip 1 ok (pong 001)"
	"[linux] linux: shm round trip 2 ok (pong 002)"
	"[linux] linux: shm round trip 3 ok (pong 003)"
	"[linux] linux: shm ok: 3 round trips with doorbell interrupts"
	"[linux] linux: shm interrupts:"
	"[pong] PASS: shm: answered 3 pings"
	"[pong] testguest: done, 0 failed"
	"[linux] linux: poweroff"
	"[tessera] vm 'linux' powered off"
	"[tessera] all VMs stopped; powering off"
)
FORBID=(
	"linux: FAIL"
	"linux: insmod"
	"Kernel panic"
	"BUG:"
	"Oops"
)
