# SPDX-License-Identifier: GPL-2.0-or-later
"""IPv6 network boot end to end, on an IPv6-only network (no IPv4 address anywhere):
dnsmasq as router (RA with the M flag), DHCPv6 server (address range, boot file URL
option 59 "tftp://[2001:db8:77::1]/pxelinux.0") and TFTP server on the bridge.
- wireboot-check runs wireboot's own stack over AF_PACKET on a veth whose kernel side has IPv6
  disabled: it must stop IPv4 DHCP at the first RA, take an address by DHCPv6, find the
  MAC-named pxelinux.cfg file over TFTP on IPv6 and fetch every file with the right size and
  sha256.
- RAs without M/O and no DHCP: the error names the router and the missing flags; a
  dual-stack dnsmasq: the client boots with the family that answered first; a PXE program
  (pxelinux.0) on an IPv6-only network is refused: the PXE API hands it a DHCPv4 ACK.
- OVMF (its IPv4 PXE switched off by fw_cfg, so it goes straight to PXEv6) fetches
  wireboot.efi named by option 59; wireboot.efi reuses the firmware's DHCPv6 Reply (no
  DHCPv6 message of its own in dnsmasq's log) and boots the kernel over TFTP on IPv6.
- HTTP over IPv6 from an independent web server (python3 -m http.server --bind ::):
  wireboot-check, given an http://[v6]:port/ boot file URL, finds its pxelinux.cfg file there
  and fetches the kernel by a literal http://[v6]:port/ URL and the initrd by a
  name dnsmasq answers as AAAA (DNS server and domain from DHCPv6 options 23 and 24), and
  both over https:// from openssl s_server on IPv6 (TLS on the same TCP);
  build/wireboot-virtio-ipv6.rom (the BIOS option ROM with IPv6) boots the Debian kernel +
  initramfs the same way in SeaBIOS.
"""
import os
import re
import time

import pytest

import wbtest
from test_wireboot_check import MAC, assert_plan, run_check, seed_tree
from wbtest import Nic

PREFIX = "2001:db8:77"
SERVER6 = f"{PREFIX}::1"


@pytest.fixture
def netns6(fixtures, tmp_path):
    """The suite's bridge namespace made IPv6-only: no IPv4 address, no wbtest RA responder
    (dnsmasq advertises), a global address on the bridge."""
    ns = wbtest.Netns(workdir=str(tmp_path), router_adverts=False)
    ns.run(["ip", "-4", "addr", "flush", "dev", ns.bridge])
    ns.run(["ip", "-6", "addr", "add", f"{SERVER6}/64", "dev", ns.bridge, "nodad"])
    yield ns
    ns.close()


def wait_udp6_listen(ns, port, proc, timeout=20):
    deadline = time.monotonic() + wbtest.scaled(timeout)
    while time.monotonic() < deadline:
        out = ns.run(["cat", "/proc/net/udp6"], check=False).stdout
        if any(int(f[1].rsplit(":", 1)[1], 16) == port
               for f in (line.split() for line in out.splitlines()[1:]) if len(f) > 1):
            return
        assert proc.running(), proc.tail()
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on UDP6 {port}: {proc.tail()}")


def start_dnsmasq6(ns, tftp_root, boot_url, dns_args=()):
    """dnsmasq: RA (M flag from the stateful range), DHCPv6 with option 59, TFTP; no IPv4.
    dns_args: a DNS server too (then "--port=53" and its records)."""
    argv = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
            *(dns_args or ["--port=0"]),
            "--bind-interfaces", f"--interface={ns.bridge}", "--user=root", "--group=root",
            "--log-facility=-", "--log-dhcp", "--pid-file=",
            f"--dhcp-leasefile={ns.workdir}/dnsmasq6.leases",
            "--enable-ra", f"--dhcp-range={PREFIX}::100,{PREFIX}::1ff,64,1h",
            f"--dhcp-option=option6:bootfile-url,{boot_url}",
            "--enable-tftp", f"--tftp-root={tftp_root}"]
    p = ns.start(argv, "dnsmasq6.log", name="dnsmasq6")
    wait_udp6_listen(ns, 547, p)
    wait_udp6_listen(ns, 69, p)
    return p


def ipv6_client(ns):
    """A veth client whose own kernel stays off IPv6 (wireboot's stack uses the MAC)."""
    client = ns.add_client()
    client.run(["ip", "addr", "flush", "dev", "eth0"])
    client.run(["sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1"])
    client.run(["ip", "link", "set", "eth0", "address", MAC])
    return client


def test_wireboot_check_dnsmasq_ipv6_only(netns6, tree):
    seed_tree(tree)
    start_dnsmasq6(netns6, tree.root, f"tftp://[{SERVER6}]/pxelinux.0")
    client = ipv6_client(netns6)
    rc, out = run_check(client, ["--interface", "eth0", "--fetch"])
    assert rc == 0, out
    assert "stopped: a router advertises DHCPv6" in out, out
    m = re.search(r"^IPv6 on eth0\.\.\. (\S+)$", out, re.M)
    assert m and m.group(1).startswith(f"{PREFIX}::1"), out  # from the dnsmasq range
    assert f'dhcpv6: TFTP server {SERVER6}, boot file "pxelinux.0"' in out, out
    assert f"pxelinux.cfg/01-00-1b-21-41-cf-4c: found on {SERVER6}" in out, out
    assert "ip=" not in re.search(r'cmdline \(.*', out).group(0), out
    assert_plan(out, tree)


def test_efi_pxe6_reuses_firmware_reply(netns6, tree, record_property):
    from test_efi import BANNER, assert_linux_booted, efi_app, linux_tree as efi_tree
    from test_efi import MAC as EFI_MAC, Q35
    tree.add("wireboot.efi", efi_app())
    efi_tree(tree)
    dnsmasq = start_dnsmasq6(netns6, tree.root, f"tftp://[{SERVER6}]/wireboot.efi")
    vm = wbtest.Qemu(netns6, os.path.join(netns6.workdir, "vm0"), name="vm0", firmware="ovmf",
                     boot=None, nics=[Nic(netns6.add_tap(), EFI_MAC, romfile="")],
                     extra_args=Q35 + ["-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n"])
    netns6.cleanups.append(vm.stop)
    vm.start()
    vm.wait_for(BANNER, timeout=120)
    vm.wait_for(r"Using the firmware's DHCPv6 reply", timeout=30)
    m = vm.wait_for(r"IPv6 on \S+\.\.\. (\S+)", timeout=60)
    assert m.group(1).startswith(f"{PREFIX}::1"), vm.tail()
    assert_linux_booted(vm, record_property, "OVMF PXEv6 -> wireboot.efi -> Linux over IPv6")
    log = dnsmasq.log()
    # Only the firmware's exchanges (DUID-LLT; OVMF does two, and releases its address when
    # wireboot takes the NIC over): wireboot's own client would have sent its DUID-LL.
    assert "DHCPSOLICIT(br0) 00:01:00:01:" in log, log
    assert "00:03:00:01:52:54:00:12:34:56" not in log, log
    assert "pxelinux.cfg/01-52-54-00-12-34-56" in log, log


def test_ra_without_dhcpv6_names_what_is_missing(netns6, tree):
    """RAs with neither M nor O (dnsmasq ra-only), no DHCP of any kind: after the IPv4 DHCP
    tries, the error names the router and the missing flags."""
    seed_tree(tree)
    argv = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
            "--bind-interfaces", f"--interface={netns6.bridge}", "--user=root", "--group=root",
            "--log-facility=-", "--pid-file=", "--enable-ra", f"--dhcp-range={PREFIX}::,ra-only"]
    p = netns6.start(argv, "dnsmasq-ra.log", name="dnsmasq-ra")
    client = ipv6_client(netns6)
    time.sleep(0.5)
    assert p.running(), p.tail()
    rc, out = run_check(client, ["--interface", "eth0"])
    assert rc != 0, out
    assert "no DHCP offer" in out, out
    m = re.search(r"has neither the M nor the O flag: no DHCPv6 on this link, so no boot file "
                  r"URL \(option 59\)", out)
    assert m, out
    assert re.search(r"the router advertisement on eth0 \(from fe80::\S+\)", out), out


def test_dual_stack_boots(netns, tree):
    """dnsmasq serving IPv4 and IPv6 (RA M flag, DHCPv6, option 59) on the same bridge: the
    client boots with whichever family answers first and says which."""
    seed_tree(tree)
    netns.run(["ip", "-6", "addr", "add", f"{SERVER6}/64", "dev", netns.bridge, "nodad"])
    argv = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
            "--bind-interfaces", f"--interface={netns.bridge}", "--user=root", "--group=root",
            "--log-facility=-", "--log-dhcp", "--pid-file=",
            f"--dhcp-leasefile={netns.workdir}/dnsmasq-ds.leases",
            f"--dhcp-range={netns.subnet}.100,{netns.subnet}.199,255.255.255.0,1h",
            f"--dhcp-boot=pxelinux.0,,{netns.server_ip}",
            "--enable-ra", f"--dhcp-range={PREFIX}::100,{PREFIX}::1ff,64,1h",
            f"--dhcp-option=option6:bootfile-url,tftp://[{SERVER6}]/pxelinux.0",
            "--enable-tftp", f"--tftp-root={tree.root}"]
    p = netns.start(argv, "dnsmasq-ds.log", name="dnsmasq-ds")
    netns.wait_udp_listen(67, proc=p)
    wait_udp6_listen(netns, 547, p)
    client = ipv6_client(netns)
    rc, out = run_check(client, ["--interface", "eth0", "--fetch"])
    assert rc == 0, out
    v6 = f'dhcpv6: TFTP server {SERVER6}, boot file "pxelinux.0"' in out
    v4 = f"dhcp: address {netns.subnet}." in out
    assert v6 != v4, out  # exactly one family configured
    server = SERVER6 if v6 else netns.server_ip
    assert f"pxelinux.cfg/01-00-1b-21-41-cf-4c: found on {server}" in out, out
    assert_plan(out, tree)


def test_pxe_program_refused_on_ipv6_only(netns6, tree):
    """`KERNEL pxelinux.0` after an IPv6 boot: DHCPv4 runs for the program's ACK, nothing
    answers on the IPv6-only network, and the label fails naming the program and why."""
    tree.add("pxelinux.0", wbtest.fixture("pxelinux.0"))
    tree.pxelinux_cfg(MAC, "default chain\nlabel chain\n    kernel pxelinux.0\n")
    start_dnsmasq6(netns6, tree.root, f"tftp://[{SERVER6}]/wireboot")
    client = ipv6_client(netns6)
    rc, out = run_check(client, ["--interface", "eth0", "--fetch"])
    assert rc != 0, out
    assert f'dhcpv6: TFTP server {SERVER6}, boot file "wireboot"' in out, out
    assert "pxelinux.0: a PXE program needs IPv4 (booted over IPv6): DHCP on eth0" in out, out
    assert ("error: pxelinux.0: a PXE program needs IPv4 (the PXE API hands it the DHCPv4 ACK), "
            "and DHCPv4 on eth0 failed (no DHCP offer received: is a DHCP server on this "
            "network?): on an IPv6-only network boot a Linux kernel from this label, or serve "
            "DHCPv4 too") in out, out
    assert "boot plan:" not in out, out


HTTP_PORT = 8080
HTTP_APPEND = "console=ttyS0,115200"


def start_http6(ns, root):
    """An independent web server on IPv6 only: python3's http.server bound to ::."""
    p = ns.start(["python3", "-m", "http.server", "--bind", "::", "--directory", root,
                  str(HTTP_PORT)], "http6.log", name="http6")
    ns.wait_udp_listen(HTTP_PORT, proc=p, proto="tcp6")
    return p


def http6_tree(tree, mac):
    """The kernel by a literal IPv6 URL, the initrd by a name (AAAA, search domain "lab")."""
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(mac, "default v6\nlabel v6\n"
                           f"    kernel http://[{SERVER6}]:{HTTP_PORT}/bzImage\n"
                           f"    append initrd=http://boot6:{HTTP_PORT}/initramfs.cpio "
                           f"{HTTP_APPEND}\n")


# dnsmasq as the DNS server too: boot6.lab has only an AAAA record; options 23 and 24.
DNS6_ARGS = ["--port=53", "--no-resolv", "--no-hosts", f"--host-record=boot6.lab,{SERVER6}",
             f"--dhcp-option=option6:dns-server,[{SERVER6}]",
             "--dhcp-option=option6:domain-search,lab"]


def test_wireboot_check_http_ipv6_and_aaaa(netns6, tree):
    """wireboot-check with an http:// boot file URL (option 59): the pxelinux.cfg search, the
    kernel (http://[v6]:8080/) and the initrd (http://boot6:8080/, by AAAA) all from python3's
    web server on IPv6; sizes and sha256 checked."""
    http6_tree(tree, MAC)
    start_dnsmasq6(netns6, tree.root, f"http://[{SERVER6}]:{HTTP_PORT}/pxelinux.0", DNS6_ARGS)
    http = start_http6(netns6, tree.root)
    # A tap, as the IPv4 HTTP tests use: the kernel segments what the web server sends (a
    # veth hands AF_PACKET the unsegmented TSO frames).
    tap = netns6.add_tap()
    rc, out = run_check(netns6, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    cfg = f"http://[{SERVER6}]:{HTTP_PORT}/pxelinux.cfg/01-00-1b-21-41-cf-4c"
    assert f"{cfg}: found on the web server" in out, out
    assert f"DNS: boot6 is {SERVER6}" in out, out
    kernel = f"http://[{SERVER6}]:{HTTP_PORT}/bzImage"
    initrd = f"http://boot6:{HTTP_PORT}/initramfs.cpio"
    assert_plan(out, tree, label="v6", cmdline=f"BOOT_IMAGE={kernel} initrd={initrd} {HTTP_APPEND}",
                files=(("kernel", kernel), ("initrd", initrd)),
                local_names={kernel: "bzImage", initrd: "initramfs.cpio"})
    log = http.log()
    for path in ("/pxelinux.cfg/01-00-1b-21-41-cf-4c", "/bzImage", "/initramfs.cpio"):
        assert f'"GET {path} HTTP/1.1" 200' in log, log


def test_ipv6_option_rom_boots_linux(netns6, tree, record_property):
    """build/wireboot-virtio-ipv6.rom as the virtio NIC's ROM in SeaBIOS, IPv6-only network:
    DHCPv6, the MAC-named config over TFTP, kernel and initrd over HTTP on IPv6, Linux runs
    the fixture initramfs to its end."""
    from test_option_rom import MAC as ROM_MAC, MAC_DASHES
    rom = wbtest.env.built("wireboot-virtio-ipv6.rom")
    assert os.path.getsize(rom) <= 65536
    http6_tree(tree, ROM_MAC)
    start_dnsmasq6(netns6, tree.root, f"tftp://[{SERVER6}]/wireboot", DNS6_ARGS)
    http = start_http6(netns6, tree.root)
    vm = wbtest.Qemu(netns6, os.path.join(netns6.workdir, "vm0"), name="vm0",
                     nics=[Nic(netns6.add_tap(), ROM_MAC, model="virtio-net-pci", romfile=rom)])
    netns6.cleanups.append(vm.stop)
    vm.start()
    vm.wait_for(r"wireboot option ROM, loaded at", timeout=60)
    m = vm.wait_for(r"IPv6 on \S+\.\.\. (\S+)", timeout=90)
    assert m.group(1).startswith(f"{PREFIX}::1"), vm.tail()
    r = vm.boot_and_wait(timeout=wbtest.scaled(300))
    record_property("boot_seconds", round(vm.elapsed(), 1))
    text = vm.serial_text()
    assert r.marker, vm.tail()
    assert r.cmdline is not None and HTTP_APPEND in r.cmdline, r.cmdline
    assert f"pxelinux.cfg/01-{MAC_DASHES}: found" in text, text
    assert f"DNS: boot6 is {SERVER6}" in text, text
    log = http.log()
    assert '"GET /bzImage HTTP/1.1" 200' in log and '"GET /initramfs.cpio HTTP/1.1" 200' in log, log


def test_wireboot_check_https_ipv6(netns6, tree, tmp_path):
    """https://bootserver.lab/ on an IPv6-only network: the name by AAAA, TLS (net/tls.c) on
    TCP over IPv6 to openssl s_server -6 with a test CA's certificate; sizes and sha256."""
    from test_http_boot import MAC as HTTP_MAC
    from test_https import HOST, https_tree
    from tls_pki import Pki, start_s_server
    pki = Pki(str(tmp_path))
    base = https_tree(tree)
    cert, key = pki.server_cert("good", HOST)
    start_dnsmasq6(netns6, tree.root, f"tftp://[{SERVER6}]/pxelinux.0",
                   DNS6_ARGS + [f"--host-record={HOST},{SERVER6}"])
    start_s_server(netns6, tree.root, cert, key, family="-6")
    rc, out = run_check(netns6, ["--interface", netns6.add_tap(), "--tap", "--mac", HTTP_MAC,
                                 "--fetch", "--trust", pki.path("ca.pem")])
    assert rc == 0, out
    assert f"DNS: {HOST} is {SERVER6}" in out, out
    assert_plan(out, tree, label="web", cmdline=f"BOOT_IMAGE={base}/bzImage console=ttyS0 "
                f"initrd={base}/initramfs.cpio",
                files=(("kernel", f"{base}/bzImage"), ("initrd", f"{base}/initramfs.cpio")),
                local_names={f"{base}/bzImage": "bzImage",
                             f"{base}/initramfs.cpio": "initramfs.cpio"})
