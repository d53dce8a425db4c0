# SPDX-License-Identifier: GPL-2.0-or-later
"""Past one server, on servers people already run (issue #19, docs/scaling.md).

  - Two nginx instances (Debian's, configured here) behind one name: dnsmasq as DNS gives
    www.lab two A records (10.77.0.2 and .3, in rotating order).  One nginx is stopped, so
    its address refuses connections; wireboot-check fetches KERNEL and INITRD from
    http://www.lab/ twice (the two answers come in both orders): both plans have the exact
    sha256, and the run that got the stopped address first says it tried the next one.
  - wireboot.pxe in QEMU from nginx alone: wireboot-server gives only DHCP (--no-tftp; the
    boot file is http://boot.lab/wireboot.pxe, a third nginx), the kernel and initramfs come
    from www.lab with the first address stopped; the initramfs marker is asserted.
  - ISC Kea (kea-dhcp4-server) as the DHCP server, wireboot-server --no-dhcp for the files:
    wireboot-check's plan has the exact sha256, and Kea's log shows the lease.
"""
import re
import socket
import struct

from wbtest import DhcpHost, servers
from test_http_boot import CLIENT_IP, MAC, assert_plan, boot_pxe_over_http
from test_wireboot_check import run_check

WWW = "www.lab"
ADDRS = ("10.77.0.2", "10.77.0.3")
BOOT_HOST = "boot.lab"  # the third nginx, on the server address: wireboot.pxe + its config


def start_dns(netns):
    """dnsmasq, DNS only: www.lab has the two addresses, boot.lab is the bridge address."""
    hosts = netns.workdir + "/dns-hosts"
    with open(hosts, "w") as f:
        f.write("".join(f"{a} {WWW}\n" for a in ADDRS) + f"{netns.server_ip} {BOOT_HOST}\n")
    p = netns.start(["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=53",
                     "--no-resolv", "--no-hosts", f"--addn-hosts={hosts}", "--local=/lab/",
                     "--bind-interfaces", f"--interface={netns.bridge}", "--user=root",
                     "--group=root", "--pid-file=", "--log-facility=-", "--log-queries"],
                    "dnsmasq-dns.log", name="dnsmasq")
    netns.wait_udp_listen(53, proc=p)
    return p


def two_nginx(netns, tree):
    """{address: nginx Proc} for the two addresses of www.lab, both serving the tree."""
    for a in ADDRS:
        netns.run(["ip", "addr", "add", f"{a}/24", "dev", netns.bridge])
    return {a: servers.start_nginx(netns, tree.root, a) for a in ADDRS}


def www_order(netns):
    """www.lab's addresses in the order dnsmasq answers this query (it rotates them)."""
    q = struct.pack("!HHHHHH", 0x5151, 0x0100, 1, 0, 0, 0) + b"\x03www\x03lab\x00\x00\x01\x00\x01"
    code = ("import socket,sys;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(5);"
            f"s.sendto(bytes.fromhex('{q.hex()}'),('{netns.server_ip}',53));"
            "sys.stdout.write(s.recv(512).hex())")
    d = bytes.fromhex(netns.run(["python3", "-c", code]).stdout)
    off, out = len(q), []
    for _ in range(struct.unpack("!H", d[6:8])[0]):
        rdlen = struct.unpack("!H", d[off + 10:off + 12])[0]
        out.append(socket.inet_ntoa(d[off + 12:off + 12 + rdlen]))
        off += 12 + rdlen
    return out


def failover_line(dead, live):
    return f"HTTP: {dead} port 80: connection refused: trying {live}, the next address of {WWW}"


def web_config(tree):
    kernel, initrd = f"http://{WWW}/bzImage", f"http://{WWW}/initramfs.cpio"
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    return kernel, initrd


def test_check_two_nginx_one_stopped(netns, tree, tmp_path):
    kernel, initrd = web_config(tree)
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {kernel}\n    initrd {initrd}\n"
                           "    append console=ttyS0\n")
    start_dns(netns)
    nginx = two_nginx(netns, tree)
    conf = tmp_path / "dhcpd.conf"
    conf.write_text(servers.isc_dhcpd_conf(netns, [DhcpHost("c", MAC, CLIENT_IP, "wireboot.pxe")]))
    servers.start_wireboot_server(netns, tree.root, ["--hosts", str(conf)])
    dead, live = ADDRS
    nginx[dead].stop()
    tap = netns.add_tap()
    failovers = 0
    for _ in range(2):  # dnsmasq rotates the two records: one answer per order
        rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
        assert rc == 0, out
        order = re.search(rf"^DNS: {re.escape(WWW)} is (\S+), (\S+)$", out, re.M)
        assert order and set(order.groups()) == set(ADDRS), out
        if order.group(1) == dead:
            assert failover_line(dead, live) in out, out
            failovers += 1
        else:
            assert "trying" not in out, out
        assert_plan(out, "web", f"BOOT_IMAGE={kernel} console=ttyS0 initrd={initrd}",
                    (("kernel", kernel, tree.path("bzImage")),
                     ("initrd", initrd, tree.path("initramfs.cpio"))))
    assert failovers == 1
    access = open(nginx[live].access_log).read()
    assert len(re.findall(r'"GET /initramfs\.cpio HTTP/1\.1" 200 ', access)) == 2, access


def test_pxe_from_nginx_dhcp_only_server(fixtures, netns, tree, tmp_path, make_qemu,
                                         record_property):
    start_dns(netns)
    nginx = two_nginx(netns, tree)
    servers.start_nginx(netns, tree.root, netns.server_ip)  # boot.lab
    conf = tmp_path / "dhcpd.conf"
    conf.write_text(servers.isc_dhcpd_conf(
        netns, [DhcpHost("c", MAC, CLIENT_IP, f"http://{BOOT_HOST}/wireboot.pxe")]))
    p = servers.start_wireboot_server(netns, tree.root, ["--hosts", str(conf), "--no-tftp"],
                                      tftp=False)
    # dnsmasq rotates www.lab's records on every answer: the client's query will get the
    # reverse of this one, so stop the address it will try first.
    live, dead = www_order(netns)
    nginx[dead].stop()
    vm = boot_pxe_over_http(netns, tree, make_qemu, record_property, f"http://{WWW}",
                            "console=ttyS0,115200 wbscale=1")
    text = vm.serial_text()
    assert f"DNS: {WWW} is {dead}, {live}" in text, vm.tail()
    assert failover_line(dead, live) in text, vm.tail()
    log = p.log()
    assert re.search(rf"ACK {CLIENT_IP} file http://{BOOT_HOST}/wireboot\.pxe", log), log
    assert "tftp port 0" in log and not re.search(r"^info\s+tftp ", log, re.M), log
    access = open(nginx[live].access_log).read()
    assert '"GET /bzImage HTTP/1.1" 200 ' in access, access


def test_check_kea_dhcp_wireboot_server_files(netns, tree):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, "default linux\nlabel linux\n    kernel bzImage\n"
                           "    append initrd=initramfs.cpio console=ttyS0\n")
    kea = servers.start_kea(netns, [DhcpHost("c", MAC, CLIENT_IP, "wireboot.pxe")])
    p = servers.start_wireboot_server(netns, tree.root, ["--no-dhcp"], dhcp=False)
    rc, out = run_check(netns, ["--interface", netns.add_tap(), "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert f'dhcp: address {CLIENT_IP}, TFTP server {netns.server_ip}, boot file "wireboot.pxe"' in out, out
    assert_plan(out, "linux", "BOOT_IMAGE=bzImage initrd=initramfs.cpio console=ttyS0",
                (("kernel", "bzImage", tree.path("bzImage")),
                 ("initrd", "initramfs.cpio", tree.path("initramfs.cpio"))))
    assert re.search(rf"DHCP4_LEASE_ALLOC .*lease {re.escape(CLIENT_IP)} has been allocated",
                     kea.log()), kea.log()
    assert "ra: off: DHCP is not served here" in p.log()
    assert re.search(rf"tftp {CLIENT_IP}:\d+ initramfs\.cpio: \d+ bytes .*: ok", p.log()), p.log()
