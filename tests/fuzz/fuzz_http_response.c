// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/http_response: arbitrary bytes as a server's response.  The input is parsed twice,
 * at once and split into pieces whose sizes come from the data; both parses must agree on
 * the outcome, the status and every body byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/http_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sink {
	uint8_t body[1 << 16];
	size_t len;
};

static int on_body(struct http_response *r, void *ctx, const uint8_t *data, size_t len)
{
	(void)r;
	struct sink *s = ctx;
	if (len > sizeof(s->body) - s->len)
		return -1000; /* distinct from every WB_E* */
	memcpy(s->body + s->len, data, len);
	s->len += len;
	return 0;
}

static int parse(const uint8_t *data, size_t size, size_t step, struct http_response *r, struct sink *s)
{
	s->len = 0;
	http_response_init(r, NULL, on_body, s);
	int res = 0;
	for (size_t i = 0; i < size && res == 0;) {
		size_t n = step ? step : size;
		if (n > size - i)
			n = size - i;
		res = http_response_feed(r, data + i, n);
		i += n;
		if (step) /* vary the piece sizes */
			step = step % 7 + 1;
	}
	if (res == 0)
		res = http_response_eof(r);
	return res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_response a, b;
	static struct sink sa, sb;
	int ra = parse(data, size, 0, &a, &sa);
	int rb = parse(data, size, size ? (size_t)data[0] % 13 + 1 : 1, &b, &sb);
	if (ra != rb || a.status != b.status || sa.len != sb.len || memcmp(sa.body, sb.body, sa.len) ||
	    a.body_received != b.body_received || strcmp(a.location, b.location))
		abort();
	if (a.line_len > sizeof(a.line))
		abort();
	return 0;
}
