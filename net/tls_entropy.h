/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seed material for TLS's PRNG (BearSSL's HMAC-DRBG hashes whatever it is given):
 *   1. platform_random(): EFI_RNG_PROTOCOL on UEFI, getrandom() on Linux;
 *   2. RDSEED and RDRAND when CPUID says the CPU has them (x86);
 *   3. always, as well: the jitter of the time-stamp counter over many reads of the
 *      platform clock, the clock itself, the wall clock (the CMOS RTC on BIOS), the NIC's
 *      MAC address and addresses, the network
 *      stack's counters and its PRNG state (which has mixed in every DHCP xid).
 * Without 1 and 2 (an old CPU under BIOS) the seed is only as good as 3: docs/https-and-
 * signatures.md says so.
 */
#ifndef WB_NET_TLS_ENTROPY_H
#define WB_NET_TLS_ENTROPY_H

#include <stddef.h>
#include <stdint.h>

struct netif;

#define TLS_SEED_MAX 512

/* Fill out (cap >= 128) with seed material; returns the length used. */
size_t tls_entropy(const struct netif *nif, uint8_t *out, size_t cap);

#endif
