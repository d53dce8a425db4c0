// SPDX-License-Identifier: GPL-2.0-or-later
/* Files through the PXE ROM's TFTP API (rom/pxe_tftp.h). */
#include "rom/pxe_tftp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/progress.h"
#include "core/string.h"
#include "core/time.h"
#include "loaders/boot.h"
#include "net/netdev.h"
#include "net/tftp_client.h"
#include "rom/pxe.h"

#define TFTP_PORT 69
#define BLKSIZE 1432 /* asked for; the ROM answers with what it negotiated */
#define BOOTP_CHADDR 0x1C
#define FILENAME_MAX_LEN 127

#define PXENV_STATUS_TFTP_OPEN_TIMEOUT 0x32
#define PXENV_STATUS_TFTP_READ_TIMEOUT 0x35
#define PXENV_STATUS_TFTP_FILE_NOT_FOUND 0x3B
#define PXENV_STATUS_TFTP_ACCESS_VIOLATION 0x3C

/* TFTP_OPEN and TFTP_GET_FSIZE share their layout up to the last field. */
struct tftp_open_params {
	uint16_t status;
	uint32_t server_ip, gateway_ip;
	char filename[128];
	union {
		struct { uint16_t port, packet_size; } __attribute__((packed)) open;
		uint32_t file_size; /* GET_FSIZE */
	};
} __attribute__((packed));

struct tftp_read_params {
	uint16_t status, packet_number, buffer_size;
	segoff_t buffer;
} __attribute__((packed));

_Static_assert(sizeof(struct tftp_open_params) == 0x8E, "TFTP_OPEN block size");
_Static_assert(sizeof(struct tftp_read_params) == 0x0A, "TFTP_READ block size");

/* In base memory (.bss), where the ROM can read and write. */
static struct {
	struct tftp_open_params open;
	struct tftp_read_params read;
	uint8_t block[BLKSIZE];
} lowmem;

/* A PXE TFTP status as a WB_E* code, with the sentence for res->error. */
static int tftp_status_error(int st, const struct tftp_request *req, struct tftp_result *res)
{
	char ip[WB_IPV4_STRLEN];
	int err = st == PXENV_STATUS_TFTP_FILE_NOT_FOUND ? -WB_ENOENT
		: st == PXENV_STATUS_TFTP_ACCESS_VIOLATION ? -WB_EACCES
		: st == PXENV_STATUS_TFTP_OPEN_TIMEOUT || st == PXENV_STATUS_TFTP_READ_TIMEOUT
			? -WB_ETIMEDOUT : -WB_ETFTP;
	wb_snprintf(res->error, sizeof(res->error), "%s: %s on %s (PXE TFTP status %#04x)",
		    wb_strerror(err), req->filename, wb_fmt_ipv4(ip, req->server.v4), st);
	return err;
}

/* Server, name and port into the shared part of the OPEN / GET_FSIZE block. */
static void open_params(const struct tftp_request *req)
{
	memset(&lowmem.open, 0, sizeof(lowmem.open));
	lowmem.open.server_ip = req->server.v4;
	memcpy(lowmem.open.filename, req->filename, strlen(req->filename));
}

/*
 * Read the open file block by block into req->dest: size bytes reserved up front when the
 * ROM told the size (exact: then exactly that many must come), else room grown as blocks
 * arrive.  Every block's number and length are checked against what is due.
 */
static int read_blocks(const struct tftp_request *req, struct tftp_result *res, size_t size,
		       bool exact, struct progress *pg)
{
	size_t cap = 0, blksize = lowmem.open.open.packet_size;
	uint16_t expect = 1;
	if (!blksize || blksize > BLKSIZE) {
		wb_snprintf(res->error, sizeof(res->error), "%s: the PXE ROM negotiated %zu-byte "
			    "blocks (asked for %u): a broken PXE stack", req->filename, blksize, BLKSIZE);
		return -WB_EPROTO;
	}
	if (size && !(res->data = req->dest.reserve(req->dest.ctx, NULL, 0, size, exact, &cap)))
		goto no_room;
	for (;;) {
		memset(&lowmem.read, 0, sizeof(lowmem.read));
		lowmem.read.packet_number = (uint16_t)(expect - 1);
		lowmem.read.buffer_size = BLKSIZE;
		lowmem.read.buffer = segoff_of(lowmem.block);
		int st = pxe_call(PXENV_TFTP_READ, &lowmem.read);
		if (st)
			return tftp_status_error(st, req, res);
		size_t n = lowmem.read.buffer_size;
		if (lowmem.read.packet_number != expect || n > blksize) {
			wb_snprintf(res->error, sizeof(res->error), "%s: the PXE ROM returned block %u "
				    "(%zu bytes) where block %u was due", req->filename,
				    lowmem.read.packet_number, n, expect);
			return -WB_EPROTO;
		}
		expect++;
		if (res->len + n > cap) {
			if (exact) {
				wb_snprintf(res->error, sizeof(res->error), "%s: more data than the "
					    "%zu bytes announced", req->filename, size);
				return -WB_EPROTO;
			}
			size_t want = cap * 2 > res->len + n ? cap * 2 : res->len + blksize;
			uint8_t *p = req->dest.reserve(req->dest.ctx, res->data, res->len, want,
						       false, &cap);
			if (!p)
				goto no_room;
			res->data = p;
		}
		memcpy(res->data + res->len, lowmem.block, n);
		res->len += n;
		if (pg)
			progress_update(pg, res->len);
		if (n < blksize)
			break;
	}
	if (exact && res->len != size) {
		wb_snprintf(res->error, sizeof(res->error), "%s: %zu bytes received, %zu announced",
			    req->filename, res->len, size);
		return -WB_EPROTO;
	}
	return 0;
no_room:
	wb_snprintf(res->error, sizeof(res->error), "%s: no room in memory for %zu bytes",
		    req->filename, size ? size : res->len);
	return -WB_ETOOBIG;
}

/* tftp_fetch()'s contract over the PXE API: GET_FSIZE, then OPEN, READ... and CLOSE. */
static int pxe_tftp_fetch(const struct tftp_request *req, struct tftp_result *res)
{
	struct progress pg;
	uint64_t start = time_now_us();
	size_t size = 0;
	bool exact = false;
	int st, err;

	memset(res, 0, sizeof(*res));
	if (strlen(req->filename) > FILENAME_MAX_LEN) {
		wb_snprintf(res->error, sizeof(res->error), "%s: name longer than the %u bytes the "
			    "PXE TFTP API takes", req->filename, FILENAME_MAX_LEN);
		return -WB_EINVAL;
	}
	/* The size first (a tsize request), so the file is received in its final place. */
	open_params(req);
	st = pxe_call(PXENV_TFTP_GET_FSIZE, &lowmem.open);
	if (st == PXENV_STATUS_TFTP_FILE_NOT_FOUND || st == PXENV_STATUS_TFTP_ACCESS_VIOLATION)
		return tftp_status_error(st, req, res);
	if (!st) {
		size = lowmem.open.file_size;
		exact = true;
		res->size_known = true;
	}
	open_params(req);
	lowmem.open.open.port = wb_htons(req->server_port ? req->server_port : TFTP_PORT);
	lowmem.open.open.packet_size = BLKSIZE;
	if ((st = pxe_call(PXENV_TFTP_OPEN, &lowmem.open)))
		return tftp_status_error(st, req, res);
	res->blksize = lowmem.open.open.packet_size;
	res->windowsize = 1;
	if (req->show_progress)
		progress_start(&pg, req->filename, size);
	err = read_blocks(req, res, size, exact, req->show_progress ? &pg : NULL);
	uint16_t close_status;
	pxe_call(PXENV_TFTP_CLOSE, &close_status);
	res->elapsed_us = time_now_us() - start;
	if (req->show_progress)
		progress_finish(&pg, err);
	return err;
}

const struct boot_file_source pxe_tftp_source = {
	.name = "the PXE ROM's TFTP API",
	.fetch = pxe_tftp_fetch,
};

static int no_transmit(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev, (void)frame, (void)len;
	return -WB_ENOTSUP;
}

static int no_receive(struct netdev *dev, void *buf, size_t cap)
{
	(void)dev, (void)buf, (void)cap;
	return 0;
}

struct netdev *pxe_tftp_netdev(const void *cached_ack, size_t len)
{
	static struct netdev dev = {
		.name = "pxe-tftp", .mtu = 1500, .transmit = no_transmit, .receive = no_receive,
	};
	if (len >= BOOTP_CHADDR + ETH_ALEN)
		memcpy(dev.mac, (const uint8_t *)cached_ack + BOOTP_CHADDR, ETH_ALEN);
	return &dev;
}
