/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The long-descriptor translation-table format, shared by arm64 (VMSAv8-64,
 * 4 KiB granule) and arm32 (ARMv7 LPAE): the same descriptor bits at every
 * level, for the hypervisor's own stage 1 and for stage 2. Each arch programs
 * MAIR_EL2 / HMAIR0 so that these attribute indexes mean what they say.
 */
#ifndef ARCH_LPAE_H
#define ARCH_LPAE_H

#define LPAE_MAIR_DEVICE_IDX 0
#define LPAE_MAIR_NORMAL_IDX 1
/* attr0 Device-nGnRE (v7: Device), attr1 Normal inner/outer write-back, RA, WA. */
#define LPAE_MAIR_VALUE 0xff04u

#endif
