// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TFTP packet codec (see net/tftp_packet.h).  Every string is looked up with memchr inside
 * the packet before it is used, so nothing here reads past `len`.
 */
#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/tftp_packet.h"

/* The options this codec knows, with their legal ranges (RFC 2348, 2349, 7440). */
enum tftp_opt_id { OPT_BLKSIZE, OPT_TSIZE, OPT_TIMEOUT, OPT_WINDOWSIZE, OPT_COUNT };

static const struct {
	const char *name;
	uint64_t min, max;
} tftp_opt_table[OPT_COUNT] = {
	[OPT_BLKSIZE] = { "blksize", TFTP_MIN_BLKSIZE, TFTP_MAX_BLKSIZE },
	[OPT_TSIZE] = { "tsize", 0, UINT64_MAX },
	[OPT_TIMEOUT] = { "timeout", 1, 255 },
	[OPT_WINDOWSIZE] = { "windowsize", 1, TFTP_MAX_WINDOWSIZE },
};

/*
 * Take the NUL-terminated string at *pos; advance *pos past its NUL.  -WB_ETRUNCATED when
 * the packet ends before the terminator.
 */
static int take_string(const uint8_t *buf, size_t len, size_t *pos, const char **out)
{
	if (*pos >= len)
		return -WB_ETRUNCATED;
	const uint8_t *nul = memchr(buf + *pos, 0, len - *pos);
	if (!nul)
		return -WB_ETRUNCATED;
	*out = (const char *)buf + *pos;
	*pos = (size_t)(nul - buf) + 1;
	return 0;
}

/* A strictly decimal value (digits only, no sign, no spaces, no 0x) within [min, max]. */
static int parse_decimal(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *end;
	unsigned long long v;

	if (!wb_isdigit((unsigned char)s[0]))
		return -WB_EINVAL;
	int err = wb_strtou64(s, &end, 10, &v);
	if (err)
		return err == -WB_ERANGE ? -WB_EINVAL : err;
	if (*end != '\0' || v < min || v > max)
		return -WB_EINVAL;
	*out = v;
	return 0;
}

/*
 * Parse the name/value pairs from *pos to the end of the packet.  Names are case-insensitive;
 * unknown options are counted and skipped; a known option given twice is a protocol error.
 * Trailing NUL bytes (padding some PXE ROMs add) are accepted.
 */
static int parse_options(const uint8_t *buf, size_t len, size_t pos, struct tftp_packet *pkt)
{
	unsigned seen = 0;

	while (pos < len) {
		const char *name, *value;
		int err;

		if (buf[pos] == 0) { /* an empty name: only padding may follow */
			while (pos < len && buf[pos] == 0)
				pos++;
			if (pos < len)
				return -WB_EPROTO;
			break;
		}
		if ((err = take_string(buf, len, &pos, &name)) ||
		    (err = take_string(buf, len, &pos, &value)))
			return err;

		int id;
		for (id = 0; id < OPT_COUNT; id++)
			if (strcasecmp(name, tftp_opt_table[id].name) == 0)
				break;
		if (id == OPT_COUNT) {
			pkt->unknown_options++;
			continue;
		}
		if (seen & (1u << id))
			return -WB_EPROTO;
		seen |= 1u << id;

		uint64_t v;
		if ((err = parse_decimal(value, tftp_opt_table[id].min, tftp_opt_table[id].max, &v)))
			return err;
		switch (id) {
		case OPT_BLKSIZE:
			pkt->opts.blksize = (uint32_t)v;
			break;
		case OPT_TSIZE:
			pkt->opts.tsize = v;
			pkt->opts.has_tsize = true;
			break;
		case OPT_TIMEOUT:
			pkt->opts.timeout = (uint32_t)v;
			break;
		case OPT_WINDOWSIZE:
			pkt->opts.windowsize = (uint32_t)v;
			break;
		}
	}
	return 0;
}

int tftp_parse(const void *buf, size_t len, struct tftp_packet *pkt)
{
	const uint8_t *b = buf;
	size_t pos = 2;
	int err;

	memset(pkt, 0, sizeof(*pkt));
	if (len < 2)
		return -WB_ETRUNCATED;
	pkt->opcode = get_be16(b);

	switch (pkt->opcode) {
	case TFTP_RRQ:
	case TFTP_WRQ:
		if ((err = take_string(b, len, &pos, &pkt->filename)) ||
		    (err = take_string(b, len, &pos, &pkt->mode)))
			return err;
		if (pkt->filename[0] == '\0' || pkt->mode[0] == '\0')
			return -WB_EPROTO;
		if (strlen(pkt->filename) > TFTP_FILENAME_MAX)
			return -WB_EINVAL;
		return parse_options(b, len, pos, pkt);
	case TFTP_OACK:
		return parse_options(b, len, pos, pkt);
	case TFTP_DATA:
	case TFTP_ACK:
		if (len < 4)
			return -WB_ETRUNCATED;
		pkt->block = get_be16(b + 2);
		if (pkt->opcode == TFTP_DATA) {
			pkt->data = b + 4;
			pkt->data_len = len - 4;
		}
		return 0;
	case TFTP_ERROR:
		if (len < 4)
			return -WB_ETRUNCATED;
		pkt->error_code = get_be16(b + 2);
		pos = 4;
		/* The code is what matters: an unterminated message reads as "". */
		if (take_string(b, len, &pos, &pkt->error_msg))
			pkt->error_msg = "";
		return 0;
	default:
		return -WB_EPROTO;
	}
}

/* Append a NUL-terminated string at *pos; -WB_ETOOBIG when it does not fit in cap. */
static int put_string(uint8_t *buf, size_t cap, size_t *pos, const char *s)
{
	size_t n = strlen(s) + 1;
	if (n > cap - *pos)
		return -WB_ETOOBIG;
	memcpy(buf + *pos, s, n);
	*pos += n;
	return 0;
}

/* Append "name\0value\0" with a decimal value. */
static int put_option(uint8_t *buf, size_t cap, size_t *pos, const char *name, uint64_t value)
{
	char digits[24];
	int err;

	wb_snprintf(digits, sizeof(digits), "%llu", (unsigned long long)value);
	if ((err = put_string(buf, cap, pos, name)))
		return err;
	return put_string(buf, cap, pos, digits);
}

/* Append the options present in opts, in RFC order; out-of-range values are refused. */
static int put_options(uint8_t *buf, size_t cap, size_t *pos, const struct tftp_options *opts)
{
	const uint64_t values[OPT_COUNT] = {
		[OPT_BLKSIZE] = opts->blksize,
		[OPT_TSIZE] = opts->tsize,
		[OPT_TIMEOUT] = opts->timeout,
		[OPT_WINDOWSIZE] = opts->windowsize,
	};

	for (int id = 0; id < OPT_COUNT; id++) {
		bool present = id == OPT_TSIZE ? opts->has_tsize : values[id] != 0;
		if (!present)
			continue;
		if (values[id] < tftp_opt_table[id].min || values[id] > tftp_opt_table[id].max)
			return -WB_EINVAL;
		int err = put_option(buf, cap, pos, tftp_opt_table[id].name, values[id]);
		if (err)
			return err;
	}
	return 0;
}

/* Write the 2-byte opcode; -WB_ETOOBIG when cap cannot hold `need` bytes. */
static int put_header(uint8_t *buf, size_t cap, size_t need, uint16_t opcode)
{
	if (cap < need)
		return -WB_ETOOBIG;
	put_be16(buf, opcode);
	return 0;
}

int tftp_build_rrq(void *buf, size_t cap, const char *filename, const struct tftp_options *opts)
{
	size_t pos = 2;
	int err;

	if (filename[0] == '\0' || strlen(filename) > TFTP_FILENAME_MAX)
		return -WB_EINVAL;
	if ((err = put_header(buf, cap, 2, TFTP_RRQ)) ||
	    (err = put_string(buf, cap, &pos, filename)) ||
	    (err = put_string(buf, cap, &pos, "octet")))
		return err;
	if (opts && (err = put_options(buf, cap, &pos, opts)))
		return err;
	return (int)pos;
}

int tftp_build_oack(void *buf, size_t cap, const struct tftp_options *opts)
{
	size_t pos = 2;
	int err;

	if ((err = put_header(buf, cap, 2, TFTP_OACK)) || (err = put_options(buf, cap, &pos, opts)))
		return err;
	return (int)pos;
}

int tftp_build_ack(void *buf, size_t cap, uint16_t block)
{
	int err = put_header(buf, cap, 4, TFTP_ACK);
	if (err)
		return err;
	put_be16((uint8_t *)buf + 2, block);
	return 4;
}

int tftp_build_data_header(void *buf, size_t cap, uint16_t block)
{
	int err = put_header(buf, cap, 4, TFTP_DATA);
	if (err)
		return err;
	put_be16((uint8_t *)buf + 2, block);
	return 4;
}

int tftp_build_error(void *buf, size_t cap, uint16_t code, const char *msg)
{
	size_t pos = 4;
	int err;

	if ((err = put_header(buf, cap, 4, TFTP_ERROR)))
		return err;
	put_be16((uint8_t *)buf + 2, code);
	if ((err = put_string(buf, cap, &pos, msg ? msg : "")))
		return err;
	return (int)pos;
}

const char *tftp_error_name(uint16_t code)
{
	switch (code) {
	case TFTP_ERR_UNDEFINED: return "undefined error";
	case TFTP_ERR_NOT_FOUND: return "file not found";
	case TFTP_ERR_ACCESS: return "access violation";
	case TFTP_ERR_DISK_FULL: return "disk full or allocation exceeded";
	case TFTP_ERR_ILLEGAL_OP: return "illegal TFTP operation";
	case TFTP_ERR_UNKNOWN_TID: return "unknown transfer ID";
	case TFTP_ERR_EXISTS: return "file already exists";
	case TFTP_ERR_NO_USER: return "no such user";
	case TFTP_ERR_OPTION_REFUSED: return "option negotiation refused";
	default: return "unknown TFTP error";
	}
}
