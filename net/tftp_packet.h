/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TFTP packet codec (RFC 1350, option extension RFC 2347, blksize 2348, tsize/timeout 2349,
 * windowsize 7440).  One codec for the client (net/tftp_client.c) and the server.
 */
#ifndef WB_NET_TFTP_PACKET_H
#define WB_NET_TFTP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFTP_PORT 69
#define TFTP_DEFAULT_BLKSIZE 512
#define TFTP_MIN_BLKSIZE 8
#define TFTP_MAX_BLKSIZE 65464
#define TFTP_MAX_WINDOWSIZE 65535
#define TFTP_FILENAME_MAX 255

enum tftp_opcode {
	TFTP_RRQ = 1,
	TFTP_WRQ = 2,
	TFTP_DATA = 3,
	TFTP_ACK = 4,
	TFTP_ERROR = 5,
	TFTP_OACK = 6,
};

enum tftp_error_code {
	TFTP_ERR_UNDEFINED = 0,
	TFTP_ERR_NOT_FOUND = 1,
	TFTP_ERR_ACCESS = 2,
	TFTP_ERR_DISK_FULL = 3,
	TFTP_ERR_ILLEGAL_OP = 4,
	TFTP_ERR_UNKNOWN_TID = 5,
	TFTP_ERR_EXISTS = 6,
	TFTP_ERR_NO_USER = 7,
	TFTP_ERR_OPTION_REFUSED = 8,
};

/* Options carried by RRQ/WRQ and OACK; a zero field means "not present". */
struct tftp_options {
	uint32_t blksize;
	uint32_t windowsize;
	uint32_t timeout;  /* seconds */
	uint64_t tsize;
	bool has_tsize;    /* tsize 0 in a request is legal ("tell me the size") */
};

/* A parsed packet; pointers refer into the input buffer. */
struct tftp_packet {
	uint16_t opcode;
	/* RRQ/WRQ */
	const char *filename;        /* NUL-terminated inside the buffer */
	const char *mode;            /* "octet", "netascii", ... */
	/* RRQ/WRQ/OACK */
	struct tftp_options opts;
	unsigned unknown_options;    /* options we did not recognise (ignored, per RFC 2347) */
	/* DATA/ACK */
	uint16_t block;
	const uint8_t *data;
	size_t data_len;
	/* ERROR */
	uint16_t error_code;
	const char *error_msg;       /* NUL-terminated inside the buffer, may be "" */
};

/*
 * Parse one UDP payload.  Strings must be NUL-terminated inside `len`; option values must be
 * decimal and in range.  Returns 0 or -WB_ETRUNCATED / -WB_EPROTO / -WB_EINVAL.
 */
int tftp_parse(const void *buf, size_t len, struct tftp_packet *pkt);

/* Builders return the packet length, or -WB_ETOOBIG when cap is too small. */
int tftp_build_rrq(void *buf, size_t cap, const char *filename, const struct tftp_options *opts);
int tftp_build_oack(void *buf, size_t cap, const struct tftp_options *opts);
int tftp_build_ack(void *buf, size_t cap, uint16_t block);
/* Header only: the caller puts data_len bytes of payload right after the 4-byte header. */
int tftp_build_data_header(void *buf, size_t cap, uint16_t block);
int tftp_build_error(void *buf, size_t cap, uint16_t code, const char *msg);

/* "file not found", "access violation", ... for an error code. */
const char *tftp_error_name(uint16_t code);

#endif
