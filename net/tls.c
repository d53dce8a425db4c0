// SPDX-License-Identifier: GPL-2.0-or-later
/* TLS over net/tcp.c with BearSSL: see net/tls.h. */
#include "net/tls.h"

#include <stdbool.h>

#include "bearssl.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/tcp.h"
#include "net/tls_entropy.h"
#include "net/tls_profile.h"
#include "net/tls_trust.h"
#include "net/x509_text.h"

#define TLS_CERT_MAX 8192     /* one certificate of the server's chain, buffered whole */
#define TLS_STAGE_MAX 32768   /* received bytes BearSSL could not take yet */
#define TLS_NAME_TEXT 160

/* What we learnt of one certificate (for the error messages). */
struct cert_facts {
	char subject[TLS_NAME_TEXT], issuer[TLS_NAME_TEXT];
	uint32_t nb_days, nb_secs, na_days, na_secs;
	bool known;
};

/*
 * An X.509 engine in front of BearSSL's "minimal" one: each certificate is buffered whole,
 * decoded for its names and dates, then handed to the minimal engine, which does the real
 * validation.  With tls_skip_dates, the minimal engine's clock is set inside each
 * certificate's validity before it sees it.
 */
struct x509_front {
	const br_x509_class *vtable;      /* first: BearSSL calls us through it */
	br_x509_minimal_context *inner;
	uint8_t *cert;                    /* TLS_CERT_MAX bytes */
	size_t cert_len;
	bool cert_too_big;
	unsigned depth;                   /* certificates seen in this chain */
	uint8_t dn[512];                  /* subject DN of the certificate being decoded */
	size_t dn_len;
	bool dn_truncated;
	struct cert_facts leaf, last;     /* the server's own certificate, the last one seen */
};

struct tls_session {
	br_ssl_client_context cc;
	br_x509_minimal_context xc;
	struct x509_front front;
	uint8_t iobuf[BR_SSL_BUFSIZE_BIDI];
	uint8_t stage[TLS_STAGE_MAX];
	size_t stage_len;
	struct tcp_conn *tcp;
	int (*app_rx)(struct tcp_conn *c, const uint8_t *data, size_t len);
	void *app_ctx;
	bool app_eof;                     /* the end of the stream was passed on */
	uint32_t now_days, now_secs;      /* the clock the certificates were checked against */
	bool clock_raised;                /* the wall clock was before tls_min_time */
	char server_name[128];
	char *err;
	size_t err_cap;
	int error;                        /* sticky: the first failure */
};

/* ---- the X.509 front -------------------------------------------------------------------- */

static void collect_dn(void *ctx, const void *buf, size_t len)
{
	struct x509_front *f = ctx;
	if (len > sizeof(f->dn) - f->dn_len) {
		f->dn_truncated = true;
		return;
	}
	memcpy(f->dn + f->dn_len, buf, len);
	f->dn_len += len;
}

static void front_start_chain(const br_x509_class **ctx, const char *server_name)
{
	struct x509_front *f = (struct x509_front *)ctx;
	f->depth = 0;
	memset(&f->leaf, 0, sizeof(f->leaf));
	memset(&f->last, 0, sizeof(f->last));
	f->inner->vtable->start_chain(&f->inner->vtable, server_name);
}

static void front_start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct x509_front *f = (struct x509_front *)ctx;
	f->cert_len = 0;
	f->cert_too_big = length > TLS_CERT_MAX;
}

static void front_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
	struct x509_front *f = (struct x509_front *)ctx;
	if (f->cert_too_big || len > TLS_CERT_MAX - f->cert_len) {
		f->cert_too_big = true;
		return;
	}
	memcpy(f->cert + f->cert_len, buf, len);
	f->cert_len += len;
}

/* Decode the buffered certificate's subject, issuer and dates into c. */
static void learn_facts(struct x509_front *f, struct cert_facts *c)
{
	br_x509_decoder_context *dec = wb_zalloc(sizeof(*dec));
	memset(c, 0, sizeof(*c));
	if (!dec)
		return;
	f->dn_len = 0;
	f->dn_truncated = false;
	br_x509_decoder_init(dec, collect_dn, f);
	br_x509_decoder_push(dec, f->cert, f->cert_len);
	if (br_x509_decoder_last_error(dec) == 0) {
		c->known = true;
		c->nb_days = dec->notbefore_days;
		c->nb_secs = dec->notbefore_seconds;
		c->na_days = dec->notafter_days;
		c->na_secs = dec->notafter_seconds;
		if (f->dn_truncated)
			wb_strlcpy(c->subject, "(long name)", sizeof(c->subject));
		else
			x509_dn_text(f->dn, f->dn_len, c->subject, sizeof(c->subject));
	}
	const uint8_t *issuer;
	size_t issuer_len;
	if (x509_cert_issuer(f->cert, f->cert_len, &issuer, &issuer_len) == 0)
		x509_dn_text(issuer, issuer_len, c->issuer, sizeof(c->issuer));
	wb_free(dec);
}

static void front_end_cert(const br_x509_class **ctx)
{
	struct x509_front *f = (struct x509_front *)ctx;
	const br_x509_class **inner = &f->inner->vtable;
	if (f->cert_too_big) { /* let the minimal engine fail on it (it gets no bytes) */
		inner[0]->start_cert(inner, 0);
		inner[0]->end_cert(inner);
		return;
	}
	learn_facts(f, &f->last);
	if (f->depth++ == 0)
		f->leaf = f->last;
	if (tls_skip_dates && f->last.known)
		br_x509_minimal_set_time(f->inner, f->last.nb_days, f->last.nb_secs);
	inner[0]->start_cert(inner, (uint32_t)f->cert_len);
	inner[0]->append(inner, f->cert, f->cert_len);
	inner[0]->end_cert(inner);
}

static unsigned front_end_chain(const br_x509_class **ctx)
{
	struct x509_front *f = (struct x509_front *)ctx;
	return f->inner->vtable->end_chain(&f->inner->vtable);
}

static const br_x509_pkey *front_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	const struct x509_front *f = (const struct x509_front *)ctx;
	return f->inner->vtable->get_pkey(&f->inner->vtable, usages);
}

static const br_x509_class front_class = {
	sizeof(struct x509_front), front_start_chain, front_start_cert, front_append,
	front_end_cert, front_end_chain, front_get_pkey,
};

/* ---- errors ------------------------------------------------------------------------------ */

/* TLS alert descriptions (RFC 8446 section 6) a boot is likely to meet. */
static const char *alert_name(unsigned a)
{
	switch (a) {
	case 0: return "close_notify";
	case 10: return "unexpected_message";
	case 20: return "bad_record_mac";
	case 40: return "handshake_failure";
	case 42: return "bad_certificate";
	case 43: return "unsupported_certificate";
	case 45: return "certificate_expired";
	case 46: return "certificate_unknown";
	case 47: return "illegal_parameter";
	case 48: return "unknown_ca";
	case 50: return "decode_error";
	case 51: return "decrypt_error";
	case 70: return "protocol_version";
	case 71: return "insufficient_security";
	case 80: return "internal_error";
	case 112: return "unrecognized_name";
	case 116: return "certificate_required";
	default: return "alert";
	}
}

/* Record the first failure as a sentence: BearSSL's error code br (0: closed early). */
static int fail(struct tls_session *s, unsigned br)
{
	if (s->error)
		return s->error;
	const struct cert_facts *c = &s->front.last;
	const char *host = s->server_name;
	char from[32], until[32], now[32];
	x509_date_text(c->nb_days, c->nb_secs, from, sizeof(from));
	x509_date_text(c->na_days, c->na_secs, until, sizeof(until));
	x509_date_text(s->now_days, s->now_secs, now, sizeof(now));
	int err = -WB_ECERT;
	if (br == BR_ERR_X509_NOT_TRUSTED)
		wb_snprintf(s->err, s->err_cap, "https://%s: unknown CA: the server's certificate chain "
			    "ends with one issued by \"%s\", which is not among the %u trust anchors "
			    "built in (make TRUST=that-ca.pem)", host, c->issuer, (unsigned)tls_trust_anchor_count);
	else if (br == BR_ERR_X509_BAD_SERVER_NAME) {
		uint32_t ip;
		wb_snprintf(s->err, s->err_cap, "https://%s: name mismatch: the server's certificate is "
			    "for \"%s\", not for \"%s\"%s", host, s->front.leaf.subject, host,
			    wb_parse_ipv4(host, &ip) == 0 ? " (certificates are matched by DNS name: "
			    "write the server's name in the URL, not its address)" : "");
	}
	else if (br == BR_ERR_X509_EXPIRED)
		wb_snprintf(s->err, s->err_cap, "https://%s: certificate \"%s\" is %s: valid from %s until "
			    "%s, and the clock says %s%s (docs/https-and-signatures.md: a wrong clock)",
			    host, c->subject, s->now_days < c->nb_days ? "not yet valid" : "expired",
			    from, until, now, s->clock_raised ? " (raised to TLS_MIN_TIME)" : "");
	else if (br >= BR_ERR_RECV_FATAL_ALERT && br < BR_ERR_RECV_FATAL_ALERT + 256) {
		err = -WB_ETLS;
		wb_snprintf(s->err, s->err_cap, "https://%s: TLS handshake failed: the server sent alert "
			    "%u (%s)", host, br - BR_ERR_RECV_FATAL_ALERT,
			    alert_name(br - BR_ERR_RECV_FATAL_ALERT));
	} else if (br >= BR_ERR_SEND_FATAL_ALERT && br < BR_ERR_SEND_FATAL_ALERT + 256) {
		err = -WB_ETLS;
		wb_snprintf(s->err, s->err_cap, "https://%s: TLS handshake failed: we sent alert %u (%s)",
			    host, br - BR_ERR_SEND_FATAL_ALERT, alert_name(br - BR_ERR_SEND_FATAL_ALERT));
	} else if (br >= 32 && br < 64) { /* the other BR_ERR_X509_* */
		wb_snprintf(s->err, s->err_cap, "https://%s: certificate \"%s\" refused (BearSSL X.509 "
			    "error %u)", host, c->subject[0] ? c->subject : "?", br);
	} else {
		err = -WB_ETLS;
		wb_snprintf(s->err, s->err_cap, "https://%s: TLS %s (BearSSL error %u)", host,
			    br ? "handshake failed" : "connection closed early", br);
	}
	s->error = err;
	return err;
}

/* The engine's state; a closed engine turns into s->error (0 for a clean close_notify). */
static unsigned engine_state(struct tls_session *s)
{
	unsigned st = br_ssl_engine_current_state(&s->cc.eng);
	if (st & BR_SSL_CLOSED) {
		int br = br_ssl_engine_last_error(&s->cc.eng);
		if (br)
			fail(s, (unsigned)br);
	}
	return st;
}

/* ---- records ------------------------------------------------------------------------------ */

/* Pass the end of the stream on once (as TCP would: len 0). */
static int app_eof(struct tls_session *s)
{
	if (s->app_eof)
		return 0;
	s->app_eof = true;
	struct tcp_conn *c = s->tcp;
	c->ctx = s->app_ctx;
	int r = s->app_rx(c, NULL, 0);
	c->ctx = s;
	return r;
}

/* Hand decrypted bytes to the caller's callback, with its own context in place. */
static int deliver_app(struct tls_session *s)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	unsigned st;
	while ((st = engine_state(s)) & BR_SSL_RECVAPP) {
		size_t len;
		uint8_t *buf = br_ssl_engine_recvapp_buf(eng, &len);
		struct tcp_conn *c = s->tcp;
		c->ctx = s->app_ctx;
		int r = s->app_rx(c, buf, len);
		c->ctx = s;
		if (r < 0)
			return r;
		br_ssl_engine_recvapp_ack(eng, len);
	}
	if (st & BR_SSL_CLOSED)
		return s->error ? s->error : app_eof(s);
	return 0;
}

/* Feed staged bytes to BearSSL while it takes them. */
static int feed(struct tls_session *s)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	for (;;) {
		int r = deliver_app(s);
		if (r < 0)
			return r;
		if (!s->stage_len || !(engine_state(s) & BR_SSL_RECVREC))
			return s->error;
		size_t cap;
		uint8_t *buf = br_ssl_engine_recvrec_buf(eng, &cap);
		size_t n = cap < s->stage_len ? cap : s->stage_len;
		memcpy(buf, s->stage, n);
		br_ssl_engine_recvrec_ack(eng, n);
		memmove(s->stage, s->stage + n, s->stage_len - n);
		s->stage_len -= n;
	}
}

/* The TCP receive callback while TLS runs. */
static int tls_rx(struct tcp_conn *c, const uint8_t *data, size_t len)
{
	struct tls_session *s = c->ctx;
	if (!len) { /* the peer's FIN: whatever is still staged, then the end */
		int r = feed(s);
		return r < 0 ? r : app_eof(s);
	}
	if (len > sizeof(s->stage) - s->stage_len)
		return -WB_EPROTO; /* BearSSL stopped taking records while the server kept sending */
	memcpy(s->stage + s->stage_len, data, len);
	s->stage_len += len;
	return feed(s);
}

/* Send the records BearSSL has ready, as far as the TCP send buffer has room. */
static int flush_records(struct tls_session *s)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	while (engine_state(s) & BR_SSL_SENDREC) {
		size_t len, room = TCP_SNDBUF - s->tcp->snd_len;
		if (!room)
			break;
		uint8_t *buf = br_ssl_engine_sendrec_buf(eng, &len);
		if (len > room)
			len = room;
		int r = tcp_send(s->tcp, buf, len);
		if (r < 0)
			return r;
		br_ssl_engine_sendrec_ack(eng, len);
	}
	return s->error;
}

int tls_poll(struct tls_session *s)
{
	int r = tcp_poll(s->tcp);
	if (!r)
		r = flush_records(s);
	if (!r)
		r = feed(s);
	if (r < 0 && !s->err[0])
		wb_snprintf(s->err, s->err_cap, "https://%s: %s", s->server_name, wb_strerror(r));
	return r;
}

/* ---- session ------------------------------------------------------------------------------ */

/* The time certificates are checked against: the wall clock, raised to tls_min_time when it
 * is known to be wrong. */
static void set_clock(struct tls_session *s)
{
	uint64_t now = 0;
	if (platform_wall_clock(&now) < 0 || now < tls_min_time) {
		s->clock_raised = true;
		now = tls_min_time;
	}
	s->now_days = (uint32_t)(now / 86400) + X509_DAYS_TO_EPOCH;
	s->now_secs = (uint32_t)(now % 86400);
	br_x509_minimal_set_time(&s->xc, s->now_days, s->now_secs);
}

int tls_prepare(struct tls_session **out, const char *server_name, char *err, size_t err_cap)
{
	*out = NULL;
	if (!tls_trust_anchor_count) {
		wb_snprintf(err, err_cap, "https://%s: this image has no trust anchors, so it cannot "
			    "check any server: rebuild it with make TRUST=ca.pem (the CA that signed "
			    "the server's certificate)", server_name);
		return -WB_ENOTRUST;
	}
	struct tls_session *s = wb_zalloc(sizeof(*s));
	uint8_t *cert = wb_zalloc(TLS_CERT_MAX);
	if (!s || !cert) {
		wb_free(s);
		wb_free(cert);
		return -WB_ENOMEM;
	}
	s->err = err;
	s->err_cap = err_cap;
	wb_strlcpy(s->server_name, server_name, sizeof(s->server_name));
	tls_profile_init(&s->cc, &s->xc, tls_trust_anchors, tls_trust_anchor_count);
	s->front.vtable = &front_class;
	s->front.inner = &s->xc;
	s->front.cert = cert;
	br_ssl_engine_set_x509(&s->cc.eng, &s->front.vtable);
	br_ssl_engine_set_buffer(&s->cc.eng, s->iobuf, sizeof(s->iobuf), 1);
	set_clock(s);
	*out = s;
	return 0;
}

int tls_handshake(struct tls_session *s, struct tcp_conn *c)
{
	uint8_t seed[TLS_SEED_MAX];
	size_t seed_len = tls_entropy(c->nif, seed, sizeof(seed));
	br_ssl_engine_inject_entropy(&s->cc.eng, seed, seed_len);
	memset(seed, 0, sizeof(seed));
	if (!br_ssl_client_reset(&s->cc, s->server_name, 0))
		return fail(s, (unsigned)br_ssl_engine_last_error(&s->cc.eng));
	s->tcp = c;
	s->app_rx = c->rx;
	s->app_ctx = c->ctx;
	c->rx = tls_rx;
	c->ctx = s;
	uint64_t deadline = time_now_us() + (uint64_t)TLS_HANDSHAKE_TIMEOUT_MS * 1000;
	int r = 0;
	while (!(engine_state(s) & (BR_SSL_SENDAPP | BR_SSL_CLOSED))) {
		if ((r = tls_poll(s)) < 0)
			return r;
		if (time_after_us(time_now_us(), deadline)) {
			wb_snprintf(s->err, s->err_cap, "https://%s: TLS handshake timed out",
				    s->server_name);
			return -WB_ETIMEDOUT;
		}
	}
	if (engine_state(s) & BR_SSL_CLOSED)
		return fail(s, (unsigned)br_ssl_engine_last_error(&s->cc.eng));
	return 0;
}

int tls_send(struct tls_session *s, const void *data, size_t len)
{
	br_ssl_engine_context *eng = &s->cc.eng;
	const uint8_t *p = data;
	while (len) {
		unsigned st = engine_state(s);
		if (s->error)
			return s->error;
		if (st & BR_SSL_CLOSED)
			return fail(s, 0);
		if (!(st & BR_SSL_SENDAPP)) {
			int r = tls_poll(s);
			if (r < 0)
				return r;
			continue;
		}
		size_t cap;
		uint8_t *buf = br_ssl_engine_sendapp_buf(eng, &cap);
		size_t n = cap < len ? cap : len;
		memcpy(buf, p, n);
		br_ssl_engine_sendapp_ack(eng, n);
		p += n;
		len -= n;
	}
	br_ssl_engine_flush(eng, 0);
	return flush_records(s);
}

void tls_close(struct tls_session *s)
{
	if (!s)
		return;
	if (s->tcp) { /* the handshake started: close_notify, and the callback back */
		if (!(br_ssl_engine_current_state(&s->cc.eng) & BR_SSL_CLOSED)) {
			br_ssl_engine_close(&s->cc.eng);
			flush_records(s);
		}
		s->tcp->rx = s->app_rx;
		s->tcp->ctx = s->app_ctx;
	}
	wb_free(s->front.cert);
	memset(s, 0, sizeof(*s)); /* keys and PRNG state */
	wb_free(s);
}
