# SPDX-License-Identifier: GPL-2.0-or-later
"""HTTP boot: KERNEL/INITRD given as http:// URLs, and a boot file / option 209 given as an
http:// URL so that the configuration search and the relative names after it go to the web
server.  wireboot-server serves TFTP and HTTP from the same root (--http-port).

wireboot-check runs the client's exact boot sequence (loaders/boot.c, net/http_client.c) over
a tap and prints the boot plan with every file's size and sha256; when build/wireboot.pxe is
there, the same Linux boot over HTTP runs in QEMU and the initramfs marker is asserted.
"""
import os
import re

import pytest

import wbtest
from wbtest import DhcpHost, Impairment, Nic, env, servers
from test_wireboot_check import run_check, sha256

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.92"
PORT = 8080


def assert_plan(out, label, cmdline, files):
    """The plan: the label, the exact command line, and for each (role, name in the config,
    file in the tree) the size and sha256 of what arrived."""
    assert f"boot plan: label {label}" in out, out
    m = re.search(r'^  cmdline \(\d+ of at most \d+ bytes\): "(.*)"$', out, re.M)
    assert m and m.group(1) == cmdline, out
    for role, name, path in files:
        m = re.search(rf"^  {role} +{re.escape(name)}: (\d+) bytes at 0x[0-9a-f]+, "
                      rf"sha256 ([0-9a-f]{{64}}), fetched in", out, re.M)
        assert m, f"no {role} line for {name}:\n{out}"
        assert int(m.group(1)) == os.path.getsize(path), out
        assert m.group(2) == sha256(path), out
    assert "result: would boot label " + label in out, out


def start_server(netns, tree, tmp_path, filename="wireboot.pxe", extra=(), port=PORT):
    """wireboot-server: DHCP from a seed-shaped dhcpd.conf (which also gives the DNS server
    and domain), TFTP, and HTTP on `port`, all from the tree."""
    conf = servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", MAC, CLIENT_IP,
                                                   filename)])
    (tmp_path / "dhcpd.conf").write_text(conf)
    p = servers.start_wireboot_server(netns, tree.root, ["--hosts", str(tmp_path / "dhcpd.conf"),
                                                         "--http-port", str(port), *extra])
    p.wait_log(rf"http port {port}\b")
    return p


def boot_pxe_over_http(netns, tree, make_qemu, record_property, base, append):
    """wireboot.pxe in QEMU (iPXE ROM as the PXE stack; servers already started) boots the
    Debian kernel and the initramfs from base/bzImage and base/initramfs.cpio; /init prints
    the marker and /proc/cmdline, which must be exactly what the config says, and powers
    off.  Returns the Qemu."""
    pxe = env.build_path("wireboot.pxe")
    if not os.path.exists(pxe):
        pytest.skip(f"{pxe} not built")
    tree.add("wireboot.pxe", pxe)
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, f"default web\nprompt 0\nlabel web\n    kernel {base}/bzImage\n"
                           f"    initrd {base}/initramfs.cpio\n    append {append}\n")
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)])
    r = vm.boot_and_wait(timeout=env.scaled(300))
    record_property("boot_seconds", round(vm.elapsed(), 1))
    print(f"\nwireboot.pxe from {base}: QEMU start -> init done {vm.elapsed():.1f} s")
    assert r.marker, vm.tail()
    assert r.cmdline == f"BOOT_IMAGE={base}/bzImage {append} initrd={base}/initramfs.cpio"
    assert vm.wait_exit(timeout=60) == 0
    return vm


def test_kernel_and_initrd_urls(netns, tree, tmp_path):
    """KERNEL and INITRD as absolute http:// URLs in a config found over TFTP."""
    base = f"http://{netns.server_ip}:{PORT}"
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {base}/bzImage\n"
                           f"    initrd {base}/initramfs.cpio\n    append console=ttyS0\n")
    p = start_server(netns, tree, tmp_path)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert f"pxelinux.cfg/01-52-54-00-12-34-56: found on {netns.server_ip}" in out, out
    assert_plan(out, "web", f"BOOT_IMAGE={base}/bzImage console=ttyS0 initrd={base}/initramfs.cpio",
                (("kernel", f"{base}/bzImage", tree.path("bzImage")),
                 ("initrd", f"{base}/initramfs.cpio", tree.path("initramfs.cpio"))))
    # The progress lines ended with the HTTP transfer summaries.
    size = os.path.getsize(tree.path("bzImage"))
    assert re.search(rf"\.\.\.\S*bzImage +{size} bytes in \d+\.\d\d s", out), out
    log = p.log()
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /bzImage 200: {size} bytes", log), log
    assert not re.search(r"tftp \S+ bzImage", log), log


def test_boot_file_url_makes_everything_http(netns, tree, tmp_path):
    """DHCP boot file http://server:port/boot/wireboot.pxe: the prefix is that directory on
    the web server, so the pxelinux.cfg search and the relative KERNEL/initrd= go there."""
    base = f"http://{netns.server_ip}:{PORT}/boot/"
    tree.add("boot/bzImage", "vmlinuz")
    tree.add("boot/initramfs.cpio", "initramfs.cpio")
    tree.add_text("boot/pxelinux.cfg/default",
                  "default linux\nlabel linux\n    kernel bzImage\n"
                  "    append initrd=initramfs.cpio console=ttyS0\n")
    p = start_server(netns, tree, tmp_path, filename=base + "wireboot.pxe")
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert f'boot file "{base}wireboot.pxe"' in out, out
    tried = re.findall(r"^(\S+): (not found|found) on the web server", out, re.M)
    assert tried[0] == (base + "pxelinux.cfg/01-52-54-00-12-34-56", "not found"), out
    assert tried[-1] == (base + "pxelinux.cfg/default", "found"), out
    assert len(tried) == 10, out
    assert_plan(out, "linux", "BOOT_IMAGE=bzImage initrd=initramfs.cpio console=ttyS0",
                (("kernel", "bzImage", tree.path("boot/bzImage")),
                 ("initrd", "initramfs.cpio", tree.path("boot/initramfs.cpio"))))
    log = p.log()
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /boot/initramfs\.cpio 200: ", log), log


def test_config_url_option_209_relative_names(netns, tree, tmp_path):
    """Option 209 as an http:// URL (dnsmasq gives the address): the config comes over HTTP
    and its relative names are fetched from the parent of its pxelinux.cfg/ directory."""
    url = f"http://{netns.server_ip}:{PORT}/pxelinux.cfg/lab"
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.add_text("pxelinux.cfg/lab", "default lab\nlabel lab\n    kernel bzImage\n"
                                      "    append initrd=initramfs.cpio quiet\n")
    servers.start_dnsmasq(netns, hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)],
                          extra_args=[f"--dhcp-option-force=209,{url}"])
    p = servers.start_wireboot_server(netns, tree.root, ["--no-dhcp", "--http-port", str(PORT)],
                                      dhcp=False)
    p.wait_log(rf"http port {PORT}\b")
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert f"{url}: found on the web server" in out, out
    assert f"file names are relative to http://{netns.server_ip}:{PORT}/" in out, out
    assert_plan(out, "lab", "BOOT_IMAGE=bzImage initrd=initramfs.cpio quiet",
                (("kernel", "bzImage", tree.path("bzImage")),
                 ("initrd", "initramfs.cpio", tree.path("initramfs.cpio"))))
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /bzImage 200: ", p.log()), p.log()


def test_lossy_reordering_link(netns, tree, tmp_path):
    """KERNEL and INITRD over HTTP through a link that loses 1% of the frames and delays 5%
    by 5 ms behind later ones (wbtest's impairing relay), both directions.  Linux's sender
    recovers through our SACK blocks and out-of-order queue (before them, such a link stalled
    the transfer until the 15 s idle timeout): exact sizes and sha256."""
    base = f"http://{netns.server_ip}:{PORT}"
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {base}/bzImage\n"
                           f"    initrd {base}/initramfs.cpio\n")
    p = start_server(netns, tree, tmp_path)
    tap, link = netns.add_tap(impair=Impairment(loss=0.01, reorder=0.05))
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"],
                        timeout=300)
    assert rc == 0, out
    assert_plan(out, "web", f"BOOT_IMAGE={base}/bzImage initrd={base}/initramfs.cpio",
                (("kernel", f"{base}/bzImage", tree.path("bzImage")),
                 ("initrd", f"{base}/initramfs.cpio", tree.path("initramfs.cpio"))))
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /bzImage 200: ", p.log()), p.log()
    link.proc.stop()
    counts = link.counts()
    assert counts and counts["down"]["reordered"] > 0 and counts["down"]["dropped"] > 0, counts


def test_missing_url_error(netns, tree, tmp_path):
    base = f"http://{netns.server_ip}:{PORT}"
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {base}/nothing-here\n")
    start_server(netns, tree, tmp_path)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 7, out
    assert f"error: HTTP 404 Not Found: {base}/nothing-here" in out, out


def test_pxe_linux_over_http(fixtures, netns, tree, tmp_path, make_qemu, record_property):
    """wireboot.pxe in QEMU (iPXE ROM as the PXE stack) boots the Debian kernel and the
    initramfs fetched over HTTP; /init prints the marker and /proc/cmdline."""
    p = start_server(netns, tree, tmp_path)
    boot_pxe_over_http(netns, tree, make_qemu, record_property,
                       f"http://{netns.server_ip}:{PORT}", "console=ttyS0,115200 wbhttp=1")
    assert re.search(rf"http {CLIENT_IP}:\d+ GET /bzImage 200: ", p.log()), p.log()
