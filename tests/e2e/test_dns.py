# SPDX-License-Identifier: GPL-2.0-or-later
"""Host names in http:// URLs, resolved by wireboot's stub resolver (net/dns.c).

wireboot-server gives the address, the DNS server (option 6) and the domain (option 15) from
a dhcpd.conf (`option domain-name-servers`, `option domain-name`) and serves HTTP on port
80; dnsmasq, DNS only, answers for the lab names from a hosts file and NXDOMAIN for the rest
of its local domains.  wireboot-check fetches KERNEL and INITRD by name (a fully qualified
name, a CNAME, an unqualified name completed with the DHCP domain) and the plan's sha256 are
asserted; a missing name fails with the NXDOMAIN message; wireboot.pxe boots Linux in QEMU
from http://bootserver.lab/ URLs and the initramfs marker is asserted.
"""
import os
import re

from test_http_boot import CLIENT_IP, MAC, assert_plan, boot_pxe_over_http, start_server
from test_wireboot_check import run_check

DOMAIN = "wireboot.test"  # the domain servers.isc_dhcpd_conf() gives


def start_dns(netns):
    """dnsmasq as the lab's DNS server only (no DHCP, no upstream): bootserver.lab and
    bootserver.wireboot.test are the server, www.lab is an alias of bootserver.lab, and other
    names in lab / wireboot.test do not exist."""
    hosts = os.path.join(netns.workdir, "dns-hosts")
    with open(hosts, "w") as f:
        f.write(f"{netns.server_ip} bootserver.lab bootserver.{DOMAIN}\n")
    argv = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=53",
            "--no-resolv", "--no-hosts", f"--addn-hosts={hosts}", "--local=/lab/",
            f"--local=/{DOMAIN}/", "--cname=www.lab,bootserver.lab", "--bind-interfaces",
            f"--interface={netns.bridge}", "--user=root", "--group=root", "--pid-file=",
            "--log-facility=-", "--log-queries"]
    p = netns.start(argv, "dnsmasq-dns.log", name="dnsmasq")
    netns.wait_udp_listen(53, proc=p)
    return p


def test_check_fetches_by_name(netns, tree, tmp_path):
    """KERNEL by an unqualified name (completed with the DHCP domain), INITRD through a
    CNAME, both on port 80: the plan has their exact sizes and sha256."""
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    kernel, initrd = "http://bootserver/bzImage", "http://www.lab/initramfs.cpio"
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {kernel}\n"
                           f"    initrd {initrd}\n    append console=ttyS0\n")
    dns = start_dns(netns)
    p = start_server(netns, tree, tmp_path, port=80)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert f"DNS: bootserver is {netns.server_ip}" in out, out
    assert f"DNS: www.lab is {netns.server_ip}" in out, out
    assert_plan(out, "web", f"BOOT_IMAGE={kernel} console=ttyS0 initrd={initrd}",
                (("kernel", kernel, tree.path("bzImage")),
                 ("initrd", initrd, tree.path("initramfs.cpio"))))
    log = dns.log()
    assert re.search(rf"query\[A\] bootserver\.{re.escape(DOMAIN)} from {CLIENT_IP}", log), log
    assert re.search(rf"query\[A\] www\.lab from {CLIENT_IP}", log), log
    assert re.search(r"www\.lab is <CNAME>", log), log
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /initramfs\.cpio 200: ", p.log()), p.log()


def test_check_name_not_found(netns, tree, tmp_path):
    """A name the DNS server does not know: the kernel fetch fails with NXDOMAIN, naming the
    server that said so."""
    tree.pxelinux_cfg(MAC, "default web\nlabel web\n    kernel http://nosuch.lab/bzImage\n")
    start_dns(netns)
    start_server(netns, tree, tmp_path, port=80)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 7, out
    assert f"DNS: nosuch.lab not found (NXDOMAIN) from {netns.server_ip}" in out, out


def test_pxe_linux_by_name(fixtures, netns, tree, tmp_path, make_qemu, record_property):
    """wireboot.pxe in QEMU (iPXE ROM as the PXE stack) boots Linux with KERNEL and INITRD
    given as http://bootserver.lab/ URLs; /init prints the marker and /proc/cmdline."""
    dns = start_dns(netns)
    p = start_server(netns, tree, tmp_path, port=80)
    boot_pxe_over_http(netns, tree, make_qemu, record_property, "http://bootserver.lab",
                       "console=ttyS0,115200 wbdns=1")
    assert re.search(rf"query\[A\] bootserver\.lab from {CLIENT_IP}", dns.log()), dns.log()
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /bzImage 200: ", p.log()), p.log()
