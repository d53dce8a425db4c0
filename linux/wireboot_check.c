// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot-check: the client's whole boot sequence (loaders/boot.c, exactly what the
 * firmware runs) as a Linux program, over a tap or an existing interface, with wireboot's
 * own network stack.  It prints every step and the boot plan, and exits with:
 *
 *    0  would boot: the plan was built (with --kexec: never returns on success)
 *    1  usage error
 *    2  network device: the interface cannot be opened
 *    3  DHCP: no offer, or no ACK
 *    4  config search: no configuration file found, or the TFTP server does not answer
 *    5  configuration: the file cannot be parsed, or names nothing to boot
 *    6  label: the chosen or default label does not exist or is not a Linux kernel
 *    7  kernel: fetch failed, or the file is not a valid bzImage
 *    8  initrd: fetch failed, or it does not fit
 *    9  boot: kexec_file_load failed (--kexec only)
 *   10  anything else (out of memory, internal error)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "linux/linux_platform.h"
#include "loaders/boot.h"
#include "net/dhcp_packet.h"
#include "net/netdev.h"
#include "wb_version.h"

enum exit_code {
	EXIT_WOULD_BOOT = 0,
	EXIT_USAGE = 1,
	EXIT_NETDEV = 2,
	EXIT_DHCP = 3,
	EXIT_CONFIG_SEARCH = 4,
	EXIT_CONFIG = 5,
	EXIT_LABEL = 6,
	EXIT_KERNEL = 7,
	EXIT_INITRD = 8,
	EXIT_BOOT = 9,
	EXIT_OTHER = 10,
};

static const char usage[] =
"usage: wireboot-check --interface IF [options]\n"
"\n"
"Runs wireboot's network boot sequence on Linux, exactly as the firmware does, with\n"
"wireboot's own network stack: DHCP, the pxelinux.cfg search (each name tried and its\n"
"answer), the configuration, the label an unattended client would boot, and (with --fetch)\n"
"the kernel and initrds, which are validated and described in a boot plan: sizes,\n"
"addresses, sha256, the command line exactly as the kernel will see it, and the speed of\n"
"each transfer.  Needs CAP_NET_RAW (AF_PACKET) or CAP_NET_ADMIN (tap).\n"
"\n"
"  -i, --interface IF   the network interface to use (required).  By default an AF_PACKET\n"
"                       socket on an existing interface, which should carry no IPv4\n"
"                       address of its own in the boot subnet\n"
"      --tap            IF is a tap device: wireboot is at its far end, like a VM\n"
"                       (found by itself for an existing tap; --tap also creates one)\n"
"      --mac MAC        client MAC address (default: the interface's own; for --tap\n"
"                       52:54:00 plus three bytes derived from the name)\n"
"      --uuid UUID      client UUID (DHCP option 97, pxelinux.cfg/<UUID>), as\n"
"                       xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\n"
"      --arch ARCH      client architecture for DHCP option 93/60: bios (default) or efi64\n"
"  -l, --label L        boot label L instead of what the configuration would choose\n"
"                       (DEFAULT, or ONTIMEOUT when PROMPT/menu has a TIMEOUT)\n"
"  -f, --fetch          fetch and validate the kernel and initrds (default: stop after\n"
"                       choosing the label and list the files it would fetch)\n"
"      --kexec          fetch, then really boot the plan on this machine with\n"
"                       kexec_file_load (root only; the running system is replaced!)\n"
"      --blksize N      TFTP block size to ask for (8..65464; default: what fits the MTU,\n"
"                       1468 on 1500)\n"
"      --windowsize N   TFTP window size to ask for (1..65535; default 16; 1 = no window)\n"
"      --no-options     plain RFC 1350 TFTP: no blksize/tsize/windowsize negotiation\n"
"  -h, --help           this text\n"
"      --version        print the version and exit\n"
"\n"
"Exit status: 0 would boot; 1 usage; 2 network device; 3 DHCP; 4 no config file found\n"
"(or no TFTP answer); 5 config unusable; 6 label missing or not a Linux kernel; 7 kernel\n"
"fetch or validation failed; 8 initrd fetch failed; 9 kexec failed; 10 other.\n";

/* Parse "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (dashes optional) into 16 bytes, text order. */
static int parse_uuid(const char *s, uint8_t out[16])
{
	int n = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '-')
			continue;
		int hi = wb_hexval(p[0]), lo = hi < 0 ? -1 : wb_hexval(p[1]);
		if (lo < 0 || n == 16)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		p++;
	}
	return n == 16 ? 0 : -1;
}

/* The decimal value of option's argument s in min..max (min >= 0), or -1 after saying why. */
static long parse_number(const char *option, const char *s, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || !*s || *end || v < min || v > max) {
		fprintf(stderr, "wireboot-check: %s %s: %ld..%ld\n", option, s, min, max);
		return -1;
	}
	return v;
}

static int exit_code_for(const struct boot_report *r)
{
	switch (r->stage) {
	case BOOT_STAGE_NETDEV: return EXIT_NETDEV;
	case BOOT_STAGE_DHCP: return EXIT_DHCP;
	case BOOT_STAGE_CONFIG_SEARCH: return EXIT_CONFIG_SEARCH;
	case BOOT_STAGE_CONFIG: return EXIT_CONFIG;
	case BOOT_STAGE_CHOOSE: return EXIT_LABEL;
	case BOOT_STAGE_KERNEL: return EXIT_KERNEL;
	case BOOT_STAGE_INITRD: return EXIT_INITRD;
	case BOOT_STAGE_BOOT: return EXIT_BOOT;
	case BOOT_STAGE_DONE: break;
	}
	return EXIT_OTHER;
}

int main(int argc, char **argv)
{
	enum { OPT_TAP = 256, OPT_MAC, OPT_UUID, OPT_ARCH, OPT_KEXEC, OPT_BLKSIZE, OPT_WINDOWSIZE,
	       OPT_NO_OPTIONS, OPT_VERSION };
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "tap", no_argument, NULL, OPT_TAP },
		{ "mac", required_argument, NULL, OPT_MAC },
		{ "uuid", required_argument, NULL, OPT_UUID },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "label", required_argument, NULL, 'l' },
		{ "fetch", no_argument, NULL, 'f' },
		{ "kexec", no_argument, NULL, OPT_KEXEC },
		{ "blksize", required_argument, NULL, OPT_BLKSIZE },
		{ "windowsize", required_argument, NULL, OPT_WINDOWSIZE },
		{ "no-options", no_argument, NULL, OPT_NO_OPTIONS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *ifname = NULL;
	bool tap = false, fetch = false, kexec = false, have_mac = false, have_uuid = false;
	uint8_t mac[ETH_ALEN], uuid[16];
	struct boot_report report = { 0 };
	struct boot_options opts = { .client_arch = DHCP_ARCH_BIOS, .no_boot = true,
				     .no_input = true, .report = &report };
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "i:l:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case OPT_TAP: tap = true; break;
		case OPT_MAC:
			if (wb_parse_mac(optarg, mac) != 0) {
				fprintf(stderr, "wireboot-check: --mac %s: expected aa:bb:cc:dd:ee:ff\n",
					optarg);
				return EXIT_USAGE;
			}
			have_mac = true;
			break;
		case OPT_UUID:
			if (parse_uuid(optarg, uuid) != 0) {
				fprintf(stderr, "wireboot-check: --uuid %s: expected 32 hex digits "
						"(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n", optarg);
				return EXIT_USAGE;
			}
			have_uuid = true;
			break;
		case OPT_ARCH:
			if (strcmp(optarg, "bios") == 0) {
				opts.client_arch = DHCP_ARCH_BIOS;
			} else if (strcmp(optarg, "efi64") == 0) {
				opts.client_arch = DHCP_ARCH_EFI_X64;
			} else {
				fprintf(stderr, "wireboot-check: --arch %s: bios or efi64\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'l': opts.force_label = optarg; break;
		case 'f': fetch = true; break;
		case OPT_KEXEC: kexec = fetch = true; break;
		case OPT_BLKSIZE:
			if ((v = parse_number("--blksize", optarg, 8, 65464)) < 0)
				return EXIT_USAGE;
			opts.tftp_blksize = (uint32_t)v;
			break;
		case OPT_WINDOWSIZE:
			if ((v = parse_number("--windowsize", optarg, 1, 65535)) < 0)
				return EXIT_USAGE;
			opts.tftp_windowsize = (uint16_t)v;
			break;
		case OPT_NO_OPTIONS: opts.tftp_no_options = true; break;
		case 'h': fputs(usage, stdout); return EXIT_WOULD_BOOT;
		case OPT_VERSION: printf("wireboot-check %s\n", WB_VERSION); return EXIT_WOULD_BOOT;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (!ifname || optind != argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	opts.no_fetch = !fetch;
	opts.no_boot = !kexec;
	opts.uuid = have_uuid ? uuid : NULL;

	linux_platform_init();
	linux_platform_enable_kexec(kexec);
	tap = tap || netdev_is_tap(ifname);

	struct netdev *dev;
	char errbuf[256];
	int err = tap ? netdev_tap_open(ifname, have_mac ? mac : NULL, &dev, errbuf, sizeof(errbuf))
		      : netdev_packet_open(ifname, have_mac ? mac : NULL, &dev, errbuf,
					   sizeof(errbuf));
	if (err) {
		fprintf(stderr, "wireboot-check: %s\n", errbuf);
		return EXIT_NETDEV;
	}
	char macstr[WB_MAC_STRLEN];
	wb_printf("wireboot-check: %s %s, MAC %s, MTU %u\n", tap ? "tap" : "interface", ifname,
		  wb_fmt_mac(macstr, dev->mac, ':'), dev->mtu);
	linux_platform_add_netdev(dev);

	err = boot_run(&opts);
	linux_netdev_free(dev);
	if (err == 0 && report.stage == BOOT_STAGE_DONE) {
		wb_printf("result: would boot label %s\n", report.label[0] ? report.label : "(none)");
		return EXIT_WOULD_BOOT;
	}
	if (err == 0)
		err = report.err;
	fprintf(stderr, "wireboot-check: failed at %s: %s\n", boot_stage_name(report.stage),
		report.error[0] ? report.error : wb_strerror(err));
	return exit_code_for(&report);
}
