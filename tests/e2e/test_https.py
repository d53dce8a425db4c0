# SPDX-License-Identifier: GPL-2.0-or-later
"""https:// (net/tls.c over BearSSL) against an independent server, openssl s_server -WWW,
with a CA made by the test (tls_pki.py).

wireboot-check runs the client's exact boot sequence with the test CA as its trust anchor
(--trust) and fetches KERNEL and INITRD from https://bootserver.lab/ (the name from the lab's
DNS, test_dns.start_dns), from s_server and from wireboot-server --https-port, and a config
named by option 209 as an https:// URL: the plan's sha256 are asserted.  Then the refusals, each with the
sentence a user acts on: an unknown CA (the issuer named), a certificate for another name
(both names), an expired certificate (the dates), and no trust anchors at all (how to build
with one).
"""
import os
import re
import subprocess

import pytest

from wbtest import DhcpHost, Nic, env, servers
from test_dns import start_dns
from test_http_boot import MAC, assert_plan, start_server
from test_wireboot_check import run_check
from tls_pki import Pki, start_redirect_server, start_s_server

HOST = "bootserver.lab"


@pytest.fixture
def pki(tmp_path):
    return Pki(str(tmp_path))


def https_tree(tree, url_host=HOST):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    base = f"https://{url_host}"
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {base}/bzImage\n"
                           f"    initrd {base}/initramfs.cpio\n    append console=ttyS0\n")
    return base


def check_https(netns, tree, tmp_path, pki, cert_name, host=HOST, ca="ca", days=7, trust=("ca",),
                url_host=HOST):
    """Serve the tree over HTTPS with a fresh certificate and run wireboot-check --fetch."""
    base = https_tree(tree, url_host)
    cert, key = pki.server_cert(cert_name, host, ca=ca, days=days)
    start_dns(netns)
    start_server(netns, tree, tmp_path, port=8080)  # DHCP and TFTP (the config)
    start_s_server(netns, tree.root, cert, key)
    args = ["--interface", netns.add_tap(), "--tap", "--mac", MAC, "--fetch"]
    for t in trust:
        args += ["--trust", pki.path(f"{t}.pem")]
    rc, out = run_check(netns, args)
    return base, rc, out


def test_fetch_over_https(netns, tree, tmp_path, pki):
    """Kernel and initrd over https:// from s_server: exact sizes and sha256."""
    base, rc, out = check_https(netns, tree, tmp_path, pki, "good")
    assert rc == 0, out
    assert_plan(out, "web", f"BOOT_IMAGE={base}/bzImage console=ttyS0 initrd={base}/initramfs.cpio",
                (("kernel", f"{base}/bzImage", tree.path("bzImage")),
                 ("initrd", f"{base}/initramfs.cpio", tree.path("initramfs.cpio"))))


def test_fetch_from_wireboot_server_https(netns, tree, tmp_path, pki):
    """wireboot-server --https-port 443 --cert --key (next to its HTTP port) serves the tree:
    kernel and initrd arrive intact, and its log shows the GETs."""
    base = https_tree(tree)
    cert, key = pki.server_cert("good", HOST)
    start_dns(netns)
    p = start_server(netns, tree, tmp_path, port=8080,
                     extra=["--https-port", "443", "--cert", cert, "--key", key])
    p.wait_log(r"https port 443\b")
    rc, out = run_check(netns, ["--interface", netns.add_tap(), "--tap", "--mac", MAC, "--fetch",
                                "--trust", pki.path("ca.pem")])
    assert rc == 0, out
    assert_plan(out, "web", f"BOOT_IMAGE={base}/bzImage console=ttyS0 initrd={base}/initramfs.cpio",
                (("kernel", f"{base}/bzImage", tree.path("bzImage")),
                 ("initrd", f"{base}/initramfs.cpio", tree.path("initramfs.cpio"))))
    assert re.search(r"http 10\.77\.0\.92:\d+ GET /bzImage 200: ", p.log()), p.log()


def test_config_url_option_209(netns, tree, tmp_path, pki):
    """Option 209 as an https:// URL: the config comes over HTTPS and its relative names from
    the same server, over HTTPS too: exact sizes and sha256."""
    url = f"https://{HOST}/pxelinux.cfg/lab"
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.add_text("pxelinux.cfg/lab", "default lab\nlabel lab\n    kernel bzImage\n"
                                      "    append initrd=initramfs.cpio quiet\n")
    cert, key = pki.server_cert("good", HOST)
    start_dns(netns)
    servers.start_dnsmasq(netns, hosts=[DhcpHost("v-test-intel-lab", MAC, "10.77.0.92")],
                          extra_args=[f"--dhcp-option-force=209,{url}",
                                      f"--dhcp-option=6,{netns.server_ip}"])
    start_s_server(netns, tree.root, cert, key)
    rc, out = run_check(netns, ["--interface", netns.add_tap(), "--tap", "--mac", MAC, "--fetch",
                                "--trust", pki.path("ca.pem")])
    assert rc == 0, out
    assert f"{url}: found on the web server" in out, out
    assert f"file names are relative to https://{HOST}/" in out, out
    assert_plan(out, "lab", "BOOT_IMAGE=bzImage initrd=initramfs.cpio quiet",
                (("kernel", "bzImage", tree.path("bzImage")),
                 ("initrd", "initramfs.cpio", tree.path("initramfs.cpio"))))


def test_unknown_ca(netns, tree, tmp_path, pki):
    """A server certificate from a CA that is not built in: refused, the issuer named."""
    _, rc, out = check_https(netns, tree, tmp_path, pki, "stranger", ca="other-ca")
    assert rc == 7, out
    assert (f"https://{HOST}: unknown CA: the server's certificate chain ends with one issued "
            "by \"CN=Somebody Else's CA, O=wireboot tests\", which is not among the 1 trust "
            "anchors built in") in out, out


def test_name_mismatch(netns, tree, tmp_path, pki):
    """A certificate for another host name: refused with both names."""
    _, rc, out = check_https(netns, tree, tmp_path, pki, "othername", host="other.lab")
    assert rc == 7, out
    assert (f"https://{HOST}: name mismatch: the server's certificate is for \"CN=other.lab\", "
            f"not for \"{HOST}\"") in out, out


def test_address_in_url(netns, tree, tmp_path, pki):
    """https://<IP address>/: the certificate names a host, so the mismatch message says to
    use the name."""
    _, rc, out = check_https(netns, tree, tmp_path, pki, "good", url_host=netns.server_ip)
    assert rc == 7, out
    assert (f"https://{netns.server_ip}: name mismatch: the server's certificate is for "
            f"\"CN={HOST}\", not for \"{netns.server_ip}\" (certificates are matched by DNS "
            "name: write the server's name in the URL, not its address)") in out, out


def test_expired(netns, tree, tmp_path, pki):
    """A certificate that expired yesterday: refused with its dates and the clock."""
    _, rc, out = check_https(netns, tree, tmp_path, pki, "expired", days=-1)
    assert rc == 7, out
    m = re.search(rf"https://{re.escape(HOST)}: certificate \"CN={re.escape(HOST)}\" is expired: "
                  r"valid from (\S+ \S+) UTC until (\S+ \S+) UTC, and the clock says (\S+ \S+) UTC",
                  out)
    assert m, out
    assert m.group(2) < m.group(3), out


@pytest.mark.parametrize("target", ["https", "http"])
def test_redirect_https_to(netns, tree, tmp_path, pki, target):
    """An https:// kernel URL answered with a redirect: to another https:// URL it is followed
    (exact sha256); to http:// it is refused, a downgrade (the same file is on the HTTP
    server, which must not see a request for it).  The rule is in net/http_client.c, so the
    firmware images refuse the same way."""
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    moved = f"https://{HOST}/moved/bzImage"
    tree.pxelinux_cfg(MAC, f"default web\nlabel web\n    kernel {moved}\n"
                           f"    initrd https://{HOST}/initramfs.cpio\n    append console=ttyS0\n")
    cert, key = pki.server_cert("good", HOST)
    start_dns(netns)
    http = start_server(netns, tree, tmp_path, port=8080)  # DHCP, TFTP, and the file over HTTP
    to = f"https://{HOST}" if target == "https" else f"http://{HOST}:8080"
    start_redirect_server(netns, tree.root, cert, key, to)
    rc, out = run_check(netns, ["--interface", netns.add_tap(), "--tap", "--mac", MAC, "--fetch",
                                "--trust", pki.path("ca.pem")])
    if target == "https":
        assert rc == 0, out
        assert_plan(out, "web", f"BOOT_IMAGE={moved} console=ttyS0 "
                                f"initrd=https://{HOST}/initramfs.cpio",
                    (("kernel", moved, tree.path("bzImage")),
                     ("initrd", f"https://{HOST}/initramfs.cpio", tree.path("initramfs.cpio"))))
        return
    assert rc == 7, out
    assert (f"{moved}: redirect to http://{HOST}:8080/bzImage refused: https:// may only "
            "redirect to https://") in out, out
    assert "GET /bzImage" not in http.log(), http.log()


def test_no_trust_anchors(netns, tree, tmp_path, pki):
    """Built without TRUST and no --trust: https:// says how to build with a CA."""
    _, rc, out = check_https(netns, tree, tmp_path, pki, "good", trust=())
    assert rc == 7, out
    assert "this image has no trust anchors" in out and "make TRUST=ca.pem" in out, out


def built_with_trust(image, ca_pem, workdir):
    """image (wireboot.efi, wireboot-tls.pxe) linked with ca_pem as its one trust anchor
    (make TRUST= TRUST_BUILD=: the same objects as build/IMAGE, a generated anchors file of
    the test's CA)."""
    if not os.path.exists(env.build_path(image)):
        pytest.skip(f"{image} not built")
    out = os.path.join(workdir, "trust-build")
    subprocess.run(["make", "-s", "-C", env.ROOT, f"BUILD={env.BUILD}", f"TRUST={ca_pem}",
                    f"TRUST_BUILD={out}", f"{out}/{image}"], check=True)
    return f"{out}/{image}"


def add_payload(tree, tmp_path, mib=4):
    """payload.cpio in the tree: a second initrd of `mib` MiB that /init checks against its
    sha256 (PAYLOAD-SHA256-OK)."""
    payload = tmp_path / "payload.cpio"
    subprocess.run([os.path.join(env.ROOT, "scripts", "mkinitramfs"), "--output", str(payload),
                    "--no-init", "--payload-mb", str(mib)], check=True)
    tree.add("payload.cpio", str(payload))


def assert_https_boot(vm, record_property, label, base, append, initrds):
    """The kernel base/vmlinuz booted with the initrds (the second one the payload): the
    marker, the exact command line, the payload's sha256 checked by /init, a clean power-off."""
    r = vm.boot_and_wait(timeout=env.scaled(400))
    record_property("boot_seconds", round(vm.elapsed(), 1))
    print(f"\n{label} -> Linux over HTTPS: init done at {vm.elapsed():.1f} s")
    assert r.marker, vm.tail()
    assert r.cmdline == f"BOOT_IMAGE={base}/vmlinuz {append} initrd={initrds}"
    assert r.payload == "ok", vm.tail()
    assert vm.wait_exit(timeout=60) == 0


def test_efi_boots_linux_over_https(netns, tree, tmp_path, pki, make_qemu, record_property):
    """OVMF PXE -> wireboot.efi (built with the test CA) -> config over TFTP -> the Debian
    kernel and the initramfs from https://bootserver.lab/ (s_server); /init prints the marker
    and the command line, and checks a 4 MiB payload (a second initrd) against its sha256."""
    tree.add("wireboot.efi", built_with_trust("wireboot.efi", pki.path("ca.pem"), str(tmp_path)))
    tree.add("vmlinuz")
    tree.add("initramfs.cpio")
    add_payload(tree, tmp_path)
    base = f"https://{HOST}"
    initrds = f"{base}/initramfs.cpio,{base}/payload.cpio"
    append = "console=ttyS0,115200 wbtest=https"
    tree.pxelinux_cfg(MAC, f"default web\nprompt 0\nlabel web\n    kernel {base}/vmlinuz\n"
                           f"    initrd {initrds}\n    append {append}\n")
    cert, key = pki.server_cert("good", HOST)
    start_dns(netns)
    start_server(netns, tree, tmp_path, filename="wireboot.efi", port=8080)
    start_s_server(netns, tree.root, cert, key)
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                   extra_args=["-machine", "q35"])
    assert_https_boot(vm, record_property, "OVMF -> wireboot.efi", base, append, initrds)
