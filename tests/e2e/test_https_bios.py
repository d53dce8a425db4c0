# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot-tls.pxe (the BIOS image with TLS, docs/bios-images.md) over https://, under SeaBIOS
with QEMU's iPXE ROM as the PXE stack (-boot n), and once wireboot-tls.lkrn by QEMU -kernel,
against openssl s_server -WWW with a CA made by the test (tls_pki.py); the image is linked
with that CA (make TRUST= TRUST_BUILD=).

One boot takes the Debian kernel, the initramfs and a payload initrd from
https://bootserver.lab/ (the config comes over TFTP): /init checks the payload's sha256 and
prints the command line.  The refusals stop before any kernel, each with the sentence a user
acts on: an unknown CA (the issuer), a certificate for another name (both names), an expired
certificate (its dates and the clock, read from the CMOS RTC, which QEMU sets to UTC now).
"""
import re

import pytest

from wbtest import Nic, env
from test_dns import start_dns
from test_http_boot import MAC, start_server
from test_https import HOST, add_payload, assert_https_boot, built_with_trust
from tls_pki import Pki, start_s_server

IMAGE = "wireboot-tls.pxe"
BASE = f"https://{HOST}"


@pytest.fixture(scope="module")
def pki_and_image(tmp_path_factory):
    """The test CAs and wireboot-tls.pxe trusting "ca", made once for the module (the link
    is the slow part)."""
    workdir = str(tmp_path_factory.mktemp("bios-tls"))
    pki = Pki(workdir)
    return pki, built_with_trust(IMAGE, pki.path("ca.pem"), workdir)


def boot_tls_pxe(netns, tree, tmp_path, pki_and_image, make_qemu, cert_name, host=HOST, ca="ca",
                 days=7, initrds=f"{BASE}/initramfs.cpio", append="console=ttyS0,115200",
                 lkrn=None):
    """Servers up (wireboot-server: DHCP with DNS, TFTP; the lab DNS; s_server with a fresh
    certificate), wireboot-tls.pxe with the test CA as the boot file; QEMU started (with
    `-kernel lkrn` and a NIC without ROM instead when lkrn is given)."""
    pki, image = pki_and_image
    tree.add(IMAGE, image)
    tree.add("vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, f"default web\nprompt 0\nlabel web\n    kernel {BASE}/vmlinuz\n"
                           f"    initrd {initrds}\n    append {append}\n")
    cert, key = pki.server_cert(cert_name, host, ca=ca, days=days)
    start_dns(netns)
    start_server(netns, tree, tmp_path, filename=IMAGE, port=8080)
    start_s_server(netns, tree.root, cert, key)
    if lkrn:
        return make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], boot=None, kernel=lkrn)
    return make_qemu(nics=[Nic(netns.add_tap(), MAC)])


def test_bios_boots_linux_over_https(netns, tree, tmp_path, pki_and_image, make_qemu,
                                     record_property):
    """iPXE ROM -> wireboot-tls.pxe -> config over TFTP -> the Debian kernel, the initramfs and
    a 4 MiB payload initrd over https:// (TLS 1.2, BearSSL on i686): the marker, the exact
    command line, the payload's sha256 checked by /init."""
    add_payload(tree, tmp_path)
    initrds = f"{BASE}/initramfs.cpio,{BASE}/payload.cpio"
    append = "console=ttyS0,115200 wbtest=https-bios"
    vm = boot_tls_pxe(netns, tree, tmp_path, pki_and_image, make_qemu, "good", initrds=initrds,
                      append=append)
    assert_https_boot(vm, record_property, "iPXE -> wireboot-tls.pxe", BASE, append, initrds)


def test_bios_lkrn_boots_linux_over_https(netns, tree, tmp_path, pki_and_image, make_qemu,
                                          record_property):
    """QEMU -kernel wireboot-tls.lkrn (built with the test CA; a virtio-net NIC without ROM,
    no PXE stack anywhere): the same HTTPS boot through the lkrn prefix and native driver."""
    pki, _ = pki_and_image
    lkrn = built_with_trust("wireboot-tls.lkrn", pki.path("ca.pem"), str(tmp_path))
    add_payload(tree, tmp_path)
    initrds = f"{BASE}/initramfs.cpio,{BASE}/payload.cpio"
    append = "console=ttyS0,115200 wbtest=https-lkrn"
    vm = boot_tls_pxe(netns, tree, tmp_path, pki_and_image, make_qemu, "good", initrds=initrds,
                      append=append, lkrn=lkrn)
    vm.wait_for(r"wireboot lkrn, loaded at 0x7c00", timeout=60)
    assert_https_boot(vm, record_property, "QEMU -kernel wireboot-tls.lkrn", BASE, append,
                      initrds)
    assert "iPXE" not in vm.serial_text()


# (certificate, its DNS name, the CA that signs it, days valid; the refusal on the console)
REFUSALS = {
    "unknown-ca": ("stranger", HOST, "other-ca", 7,
                   re.escape(f"{BASE}: unknown CA: the server's certificate chain ends with one "
                             "issued by \"CN=Somebody Else's CA, O=wireboot tests\", which is not "
                             "among the 1 trust anchors built in")),
    "name-mismatch": ("othername", "other.lab", "ca", 7,
                      re.escape(f"{BASE}: name mismatch: the server's certificate is for "
                                f"\"CN=other.lab\", not for \"{HOST}\"")),
    "expired": ("expired", HOST, "ca", -1,
                re.escape(f"{BASE}: certificate \"CN={HOST}\" is expired: valid from ") +
                r"(\S+ \S+) UTC until (\S+ \S+) UTC, and the clock says (\S+ \S+) UTC"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_bios_https_refused(netns, tree, tmp_path, pki_and_image, make_qemu, case):
    """The server's certificate is refused before any kernel is fetched, with its sentence."""
    cert_name, host, ca, days, message = REFUSALS[case]
    vm = boot_tls_pxe(netns, tree, tmp_path, pki_and_image, make_qemu, cert_name, host=host,
                      ca=ca, days=days)
    m = vm.wait_for(message, timeout=env.scaled(240))
    if case == "expired":  # the RTC's time is after the end of validity, and about now
        assert m.group(2) < m.group(3), m.group(0)
    assert "Booting " not in vm.serial_text()
