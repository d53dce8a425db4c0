# SPDX-License-Identifier: GPL-2.0-or-later
"""The built-in modules on BIOS, from wireboot-virtio.rom (SeaBIOS, QEMU TCG): short runs that
never boot a kernel; each asserts on wireboot's own serial output and on QEMU ending by itself.

  - ifcpu64.c32 picks its 64-bit label under -cpu qemu64 and its 32-bit label under
    -cpu qemu32; the labels are poweroff.c32 (ACPI S5 from the FADT and \\_S5: QEMU exits)
    and reboot.c32 (port 0xCF9: with -no-reboot QEMU exits);
  - chain.c32 hd0: a disk whose MBR (tests/e2e/data/floppy-marker.asm, built with nasm)
    prints its marker and the drive number wireboot handed over in DL (0x80).
"""
import os
import subprocess

import pytest

from wbtest import DhcpHost, Nic, env, servers

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.94"
HERE = os.path.dirname(os.path.abspath(__file__))

IFCPU64_CFG = """default pick
prompt 0
label pick
    kernel ifcpu64.c32
    append off64 -- reset32
label off64
    kernel poweroff.c32
label reset32
    com32 reboot.c32
"""


def rom_vm(netns, tree, make_qemu, cfg, **qemu_args):
    """wireboot-virtio.rom on the NIC, pxelinux.cfg/default = cfg."""
    tree.add_text("pxelinux.cfg/default", cfg)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("modules-test", MAC, CLIENT_IP)])
    rom = env.built("wireboot-virtio.rom")
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci", romfile=rom)],
                     **qemu_args)


@pytest.mark.parametrize("cpu,label,action", [
    ("qemu64", "off64", r"poweroff\.c32: ACPI S5 \(PM1a 0x[0-9a-f]+ type 0"),
    ("qemu32", "reset32", r"reboot\.c32: resetting the machine"),
])
def test_ifcpu64_power(fixtures, netns, tree, make_qemu, cpu, label, action):
    vm = rom_vm(netns, tree, make_qemu, IFCPU64_CFG, extra_args=["-cpu", cpu])
    bits = "64" if cpu == "qemu64" else "32"
    vm.wait_for(rf"ifcpu64\.c32: {bits}-bit CPU: {label}\b", timeout=env.scaled(120))
    vm.wait_for(action, timeout=30)
    assert vm.wait_exit(timeout=env.scaled(30)) == 0
    text = vm.serial_text()
    assert "still on" not in text and "did not reset" not in text
    # QEMU left by itself, and not by running the other label.
    assert ("reboot.c32" in text) == (label == "reset32")


def test_chain_hd0_boots_the_mbr(fixtures, netns, tree, make_qemu, tmp_path):
    if env.missing_tools("nasm"):
        pytest.skip("nasm missing: run scripts/install-deps")
    disk = tmp_path / "disk.img"
    subprocess.run(["nasm", "-f", "bin", "-o", str(disk),
                    os.path.join(HERE, "data", "floppy-marker.asm")], check=True)
    vm = rom_vm(netns, tree, make_qemu, "default disk\nprompt 0\nlabel disk\n"
                "    kernel chain.c32\n    append hd0\n",
                drives=[f"file={disk},format=raw,if=ide,snapshot=on"])
    vm.wait_for(r"chain: booting drive 0x80 \(master boot record\)", timeout=env.scaled(120))
    vm.wait_for(r"WIREBOOT-FLOPPY-OK drive=80", timeout=30)
    assert vm.wait_exit(timeout=env.scaled(30)) == 0
