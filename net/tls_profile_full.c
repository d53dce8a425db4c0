// SPDX-License-Identifier: GPL-2.0-or-later
/* net/tls_profile.h: BearSSL's full client profile (every version and suite it implements). */
#include "net/tls_profile.h"

void tls_profile_init(br_ssl_client_context *cc, br_x509_minimal_context *xc,
		      const br_x509_trust_anchor *anchors, size_t anchor_count)
{
	br_ssl_client_init_full(cc, xc, anchors, anchor_count);
}
