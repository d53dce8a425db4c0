# SPDX-License-Identifier: GPL-2.0-or-later
"""Secure Boot through shim (efi/shim_lock.c), with a stand-in for shim.

OVMF with Secure Boot on and its snakeoil keys in db; the ESP's BOOTX64.EFI is
tests/efi/fake_shim.c (signed with the db key), which installs a SHIM_LOCK protocol with a
fixed verdict and starts wireboot.efi (signed too).  The kernel is Debian's, signed by
Debian: db does not trust it, so the firmware's LoadImage refuses it and wireboot must ask
SHIM_LOCK.  Accepted: Linux boots (through boot_params) and /init prints the marker.
Refused: wireboot says shim refused it too and never starts it.  Either test fails when
wireboot ignores the verdict.
"""
import os
import shutil
import subprocess

import pytest

import wbtest
from test_efi import (APPEND, BANNER, CLIENT_IP, MAC, SB_CODE, SB_VARS, SNAKEOIL_KEY, linux_tree,
                      snakeoil_sign)
from wbtest import DhcpHost, Nic, servers
from wbtest.fat import fat_image


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
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="bios", boot=None,
                   drives=[f"if=pflash,format=raw,unit=0,readonly=on,file={SB_CODE}",
                           f"if=pflash,format=raw,unit=1,file={vars_copy}",
                           f"file={img},format=raw,if=virtio"],
                   extra_args=["-machine", "q35,smm=on",
                               "-global", "driver=cfi.pflash01,property=secure,value=on"])
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
