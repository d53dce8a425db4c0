/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From a chosen label (or DEFAULT, ONTIMEOUT, a typed or edited line) to the kernel file,
 * the initrd list and the command line exactly as the kernel sees it under PXELINUX 6.x.
 *
 * What PXELINUX does (Syslinux 6.03/6.04, com32/elflink/ldlinux/), replicated byte for byte:
 *
 *  1. readconfig.c record(): each LABEL becomes a "command" string
 *         KERNEL [" " APPEND] [" initrd=" INITRD] [" " SYSAPPEND string]...
 *     KERNEL and APPEND are the rest of their lines, trailing blanks included; the APPEND is
 *     the label's own, else the global one; "-" exactly means none.  INITRD adds
 *     " initrd=<value>" after the APPEND.  The IPAPPEND/SYSAPPEND strings are added in bit
 *     order, each preceded by one space, blanks inside them replaced by '_'.  A label with
 *     LINUX/LOCALBOOT/... instead of KERNEL gets ".linux " / ".localboot " in front.
 *  2. ldlinux.c load_kernel(): if the first word of what is run is a label, the label's
 *     command is used, plus " " + whatever followed the label name (user options).
 *     Otherwise it is an implicit kernel (refused if IMPLICIT 0; options dropped if
 *     ALLOWOPTIONS 0), and the global SYSAPPEND strings are appended (execute.c, sysappend
 *     true).  The menu (menu.c32) runs a label's command or the edited line as is.
 *  3. execute.c execute(): a command of 2048 bytes or more is refused ("cmdline too long");
 *     the first word is the kernel, the arguments start after the blanks that follow it;
 *     ".linux"/".kernel"/".localboot"... prefixes select the type, else the file extension
 *     does (.c32 COM32, .0 PXE, .bin/.bs boot sector, .bss, .img floppy; else Linux).
 *  4. kernel.c new_linux_kernel(): the kernel's command line is
 *         "BOOT_IMAGE=" kernel " " arguments
 *     (always with that space, so empty arguments leave a trailing blank), and the initrds
 *     are taken from the FIRST "initrd=" found anywhere in that string (strstr): names end
 *     at ' ' or ',' or the end, a ',' continues the list.  "initrd=..." stays in the command
 *     line the kernel sees; PXELINUX never removes it.
 * Deliberate differences: ALLOWOPTIONS 0 also drops options TYPED after a label name (the
 * documented behaviour; 6.x only drops them for implicit kernels, and options written in
 * DEFAULT/ONTIMEOUT are kept exactly as 6.x does); an implicit kernel is not
 * probed for .c32/.0/... variants of its name over the network; an empty initrd name is an
 * error here rather than a failed load.
 */
#ifndef WB_LOADERS_PXECFG_CMDLINE_H
#define WB_LOADERS_PXECFG_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/printf.h"
#include "loaders/pxecfg.h"

#define PXECFG_CMD_MAX 2048     /* PXELINUX MAX_CMDLINE_LEN: commands are shorter than this */
#define PXECFG_KERNEL_CMDLINE_MAX 4096 /* bound on what pxecfg_boot_build() produces */

/* SYSAPPEND bits (syslinux.txt). */
#define PXECFG_SYSAPPEND_IP 0x1
#define PXECFG_SYSAPPEND_BOOTIF 0x2
#define PXECFG_SYSAPPEND_SYSUUID 0x4
#define PXECFG_SYSAPPEND_COUNT 19 /* bits 0..18 are defined (ip= ... FSUUID=) */

/* The network facts behind the IPAPPEND strings. */
struct pxecfg_netinfo {
	uint32_t client_ip; /* all four in network byte order; client_ip 0 (IPv6): no ip= */
	uint32_t server_ip;
	uint32_t gateway_ip; /* 0 when DHCP gave no router */
	uint32_t netmask;
	uint8_t hwtype;      /* ARP hardware type: 1 = Ethernet */
	uint8_t hwlen;       /* bytes in hwaddr, at most 16 */
	uint8_t hwaddr[16];
	const uint8_t *uuid; /* 16 bytes (DHCP option 97 / SMBIOS), or NULL */
};

/* The SYSAPPEND strings, one per bit; NULL where unknown. */
struct pxecfg_sysappend {
	const char *str[PXECFG_SYSAPPEND_COUNT];
	char ip[3 + 4 * WB_IPV4_STRLEN];
	char bootif[7 + 3 * 17];
	char sysuuid[8 + 36 + 1];
};

/*
 * Fill sa from net: bit 0 "ip=<client>:<server>:<gateway>:<netmask>", bit 1
 * "BOOTIF=<hwtype>-<aa>-<bb>...", bit 2 "SYSUUID=<uuid>" (only for a UUID PXELINUX deems
 * valid: byte 6 in 0x10..0xef).  Other bits may be set by the platform in sa->str[] after.
 */
void pxecfg_sysappend_init(struct pxecfg_sysappend *sa, const struct pxecfg_netinfo *net);

/* What to run: a PXELINUX command (kernel + options) and how. */
struct pxecfg_run {
	const struct pxecfg_label *label; /* the label it came from, NULL for an implicit kernel */
	char command[PXECFG_CMD_MAX];
	bool sysappend; /* add the global SYSAPPEND strings when executing */
};

/* Where a line comes from, which decides how it is interpreted. */
enum pxecfg_from {
	PXECFG_FROM_CONFIG, /* DEFAULT/ONTIMEOUT of the file: ldlinux load_kernel() exactly */
	PXECFG_FROM_PROMPT, /* typed at boot: (load_kernel(), ALLOWOPTIONS for labels too) */
	PXECFG_FROM_MENU,   /* run by menu.c32 (ONTIMEOUT in a menu): unlabel(), else as is */
};

/*
 * A label's command (record() above), with the strings from sa (may be NULL).  0, or
 * -WB_ETOOBIG when it would not fit in size bytes.
 */
int pxecfg_label_command(const struct pxecfg_label *l, const struct pxecfg_sysappend *sa,
			 char *buf, size_t size);

/* The command of label l (as run from the menu, or typed with no options). */
int pxecfg_resolve_label(const struct pxecfg *cfg, const struct pxecfg_label *l,
			 struct pxecfg_run *run);

/*
 * The resolvers below take the IPAPPEND strings from cfg->sysappend_info (set it after DHCP;
 * NULL means none are known).
 *
 * Interpret line as PXELINUX does (see enum pxecfg_from).  Errors: -WB_ENOLABEL (not a label
 * and IMPLICIT 0), -WB_ETOOBIG.
 */
int pxecfg_resolve(const struct pxecfg *cfg, const char *line, enum pxecfg_from from,
		   struct pxecfg_run *run);

/*
 * What runs without a choice: ONTIMEOUT after a timeout (when set), else DEFAULT/UI.
 * -WB_ENOLABEL when the configuration has neither ("No DEFAULT or UI configuration
 * directive found!" in PXELINUX).
 */
int pxecfg_resolve_default(const struct pxecfg *cfg, bool timed_out, struct pxecfg_run *run);

/*
 * After a boot failed: ONERROR as PXELINUX 6.x runs it: the ONERROR label's command (or the
 * ONERROR line) + " " + the DEFAULT command, with the global SYSAPPEND strings.
 * -WB_ENOENT when there is no ONERROR.
 */
int pxecfg_resolve_onerror(const struct pxecfg *cfg, struct pxecfg_run *run);

enum pxecfg_boot_kind {
	PXECFG_BOOT_LINUX,     /* load kernel + initrds, boot with cmdline; what the fetched file
	                        * turns out to be decides the rest (loaders/boot_kind.h) */
	PXECFG_BOOT_LOCALBOOT, /* LOCALBOOT local_type: give control back to the firmware */
	PXECFG_BOOT_PXE,       /* PXE keyword or a .0 name: chain a PXE boot program */
	PXECFG_BOOT_COM32,     /* a .c32 module (kernel = its name): a built-in or refused */
	PXECFG_BOOT_CONFIG,    /* CONFIG file [dir]: switch to another configuration */
};

struct pxecfg_boot {
	enum pxecfg_boot_kind kind;
	int local_type;
	char kernel[256];      /* the kernel file name (first word of the command) */
	char *cmdline;         /* PXECFG_BOOT_LINUX: exactly what the kernel sees; owned */
	char *args;            /* the arguments after the kernel name, SYSAPPEND strings included
	                        * (a module's or EFI application's command line); owned */
	size_t ninitrds;
	char **initrds;        /* initrd file names in order; owned */
	char error[160];       /* why pxecfg_boot_build() failed */
};

/*
 * Execute run as PXELINUX would (steps 3 and 4 above): kernel, initrds and command line,
 * with cfg's global SYSAPPEND mask and strings when run->sysappend.  PXE programs, COM32
 * modules and CONFIG get their kind, the name and args only.  Returns 0, or
 * -WB_ENOTSUP (boot-sector/floppy image), -WB_ETOOBIG,
 * -WB_EINVAL (no kernel, empty initrd name), -WB_ENOMEM; out->error says which.  Free with
 * pxecfg_boot_free() in every case.
 */
int pxecfg_boot_build(const struct pxecfg *cfg, const struct pxecfg_run *run,
		      struct pxecfg_boot *out);
void pxecfg_boot_free(struct pxecfg_boot *b);

#endif
