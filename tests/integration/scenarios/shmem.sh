# SPDX-License-Identifier: Apache-2.0
# Shared memory with doorbells: 20 messages each way between two VMs.
PLAN=tests/integration/plans/shmem.dts
MODE=direct
TIMEOUT=60
EXPECT=(
	"[tessera] shmem 'chan0': 1024 KiB at IPA 0x70000000"
	"[pong] shm: pong, doorbell page 0x70100000: self 1 of 2 peers"
	"[ping] PASS: shm round trip: 20 messages each way"
	"[pong] PASS: shm: answered 20 pings"
	"[ping] testguest: done, 0 failed"
	"[pong] testguest: done, 0 failed"
	"[tessera] all VMs stopped; powering off"
)
