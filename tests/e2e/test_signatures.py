# SPDX-License-Identifier: GPL-2.0-or-later
"""Signed files (loaders/signature.c): with a signer (wireboot-check --signer, as an image
built with make SIGNERS=), every file fetched for a boot - the configuration, the kernel, the
initrds - needs FILE.sig by that signer's key, made by scripts/wireboot-sign (openssl dgst
-sha256 -sign).  The whole tree signed boots (sha256 asserted); a kernel with one byte
flipped, a missing .sig, a tree signed by another key, and an unsigned configuration are
refused, each with the file's name.  Over TFTP and HTTP from wireboot-server.
"""
import os
import subprocess

import pytest

from test_http_boot import MAC, assert_plan, start_server
from test_wireboot_check import run_check
from tls_pki import Pki
from wbtest import env

APPEND = "console=ttyS0"


@pytest.fixture
def pki(tmp_path):
    p = Pki(str(tmp_path))
    p.make_ca("signer", "wireboot test signer", key="ec")
    p.make_ca("rsa-signer", "wireboot test RSA signer")
    return p


def sign(tree, key, *paths):
    subprocess.run([os.path.join(env.ROOT, "scripts", "wireboot-sign"), "--key", key,
                    *(paths or [tree.root])], check=True, capture_output=True)


def signed_tree(tree, pki, kernel="bzImage", signer="signer"):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, f"default s\nlabel s\n    kernel {kernel}\n"
                           f"    initrd initramfs.cpio\n    append {APPEND}\n")
    sign(tree, pki.path(f"{signer}.key"))


def flip_byte(path, offset, mask=1):
    """Change one byte of a tree file.  Tree files are hard links to the shared fixtures
    (BootTree.add): write a new file instead of modifying the linked one in place."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    data[offset] ^= mask
    os.unlink(path)
    with open(path, "wb") as f:
        f.write(data)


def check(netns, tree, tmp_path, pki, signers=("signer",)):
    start_server(netns, tree, tmp_path)
    args = ["--interface", netns.add_tap(), "--tap", "--mac", MAC, "--fetch"]
    for s in signers:
        args += ["--signer", pki.path(f"{s}.pem")]
    return run_check(netns, args)


@pytest.mark.parametrize("signer", ["signer", "rsa-signer"])
def test_signed_tree_boots(netns, tree, tmp_path, pki, signer):
    """Everything signed (ECDSA P-256, RSA 2048): the plan, exact sizes and sha256."""
    signed_tree(tree, pki, signer=signer)
    rc, out = check(netns, tree, tmp_path, pki, signers=("signer", "rsa-signer"))
    assert rc == 0, out
    assert_plan(out, "s", f"BOOT_IMAGE=bzImage {APPEND} initrd=initramfs.cpio",
                (("kernel", "bzImage", tree.path("bzImage")),
                 ("initrd", "initramfs.cpio", tree.path("initramfs.cpio"))))


def test_signed_over_http(netns, tree, tmp_path, pki):
    """The same with the kernel named by an http:// URL: its .sig comes from there too."""
    base = f"http://{netns.server_ip}:8080"
    signed_tree(tree, pki, kernel=f"{base}/bzImage")
    rc, out = check(netns, tree, tmp_path, pki)
    assert rc == 0, out
    assert_plan(out, "s", f"BOOT_IMAGE={base}/bzImage {APPEND} initrd=initramfs.cpio",
                (("kernel", f"{base}/bzImage", tree.path("bzImage")),))


def test_flipped_byte_refused(netns, tree, tmp_path, pki):
    """One byte of the kernel changed after signing: refused, the kernel named."""
    signed_tree(tree, pki)
    flip_byte(tree.path("bzImage"), 100000)
    rc, out = check(netns, tree, tmp_path, pki)
    assert rc == 7, out
    assert ("error: bzImage: refused: bzImage.sig is not a valid signature of this file by any "
            "of the 1 built-in signer(s) (the file was modified, or signed with another key)"
            ) in out, out


def test_missing_sig_refused(netns, tree, tmp_path, pki):
    """The initrd's .sig deleted: refused, the initrd named, and what to do."""
    signed_tree(tree, pki)
    os.unlink(tree.path("initramfs.cpio") + ".sig")
    rc, out = check(netns, tree, tmp_path, pki)
    assert rc == 8, out
    assert "initramfs.cpio: refused: no signature" in out, out
    assert "scripts/wireboot-sign" in out, out


def test_other_key_refused(netns, tree, tmp_path, pki):
    """A tree signed by a key that is not the built-in signer's: the config is refused."""
    signed_tree(tree, pki, signer="rsa-signer")
    rc, out = check(netns, tree, tmp_path, pki)
    assert rc != 0, out
    assert ("pxelinux.cfg/01-52-54-00-12-34-56: refused: " in out
            and "is not a valid signature of this file" in out), out
    assert "boot plan" not in out, out


def test_unsigned_config_refused(netns, tree, tmp_path, pki):
    """Signed kernel and initrd, but the configuration has no .sig: refused."""
    signed_tree(tree, pki)
    os.unlink(tree.path("pxelinux.cfg/01-52-54-00-12-34-56") + ".sig")
    rc, out = check(netns, tree, tmp_path, pki)
    assert rc != 0, out
    assert "pxelinux.cfg/01-52-54-00-12-34-56: refused: no signature" in out, out


def test_server_check_reports_unsigned(tree, pki):
    """wireboot-server --check --signer: the signed tree passes; then a flipped kernel byte, a
    missing initrd .sig and an unsigned config are each reported by name (verified with
    OpenSSL, independently of the client's BearSSL)."""
    server = env.build_path("wireboot-server")
    if not os.path.exists(server):
        pytest.skip("wireboot-server not built")
    signed_tree(tree, pki)
    argv = [server, "--root", tree.root, "--check", "--signer", pki.path("signer.pem")]
    r = subprocess.run(argv, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "'bzImage' signed" in r.stdout and "'initramfs.cpio' signed" in r.stdout, r.stdout
    flip_byte(tree.path("bzImage"), 5000, 0x80)
    os.unlink(tree.path("initramfs.cpio") + ".sig")
    os.unlink(tree.path("pxelinux.cfg/01-52-54-00-12-34-56") + ".sig")
    r = subprocess.run(argv, capture_output=True, text=True)
    assert r.returncode == 1, r.stdout
    assert "'bzImage.sig' is not a valid signature of 'bzImage' by the --signer key(s)" in r.stdout
    assert "'initramfs.cpio' is not signed: no initramfs.cpio.sig" in r.stdout, r.stdout
    assert ("ERROR 'pxelinux.cfg/01-52-54-00-12-34-56' is not signed" in r.stdout), r.stdout
    assert "FAILED: 3 errors" in r.stdout, r.stdout
