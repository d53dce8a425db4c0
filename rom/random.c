// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * platform_random() for BIOS: a BIOS has no random-number service.  The TLS seed
 * (net/tls_entropy.c) takes RDSEED/RDRAND itself when the CPU has them, and always the TSC
 * jitter, the RTC and the network state: docs/https-and-signatures.md says what that is worth.
 */
#include "core/platform.h"

size_t platform_random(void *buf, size_t len)
{
	return 0;
}
