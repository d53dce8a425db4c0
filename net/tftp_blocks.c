// SPDX-License-Identifier: GPL-2.0-or-later
/* Block sizes for lock-step TFTP servers: see net/tftp_blocks.h. */
#include "net/tftp_blocks.h"

#include "core/string.h"

static struct {
	const struct netif *nif;
	struct ip_addr server;
	enum tftp_block_hint hint;
} hints[TFTP_BLOCK_HINTS];
static unsigned next_slot;

enum tftp_block_hint tftp_block_hint(const struct netif *nif, const struct ip_addr *server)
{
	for (unsigned i = 0; i < TFTP_BLOCK_HINTS; i++)
		if (hints[i].nif == nif && ip_addr_eq(&hints[i].server, server))
			return hints[i].hint;
	return TFTP_BLOCKS_UNKNOWN;
}

void tftp_block_hint_set(const struct netif *nif, const struct ip_addr *server,
			 enum tftp_block_hint hint)
{
	unsigned slot = TFTP_BLOCK_HINTS;
	for (unsigned i = 0; i < TFTP_BLOCK_HINTS && slot == TFTP_BLOCK_HINTS; i++)
		if (hints[i].nif == nif && ip_addr_eq(&hints[i].server, server))
			slot = i;
	if (slot == TFTP_BLOCK_HINTS) {
		slot = next_slot;
		next_slot = (next_slot + 1) % TFTP_BLOCK_HINTS;
	} else if (hints[slot].hint == TFTP_BLOCKS_MTU) {
		return;
	}
	hints[slot].nif = nif;
	hints[slot].server = *server;
	hints[slot].hint = hint;
}

void tftp_block_hints_forget(const struct netif *nif)
{
	for (unsigned i = 0; i < TFTP_BLOCK_HINTS; i++)
		if (hints[i].nif == nif)
			memset(&hints[i], 0, sizeof(hints[i]));
}
