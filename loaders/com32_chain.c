/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * chain.c32: boot a local disk (BOOT_KIND_DISK).  The platform does the rest: BIOS reads the
 * MBR or the partition's boot record to 0000:7C00 (rom/boot_disk.c), UEFI starts the disk's
 * removable-media loader or a Boot#### entry (efi/boot_disk.c).
 */
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/boot_session.h"
#include "loaders/com32_modules.h"

#define CHAIN_SYNTAX "chain.c32 hdN [partition] | hdN,partition | fdN | boot=XXXX (UEFI entry)"
#define CHAIN_MAX_DISK 127

/* A decimal number of at most `max` at *p; advances *p.  false when none or too big. */
static bool number(const char **p, unsigned max, unsigned *out)
{
	unsigned v = 0;
	const char *s = *p;
	if (!wb_isdigit((unsigned char)*s))
		return false;
	while (wb_isdigit((unsigned char)*s)) {
		v = v * 10 + (unsigned)(*s++ - '0');
		if (v > max)
			return false;
	}
	*p = s;
	*out = v;
	return true;
}

static const char *skip_blanks(const char *p)
{
	while (*p && wb_isspace((unsigned char)*p))
		p++;
	return p;
}

/* "boot=XXXX": exactly four hex digits, then the end. */
static int parse_boot_option(const char *p, struct boot_disk *d, char *err, size_t errlen)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++, p++) {
		if (!wb_isxdigit((unsigned char)*p))
			goto bad;
		v = v * 16 + (unsigned)(wb_isdigit((unsigned char)*p) ? *p - '0'
						       : (wb_tolower((unsigned char)*p) - 'a' + 10));
	}
	if (*skip_blanks(p))
		goto bad;
	d->efi_boot_option = (int)v;
	return 0;
bad:
	wb_snprintf(err, errlen, "chain.c32: boot= takes a boot entry's 4 hex digits "
		    "(boot=0003 for Boot0003)");
	return -WB_EINVAL;
}

int com32_chain_parse(const char *args, struct boot_disk *d, char *err, size_t errlen)
{
	const char *p = skip_blanks(args ? args : "");
	unsigned n, part = 0;

	memset(d, 0, sizeof(*d));
	d->efi_boot_option = -1;
	if (!strncasecmp(p, "boot=", 5))
		return parse_boot_option(p + 5, d, err, errlen);
	bool hd = !strncasecmp(p, "hd", 2), fd = !strncasecmp(p, "fd", 2);
	if (!hd && !fd)
		goto syntax;
	p += 2;
	if (!number(&p, CHAIN_MAX_DISK, &n))
		goto syntax;
	if (*p == ',' || wb_isspace((unsigned char)*p)) {
		p = skip_blanks(*p == ',' ? p + 1 : p);
		if (*p && !number(&p, 0xFFFF, &part))
			goto syntax;
	}
	if (*skip_blanks(p))
		goto syntax;
	if (fd && part) {
		wb_snprintf(err, errlen, "chain.c32: fd%u %u: floppies have no partitions: use "
			    "fd%u, or hdN %u for a hard disk's", n, part, n, part);
		return -WB_ERANGE;
	}
	d->index = n;
	d->bios_drive = (uint8_t)(hd ? 0x80 + n : n);
	d->partition = part;
	return 0;
syntax:
	wb_snprintf(err, errlen, "chain.c32 \"%s\": expected %s", args ? args : "", CHAIN_SYNTAX);
	return -WB_EINVAL;
}

int com32_chain_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	char err[200];
	int rc = com32_chain_parse(args, &plan->disk, err, sizeof(err));
	if (rc)
		return boot_fail(s, rc, "%s", err);
	plan->kind = BOOT_KIND_DISK;
	return 0;
}
