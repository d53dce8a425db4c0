# SPDX-License-Identifier: GPL-2.0-or-later
"""Secure Boot through shim (efi/shim_lock.c): with a stand-in for shim, and with the real one.

Stand-in: OVMF with Secure Boot on and its snakeoil keys in db; the ESP's BOOTX64.EFI is
tests/efi/fake_shim.c (signed with the db key), which installs a SHIM_LOCK protocol with a
fixed verdict and starts wireboot.efi (signed too).  The kernel is Debian's, signed by
Debian: db does not trust it, so the firmware's LoadImage refuses it and wireboot must ask
SHIM_LOCK.  Accepted: Linux boots (through boot_params) and /init prints the marker.
Refused: wireboot says shim refused it too and never starts it.  Either test fails when
wireboot ignores the verdict.

Real shim: Debian's Microsoft-signed shim (shim-signed) as BOOTX64.EFI under OVMF with the
Microsoft keys (OVMF_*_4M.ms.fd, Secure Boot on); its second stage grubx64.efi beside it is
wireboot.efi signed with a key this test makes and enrolls in shim's MOK list (written into
the varstore copy by wbtest/ovmf_vars.py: db trusts only Microsoft, so shim starts
wireboot.efi only through MOK).  Debian's signed kernel then boots (shim's vendor key;
shim 16 verifies it in the LoadImage it hooks), and the kernel lists our MOK key among
the certificates shim passed on; the same kernel with one byte flipped is refused by both
shim's LoadImage and SHIM_LOCK, with wireboot's message, and never starts.
"""
import os
import re
import shutil
import subprocess
import uuid

import pytest

import wbtest
from test_efi import (APPEND, BANNER, CLIENT_IP, MAC, SB_CODE, SB_VARS, SNAKEOIL_KEY, efi_app,
                      linux_tree, snakeoil_sign)
from wbtest import DhcpHost, Nic, ovmf_vars, servers
from wbtest.fat import fat_image

SHIM = "/usr/lib/shim/shimx64.efi.signed"
MS_CODE = "/usr/share/OVMF/OVMF_CODE_4M.ms.fd"
MS_VARS = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd"
MOK_CN = "wireboot e2e MOK key"
# The SignatureOwner of our MokList entry: any GUID (mokutil uses shim's own).
MOK_OWNER = uuid.UUID("5ea4b1f3-7c2e-4d0a-9b51-3c8e2a6f0d47")


def secure_boot_esp_vm(make_qemu, netns, code, vars_copy, img):
    """OVMF `code` with its variable store `vars_copy` (Secure Boot on), SMM as Secure Boot
    needs, booting the FAT disk `img`; one virtio NIC without option ROM."""
    # firmware="bios" adds no firmware of its own: the pflash drives replace SeaBIOS.
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="bios", boot=None,
                     drives=[f"if=pflash,format=raw,unit=0,readonly=on,file={code}",
                             f"if=pflash,format=raw,unit=1,file={vars_copy}",
                             f"file={img},format=raw,if=virtio"],
                     extra_args=["-machine", "q35,smm=on",
                                 "-global", "driver=cfi.pflash01,property=secure,value=on"])


def boot_through_fake_shim(netns, tree, make_qemu, tmp_path, verdict):
    missing = wbtest.env.missing_tools("sbsign", "sbverify", "sbattach", "openssl")
    shim = wbtest.build_path(f"tests/efi/fake-shim-{verdict}.efi")
    app = wbtest.build_path("wireboot.efi")
    if missing or not os.path.exists(SB_CODE) or not os.path.exists(shim):
        pytest.skip(f"missing {', '.join(missing) or SB_CODE + ' or ' + shim}")
    key = str(tmp_path / "db.key")
    subprocess.run(["openssl", "rsa", "-in", SNAKEOIL_KEY, "-passin", "pass:snakeoil",
                    "-out", key], check=True, capture_output=True)
    img = fat_image(str(tmp_path / "esp.img"), {
        "EFI/BOOT/BOOTX64.EFI": snakeoil_sign(shim, str(tmp_path / "shim.efi"), key),
        "EFI/wireboot/wireboot.efi": snakeoil_sign(app, str(tmp_path / "wireboot.efi"), key)})
    linux_tree(tree)  # Debian's kernel: signed by Debian, not by a db key
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vars_copy = str(tmp_path / "sb-vars.fd")
    shutil.copyfile(SB_VARS, vars_copy)
    vm = secure_boot_esp_vm(make_qemu, netns, SB_CODE, vars_copy, img)
    vm.wait_for(BANNER, timeout=120)
    vm.wait_for(r"Secure Boot: the firmware rejected the kernel's signature", timeout=180)
    return vm


def test_shim_accepts(netns, tree, make_qemu, tmp_path, record_property):
    """SHIM_LOCK says yes: wireboot starts the kernel the firmware refused."""
    vm = boot_through_fake_shim(netns, tree, make_qemu, tmp_path, "accept")
    vm.wait_for(r"fake SHIM_LOCK: Verify\(\d+ bytes\) -> accepted", timeout=30)
    vm.wait_for(r"shim \(SHIM_LOCK\) verified the kernel", timeout=30)
    r = vm.boot_and_wait(timeout=240)
    record_property("boot_seconds", round(vm.elapsed(), 1))
    assert r.marker, vm.tail()
    assert r.cmdline == "BOOT_IMAGE=vmlinuz " + APPEND


def test_shim_refuses(netns, tree, make_qemu, tmp_path):
    """SHIM_LOCK says no: refused, never started."""
    vm = boot_through_fake_shim(netns, tree, make_qemu, tmp_path, "refuse")
    vm.wait_for(r"fake SHIM_LOCK: Verify\(\d+ bytes\) -> refused", timeout=30)
    vm.wait_for(r"shim \(SHIM_LOCK\) refused the kernel too", timeout=30)
    vm.wait_for(r"Press R to retry", timeout=30)
    assert "WIREBOOT-INIT-OK" not in vm.serial_text()
    assert "Starting the kernel without its EFI stub" not in vm.serial_text()


def mok_key(tmp_path):
    """A code-signing key and self-signed certificate for MOK, as Debian's DKMS makes its own
    (PEM for sbsign, DER for MokList)."""
    key, pem, der = (str(tmp_path / n) for n in ("mok.key", "mok.pem", "mok.der"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                    "-subj", f"/CN={MOK_CN}/", "-addext", "extendedKeyUsage=codeSigning",
                    "-keyout", key, "-out", pem], check=True, capture_output=True)
    subprocess.run(["openssl", "x509", "-in", pem, "-outform", "DER", "-out", der], check=True,
                   capture_output=True)
    return key, pem, der


def flipped_kernel(path):
    """Debian's signed kernel with one byte flipped in the middle (inside its compressed
    payload, which the Authenticode hash covers): the signature no longer matches."""
    data = bytearray(open(wbtest.fixture("vmlinuz"), "rb").read())
    data[len(data) // 2] ^= 0x01
    with open(path, "wb") as f:
        f.write(data)
    return path


def boot_through_real_shim(netns, tree, make_qemu, tmp_path, kernel):
    """Debian's shim (Microsoft-signed) -> wireboot.efi as its grubx64.efi, signed with a key
    enrolled in MokList -> `kernel` over TFTP; returns the VM after wireboot's banner."""
    missing = wbtest.env.missing_tools("sbsign", "sbverify", "openssl")
    if missing or not all(os.path.exists(p) for p in (SHIM, MS_CODE, MS_VARS)):
        pytest.skip(f"missing {', '.join(missing) or SHIM + ' or ' + MS_CODE}: "
                    "run scripts/install-deps")
    key, pem, der = mok_key(tmp_path)
    app = str(tmp_path / "grubx64.efi")
    subprocess.run(["sbsign", "--key", key, "--cert", pem, "--output", app, efi_app()],
                   check=True, capture_output=True)
    # No fbx64.efi beside it: shim started as BOOTX64.EFI would run that fallback first.
    img = fat_image(str(tmp_path / "esp.img"), {"EFI/BOOT/BOOTX64.EFI": SHIM,
                                                 "EFI/BOOT/grubx64.efi": app})
    vars_copy = str(tmp_path / "ms-vars.fd")
    shutil.copyfile(MS_VARS, vars_copy)
    # shim (mok.c) takes MokList only as NV+BS without RT (else it deletes it), then
    # mirrors it to the runtime MokListRT and the MOKvar table, where Linux reads it.
    ovmf_vars.append_variable(vars_copy, "MokList", ovmf_vars.SHIM_LOCK_GUID,
                              ovmf_vars.NV | ovmf_vars.BS,
                              ovmf_vars.esl_x509(open(der, "rb").read(), MOK_OWNER))
    linux_tree(tree)
    tree.add("vmlinuz", kernel)
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = secure_boot_esp_vm(make_qemu, netns, MS_CODE, vars_copy, img)
    vm.wait_for(BANNER, timeout=180)
    return vm


def test_real_shim_boots_debian_kernel(netns, tree, make_qemu, tmp_path, record_property):
    """shim -> MOK-signed wireboot.efi -> Debian's signed kernel, Secure Boot on."""
    vm = boot_through_real_shim(netns, tree, make_qemu, tmp_path, wbtest.fixture("vmlinuz"))
    r = vm.boot_and_wait(timeout=300)
    record_property("boot_seconds", round(vm.elapsed(), 1))
    assert r.marker, vm.tail()
    assert r.cmdline == "BOOT_IMAGE=vmlinuz " + APPEND
    text = vm.serial_text()
    assert "Secure Boot: shim's LoadImage verified the kernel" in text
    assert "secureboot: Secure boot enabled" in text
    # shim mirrored our MokList to MokListRT, which the kernel loads into its keyring.
    assert re.search(r"integrity: Loading X\.509 certificate: UEFI:MokListRT.*\s+.*"
                     r"integrity: Loaded X\.509 cert '" + MOK_CN + ": [0-9a-f]{40}'", text), \
        vm.tail()


def test_real_shim_refuses_flipped_kernel(netns, tree, make_qemu, tmp_path):
    """The same kernel with one byte flipped: shim refuses it, wireboot never starts it."""
    vm = boot_through_real_shim(netns, tree, make_qemu, tmp_path,
                                flipped_kernel(str(tmp_path / "vmlinuz-flipped")))
    vm.wait_for(r"Secure Boot: shim's LoadImage rejected the kernel's signature", timeout=240)
    vm.wait_for(r"shim \(SHIM_LOCK\) refused the kernel too", timeout=60)
    vm.wait_for(r"Press R to retry", timeout=30)
    assert "WIREBOOT-INIT-OK" not in vm.serial_text()
    assert "Starting the kernel without its EFI stub" not in vm.serial_text()
