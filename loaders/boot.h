/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The client's boot sequence, shared by every platform: DHCP (or the firmware's cached ACK)
 * -> config search -> PROMPT/TIMEOUT/menu -> fetch kernel and initrds -> platform_boot().
 * A platform initialises its console, clock, memory and netdevs, then calls boot_run().
 */
#ifndef WB_LOADERS_BOOT_H
#define WB_LOADERS_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_session;
struct tftp_request;
struct tftp_result;

/*
 * Where TFTP files come from when not from wireboot's own network stack: wireboot.pxe's
 * fallback to the PXE ROM's TFTP API when the ROM's UNDI is unusable.  fetch() has the
 * contract of tftp_fetch() (net/tftp_client.h) without the netif; options the source cannot
 * honour (windowsize, ...) are ignored.  HTTP names fail with a message naming the source.
 * The platform still reports a netdev (for the MAC and the address from the cached ACK),
 * and the DHCP lease always comes from the cached ACK.
 */
struct boot_file_source {
	const char *name;             /* "the PXE ROM's TFTP API", for messages */
	int (*fetch)(const struct tftp_request *req, struct tftp_result *res);
};

/* IPv4 DHCP, or IPv6 when a router asks for DHCPv6 first (loaders/boot_net.c, docs/ipv6.md). */
int boot_session_net(struct boot_session *s, bool fresh);
/* A PXE program after an IPv6 boot: its DHCPv4 ACK, or a failure (loaders/boot_net.c). */
int boot_session_program_ack(struct boot_session *s);

struct boot_options {
	uint8_t client_arch;          /* DHCP option 93: DHCP_ARCH_BIOS or DHCP_ARCH_EFI_X64 */
	const char *vendor_class;     /* option 60, e.g. "PXEClient:Arch:00000:UNDI:002001" */
	const uint8_t *uuid;          /* 16 bytes (option 97 / pxelinux.cfg/<UUID>), or NULL */
	/* The firmware's DHCP ACK (PXENV_GET_CACHED_INFO / EFI PXE Base Code), or NULL. */
	const void *cached_ack;
	size_t cached_ack_len;
	/* The firmware's DHCPv6 Reply (EFI PXE Base Code over IPv6), or NULL (loaders/boot_net.c). */
	const void *cached_dhcpv6;
	size_t cached_dhcpv6_len;
	const char *embedded_config;  /* config text built into the image (make EMBED=), or NULL */
	const struct boot_file_source *file_source; /* NULL: TFTP/HTTP over the netdev */
	/* How the network is configured: boot_session_net (IPv4 or IPv6, loaders/boot_net.c),
	 * or NULL for IPv4 DHCP only (BIOS images: IPv6 does not fit their 64 KiB). */
	int (*net_configure)(struct boot_session *s, bool fresh);
	const char *force_label;      /* boot this label without prompting, or NULL */
	unsigned plan_flags;          /* BOOT_* flags passed on in the boot plan */
	bool no_boot;                 /* stop after building the plan (wireboot-check) */
	/* For wireboot-check and tests (all zero in firmware): */
	bool no_input;                /* choose what an unattended client boots, without waiting */
	bool no_fetch;                /* stop after choosing: name the files, fetch nothing */
	uint32_t tftp_blksize;        /* 0 = the largest one datagram carries */
	uint16_t tftp_windowsize;     /* 0 = TFTP_CLIENT_WINDOWSIZE */
	bool tftp_no_options;         /* plain RFC 1350 transfers */
	struct boot_report *report;   /* filled in when not NULL */
};

/* The steps of the sequence, in order. */
enum boot_stage {
	BOOT_STAGE_NETDEV,        /* finding a network device */
	BOOT_STAGE_DHCP,
	BOOT_STAGE_CONFIG_SEARCH, /* pxelinux.cfg/<uuid>, 01-<mac>, <hex ip>..., default */
	BOOT_STAGE_CONFIG,        /* parsing it and its INCLUDEs */
	BOOT_STAGE_CHOOSE,        /* label, DEFAULT / ONTIMEOUT, menu */
	BOOT_STAGE_KERNEL,        /* fetching and validating the kernel */
	BOOT_STAGE_INITRD,
	BOOT_STAGE_BOOT,          /* platform_boot() */
	BOOT_STAGE_DONE,          /* plan built (no_boot) */
};

/* What a run did: the last stage reached (the failing one on error) and why it stopped. */
struct boot_report {
	enum boot_stage stage;
	int err;                      /* 0 or the negative WB_E* of the failure */
	char error[320];              /* the message printed for the failure, "" on success */
	char label[64];               /* the label chosen, when one was */
	unsigned files;               /* files fetched (config, kernel, initrds) */
};

/* "dhcp", "config search", ... */
const char *boot_stage_name(enum boot_stage stage);

struct boot_plan;
/*
 * Print a boot plan: label, every file with its size, address, sha256 and fetch speed, the
 * kernel's header facts and the command line exactly as the kernel will see it.
 */
void boot_plan_print(const struct boot_plan *plan);

/*
 * Run the sequence on the first netdev the platform reports (loaders/boot.c describes what
 * follows a failure: the menu again, ONERROR, the error prompt, the shell).  Returns only
 * when no boot happened: 0 after a no_boot run; the failure at once for no_input or no_boot
 * runs; otherwise the negative WB_E* of a local boot that came back (L at the error prompt,
 * `localboot` in the shell).
 */
int boot_run(const struct boot_options *opts);

#endif
