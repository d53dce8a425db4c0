// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/tftp_xfer: a request and then the client's packets, each chunk prefixed by its
 * 16-bit length (a zero length fires the retransmission timer instead).  The file is a
 * memfd of a size taken from the input; every DATA packet the server sends must carry the
 * file's own bytes at the right offset and never reach past the size announced.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "net/tftp_packet.h"
#include "server/tftp_xfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tftp_xfer x;
static uint64_t file_size;

/* Byte i of the file. */
static uint8_t file_byte(uint64_t i)
{
	return (uint8_t)(i * 31 + 7);
}

/* The send callback: check what the server puts on the wire. */
static int check_send(void *ctx, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	if (len < 4 || len > TFTP_MAX_BLKSIZE + 4)
		abort();
	if (get_be16(p) != TFTP_DATA)
		return 0;
	/* x.next is the absolute number of the block being sent. */
	uint64_t off = (x.next - 1) * x.blksize;
	if (len - 4 > x.blksize || off + (len - 4) > file_size || (uint16_t)x.next != get_be16(p + 2))
		abort();
	for (size_t i = 4; i < len; i++)
		if (p[i] != file_byte(off + i - 4))
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static uint8_t buf[TFTP_MAX_BLKSIZE + 4];
	static const struct tftp_limits lim = { .max_blksize = 1468, .max_windowsize = 16,
						.rto_ms = 1000, .max_retries = 5 };
	struct tftp_packet req;
	uint16_t code;
	const char *msg;

	if (fd < 0) {
		fd = memfd_create("fuzz", 0);
		uint8_t chunk[4096];
		for (size_t off = 0; off < 16 * sizeof(chunk); off += sizeof(chunk)) {
			for (size_t i = 0; i < sizeof(chunk); i++)
				chunk[i] = file_byte(off + i);
			if (pwrite(fd, chunk, sizeof(chunk), (off_t)off) != (ssize_t)sizeof(chunk))
				abort();
		}
	}
	if (size < 4)
		return 0;
	file_size = get_be16(data) % (16 * 4096);
	size_t pos = 4, n = get_be16(data + 2);
	if (n > size - pos || tftp_parse(data + pos, n, &req) < 0 || tftp_check_request(&req, &code, &msg) < 0)
		return 0;
	pos += n;
	memset(&x, 0, sizeof(x));
	x.buf = buf;
	x.send = check_send;
	tftp_xfer_start(&x, &req, fd, file_size, &lim, 1000);
	uint64_t now = 1000;
	while (pos + 2 <= size && x.state == XFER_RUNNING) {
		n = get_be16(data + pos);
		pos += 2;
		if (n == 0) {
			now = x.deadline_ms;
			tftp_xfer_timeout(&x, now);
			continue;
		}
		if (n > size - pos)
			n = size - pos;
		tftp_xfer_input(&x, data + pos, n, ++now);
		pos += n;
	}
	if (x.state == XFER_DONE && tftp_xfer_bytes_done(&x) != file_size)
		abort();
	return 0;
}
