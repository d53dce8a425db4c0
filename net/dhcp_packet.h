/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCP/BOOTP packet codec (RFC 2131, 2132, 3396 long options, option overload 52, PXE 4578).
 * One codec for the client (net/dhcp_client.c) and the server (server/dhcp_server.c).
 * Parsing copies option values into the struct, so the input buffer may be reused.
 */
#ifndef WB_NET_DHCP_PACKET_H
#define WB_NET_DHCP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define PXE_BINL_PORT 4011 /* proxyDHCP boot server */

#define BOOTP_REQUEST 1
#define BOOTP_REPLY 2
#define BOOTP_FIXED_LEN 236 /* up to and including the `file` field */
#define DHCP_MAGIC_COOKIE 0x63825363
#define DHCP_MIN_LEN 300    /* BOOTP minimum packet; replies are padded to this */
#define DHCP_MAX_LEN 1472   /* what fits one 1500-byte IP packet (1500 - 20 - 8) */
#define DHCP_FLAG_BROADCAST 0x8000

enum dhcp_msg_type {
	DHCPDISCOVER = 1,
	DHCPOFFER = 2,
	DHCPREQUEST = 3,
	DHCPDECLINE = 4,
	DHCPACK = 5,
	DHCPNAK = 6,
	DHCPRELEASE = 7,
	DHCPINFORM = 8,
};

enum dhcp_option {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_DOMAIN_NAME = 15,
	DHCP_OPT_BROADCAST = 28,
	DHCP_OPT_VENDOR = 43,        /* PXE vendor options (encapsulated) */
	DHCP_OPT_REQUESTED_IP = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_OVERLOAD = 52,      /* 1 = file, 2 = sname, 3 = both hold options */
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PARAM_REQUEST = 55,
	DHCP_OPT_MESSAGE = 56,
	DHCP_OPT_MAX_SIZE = 57,
	DHCP_OPT_RENEWAL_TIME = 58,
	DHCP_OPT_REBINDING_TIME = 59,
	DHCP_OPT_VENDOR_CLASS = 60,  /* "PXEClient:Arch:00000:UNDI:002001" */
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_TFTP_SERVER = 66,
	DHCP_OPT_BOOTFILE = 67,
	DHCP_OPT_USER_CLASS = 77,
	DHCP_OPT_CLIENT_ARCH = 93,   /* RFC 4578: 0 BIOS, 6 IA32 EFI, 7 x64 EFI, 9 x64 EFI (alt) */
	DHCP_OPT_CLIENT_NDI = 94,
	DHCP_OPT_CLIENT_UUID = 97,
	DHCP_OPT_PXELINUX_MAGIC = 208,
	DHCP_OPT_PXELINUX_CONFIGFILE = 209,
	DHCP_OPT_PXELINUX_PATHPREFIX = 210,
	DHCP_OPT_PXELINUX_REBOOTTIME = 211,
	DHCP_OPT_END = 255,
};

/* Client architecture (option 93) values used here. */
#define DHCP_ARCH_BIOS 0
#define DHCP_ARCH_EFI_IA32 6
#define DHCP_ARCH_EFI_X64 7
#define DHCP_ARCH_EFI_BC 9
#define DHCP_ARCH_EFI_IA32_HTTP 15 /* UEFI HTTP Boot (RFC 4578 registry, IANA) */
#define DHCP_ARCH_EFI_X64_HTTP 16

/* Room for all option values of one packet after concatenation (RFC 3396). */
#define DHCP_OPTIONS_DATA_MAX 2048

/*
 * A parsed packet.  Addresses are in network byte order.  Option values are concatenated
 * across repeated instances and across the overloaded file/sname fields.  When the fields
 * are overloaded, sname/file read as empty strings.
 */
struct dhcp_packet {
	uint8_t op, htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	char sname[65];
	char file[129];
	bool is_dhcp;                     /* magic cookie present (else plain BOOTP) */
	uint16_t opt_off[256], opt_len[256];
	uint8_t opt_present[256 / 8];
	uint8_t opt_data[DHCP_OPTIONS_DATA_MAX];
	size_t opt_used;
};

/*
 * Parse a UDP payload.  Checks every length against the buffer; returns 0 or
 *   -WB_ETRUNCATED  shorter than the fixed part + 4 (BOOTP_FIXED_LEN + cookie), an option
 *                   running past its area, or no END in the options field (cut short);
 *   -WB_EBADMAGIC   the cookie is neither 99.130.83.99 nor zero (a zero vendor area is
 *                   plain BOOTP: is_dhcp false, no options);
 *   -WB_EPROTO      hlen > 16, or an invalid option 52;
 *   -WB_ETOOBIG     the option values add up to more than DHCP_OPTIONS_DATA_MAX.
 * xid, secs and flags are in host order.
 */
int dhcp_parse(const void *buf, size_t len, struct dhcp_packet *pkt);

/* Option value or NULL; *len receives its length. */
const uint8_t *dhcp_get_option(const struct dhcp_packet *pkt, uint8_t code, size_t *len);
bool dhcp_has_option(const struct dhcp_packet *pkt, uint8_t code);
/* Typed getters: 0 on success, -WB_ENOENT when absent, -WB_EPROTO when the length is wrong. */
int dhcp_get_u8(const struct dhcp_packet *pkt, uint8_t code, uint8_t *v);
int dhcp_get_u16(const struct dhcp_packet *pkt, uint8_t code, uint16_t *v);
int dhcp_get_u32(const struct dhcp_packet *pkt, uint8_t code, uint32_t *v);       /* host order */
/* First address of an address option (length a non-zero multiple of 4), network order. */
int dhcp_get_ipv4(const struct dhcp_packet *pkt, uint8_t code, uint32_t *ip_be);
/* Copy a string option, NUL-terminated and truncated to cap; -WB_ENOENT when absent. */
int dhcp_get_string(const struct dhcp_packet *pkt, uint8_t code, char *out, size_t cap);
/* Message type (option 53), or 0 for BOOTP. */
int dhcp_msg_type(const struct dhcp_packet *pkt);

/*
 * Building a packet: header first, then options in order, then finish.  Any overflow is
 * remembered and reported by dhcp_build_finish(), so callers need not check every call.
 */
struct dhcp_builder {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int err;
};

/* Fixed fields come from `hdr` (op, xid, flags, addresses, chaddr, sname, file). */
void dhcp_build_start(struct dhcp_builder *b, void *buf, size_t cap, const struct dhcp_packet *hdr);
/* Adds an option; values longer than 255 bytes are split per RFC 3396. */
void dhcp_build_option(struct dhcp_builder *b, uint8_t code, const void *val, size_t len);
void dhcp_build_u8(struct dhcp_builder *b, uint8_t code, uint8_t v);
void dhcp_build_u16(struct dhcp_builder *b, uint8_t code, uint16_t v);
void dhcp_build_u32(struct dhcp_builder *b, uint8_t code, uint32_t v);     /* host order in */
void dhcp_build_ipv4(struct dhcp_builder *b, uint8_t code, uint32_t ip_be);
void dhcp_build_string(struct dhcp_builder *b, uint8_t code, const char *s);
/* Appends END, pads to DHCP_MIN_LEN; returns the packet length or a negative WB_E*. */
int dhcp_build_finish(struct dhcp_builder *b);

/*
 * Find sub-option `code` in an encapsulated option value (option 43, RFC 2132 8.4 / PXE):
 * the value or NULL (absent, or the data is malformed before it); *sublen its length.
 */
const uint8_t *dhcp_find_suboption(const uint8_t *data, size_t len, uint8_t code, size_t *sublen);

/* PXE vendor sub-options (inside option 43) the client and server use. */
#define PXE_VENDOR_DISCOVERY_CONTROL 6
#define PXE_VENDOR_BOOT_SERVERS 8
#define PXE_VENDOR_BOOT_MENU 9
#define PXE_VENDOR_MENU_PROMPT 10
#define PXE_VENDOR_BOOT_ITEM 71

#endif
