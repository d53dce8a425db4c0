/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCPv6 message codec (RFC 8415; boot file URL and parameters RFC 5970, client architecture
 * and network interface identifier RFC 5970 / RFC 4578, client link-layer address RFC 6939).
 * One codec for the client (net/dhcpv6_client.c) and the server (server/dhcpv6_server.c).
 * Parsing checks every option length against its container and keeps pointers into the
 * input buffer, which must outlive the parsed struct.
 */
#ifndef WB_NET_DHCPV6_PACKET_H
#define WB_NET_DHCPV6_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCPV6_CLIENT_PORT 546
#define DHCPV6_SERVER_PORT 547
#define DHCPV6_MAX_LEN 1452      /* what one 1500-byte IPv6 packet carries (1500 - 40 - 8) */
#define DHCPV6_HLEN 4            /* msg-type + transaction-id */
#define DHCPV6_RELAY_HLEN 34     /* msg-type, hop-count, link-address, peer-address */
#define DHCPV6_DUID_MAX 130      /* RFC 8415 11.1: at most 128 bytes after the type */
#define DHCPV6_DUID_LL_LEN 10    /* type 3, hardware type 1, 6-byte MAC */

enum dhcpv6_msg_type {
	DHCPV6_SOLICIT = 1,
	DHCPV6_ADVERTISE = 2,
	DHCPV6_REQUEST = 3,
	DHCPV6_CONFIRM = 4,
	DHCPV6_RENEW = 5,
	DHCPV6_REBIND = 6,
	DHCPV6_REPLY = 7,
	DHCPV6_RELEASE = 8,
	DHCPV6_DECLINE = 9,
	DHCPV6_RECONFIGURE = 10,
	DHCPV6_INFORMATION_REQUEST = 11,
	DHCPV6_RELAY_FORW = 12,
	DHCPV6_RELAY_REPL = 13,
};

enum dhcpv6_option {
	DHCPV6_OPT_CLIENTID = 1,
	DHCPV6_OPT_SERVERID = 2,
	DHCPV6_OPT_IA_NA = 3,
	DHCPV6_OPT_IAADDR = 5,
	DHCPV6_OPT_ORO = 6,
	DHCPV6_OPT_PREFERENCE = 7,
	DHCPV6_OPT_ELAPSED_TIME = 8,
	DHCPV6_OPT_RELAY_MSG = 9,
	DHCPV6_OPT_STATUS_CODE = 13,
	DHCPV6_OPT_RAPID_COMMIT = 14,
	DHCPV6_OPT_USER_CLASS = 15,
	DHCPV6_OPT_VENDOR_CLASS = 16,
	DHCPV6_OPT_INTERFACE_ID = 18,
	DHCPV6_OPT_DNS_SERVERS = 23,
	DHCPV6_OPT_DOMAIN_LIST = 24,
	DHCPV6_OPT_BOOTFILE_URL = 59,
	DHCPV6_OPT_BOOTFILE_PARAM = 60,
	DHCPV6_OPT_CLIENT_ARCH = 61,
	DHCPV6_OPT_NII = 62,
	DHCPV6_OPT_CLIENT_LINKLAYER = 79,
};

enum dhcpv6_status {
	DHCPV6_STATUS_SUCCESS = 0,
	DHCPV6_STATUS_UNSPEC_FAIL = 1,
	DHCPV6_STATUS_NO_ADDRS_AVAIL = 2,
	DHCPV6_STATUS_NO_BINDING = 3,
	DHCPV6_STATUS_NOT_ON_LINK = 4,
	DHCPV6_STATUS_USE_MULTICAST = 5,
};

#define DUID_LLT 1
#define DUID_EN 2
#define DUID_LL 3
#define DHCPV6_ENTERPRISE_PXE 343 /* Intel: the vendor class UEFI firmware sends */

/* A run of bytes inside the parsed buffer (len 0, p NULL when absent). */
struct dhcpv6_bytes {
	const uint8_t *p;
	uint16_t len;
};

/* A parsed message: the fields wireboot uses, first occurrence of each option. */
struct dhcpv6_packet {
	uint8_t type;
	uint32_t xid;                     /* 24 bits */
	/* Relay messages: hop count, link and peer address; relay_msg is the inner message. */
	uint8_t hop_count;
	const uint8_t *link_addr, *peer_addr;
	struct dhcpv6_bytes relay_msg, interface_id;

	struct dhcpv6_bytes client_id, server_id;
	bool rapid_commit;
	bool has_preference;
	uint8_t preference;
	bool has_status;
	uint16_t status;                  /* the message's own status code option */
	uint16_t elapsed;                 /* centiseconds */
	struct dhcpv6_bytes oro;          /* requested option codes, 16 bits each */

	/* The first IA_NA and the first address in it. */
	bool has_ia_na;
	uint32_t iaid, t1, t2;
	bool has_ia_status;
	uint16_t ia_status;
	bool has_addr;
	uint8_t addr[16];
	uint32_t preferred, valid;

	struct dhcpv6_bytes dns;          /* 16 bytes per server */
	struct dhcpv6_bytes domains;      /* DNS wire-format names */
	struct dhcpv6_bytes boot_url, boot_params;
	bool has_arch;
	uint16_t arch;                    /* the first architecture type of option 61 */
	struct dhcpv6_bytes nii;          /* type, major, minor */
	struct dhcpv6_bytes vendor_class; /* enterprise number, then length-prefixed strings */
	struct dhcpv6_bytes user_class;
	struct dhcpv6_bytes linklayer;    /* option 79: hardware type, address */
};

/* Take a message (client/server or relay) apart: 0, -WB_ETRUNCATED or -WB_EPROTO. */
int dhcpv6_parse(const uint8_t *buf, size_t len, struct dhcpv6_packet *p);

/* Length of a message at the start of a zero-padded buffer of cap bytes (firmware copies):
 * up to the last whole option before an option code 0 or the end. */
size_t dhcpv6_packet_len(const uint8_t *buf, size_t cap);

/* Does the ORO (option request option) of p ask for code? */
bool dhcpv6_requested(const struct dhcpv6_packet *p, uint16_t code);

/* The DUID-LL of a MAC (DHCPV6_DUID_LL_LEN bytes). */
void dhcpv6_duid_ll(const uint8_t mac[6], uint8_t duid[DHCPV6_DUID_LL_LEN]);
/* The MAC in a DUID-LL or DUID-LLT of Ethernet type: 0, or -WB_ENOENT for other DUIDs. */
int dhcpv6_duid_mac(const struct dhcpv6_bytes *duid, uint8_t mac[6]);

/*
 * Decode option 24 (or another list of uncompressed DNS names) as "a.example b.example":
 * the length, or -WB_EPROTO (malformed) / -WB_ETOOBIG (does not fit cap with its NUL).
 */
int dhcpv6_domain_list(const struct dhcpv6_bytes *list, char *out, size_t cap);

/* Building: options appended in order; an IA_NA or relay option may be opened and closed
 * around the options it contains.  Overflow is remembered and reported by finish. */
struct dhcpv6_builder {
	uint8_t *buf;
	size_t cap, len;
	bool overflow;
};

void dhcpv6_build_start(struct dhcpv6_builder *b, uint8_t *buf, size_t cap, uint8_t type,
			uint32_t xid);
void dhcpv6_put(struct dhcpv6_builder *b, uint16_t code, const void *data, size_t len);
void dhcpv6_put_u16(struct dhcpv6_builder *b, uint16_t code, uint16_t v);
/* Append raw bytes (a relay header, or the body of an opened option). */
void dhcpv6_put_raw(struct dhcpv6_builder *b, const void *data, size_t len);
/* Start an option whose body follows; returns the handle for dhcpv6_close(). */
size_t dhcpv6_open(struct dhcpv6_builder *b, uint16_t code);
void dhcpv6_close(struct dhcpv6_builder *b, size_t handle);
/* The message's length, or -WB_ETOOBIG when it did not fit. */
int dhcpv6_build_finish(const struct dhcpv6_builder *b);

#endif
