// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ISC dhcpd.conf reader (see server/dhcpd_conf.h).  A small lexer (words, quoted strings,
 * `{ } ; ,`, `#` comments, `<-- -->` notes) feeds a recursive-descent reader whose depth is
 * bounded by DHCPD_MAX_NESTING.  Statements it does not know are skipped as a unit (up to
 * their `;`, or over their balanced `{ }` block) after a warning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/ip_addr.h"
#include "server/dhcpd_conf.h"
#include "server/read_file.h"

#define TOKEN_MAX 256

enum tok_kind { T_EOF, T_WORD, T_STRING, T_LBRACE, T_RBRACE, T_SEMI, T_COMMA };

struct token {
	enum tok_kind kind;
	char text[TOKEN_MAX];
	unsigned line;
};

struct reader {
	const char *p, *end;
	unsigned line;
	struct token tok;      /* the current token */
	bool pushed_back;      /* tok is to be returned again by next() */
	struct dhcpd_conf *conf;
	dhcpd_warn_fn warn;
	void *ctx;
};

static void warnf(struct reader *r, unsigned line, const char *fmt, ...) WB_PRINTF(3, 4);

/* Report a warning for `line`. */
static void warnf(struct reader *r, unsigned line, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->conf->warnings++;
	if (r->warn)
		r->warn(r->ctx, line, msg);
}

/* Skip a `<-- ... -->` note starting at r->p (which points at '<'). */
static void skip_note(struct reader *r)
{
	unsigned start = r->line;

	while (r->p < r->end) {
		if (r->end - r->p >= 3 && memcmp(r->p, "-->", 3) == 0) {
			r->p += 3;
			if (start == r->line)
				warnf(r, start, "'<-- ... -->' note is not dhcpd.conf syntax: skipped");
			else
				warnf(r, start, "'<-- ... -->' note (lines %u-%u) is not dhcpd.conf syntax: skipped",
				      start, r->line);
			return;
		}
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	warnf(r, start, "'<--' note never closed with '-->': the rest of the file is skipped");
}

static bool is_word_char(char c)
{
	return !wb_isspace((unsigned char)c) && c != '{' && c != '}' && c != ';' && c != ',' &&
	       c != '"' && c != '#' && c != '\0';
}

/* Read the next token into r->tok.  Returns 0 or -WB_ESYNTAX (already reported). */
static int next(struct reader *r)
{
	struct token *t = &r->tok;

	if (r->pushed_back) {
		r->pushed_back = false;
		return 0;
	}
	for (;;) {
		while (r->p < r->end && wb_isspace((unsigned char)*r->p)) {
			if (*r->p == '\n')
				r->line++;
			r->p++;
		}
		if (r->p < r->end && *r->p == '#') {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
			continue;
		}
		if (r->end - r->p >= 3 && memcmp(r->p, "<--", 3) == 0) {
			skip_note(r);
			continue;
		}
		break;
	}
	t->line = r->line;
	t->text[0] = '\0';
	if (r->p >= r->end) {
		t->kind = T_EOF;
		return 0;
	}
	char c = *r->p;
	static const struct { char c; enum tok_kind k; } punct[] = {
		{ '{', T_LBRACE }, { '}', T_RBRACE }, { ';', T_SEMI }, { ',', T_COMMA },
	};
	for (size_t i = 0; i < sizeof(punct) / sizeof(punct[0]); i++) {
		if (c == punct[i].c) {
			t->kind = punct[i].k;
			t->text[0] = c;
			t->text[1] = '\0';
			r->p++;
			return 0;
		}
	}

	size_t n = 0;
	if (c == '"') {
		r->p++;
		for (;;) {
			if (r->p >= r->end) {
				warnf(r, t->line, "string never closed with '\"'");
				return -WB_ESYNTAX;
			}
			c = *r->p++;
			if (c == '"')
				break;
			if (c == '\n')
				r->line++;
			if (c == '\\' && r->p < r->end)
				c = *r->p++;
			if (n + 1 >= sizeof(t->text)) {
				warnf(r, t->line, "string longer than %d characters", TOKEN_MAX - 1);
				return -WB_ESYNTAX;
			}
			t->text[n++] = c;
		}
		t->kind = T_STRING;
	} else {
		if (c == '\0') {
			warnf(r, t->line, "NUL byte in the file");
			return -WB_ESYNTAX;
		}
		while (r->p < r->end && is_word_char(*r->p)) {
			if (n + 1 >= sizeof(t->text)) {
				warnf(r, t->line, "word longer than %d characters", TOKEN_MAX - 1);
				return -WB_ESYNTAX;
			}
			t->text[n++] = *r->p++;
		}
		t->kind = T_WORD;
	}
	t->text[n] = '\0';
	return 0;
}

/*
 * Skip the rest of a statement: up to and including its ';', or over a balanced `{ }` block.
 * A '}' or end of file ends it too (left for the caller).
 */
static int skip_statement(struct reader *r)
{
	unsigned depth = 0;
	int err;

	for (;;) {
		if ((err = next(r)))
			return err;
		switch (r->tok.kind) {
		case T_EOF:
			r->pushed_back = true;
			return 0;
		case T_SEMI:
			if (depth == 0)
				return 0;
			break;
		case T_LBRACE:
			depth++;
			break;
		case T_RBRACE:
			if (depth == 0) {
				r->pushed_back = true;
				return 0;
			}
			if (--depth == 0)
				return 0;
			break;
		default:
			break;
		}
	}
}

/* Expect the ';' that ends a statement; a missing one is warned about and assumed. */
static int end_statement(struct reader *r, const char *what)
{
	int err = next(r);
	if (err)
		return err;
	if (r->tok.kind == T_SEMI)
		return 0;
	warnf(r, r->tok.line, "'%s': expected ';' before '%s' (assumed)", what, r->tok.text);
	r->pushed_back = true;
	return 0;
}

/* Read one word token that must be an IPv4 address.  1 = got it, 0 = warned and skipped. */
static int take_ipv4(struct reader *r, const char *what, uint32_t *ip)
{
	int err = next(r);
	if (err)
		return err;
	if (r->tok.kind == T_WORD && wb_parse_ipv4(r->tok.text, ip) == 0)
		return 1;
	warnf(r, r->tok.line, "'%s': '%s' is not an IPv4 address (host names are not resolved): "
	      "statement ignored", what, r->tok.text);
	r->pushed_back = true;
	return skip_statement(r);
}

/* A comma-separated address list ending with ';'.  1 = stored, 0 = skipped, <0 error. */
static int take_ipv4_list(struct reader *r, const char *what, uint32_t *list, unsigned *count)
{
	uint32_t tmp[DHCPD_MAX_ADDRS];
	unsigned n = 0;
	int got, err;

	for (;;) {
		uint32_t ip;
		if ((got = take_ipv4(r, what, &ip)) <= 0)
			return got;
		if (n < DHCPD_MAX_ADDRS)
			tmp[n++] = ip;
		else
			warnf(r, r->tok.line, "'%s': more than %d addresses, extra ignored", what,
			      DHCPD_MAX_ADDRS);
		if ((err = next(r)))
			return err;
		if (r->tok.kind == T_COMMA)
			continue;
		if (r->tok.kind == T_SEMI)
			break;
		warnf(r, r->tok.line, "'%s': expected ',' or ';' before '%s'", what, r->tok.text);
		r->pushed_back = true;
		return (err = skip_statement(r)) ? err : 0;
	}
	memcpy(list, tmp, n * sizeof(tmp[0]));
	*count = n;
	return 1;
}

/* A string (quoted, or a bare word) followed by ';', into out[DHCPD_NAME_MAX]. */
static int take_string_stmt(struct reader *r, const char *what, char *out, bool *has)
{
	int err = next(r);
	if (err)
		return err;
	if (r->tok.kind != T_STRING && r->tok.kind != T_WORD) {
		warnf(r, r->tok.line, "'%s': expected a string before '%s'", what, r->tok.text);
		r->pushed_back = true;
		return skip_statement(r);
	}
	if (strlen(r->tok.text) >= DHCPD_NAME_MAX) {
		warnf(r, r->tok.line, "'%s': longer than %d characters: statement ignored", what,
		      DHCPD_NAME_MAX - 1);
		return skip_statement(r);
	}
	char value[DHCPD_NAME_MAX];
	wb_strlcpy(value, r->tok.text, sizeof(value));
	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_SEMI) {
		warnf(r, r->tok.line, "'%s': expected ';' before '%s'", what, r->tok.text);
		r->pushed_back = true;
		return skip_statement(r);
	}
	wb_strlcpy(out, value, DHCPD_NAME_MAX);
	*has = true;
	return 0;
}

/* A decimal number of seconds followed by ';'. */
static int take_seconds(struct reader *r, const char *what, uint32_t *out)
{
	unsigned long long v;
	const char *end;
	int err = next(r);
	if (err)
		return err;
	if (r->tok.kind != T_WORD || !wb_isdigit((unsigned char)r->tok.text[0]) ||
	    wb_strtou64(r->tok.text, &end, 10, &v) || *end || v == 0 || v > 0xffffffffull) {
		warnf(r, r->tok.line, "'%s': '%s' is not a number of seconds: statement ignored",
		      what, r->tok.text);
		r->pushed_back = true;
		return skip_statement(r);
	}
	*out = (uint32_t)v;
	return end_statement(r, what);
}

/* `option NAME VALUE;` into scope. */
static int parse_option(struct reader *r, struct dhcp_scope *s)
{
	char name[TOKEN_MAX];
	uint32_t ip;
	int got, err;

	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_WORD) {
		warnf(r, r->tok.line, "'option' without a name");
		r->pushed_back = true;
		return skip_statement(r);
	}
	wb_strlcpy(name, r->tok.text, sizeof(name));
	unsigned line = r->tok.line;
	/*
	 * The PXELINUX option space: `option space pxelinux;`, the `option pxelinux.NAME code N
	 * = TYPE;` declarations and the options wireboot has no use for are accepted silently.
	 */
	bool pxelinux = strncmp(name, "pxelinux.", 9) == 0;
	if ((err = next(r)))
		return err;
	if (r->tok.kind == T_WORD && ((pxelinux && strcmp(r->tok.text, "code") == 0) ||
				      (strcmp(name, "space") == 0 && strcmp(r->tok.text, "pxelinux") == 0)))
		return skip_statement(r);
	r->pushed_back = true;

	if (strcmp(name, "routers") == 0)
		return (got = take_ipv4_list(r, name, s->routers, &s->n_routers)) < 0 ? got : 0;
	if (strcmp(name, "domain-name-servers") == 0)
		return (got = take_ipv4_list(r, name, s->dns, &s->n_dns)) < 0 ? got : 0;
	if (strcmp(name, "broadcast-address") == 0 || strcmp(name, "subnet-mask") == 0) {
		bool bcast = name[0] == 'b';
		if ((got = take_ipv4(r, name, &ip)) <= 0)
			return got;
		if (bcast) {
			s->broadcast = ip;
			s->has_broadcast = true;
		} else {
			s->subnet_mask = ip;
			s->has_subnet_mask = true;
		}
		return end_statement(r, name);
	}
	if (strcmp(name, "domain-name") == 0)
		return take_string_stmt(r, name, s->domain_name, &s->has_domain_name);
	if (strcmp(name, "host-name") == 0)
		return take_string_stmt(r, name, s->host_name, &s->has_host_name);
	if (strcmp(name, "pxelinux.configfile") == 0)
		return take_string_stmt(r, name, s->pxe_config_file, &s->has_pxe_config_file);
	if (strcmp(name, "pxelinux.pathprefix") == 0)
		return take_string_stmt(r, name, s->pxe_path_prefix, &s->has_pxe_path_prefix);
	if (strcmp(name, "dhcp6.bootfile-url") == 0)
		return take_string_stmt(r, name, s->boot_url6, &s->has_boot_url6);
	if (strcmp(name, "pxelinux.magic") == 0 || strcmp(name, "pxelinux.reboottime") == 0)
		return skip_statement(r); /* not sent: wireboot needs neither */
	warnf(r, line, "option '%s' is not supported: ignored", name);
	return skip_statement(r);
}

/*
 * Statements every scope accepts (options, lease times, next-server, filename, allow).
 * Returns 1 when `word` was one of them (and it was consumed), 0 when not, <0 on error.
 */
static int parse_scope_statement(struct reader *r, const char *word, struct dhcp_scope *s)
{
	uint32_t ip;
	int got, err;

	if (strcmp(word, "option") == 0)
		return (err = parse_option(r, s)) ? err : 1;
	if (strcmp(word, "default-lease-time") == 0)
		return (err = take_seconds(r, word, &s->default_lease_time)) ? err : 1;
	if (strcmp(word, "max-lease-time") == 0)
		return (err = take_seconds(r, word, &s->max_lease_time)) ? err : 1;
	if (strcmp(word, "next-server") == 0) {
		if ((got = take_ipv4(r, word, &ip)) <= 0)
			return got < 0 ? got : 1;
		s->next_server = ip;
		s->has_next_server = true;
		return (err = end_statement(r, word)) ? err : 1;
	}
	if (strcmp(word, "filename") == 0)
		return (err = take_string_stmt(r, word, s->filename, &s->has_filename)) ? err : 1;
	if (strcmp(word, "allow") == 0 || strcmp(word, "deny") == 0 || strcmp(word, "ignore") == 0) {
		bool allow = word[0] == 'a';
		unsigned line = r->tok.line;
		if ((err = next(r)))
			return err;
		if (r->tok.kind == T_WORD && strcmp(r->tok.text, "booting") == 0)
			r->conf->allow_booting = allow;
		else if (r->tok.kind == T_WORD && strcmp(r->tok.text, "bootp") == 0)
			r->conf->allow_bootp = allow;
		else {
			warnf(r, line, "'%s %s' is not supported: ignored", word, r->tok.text);
			r->pushed_back = true;
			return (err = skip_statement(r)) ? err : 1;
		}
		return (err = end_statement(r, word)) ? err : 1;
	}
	if (strcmp(word, "site-option-space") == 0) {
		/* "pxelinux": `option pxelinux.*` statements are understood without it. */
		if ((err = next(r)))
			return err;
		if (strcmp(r->tok.text, "pxelinux") != 0)
			warnf(r, r->tok.line, "'site-option-space \"%s\"' is not supported: ignored", r->tok.text);
		r->pushed_back = true;
		return (err = skip_statement(r)) ? err : 1;
	}
	if (strcmp(word, "authoritative") == 0)
		return (err = end_statement(r, word)) ? err : 1; /* this server always is */
	return 0;
}

enum block_kind { BLOCK_TOP, BLOCK_GROUP, BLOCK_SUBNET, BLOCK_HOST };

static int parse_block(struct reader *r, enum block_kind kind, struct dhcp_scope *scope,
		       struct dhcp_subnet *subnet, struct dhcp_host *host, unsigned depth);

/* `range [dynamic-bootp] LOW [HIGH];` inside a subnet. */
static int parse_range(struct reader *r, struct dhcp_subnet *sn)
{
	uint32_t lo, hi;
	bool dyn = false;
	int got, err;

	if ((err = next(r)))
		return err;
	if (r->tok.kind == T_WORD && strcmp(r->tok.text, "dynamic-bootp") == 0)
		dyn = true;
	else
		r->pushed_back = true;
	if ((got = take_ipv4(r, "range", &lo)) <= 0)
		return got;
	if ((err = next(r)))
		return err;
	hi = lo;
	if (r->tok.kind != T_SEMI) {
		r->pushed_back = true;
		if ((got = take_ipv4(r, "range", &hi)) <= 0)
			return got;
		if ((err = end_statement(r, "range")))
			return err;
	}
	uint32_t l = __builtin_bswap32(lo), h = __builtin_bswap32(hi);
	if (l > h) {
		warnf(r, r->tok.line, "'range': first address above the last: range ignored");
		return 0;
	}
	if ((lo & sn->netmask) != sn->network || (hi & sn->netmask) != sn->network) {
		warnf(r, r->tok.line, "'range': not inside its subnet: range ignored");
		return 0;
	}
	if (sn->range_lo || sn->range_hi)
		warnf(r, r->tok.line, "'range': only one range per subnet is used; this one replaces the earlier one");
	sn->range_lo = lo;
	sn->range_hi = hi;
	sn->dynamic_bootp = dyn;
	return 0;
}

int dhcpd_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t b[6];
	char sep = 0;

	for (int i = 0; i < 6; i++) {
		int hi = wb_hexval(*s++), lo;
		if (hi < 0)
			return -WB_EINVAL;
		if ((lo = wb_hexval(*s)) >= 0) {
			hi = hi << 4 | lo;
			s++;
		}
		b[i] = (uint8_t)hi;
		if (i == 5)
			break;
		if (!sep && (*s == ':' || *s == '-'))
			sep = *s;
		if (*s++ != sep)
			return -WB_EINVAL;
	}
	if (*s)
		return -WB_EINVAL;
	memcpy(mac, b, 6);
	return 0;
}

/* `hardware ethernet MAC;` inside a host. */
static int parse_hardware(struct reader *r, struct dhcp_host *h)
{
	int err;

	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_WORD || strcmp(r->tok.text, "ethernet") != 0) {
		warnf(r, r->tok.line, "'hardware %s': only 'hardware ethernet' is supported: ignored",
		      r->tok.text);
		r->pushed_back = true;
		return skip_statement(r);
	}
	if ((err = next(r)))
		return err;
	uint8_t mac[6];
	if (r->tok.kind != T_WORD || dhcpd_parse_mac(r->tok.text, mac) != 0) {
		warnf(r, r->tok.line, "'hardware ethernet': '%s' is not a MAC address: ignored",
		      r->tok.text);
		r->pushed_back = true;
		return skip_statement(r);
	}
	memcpy(h->mac, mac, 6);
	h->has_mac = true;
	return end_statement(r, "hardware ethernet");
}

/* `fixed-address IP[, IP...];` inside a host: the first address is used. */
static int parse_fixed_address(struct reader *r, struct dhcp_host *h)
{
	uint32_t list[DHCPD_MAX_ADDRS];
	unsigned n = 0;
	int got = take_ipv4_list(r, "fixed-address", list, &n);

	if (got <= 0)
		return got;
	if (n > 1)
		warnf(r, r->tok.line, "'fixed-address': only the first of %u addresses is used", n);
	h->fixed_address = list[0];
	return 0;
}

/* `fixed-address6 ADDR;` inside a host (ISC dhcpd -6): its DHCPv6 address. */
static int parse_fixed_address6(struct reader *r, struct dhcp_host *h)
{
	struct ip_addr a;
	int err = next(r);

	if (err)
		return err;
	if (r->tok.kind != T_WORD || ip_addr_parse(r->tok.text, strlen(r->tok.text), &a) < 0 ||
	    a.family != IP_ADDR_V6) {
		warnf(r, r->tok.line, "'fixed-address6': '%s' is not an IPv6 address: statement ignored",
		      r->tok.text);
		r->pushed_back = true;
		return skip_statement(r);
	}
	memcpy(h->fixed_address6, a.v6, 16);
	h->has_fixed_address6 = true;
	return end_statement(r, "fixed-address6");
}

/* Append an empty host; NULL (reported) when the limit is reached or memory is short. */
static struct dhcp_host *add_host(struct reader *r, int *err)
{
	struct dhcpd_conf *c = r->conf;

	if (c->n_hosts == DHCPD_MAX_HOSTS) {
		warnf(r, r->tok.line, "more than %d host declarations", DHCPD_MAX_HOSTS);
		*err = -WB_ETOOBIG;
		return NULL;
	}
	if (c->n_hosts == c->cap_hosts) {
		unsigned cap = c->cap_hosts ? c->cap_hosts * 2 : 16;
		struct dhcp_host *nh = realloc(c->hosts, cap * sizeof(*nh));
		if (!nh) {
			*err = -WB_ENOMEM;
			return NULL;
		}
		c->hosts = nh;
		c->cap_hosts = cap;
	}
	struct dhcp_host *h = &c->hosts[c->n_hosts];
	memset(h, 0, sizeof(*h));
	return h;
}

/* `subnet NET netmask MASK { ... }`. */
static int parse_subnet(struct reader *r, unsigned depth)
{
	struct dhcp_subnet sn;
	unsigned line = r->tok.line;
	int got, err;

	memset(&sn, 0, sizeof(sn));
	sn.line = line;
	if ((got = take_ipv4(r, "subnet", &sn.network)) <= 0)
		return got < 0 ? got : -WB_ESYNTAX;
	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_WORD || strcmp(r->tok.text, "netmask") != 0) {
		warnf(r, r->tok.line, "'subnet': expected 'netmask' before '%s'", r->tok.text);
		return -WB_ESYNTAX;
	}
	if ((got = take_ipv4(r, "netmask", &sn.netmask)) <= 0)
		return got < 0 ? got : -WB_ESYNTAX;
	uint32_t m = __builtin_bswap32(sn.netmask);
	if (m & (~m >> 1)) {
		warnf(r, line, "'subnet': netmask is not contiguous");
		return -WB_ESYNTAX;
	}
	if ((sn.network & sn.netmask) != sn.network)
		warnf(r, line, "'subnet': network address has host bits set; they are cleared");
	sn.network &= sn.netmask;
	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_LBRACE) {
		warnf(r, r->tok.line, "'subnet': expected '{' before '%s'", r->tok.text);
		return -WB_ESYNTAX;
	}
	if (r->conf->n_subnets == DHCPD_MAX_SUBNETS) {
		warnf(r, line, "more than %d subnet declarations", DHCPD_MAX_SUBNETS);
		return -WB_ETOOBIG;
	}
	unsigned first_host = r->conf->n_hosts;
	if ((err = parse_block(r, BLOCK_SUBNET, &sn.scope, &sn, NULL, depth + 1)))
		return err;
	for (unsigned i = first_host; i < r->conf->n_hosts; i++)
		dhcp_scope_merge(&r->conf->hosts[i].scope, &sn.scope);
	r->conf->subnets[r->conf->n_subnets++] = sn;
	return 0;
}

/* `host NAME { ... }`. */
static int parse_host(struct reader *r, unsigned depth)
{
	struct dhcp_host h;
	unsigned line = r->tok.line;
	int err;

	memset(&h, 0, sizeof(h));
	h.line = line;
	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_WORD && r->tok.kind != T_STRING) {
		warnf(r, r->tok.line, "'host': expected a name before '%s'", r->tok.text);
		return -WB_ESYNTAX;
	}
	if (strlen(r->tok.text) >= sizeof(h.name))
		warnf(r, line, "'host': name truncated to %zu characters", sizeof(h.name) - 1);
	wb_strlcpy(h.name, r->tok.text, sizeof(h.name));
	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_LBRACE) {
		warnf(r, r->tok.line, "'host %s': expected '{' before '%s'", h.name, r->tok.text);
		return -WB_ESYNTAX;
	}
	if ((err = parse_block(r, BLOCK_HOST, &h.scope, NULL, &h, depth + 1)))
		return err;
	if (!h.has_mac) {
		warnf(r, line, "host '%s' has no 'hardware ethernet': it can never match", h.name);
		return 0;
	}
	if (dhcpd_conf_find_host(r->conf, h.mac))
		warnf(r, line, "host '%s': its MAC address is already declared; the first wins", h.name);
	struct dhcp_host *slot = add_host(r, &err);
	if (!slot)
		return err;
	*slot = h;
	r->conf->n_hosts++;
	return 0;
}

/* `group { ... }` and `shared-network NAME { ... }`: scopes for what they contain. */
static int parse_group(struct reader *r, bool named, unsigned depth)
{
	struct dhcp_scope g;
	const char *what = named ? "shared-network" : "group";
	int err;

	memset(&g, 0, sizeof(g));
	if (named && (err = next(r)))
		return err;
	if ((err = next(r)))
		return err;
	if (r->tok.kind != T_LBRACE) {
		warnf(r, r->tok.line, "'%s': expected '{' before '%s'", what, r->tok.text);
		return -WB_ESYNTAX;
	}
	unsigned first_host = r->conf->n_hosts, first_subnet = r->conf->n_subnets;
	if ((err = parse_block(r, BLOCK_GROUP, &g, NULL, NULL, depth + 1)))
		return err;
	for (unsigned i = first_host; i < r->conf->n_hosts; i++)
		dhcp_scope_merge(&r->conf->hosts[i].scope, &g);
	for (unsigned i = first_subnet; i < r->conf->n_subnets; i++)
		dhcp_scope_merge(&r->conf->subnets[i].scope, &g);
	return 0;
}

/* The statements of one block up to its '}' (or end of file at the top). */
static int parse_block(struct reader *r, enum block_kind kind, struct dhcp_scope *scope,
		       struct dhcp_subnet *subnet, struct dhcp_host *host, unsigned depth)
{
	int err, got;

	if (depth > DHCPD_MAX_NESTING) {
		warnf(r, r->tok.line, "blocks nested more than %d deep", DHCPD_MAX_NESTING);
		return -WB_ETOOBIG;
	}
	for (;;) {
		if ((err = next(r)))
			return err;
		struct token *t = &r->tok;
		switch (t->kind) {
		case T_EOF:
			if (kind == BLOCK_TOP)
				return 0;
			warnf(r, t->line, "end of file inside a block: a '}' is missing");
			return -WB_ESYNTAX;
		case T_RBRACE:
			if (kind != BLOCK_TOP)
				return 0;
			warnf(r, t->line, "'}' without a matching '{'");
			return -WB_ESYNTAX;
		case T_SEMI:
			continue;
		case T_WORD:
			break;
		default:
			warnf(r, t->line, "unexpected '%s': statement ignored", t->text);
			if ((err = skip_statement(r)))
				return err;
			continue;
		}

		char word[TOKEN_MAX];
		unsigned line = t->line;
		wb_strlcpy(word, t->text, sizeof(word));
		if ((got = parse_scope_statement(r, word, scope)) < 0)
			return got;
		if (got)
			continue;
		if (strcmp(word, "subnet") == 0 && kind != BLOCK_HOST && kind != BLOCK_SUBNET)
			err = parse_subnet(r, depth);
		else if (strcmp(word, "host") == 0 && kind != BLOCK_HOST)
			err = parse_host(r, depth);
		else if (strcmp(word, "group") == 0 && kind != BLOCK_HOST)
			err = parse_group(r, false, depth);
		else if (strcmp(word, "shared-network") == 0 && kind == BLOCK_TOP)
			err = parse_group(r, true, depth);
		else if (strcmp(word, "range") == 0 && kind == BLOCK_SUBNET)
			err = parse_range(r, subnet);
		else if (strcmp(word, "hardware") == 0 && kind == BLOCK_HOST)
			err = parse_hardware(r, host);
		else if (strcmp(word, "fixed-address") == 0 && kind == BLOCK_HOST)
			err = parse_fixed_address(r, host);
		else if (strcmp(word, "fixed-address6") == 0 && kind == BLOCK_HOST)
			err = parse_fixed_address6(r, host);
		else {
			warnf(r, line, "'%s' is not supported here: statement ignored", word);
			err = skip_statement(r);
		}
		if (err)
			return err;
	}
}

int dhcpd_conf_parse(const char *text, size_t len, struct dhcpd_conf *conf, dhcpd_warn_fn warn,
		     void *ctx)
{
	struct reader r = { .p = text, .end = text + len, .line = 1, .conf = conf, .warn = warn,
			    .ctx = ctx };

	memset(conf, 0, sizeof(*conf));
	conf->allow_booting = true;
	conf->allow_bootp = true;
	if (len > DHCPD_MAX_FILE) {
		warnf(&r, 0, "file larger than %u bytes", DHCPD_MAX_FILE);
		return -WB_ETOOBIG;
	}
	int err = parse_block(&r, BLOCK_TOP, &conf->global, NULL, NULL, 0);
	if (err) {
		unsigned warnings = conf->warnings;
		dhcpd_conf_free(conf);
		conf->warnings = warnings;
	}
	return err;
}

int dhcpd_conf_load(const char *path, struct dhcpd_conf *conf, dhcpd_warn_fn warn, void *ctx)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	memset(conf, 0, sizeof(*conf));
	if (fd < 0)
		return errno == ENOENT ? -WB_ENOENT : errno == EACCES ? -WB_EACCES : -WB_EIO;
	char *buf;
	size_t len;
	int err = read_whole_file(fd, DHCPD_MAX_FILE, &buf, &len);
	close(fd);
	if (err)
		return err;
	err = dhcpd_conf_parse(buf, len, conf, warn, ctx);
	wb_free(buf);
	return err;
}

void dhcpd_conf_free(struct dhcpd_conf *conf)
{
	free(conf->hosts);
	memset(conf, 0, sizeof(*conf));
}

const struct dhcp_host *dhcpd_conf_find_host(const struct dhcpd_conf *conf, const uint8_t mac[6])
{
	for (unsigned i = 0; i < conf->n_hosts; i++)
		if (conf->hosts[i].has_mac && memcmp(conf->hosts[i].mac, mac, 6) == 0)
			return &conf->hosts[i];
	return NULL;
}

const struct dhcp_subnet *dhcpd_conf_find_subnet(const struct dhcpd_conf *conf, uint32_t ip)
{
	for (unsigned i = 0; i < conf->n_subnets; i++)
		if ((ip & conf->subnets[i].netmask) == conf->subnets[i].network)
			return &conf->subnets[i];
	return NULL;
}

void dhcp_scope_merge(struct dhcp_scope *dst, const struct dhcp_scope *src)
{
	if (!dst->n_routers) {
		memcpy(dst->routers, src->routers, sizeof(dst->routers));
		dst->n_routers = src->n_routers;
	}
	if (!dst->n_dns) {
		memcpy(dst->dns, src->dns, sizeof(dst->dns));
		dst->n_dns = src->n_dns;
	}
#define MERGE_FIELD(has, field)                         \
	if (!dst->has && src->has) {                    \
		dst->has = true;                        \
		memcpy(&dst->field, &src->field, sizeof(dst->field)); \
	}
	MERGE_FIELD(has_broadcast, broadcast)
	MERGE_FIELD(has_subnet_mask, subnet_mask)
	MERGE_FIELD(has_next_server, next_server)
	MERGE_FIELD(has_domain_name, domain_name)
	MERGE_FIELD(has_host_name, host_name)
	MERGE_FIELD(has_filename, filename)
	MERGE_FIELD(has_pxe_config_file, pxe_config_file)
	MERGE_FIELD(has_pxe_path_prefix, pxe_path_prefix)
	MERGE_FIELD(has_boot_url6, boot_url6)
#undef MERGE_FIELD
	if (!dst->default_lease_time)
		dst->default_lease_time = src->default_lease_time;
	if (!dst->max_lease_time)
		dst->max_lease_time = src->max_lease_time;
}
