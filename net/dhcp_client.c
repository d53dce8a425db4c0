// SPDX-License-Identifier: GPL-2.0-or-later
/* DHCP client: see net/dhcp_client.h for the behaviour and the API. */
#include "net/dhcp_client.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/ipv4.h"
#include "net/netif.h"

static const uint8_t param_request_list[] = {
	DHCP_OPT_SUBNET_MASK, DHCP_OPT_ROUTER, DHCP_OPT_DNS, DHCP_OPT_HOSTNAME,
	DHCP_OPT_DOMAIN_NAME, DHCP_OPT_BROADCAST, DHCP_OPT_VENDOR, DHCP_OPT_LEASE_TIME,
	DHCP_OPT_SERVER_ID, DHCP_OPT_VENDOR_CLASS, DHCP_OPT_TFTP_SERVER, DHCP_OPT_BOOTFILE,
	DHCP_OPT_CLIENT_UUID, DHCP_OPT_PXELINUX_MAGIC, DHCP_OPT_PXELINUX_CONFIGFILE,
	DHCP_OPT_PXELINUX_PATHPREFIX, DHCP_OPT_PXELINUX_REBOOTTIME,
};

const char *dhcp_default_vendor_class(uint8_t client_arch)
{
	switch (client_arch) {
	case DHCP_ARCH_BIOS:
		return "PXEClient:Arch:00000:UNDI:002001";
	case DHCP_ARCH_EFI_IA32:
		return "PXEClient:Arch:00006:UNDI:003016";
	case DHCP_ARCH_EFI_BC:
		return "PXEClient:Arch:00009:UNDI:003016";
	default:
		return "PXEClient:Arch:00007:UNDI:003016";
	}
}

/* ---- reading packets into the lease ----------------------------------------------------- */

static uint32_t classful_netmask(uint32_t ip_be)
{
	const uint8_t *b = (const uint8_t *)&ip_be;
	uint8_t m[4] = {255, 0, 0, 0};
	if (b[0] >= 128)
		m[1] = 255;
	if (b[0] >= 192)
		m[2] = 255;
	uint32_t v;
	memcpy(&v, m, 4);
	return v;
}

/* Boot information: a boot file, a TFTP server or PXELINUX file options. */
static bool has_boot_info(const struct dhcp_packet *p)
{
	return p->file[0] || dhcp_has_option(p, DHCP_OPT_BOOTFILE) ||
	       dhcp_has_option(p, DHCP_OPT_TFTP_SERVER) ||
	       dhcp_has_option(p, DHCP_OPT_PXELINUX_CONFIGFILE) ||
	       dhcp_has_option(p, DHCP_OPT_PXELINUX_PATHPREFIX);
}

static bool has_boot_file(const struct dhcp_packet *p)
{
	char f[2];
	return p->file[0] || (dhcp_get_string(p, DHCP_OPT_BOOTFILE, f, sizeof(f)) == 0 && f[0]);
}

/* The server a reply speaks for: option 54, else siaddr (BOOTP), else its source. */
static uint32_t reply_server(const struct dhcp_packet *p, uint32_t src_ip)
{
	uint32_t id;
	if (dhcp_get_ipv4(p, DHCP_OPT_SERVER_ID, &id) == 0 && id)
		return id;
	return p->siaddr ? p->siaddr : src_ip;
}

/* Address part of the lease, from the packet that assigned the address. */
static void lease_set_address(struct dhcp_lease *l, const struct dhcp_packet *p, uint32_t sender)
{
	l->client_ip = p->yiaddr ? p->yiaddr : p->ciaddr;
	if (dhcp_get_ipv4(p, DHCP_OPT_SUBNET_MASK, &l->netmask) < 0 || !l->netmask)
		l->netmask = classful_netmask(l->client_ip);
	l->gateway = 0;
	dhcp_get_ipv4(p, DHCP_OPT_ROUTER, &l->gateway);
	size_t len = 0;
	const uint8_t *dns = dhcp_get_option(p, DHCP_OPT_DNS, &len);
	l->dns_count = 0;
	for (size_t i = 0; dns && i + 4 <= len && l->dns_count < DHCP_LEASE_DNS_MAX; i += 4)
		memcpy(&l->dns[l->dns_count++], dns + i, 4);
	l->server_id = reply_server(p, sender);
	l->lease_time = 0;
	dhcp_get_u32(p, DHCP_OPT_LEASE_TIME, &l->lease_time);
	dhcp_get_string(p, DHCP_OPT_HOSTNAME, l->hostname, sizeof(l->hostname));
	dhcp_get_string(p, DHCP_OPT_DOMAIN_NAME, l->domain, sizeof(l->domain));
	l->bootp = dhcp_msg_type(p) == 0;
}

/* Boot part of the lease: file, TFTP server, PXELINUX options. */
static void lease_set_boot(struct dhcp_lease *l, const struct dhcp_packet *p, uint32_t sender)
{
	if (dhcp_get_string(p, DHCP_OPT_BOOTFILE, l->boot_file, sizeof(l->boot_file)) < 0 ||
	    !l->boot_file[0])
		wb_strlcpy(l->boot_file, p->file, sizeof(l->boot_file));
	dhcp_get_string(p, DHCP_OPT_TFTP_SERVER, l->tftp_server_name, sizeof(l->tftp_server_name));
	uint32_t ip;
	if (l->tftp_server_name[0] && wb_parse_ipv4(l->tftp_server_name, &ip) == 0)
		l->tftp_server = ip;
	else if (p->siaddr)
		l->tftp_server = p->siaddr;
	else
		l->tftp_server = reply_server(p, sender);
	dhcp_get_string(p, DHCP_OPT_PXELINUX_CONFIGFILE, l->config_file, sizeof(l->config_file));
	dhcp_get_string(p, DHCP_OPT_PXELINUX_PATHPREFIX, l->path_prefix, sizeof(l->path_prefix));
	l->reboot_time = 0;
	dhcp_get_u32(p, DHCP_OPT_PXELINUX_REBOOTTIME, &l->reboot_time);
}

static void copy_raw(uint8_t *dst, size_t *dst_len, const void *src, size_t len)
{
	if (len > DHCP_MAX_LEN)
		len = DHCP_MAX_LEN;
	memcpy(dst, src, len);
	*dst_len = len;
}

int dhcp_lease_from_ack(const void *ack, size_t len, struct dhcp_lease *lease)
{
	struct dhcp_packet *p = wb_malloc(sizeof(*p));
	if (!p)
		return -WB_ENOMEM;
	memset(lease, 0, sizeof(*lease));
	int err = dhcp_parse(ack, len, p);
	if (!err && p->op != BOOTP_REPLY)
		err = -WB_EPROTO;
	if (!err && !p->yiaddr && !p->ciaddr)
		err = -WB_ENOENT;
	if (!err) {
		lease_set_address(lease, p, 0);
		lease_set_boot(lease, p, lease->server_id);
		copy_raw(lease->ack, &lease->ack_len, ack, len);
	}
	wb_free(p);
	return err;
}

void dhcp_lease_apply(struct netif *nif, const struct dhcp_lease *lease)
{
	netif_configure(nif, lease->client_ip, lease->netmask, lease->gateway);
}

/* ---- receiving -------------------------------------------------------------------------- */

static bool is_proxy_offer(const struct dhcp_packet *p)
{
	char vc[10];
	return dhcp_msg_type(p) == DHCPOFFER && !p->yiaddr &&
	       dhcp_get_string(p, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)) == 0 &&
	       !strcmp(vc, "PXEClient");
}

/* The boot server type to ask the proxy for: the first non-local item of its menu, or 0. */
static uint16_t proxy_boot_item(const struct dhcp_packet *proxy)
{
	size_t len, mlen;
	const uint8_t *v = dhcp_get_option(proxy, DHCP_OPT_VENDOR, &len);
	const uint8_t *menu = v ? dhcp_find_suboption(v, len, PXE_VENDOR_BOOT_MENU, &mlen) : NULL;
	for (size_t i = 0; menu && i + 3 <= mlen; i += 3 + (size_t)menu[i + 2]) {
		uint16_t type = (uint16_t)(menu[i] << 8 | menu[i + 1]);
		if (type)
			return type;
	}
	return 0;
}

/* Record an offer while selecting: keep the first, unless a later one has boot info. */
static void on_offer(struct dhcp_client *c, const struct dhcp_packet *p, uint32_t src_ip,
		     const uint8_t *data, size_t len)
{
	if (is_proxy_offer(p)) {
		if (!c->proxy_len) {
			copy_raw(c->proxy, &c->proxy_len, data, len);
			c->proxy_server = reply_server(p, src_ip);
			c->proxy_item = proxy_boot_item(p);
		}
		return;
	}
	if (!p->yiaddr)
		return;
	bool boot = has_boot_info(p);
	if (c->offer_len && (c->offer_has_boot || !boot))
		return;
	if (!c->offer_len && !boot)
		c->select_deadline_us = time_now_us() + (uint64_t)DHCP_OFFER_WAIT_MS * 1000;
	copy_raw(c->offer, &c->offer_len, data, len);
	c->offer_ip = p->yiaddr;
	c->offer_has_boot = boot;
	c->offer_server = reply_server(p, src_ip);
}

/* A reply on port 68 (or 4011): taken when it is for us and fits the current state. */
static void on_rx(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		  const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	uint32_t src_ip = src->v4;
	struct dhcp_client *c = s->ctx;
	struct dhcp_packet *p = &c->scratch;
	if (len > DHCP_MAX_LEN || dhcp_parse(data, len, p) < 0 || p->op != BOOTP_REPLY ||
	    p->xid != c->xid || p->hlen != ETH_ALEN || memcmp(p->chaddr, c->nif->dev->mac, ETH_ALEN))
		return;
	int type = dhcp_msg_type(p);
	uint32_t server = reply_server(p, src_ip);
	switch (c->state) {
	case DHCP_STATE_SELECTING:
		if (type == DHCPOFFER || (type == 0 && p->yiaddr))
			on_offer(c, p, src_ip, data, len);
		break;
	case DHCP_STATE_REQUESTING:
		if (server != c->offer_server)
			break;
		if (type == DHCPACK && p->yiaddr && !c->acked) {
			copy_raw(c->lease->ack, &c->lease->ack_len, data, len);
			c->acked = true;
		} else if (type == DHCPNAK) {
			c->nak = true;
		}
		break;
	case DHCP_STATE_PROXY:
		if (type == DHCPACK && (src_ip == c->proxy_server || server == c->proxy_server) &&
		    !c->proxy_acked) {
			copy_raw(c->lease->proxy_ack, &c->lease->proxy_ack_len, data, len);
			c->proxy_acked = true;
		}
		break;
	default:
		break;
	}
}

/* ---- sending ---------------------------------------------------------------------------- */

/* Build and send DISCOVER, REQUEST, or the proxy REQUEST, per the state. */
static int send_message(struct dhcp_client *c)
{
	struct netif *nif = c->nif;
	struct dhcp_packet *hdr = &c->scratch; /* only the fixed fields are used */
	memset(hdr, 0, sizeof(*hdr));
	hdr->op = BOOTP_REQUEST;
	hdr->htype = 1;
	hdr->hlen = ETH_ALEN;
	hdr->xid = c->xid;
	uint64_t secs = (time_now_us() - c->start_us) / 1000000;
	hdr->secs = secs > 0xffff ? 0xffff : (uint16_t)secs;
	memcpy(hdr->chaddr, nif->dev->mac, ETH_ALEN);
	bool proxy = c->state == DHCP_STATE_PROXY;
	if (proxy)
		hdr->ciaddr = nif->ip;
	else
		hdr->flags = DHCP_FLAG_BROADCAST;

	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), hdr);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, c->state == DHCP_STATE_SELECTING ? DHCPDISCOVER : DHCPREQUEST);
	if (c->state == DHCP_STATE_REQUESTING) {
		dhcp_build_ipv4(&b, DHCP_OPT_REQUESTED_IP, c->offer_ip);
		dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, c->offer_server);
	}
	size_t max = udp_max_payload(nif, IP_ADDR_V4);
	dhcp_build_u16(&b, DHCP_OPT_MAX_SIZE, (uint16_t)(max < DHCP_MAX_LEN ? max : DHCP_MAX_LEN));
	uint8_t client_id[1 + ETH_ALEN] = {1};
	memcpy(client_id + 1, nif->dev->mac, ETH_ALEN);
	dhcp_build_option(&b, DHCP_OPT_CLIENT_ID, client_id, sizeof(client_id));
	dhcp_build_u16(&b, DHCP_OPT_CLIENT_ARCH, c->cfg.client_arch);
	static const uint8_t ndi_bios[] = {1, 2, 1}, ndi_efi[] = {1, 3, 16};
	dhcp_build_option(&b, DHCP_OPT_CLIENT_NDI, c->cfg.client_arch == DHCP_ARCH_BIOS ? ndi_bios : ndi_efi, 3);
	if (c->cfg.uuid) {
		uint8_t u[17] = {0};
		memcpy(u + 1, c->cfg.uuid, 16);
		dhcp_build_option(&b, DHCP_OPT_CLIENT_UUID, u, sizeof(u));
	}
	dhcp_build_option(&b, DHCP_OPT_PARAM_REQUEST, param_request_list, sizeof(param_request_list));
	dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, c->cfg.vendor_class);
	if (proxy && c->proxy_item) { /* PXE boot item: the server type, layer 0 */
		uint8_t item[7] = {PXE_VENDOR_BOOT_ITEM, 4, (uint8_t)(c->proxy_item >> 8),
				   (uint8_t)c->proxy_item, 0, 0, DHCP_OPT_END};
		dhcp_build_option(&b, DHCP_OPT_VENDOR, item, sizeof(item));
	}
	int n = dhcp_build_finish(&b);
	if (n < 0)
		return n;
	if (proxy)
		return udp_sendto(&c->sock, &(struct ip_addr){.family = IP_ADDR_V4, .v4 = c->proxy_server},
				  PXE_BINL_PORT, buf, (size_t)n);
	return udp_sendto(&c->sock, &(struct ip_addr){.family = IP_ADDR_V4, .v4 = IPV4_BROADCAST},
			  DHCP_SERVER_PORT, buf, (size_t)n);
}

/* Retransmission timeout after the n-th transmission (1-based): 1, 2, 4, 8 s + 0..25%. */
static uint64_t backoff_us(struct dhcp_client *c, unsigned n)
{
	uint32_t base = DHCP_FIRST_TIMEOUT_MS << (n > 1 ? (n - 1 > 4 ? 4 : n - 1) : 0);
	uint32_t jitter = netif_random(c->nif) % (base / 4 + 1);
	return (uint64_t)(base + jitter) * 1000;
}

/* ---- the state machine ------------------------------------------------------------------ */

static int finish(struct dhcp_client *c, int result)
{
	c->state = result ? DHCP_STATE_FAILED : DHCP_STATE_BOUND;
	c->result = result;
	return result;
}

static int fail(struct dhcp_client *c, int err, const char *what)
{
	char mac[WB_MAC_STRLEN];
	unsigned secs = (unsigned)((time_now_us() - c->start_us) / 1000000);
	wb_snprintf(c->error, sizeof(c->error), "%s on %s (%s) after %u tries in %u s", what,
		    c->nif->dev->name ? c->nif->dev->name : "?", wb_fmt_mac(mac, c->nif->dev->mac, ':'),
		    c->tries, secs);
	return finish(c, err);
}

static void enter(struct dhcp_client *c, enum dhcp_client_state state)
{
	c->state = state;
	c->tries = 0;
	c->send_now = true;
}

/* Back to DISCOVER after a NAK: a new transaction, offers forgotten. */
static void restart(struct dhcp_client *c)
{
	c->xid = netif_random(c->nif);
	c->offer_len = c->proxy_len = 0;
	c->offer_has_boot = false;
	c->select_deadline_us = 0;
	c->nak = c->acked = false;
	enter(c, DHCP_STATE_SELECTING);
}

/* The ACK (or BOOTP reply) is in: fill the lease, configure the netif, maybe ask the proxy. */
static int bind(struct dhcp_client *c)
{
	struct dhcp_lease *l = c->lease;
	struct dhcp_packet *p = &c->scratch;
	if (dhcp_parse(l->ack, l->ack_len, p) < 0)
		return fail(c, -WB_EPROTO, "unparsable DHCP ACK");
	lease_set_address(l, p, c->offer_server);
	lease_set_boot(l, p, c->offer_server);
	bool boot = has_boot_info(p);
	dhcp_lease_apply(c->nif, l);
	if (!boot && c->offer_has_boot && dhcp_parse(c->offer, c->offer_len, p) == 0) {
		lease_set_boot(l, p, c->offer_server);
		boot = true;
	}
	if (!boot && c->proxy_len && dhcp_parse(c->proxy, c->proxy_len, p) == 0) {
		l->boot_from_proxy = true;
		l->proxy_server = c->proxy_server;
		if (!has_boot_file(p)) {
			enter(c, DHCP_STATE_PROXY);
			return -WB_EAGAIN;
		}
		lease_set_boot(l, p, c->proxy_server);
		copy_raw(l->proxy_ack, &l->proxy_ack_len, c->proxy, c->proxy_len);
	}
	return finish(c, 0);
}

int dhcp_client_start(struct dhcp_client *c, struct netif *nif, const struct dhcp_client_config *cfg,
		      struct dhcp_lease *lease)
{
	memset(c, 0, sizeof(*c));
	memset(lease, 0, sizeof(*lease));
	c->nif = nif;
	c->cfg = *cfg;
	if (!c->cfg.vendor_class)
		c->cfg.vendor_class = dhcp_default_vendor_class(cfg->client_arch);
	if (!c->cfg.tries)
		c->cfg.tries = DHCP_TRIES;
	c->lease = lease;
	c->sock.rx = on_rx;
	c->sock.ctx = c;
	int err = udp_open(&c->sock, nif, DHCP_CLIENT_PORT);
	if (err < 0)
		return err;
	netif_configure(nif, 0, 0, 0);
	c->start_us = time_now_us();
	restart(c);
	return 0;
}

void dhcp_client_stop(struct dhcp_client *c)
{
	udp_close(&c->sock);
}

int dhcp_client_step(struct dhcp_client *c)
{
	if (c->state == DHCP_STATE_BOUND || c->state == DHCP_STATE_FAILED || c->state == DHCP_STATE_IDLE)
		return c->state == DHCP_STATE_IDLE ? -WB_EINVAL : c->result;
	uint64_t now = time_now_us();
	bool timeout = c->send_now || time_after_us(now, c->deadline_us);

	switch (c->state) {
	case DHCP_STATE_SELECTING:
		if (c->offer_len && (c->offer_has_boot || c->proxy_len || timeout ||
				     (c->select_deadline_us && time_after_us(now, c->select_deadline_us)))) {
			if (dhcp_parse(c->offer, c->offer_len, &c->scratch) == 0 &&
			    dhcp_msg_type(&c->scratch) == 0) { /* BOOTP: no REQUEST */
				copy_raw(c->lease->ack, &c->lease->ack_len, c->offer, c->offer_len);
				return bind(c);
			}
			enter(c, DHCP_STATE_REQUESTING);
			return dhcp_client_step(c);
		}
		if (timeout && c->tries >= c->cfg.tries)
			return fail(c, -WB_ENOOFFER, "no DHCP offer");
		break;
	case DHCP_STATE_REQUESTING:
		if (c->acked)
			return bind(c);
		if (c->nak) {
			if (++c->restarts > DHCP_MAX_RESTARTS)
				return fail(c, -WB_EPROTO, "DHCP server keeps refusing (NAK) our request");
			restart(c);
			return dhcp_client_step(c);
		}
		if (timeout && c->tries >= c->cfg.tries) {
			char ip[WB_IPV4_STRLEN];
			char what[64];
			wb_snprintf(what, sizeof(what), "no DHCP ACK from %s", wb_fmt_ipv4(ip, c->offer_server));
			return fail(c, -WB_ETIMEDOUT, what);
		}
		break;
	case DHCP_STATE_PROXY:
		if (c->proxy_acked && dhcp_parse(c->lease->proxy_ack, c->lease->proxy_ack_len, &c->scratch) == 0) {
			lease_set_boot(c->lease, &c->scratch, c->proxy_server);
			return finish(c, 0);
		}
		if (timeout && c->tries >= c->cfg.tries) {
			/* Bound anyway: the address works, the boot information is what we have. */
			char ip[WB_IPV4_STRLEN];
			wb_snprintf(c->error, sizeof(c->error), "proxyDHCP server %s did not answer on port %d",
				    wb_fmt_ipv4(ip, c->proxy_server), PXE_BINL_PORT);
			if (dhcp_parse(c->proxy, c->proxy_len, &c->scratch) == 0)
				lease_set_boot(c->lease, &c->scratch, c->proxy_server);
			copy_raw(c->lease->proxy_ack, &c->lease->proxy_ack_len, c->proxy, c->proxy_len);
			return finish(c, 0);
		}
		break;
	default:
		break;
	}
	if (timeout) {
		c->send_now = false;
		c->tries++;
		c->deadline_us = time_now_us() + backoff_us(c, c->tries);
		send_message(c); /* a lost send is a lost packet: the retransmission covers it */
	}
	return -WB_EAGAIN;
}

int dhcp_configure(struct netif *nif, const struct dhcp_client_config *cfg, struct dhcp_lease *lease)
{
	struct dhcp_client *c = wb_zalloc(sizeof(*c));
	if (!c)
		return -WB_ENOMEM;
	char mac[WB_MAC_STRLEN];
	wb_printf("DHCP on %s (%s)...", nif->dev->name, wb_fmt_mac(mac, nif->dev->mac, ':'));
	int err = dhcp_client_start(c, nif, cfg, lease);
	const char *reason = NULL;
	if (err == 0)
		while ((err = dhcp_client_step(c)) == -WB_EAGAIN) {
			net_poll(nif);
			if (cfg->give_up && c->state == DHCP_STATE_SELECTING && !c->offer_len &&
			    (reason = cfg->give_up(cfg->give_up_ctx))) {
				err = -WB_ECANCELED;
				break;
			}
		}
	if (reason) {
		wb_printf(" stopped: %s\n", reason);
	} else if (err == 0) {
		char ip[WB_IPV4_STRLEN], mask[WB_IPV4_STRLEN], gw[WB_IPV4_STRLEN], srv[WB_IPV4_STRLEN];
		wb_printf(" %s/%s gw %s from %s\n", wb_fmt_ipv4(ip, lease->client_ip),
			  wb_fmt_ipv4(mask, lease->netmask), wb_fmt_ipv4(gw, lease->gateway),
			  wb_fmt_ipv4(srv, lease->server_id));
		if (c->error[0])
			wb_printf("  warning: %s\n", c->error);
	} else {
		wb_printf(" failed\n%s: %s\n", c->error[0] ? c->error : "DHCP", wb_strerror(err));
	}
	dhcp_client_stop(c);
	wb_free(c);
	return err;
}
