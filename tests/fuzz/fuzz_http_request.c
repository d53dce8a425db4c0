// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/http_server: arbitrary bytes into http_parse_request(), then the range resolved
 * against a size from the input.  A parsed path is terminated and never longer than its
 * buffer; a 206 range lies inside the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/http_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request req;
	uint64_t start, end, fsize;

	if (size < 2)
		return 0;
	fsize = (uint64_t)data[0] << 8 | data[1];
	int n = http_parse_request((const char *)data + 2, size - 2, &req);
	if (n > (int)(size - 2) || (n < 0 && n != -400 && n != -414 && n != -431 && n != -501 && n != -505))
		abort();
	if (n <= 0)
		return 0;
	if (strnlen(req.path, sizeof(req.path)) >= sizeof(req.path) || req.path[0] == '\0')
		abort();
	int status = http_resolve_range(&req, fsize, &start, &end);
	if (status == 206 && (start > end || end >= fsize))
		abort();
	if (status != 200 && status != 206 && status != 416)
		abort();
	return 0;
}
