/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the PSCI fuzz target (fuzz_psci.c) and its seeds (fuzz_psci_seeds.c)
 * share: the function IDs and return values of SMCCC and PSCI, the function
 * IDs the target picks from, and the encoding of its operations.
 */
#ifndef TESTS_FUZZ_FUZZ_PSCI_H
#define TESTS_FUZZ_FUZZ_PSCI_H

#include <stdint.h>

#include "fuzz.h"

/* SMCCC and PSCI function IDs (ARM DEN 0028, ARM DEN 0022). */
#define FID_64 0x40000000u /* SMC64: 64-bit arguments */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_SYSTEM_RESET2 0x84000012u

#define SUCCESS 0
#define NOT_SUPPORTED (-1)
#define INVALID_PARAMETERS (-2)
#define ALREADY_ON (-4)
#define ON_PENDING (-5)
#define INVALID_ADDRESS (-9)

#define RESET2_VENDOR (1u << 31)
#define MPIDR_AFF_MASK 0xff00ffffffull /* Aff3, Aff2, Aff1, Aff0 */

/* The function IDs an input picks from by index (then raw ones). */
extern const uint32_t fids[];
extern const unsigned nr_fids;

/* An operation's first byte, modulo 8: mostly calls. */
#define OPC_CALL 0
#define OPC_ENTER 6
#define OPC_GLITCH 7

/* How a call is made: the low two bits of its second byte. */
enum conduit { BY_CALL, BY_HVC0, BY_HVC_IMM, BY_SMC };


#endif
