# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot-server alone on an IPv6-only network (no IPv4 address anywhere, test_ipv6.py's
namespace): its RA (M and O set, the /64 on-link, A clear), DHCPv6 (range6, a dhcpd.conf
host's fixed-address6, option 59 by client architecture) and TFTP/HTTP on IPv6 sockets.

- wireboot-check stops IPv4 DHCP at the server's RA, leases an address of range6 and fetches
  the seed's kernel and initrd over TFTP on IPv6 (sizes and sha256 asserted); the server's
  log names the exchange and the transfers with RFC 5952 peers.
- A dhcpd.conf host (hardware ethernet = the client's MAC, matched through its DUID-LL)
  gets its fixed-address6 and its own boot file URL on the server's HTTP port; wireboot-check
  then reads its config and fetches kernel and initrd over HTTP on IPv6 from wireboot-server.
- build/wireboot-{virtio,e1000}-ipv6.rom (BIOS, SeaBIOS) get the BIOS boot file (architecture 0) from
  the server's DHCPv6 and boots Linux over TFTP on IPv6 (init marker, the server's transfers).
- OVMF's PXEv6 fetches wireboot.efi named by the server's option 59 and wireboot.efi boots
  Linux over TFTP on IPv6 (init marker).
- UEFI HTTP Boot over IPv6 (OVMF with PXE off): see test_uefi_http_boot_ipv6.
"""
import os
import re

import pytest

import wbtest
from wbtest import Nic, servers
from test_ipv6 import PREFIX, SERVER6, ipv6_client, netns6, wait_udp6_listen  # noqa: F401
from test_wireboot_check import MAC, assert_plan, run_check, seed_tree

RANGE6 = f"{PREFIX}::100-{PREFIX}::1ff"
HOST6 = f"{PREFIX}::50"


def start_server6(ns, root, args=()):
    """wireboot-server as RA + DHCPv6 + TFTP on the IPv6-only bridge; returns once it
    advertises (it listens RA_LISTEN_MS for another router first)."""
    p = servers.start_wireboot_server(ns, root, ["--range6", RANGE6, *args], dhcp=False)
    wait_udp6_listen(ns, 547, p)
    wait_udp6_listen(ns, 69, p)
    p.wait_log(r"ra: no IPv6 router answered: sending router advertisements on br0 \(router "
               r"lifetime 0: not a default router; M and O set: DHCPv6; on-link prefix, A clear\)",
               timeout=20)
    return p


def test_wireboot_check_from_server_ipv6_only(netns6, tree):
    seed_tree(tree)
    p = start_server6(netns6, tree.root, ["--bios-file", "pxelinux.0"])
    client = ipv6_client(netns6)
    rc, out = run_check(client, ["--interface", "eth0", "--fetch"])
    assert rc == 0, out
    assert "stopped: a router advertises DHCPv6" in out, out
    m = re.search(r"^IPv6 on eth0\.\.\. (\S+)$", out, re.M)
    assert m and re.fullmatch(rf"{PREFIX}::1[0-9a-f][0-9a-f]", m.group(1)), out  # range6
    assert f'dhcpv6: TFTP server {SERVER6}, boot file "pxelinux.0"' in out, out
    assert f"pxelinux.cfg/01-00-1b-21-41-cf-4c: found on {SERVER6}" in out, out
    assert_plan(out, tree)
    log = p.log()
    assert "interface br0 has no IPv4 address: DHCP (IPv4) off, DHCPv6 only" in log, log
    assert re.search(rf"dhcpv6 (SOLICIT|REQUEST) from {MAC} arch 0: REPLY"
                     rf"( \(rapid commit\))? {re.escape(m.group(1))} "
                     rf"url tftp://\[{SERVER6}\]/pxelinux.0", log), log
    assert re.search(rf"tftp \[{m.group(1)}\]:\d+ initramfs.cpio: "
                     rf"{os.path.getsize(tree.path('initramfs.cpio'))} bytes .*: ok", log), log


def test_host_stanza_fixed_address6_and_http(netns6, tree, tmp_path):
    """A dhcpd.conf host (hardware ethernet = the client's MAC, found through its DUID-LL)
    gets its fixed-address6 and its own boot file URL (option dhcp6.bootfile-url) on the
    server's HTTP port: the pxelinux.cfg search, kernel and initrd over HTTP on IPv6 from
    wireboot-server's IPv6 listening socket (sizes and sha256)."""
    lab = seed_tree(wbtest.BootTree(tree.path("lab")))  # the host's own directory
    url = f"http://[{SERVER6}]:8080/lab/pxelinux.0"
    conf = tmp_path / "dhcpd.conf"
    conf.write_text(f'host lab {{ hardware ethernet {MAC}; fixed-address6 {HOST6};\n'
                    f'  option dhcp6.bootfile-url "{url}"; }}\n')
    p = start_server6(netns6, tree.root, ["--hosts", str(conf), "--http-port", "8080"])
    # A tap, as test_ipv6.py's HTTP test uses: the kernel segments what the web server sends
    # (a veth hands AF_PACKET the unsegmented TSO frames, too large for the client's stack).
    tap = netns6.add_tap()
    rc, out = run_check(netns6, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert re.search(rf"^IPv6 on \S+\.\.\. {HOST6}$", out, re.M), out
    cfg = f"http://[{SERVER6}]:8080/lab/pxelinux.cfg/01-00-1b-21-41-cf-4c"
    assert f"{cfg}: found on the web server" in out, out
    assert_plan(out, lab)
    log = p.log()
    assert re.search(rf"dhcpv6 \S+ from {MAC} host lab arch 0: REPLY( \(rapid commit\))? "
                     rf"{HOST6} url {re.escape(url)}", log), log
    size = os.path.getsize(lab.path("initramfs.cpio"))
    assert re.search(rf"http \[{HOST6}\]:\d+ GET /lab/initramfs.cpio 200: {size} bytes", log), log


@pytest.mark.parametrize("nic", ["virtio", "e1000"])
def test_ipv6_option_rom_from_server(netns6, tree, record_property, nic):
    """Each IPv6 option ROM (its own NIC) with wireboot-server alone as RA + DHCPv6 + TFTP:
    architecture 0 gets the BIOS boot file's URL, the MAC-named config, kernel and initrd
    come over TFTP on IPv6, and Linux runs the fixture initramfs to its end."""
    from test_option_rom import MAC as ROM_MAC, MAC_DASHES
    rom = wbtest.env.built(f"wireboot-{nic}-ipv6.rom")
    tree.add("bzImage", "vmlinuz")
    initrd = tree.add("initramfs.cpio")
    tree.pxelinux_cfg(ROM_MAC, "default v6\nlabel v6\n    kernel bzImage\n"
                               "    append initrd=initramfs.cpio console=ttyS0,115200\n")
    p = start_server6(netns6, tree.root, ["--bios-file", "pxelinux.0"])
    vm = wbtest.Qemu(netns6, os.path.join(netns6.workdir, "vm0"), name="vm0",
                     nics=[Nic(netns6.add_tap(), ROM_MAC, model="virtio-net-pci" if nic == "virtio" else "e1000",
                                romfile=rom)])
    netns6.cleanups.append(vm.stop)
    vm.start()
    m = vm.wait_for(r"IPv6 on \S+\.\.\. (\S+)", timeout=wbtest.scaled(120))
    addr = m.group(1)
    assert re.fullmatch(rf"{PREFIX}::1[0-9a-f][0-9a-f]", addr), vm.tail()  # range6
    r = vm.boot_and_wait(timeout=wbtest.scaled(300))
    record_property("boot_seconds", round(vm.elapsed(), 1))
    assert r.marker, vm.tail()
    assert r.cmdline is not None and "console=ttyS0,115200" in r.cmdline, r.cmdline
    assert f"pxelinux.cfg/01-{MAC_DASHES}: found" in vm.serial_text(), vm.tail()
    log = p.log()
    assert re.search(rf"dhcpv6 (SOLICIT|REQUEST) from {ROM_MAC} arch 0: REPLY"
                     rf"( \(rapid commit\))? {re.escape(addr)} "
                     rf"url tftp://\[{SERVER6}\]/pxelinux.0", log), log
    assert re.search(rf"tftp \[{re.escape(addr)}\]:\d+ initramfs.cpio: "
                     rf"{os.path.getsize(initrd)} bytes .*: ok", log), log


def ovmf6(ns, extra_args):
    """An OVMF q35 machine on the IPv6-only bridge (test_efi's NIC: virtio, no option ROM)."""
    from test_efi import MAC as EFI_MAC, Q35
    vm = wbtest.Qemu(ns, os.path.join(ns.workdir, "vm0"), name="vm0", firmware="ovmf", boot=None,
                     nics=[Nic(ns.add_tap(), EFI_MAC, romfile="")], extra_args=Q35 + extra_args)
    ns.cleanups.append(vm.stop)
    return vm.start()


def test_ovmf_pxe6_from_server(netns6, tree, record_property):
    """OVMF's PXEv6 (IPv4 PXE off) gets wireboot.efi's URL from wireboot-server's DHCPv6
    (client architecture 7) and fetches it over TFTP on IPv6; wireboot.efi reuses the
    firmware's DHCPv6 reply and boots Linux over TFTP on IPv6."""
    from test_efi import BANNER, MAC as EFI_MAC, assert_linux_booted, efi_app, linux_tree
    tree.add("wireboot.efi", efi_app())
    linux_tree(tree)
    p = start_server6(netns6, tree.root)
    vm = ovmf6(netns6, ["-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n"])
    vm.wait_for(BANNER, timeout=120)
    vm.wait_for(r"Using the firmware's DHCPv6 reply", timeout=30)
    m = vm.wait_for(r"IPv6 on \S+\.\.\. (\S+)", timeout=60)
    assert re.fullmatch(rf"{PREFIX}::1[0-9a-f][0-9a-f]", m.group(1)), vm.tail()
    assert_linux_booted(vm, record_property, "OVMF PXEv6 -> wireboot.efi -> Linux, wireboot-server")
    log = p.log()
    # The firmware's exchange (DUID-LLT: wireboot's own client would show the MAC via DUID-LL).
    assert re.search(rf"dhcpv6 (REQUEST|SOLICIT) from {EFI_MAC} arch 7: REPLY( \(rapid commit\))? "
                     rf"{PREFIX}::1[0-9a-f][0-9a-f] url tftp://\[{SERVER6}\]/wireboot.efi", log), log
    assert re.search(r"tftp \[[0-9a-f:]+\]:\d+ wireboot.efi: \d+ bytes .*: ok", log), log
    assert re.search(r"tftp \[[0-9a-f:]+\]:\d+ vmlinuz: \d+ bytes .*: ok", log), log


def test_uefi_http_boot_ipv6(netns6, tree, record_property):
    """OVMF with both PXE stacks off (test_uefi_http_boot.py's fw_cfg): its HTTPv4 option
    finds no DHCPv4 here, its HTTPv6 option solicits with architecture 16 and vendor class
    HTTPClient, gets http://[server]:8080/wireboot.efi and "HTTPClient" back, fetches
    wireboot.efi from the server's web server over IPv6; wireboot.efi then does its own
    DHCPv6 (a PXE client, architecture 7) and boots Linux over TFTP on IPv6."""
    from test_efi import BANNER, assert_linux_booted, efi_app, linux_tree
    from test_uefi_http_boot import NO_PXE
    tree.add("wireboot.efi", efi_app())
    linux_tree(tree)
    p = start_server6(netns6, tree.root, ["--http-port", "8080"])
    vm = ovmf6(netns6, NO_PXE)
    vm.wait_for(BANNER, timeout=240)
    assert_linux_booted(vm, record_property, "OVMF HTTPv6 Boot -> wireboot.efi -> Linux")
    assert 'UEFI HTTPv6' in vm.serial_text(), vm.tail()
    log = p.log()
    size = os.path.getsize(tree.path("wireboot.efi"))
    assert re.search(rf"dhcpv6 (SOLICIT|REQUEST) from \S+ HTTPClient arch 16: (ADVERTISE|REPLY)"
                     rf".* url http://\[{SERVER6}\]:8080/wireboot.efi", log), log
    assert re.search(rf"http \[{PREFIX}::[0-9a-f:]+\]:\d+ GET /wireboot.efi 200: {size} bytes",
                     log), log
