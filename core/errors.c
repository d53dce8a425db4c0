// SPDX-License-Identifier: GPL-2.0-or-later
/* Messages and names for the WB_E* codes of core/errors.h. */
#include "core/errors.h"

static const char *const messages[WB_ERROR_COUNT] = {
	[WB_OK] = "success",
#define WB_ERROR_MSG(name, msg) [name] = msg,
	WB_ERROR_LIST(WB_ERROR_MSG)
#undef WB_ERROR_MSG
};

static const char *const names[WB_ERROR_COUNT] = {
	[WB_OK] = "WB_OK",
#define WB_ERROR_NAME(name, msg) [name] = #name,
	WB_ERROR_LIST(WB_ERROR_NAME)
#undef WB_ERROR_NAME
};

static int error_index(int err)
{
	if (err < 0)
		err = -err;
	return err < WB_ERROR_COUNT ? err : -1;
}

const char *wb_strerror(int err)
{
	int i = error_index(err);
	return i < 0 ? "unknown error" : messages[i];
}

const char *wb_errname(int err)
{
	int i = error_index(err);
	return i < 0 ? "WB_E?" : names[i];
}
