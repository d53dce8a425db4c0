// SPDX-License-Identifier: GPL-2.0-or-later
/* net/tls.h for images built without TLS (the BIOS images: they must fit 64 KiB). */
#include "net/tls.h"

#include "core/errors.h"
#include "core/printf.h"

int tls_prepare(struct tls_session **out, const char *server_name, char *err, size_t err_cap)
{
	*out = NULL;
	wb_snprintf(err, err_cap, "https://%s: this image has no TLS: boot wireboot.efi "
		    "(or chainload it) for https://, or use http://", server_name);
	return -WB_ENOTSUP;
}

/* Unreachable without a session; present so the HTTP client links. */
int tls_handshake(struct tls_session *s, struct tcp_conn *c)
{
	return -WB_ENOTSUP;
}

int tls_send(struct tls_session *s, const void *data, size_t len)
{
	return -WB_ENOTSUP;
}

int tls_poll(struct tls_session *s)
{
	return -WB_ENOTSUP;
}

void tls_close(struct tls_session *s)
{
}
