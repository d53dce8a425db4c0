// SPDX-License-Identifier: GPL-2.0-or-later
/* Admission of TFTP read requests (see server/tftp_admit.h). */
#include "core/string.h"
#include "server/tftp_admit.h"

static bool evicted(const struct tftp_admission *a, size_t i)
{
	for (unsigned k = 0; k < a->n_evict; k++)
		if (a->evict[k] == i)
			return true;
	return false;
}

/* The oldest embryonic transfer not yet chosen (from `ip` only when only_ip), or n. */
static size_t oldest_embryonic(const struct tftp_slot *slots, size_t n, bool only_ip,
			       const struct ip_addr *ip, const struct tftp_admission *a)
{
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		if (slots[i].established || evicted(a, i) || (only_ip && !ip_addr_eq(&slots[i].ip, ip)))
			continue;
		if (best == n || slots[i].started_ms < slots[best].started_ms)
			best = i;
	}
	return best;
}

void tftp_admit(const struct tftp_slot *slots, size_t n, const struct ip_addr *ip, uint16_t port,
		const char *filename, const struct tftp_admit_limits *lim,
		struct tftp_admission *out)
{
	unsigned same_ip = 0, embryonic_same_ip = 0;
	size_t victim;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (!ip_addr_eq(&slots[i].ip, ip))
			continue;
		if (slots[i].port == port) {
			if (strcmp(slots[i].filename, filename) == 0) {
				out->verdict = TFTP_ADMIT_DUPLICATE;
				out->dup = i;
				return;
			}
			out->evict[out->n_evict++] = i;
			out->replaced = true;
			continue;
		}
		same_ip++;
		if (!slots[i].established)
			embryonic_same_ip++;
	}
	/* This address's oldest embryonic transfer makes room for its newest request. */
	if (embryonic_same_ip && (embryonic_same_ip >= lim->max_embryonic_per_client ||
				  same_ip >= lim->max_per_client)) {
		victim = oldest_embryonic(slots, n, true, ip, out);
		out->evict[out->n_evict++] = victim;
		same_ip--;
	}
	if (same_ip >= lim->max_per_client) {
		out->verdict = TFTP_ADMIT_CLIENT_LIMIT;
		out->n_evict = 0;
		out->replaced = false;
		return;
	}
	if (n - out->n_evict >= lim->max_transfers) {
		victim = oldest_embryonic(slots, n, false, ip, out);
		if (victim == n) {
			out->verdict = TFTP_ADMIT_BUSY;
			out->n_evict = 0;
			out->replaced = false;
			return;
		}
		out->evict[out->n_evict++] = victim;
	}
	out->verdict = TFTP_ADMIT_START;
}
