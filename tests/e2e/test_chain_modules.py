# SPDX-License-Identifier: GPL-2.0-or-later
"""The built-in modules on BIOS, from wireboot-virtio.rom (SeaBIOS, QEMU TCG): short runs that
never boot a kernel; each asserts on wireboot's own serial output and on QEMU ending by itself.

  - ifcpu64.c32 picks its 64-bit label under -cpu qemu64 and its 32-bit label under
    -cpu qemu32; the labels are poweroff.c32 (ACPI S5 from the FADT and \\_S5: QEMU exits)
    and reboot.c32 (port 0xCF9: with -no-reboot QEMU exits);
  - chain.c32 hd0 / hd0 1: a disk whose MBR, or whose partition 1's boot record, is
    tests/e2e/data/floppy-marker.asm (built with nasm): it prints its marker and the drive
    number wireboot handed over in DL (0x80);
  - wireboot-virtio-ipv6.rom, which leaves ACPI power-off out for room, refuses
    poweroff.c32 by name.
"""
import os
import struct
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


def rom_vm(netns, tree, make_qemu, cfg, rom="wireboot-virtio.rom", **qemu_args):
    """rom (built) on the virtio NIC, pxelinux.cfg/default = cfg."""
    tree.add_text("pxelinux.cfg/default", cfg)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("modules-test", MAC, CLIENT_IP)])
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci",
                               romfile=env.built(rom))], **qemu_args)


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


def test_ipv6_rom_refuses_poweroff(fixtures, netns, tree, make_qemu):
    """poweroff.c32 from wireboot-virtio-ipv6.rom (over IPv4 here: no router asks for
    DHCPv6): refused by name, and the boot fails instead of powering off."""
    vm = rom_vm(netns, tree, make_qemu, "default off\nprompt 0\nlabel off\n"
                "    kernel poweroff.c32\n", rom="wireboot-virtio-ipv6.rom")
    vm.wait_for(r"poweroff\.c32: this image \(wireboot-virtio-ipv6\.rom\) has no ACPI "
                r"power-off: use wireboot-virtio\.rom, or reboot\.c32\r?\n"
                r"error: booting poweroff\.c32: not supported", timeout=env.scaled(120))
    assert "ACPI S5" not in vm.serial_text()


@pytest.mark.parametrize("args,what", [("hd0", r"\(master boot record\)"),
                                       ("hd0 1", r"partition 1 \(LBA 63\)")])
def test_chain_hd0(fixtures, netns, tree, make_qemu, tmp_path, args, what):
    """The MBR itself, or partition 1's boot record (read with INT 13h AH=42h): the marker
    sector prints the drive wireboot handed over in DL."""
    if env.missing_tools("nasm"):
        pytest.skip("nasm missing: run scripts/install-deps")
    marker = tmp_path / "marker.img"
    subprocess.run(["nasm", "-f", "bin", "-I", os.path.join(HERE, "data"), "-o", str(marker),
                    os.path.join(HERE, "data", "floppy-marker.asm")], check=True)
    disk = tmp_path / "disk.img"
    if args == "hd0":
        disk = marker
    else:
        body = marker.read_bytes()
        mbr = bytearray(512)  # no code: only the table is read, never run
        mbr[0x1BE:0x1CE] = struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x0C, b"\0\0\0", 63,
                                       len(body) // 512)
        mbr[510:512] = b"\x55\xaa"
        disk.write_bytes(bytes(mbr) + bytes(62 * 512) + body)
    vm = rom_vm(netns, tree, make_qemu, "default disk\nprompt 0\nlabel disk\n"
                f"    kernel chain.c32\n    append {args}\n",
                drives=[f"file={disk},format=raw,if=ide,snapshot=on"])
    vm.wait_for(r"chain: booting drive 0x80 " + what, timeout=env.scaled(120))
    vm.wait_for(r"WIREBOOT-FLOPPY-OK drive=80", timeout=30)
    assert vm.wait_exit(timeout=env.scaled(30)) == 0
