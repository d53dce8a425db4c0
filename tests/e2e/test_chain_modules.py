# SPDX-License-Identifier: GPL-2.0-or-later
"""The built-in modules on BIOS, from wireboot-virtio.rom (SeaBIOS, QEMU TCG): short runs that
never boot a kernel; each asserts on wireboot's own serial output and on QEMU ending by itself.

  - ifcpu64.c32 picks its 64-bit label under -cpu qemu64 and its 32-bit label under
    -cpu qemu32; the labels are poweroff.c32 (ACPI S5 from the FADT and \\_S5: QEMU exits)
    and reboot.c32 (port 0xCF9: with -no-reboot QEMU exits);
  - chain.c32 hd0 / hd0 1: a disk whose MBR, or whose partition 1's boot record, is
    tests/e2e/data/floppy-marker.asm (built with nasm): it prints its marker, the drive
    number wireboot handed over in DL (0x80), EAX and the partition entry at DS:SI;
  - from wireboot.lkrn (the 64 KiB images have no room for them): chain.c32 hd0 6, the
    second logical partition (two EBRs), and hd0 2 on a GPT disk (EAX = "!GPT", DS:SI the
    synthetic 0xED entry);
  - wireboot-virtio-ipv6.rom, which leaves ACPI power-off out for room, refuses
    poweroff.c32 by name.
"""
import os
import struct
import subprocess
import zlib

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


def rom_vm(netns, tree, make_qemu, cfg, lkrn=False, rom="wireboot-virtio.rom", **qemu_args):
    """rom (built) on the virtio NIC (or QEMU -kernel wireboot.lkrn, the NIC without ROM),
    pxelinux.cfg/default = cfg."""
    tree.add_text("pxelinux.cfg/default", cfg)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("modules-test", MAC, CLIENT_IP)])
    if lkrn:
        return make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], boot=None,
                         kernel=env.built("wireboot.lkrn"), **qemu_args)
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci",
                               romfile=env.built(rom))],
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


def test_ipv6_rom_refuses_poweroff(fixtures, netns, tree, make_qemu):
    """poweroff.c32 from wireboot-virtio-ipv6.rom (over IPv4 here: no router asks for
    DHCPv6): refused by name, and the boot fails instead of powering off."""
    vm = rom_vm(netns, tree, make_qemu, "default off\nprompt 0\nlabel off\n"
                "    kernel poweroff.c32\n", rom="wireboot-virtio-ipv6.rom")
    vm.wait_for(r"poweroff\.c32: this image \(wireboot-virtio-ipv6\.rom\) has no ACPI "
                r"power-off: use wireboot-virtio\.rom, or reboot\.c32\r?\n"
                r"error: booting poweroff\.c32: not supported", timeout=env.scaled(120))
    assert "ACPI S5" not in vm.serial_text()


def marker_sector(tmp_path):
    """The marker boot sector image (tests/e2e/data/floppy-marker.asm), built with nasm."""
    if env.missing_tools("nasm"):
        pytest.skip("nasm missing: run scripts/install-deps")
    marker = tmp_path / "marker.img"
    subprocess.run(["nasm", "-f", "bin", "-I", os.path.join(HERE, "data"), "-o", str(marker),
                    os.path.join(HERE, "data", "floppy-marker.asm")], check=True)
    return marker.read_bytes()


def mbr_entry(ptype, start, count):
    return struct.pack("<B3sB3sII", 0, b"\0\0\0", ptype, b"\0\0\0", start, count)


def table_sector(*entries):
    """A sector with no code: a partition table (entries from slot 0) and 55 AA."""
    s = bytearray(512)
    for i, e in enumerate(entries):
        s[0x1BE + 16 * i:0x1BE + 16 * (i + 1)] = e
    s[510:512] = b"\x55\xaa"
    return bytes(s)


def chain_disk_vm(netns, tree, make_qemu, disk, args, lkrn=False):
    return rom_vm(netns, tree, make_qemu, "default disk\nprompt 0\nlabel disk\n"
                  f"    kernel chain.c32\n    append {args}\n", lkrn=lkrn,
                  drives=[f"file={disk},format=raw,if=ide,snapshot=on"])


@pytest.mark.parametrize("args,what", [("hd0", r"\(master boot record\)"),
                                       ("hd0 1", r"partition 1 \(LBA 63\)")])
def test_chain_hd0(fixtures, netns, tree, make_qemu, tmp_path, args, what):
    """The MBR itself, or partition 1's boot record (read with INT 13h AH=42h): the marker
    sector prints the drive wireboot handed over in DL."""
    body = marker_sector(tmp_path)
    disk = tmp_path / "disk.img"
    if args == "hd0":
        disk.write_bytes(body)
        entry = "type=00 lba=00000000"  # DS:SI: 16 zero bytes for the MBR itself
    else:
        disk.write_bytes(table_sector(mbr_entry(0x0C, 63, len(body) // 512)) +
                         bytes(62 * 512) + body)
        entry = "type=0c lba=0000003f"
    vm = chain_disk_vm(netns, tree, make_qemu, disk, args)
    vm.wait_for(r"chain: booting drive 0x80 " + what, timeout=env.scaled(120))
    vm.wait_for(r"WIREBOOT-FLOPPY-OK drive=80 eax=00000000 " + entry, timeout=30)
    assert vm.wait_exit(timeout=env.scaled(30)) == 0


def gpt_header(entries_lba, count, esize):
    h = bytearray(92)
    h[0:8] = b"EFI PART"
    struct.pack_into("<II", h, 8, 0x00010000, 92)
    struct.pack_into("<QII", h, 72, entries_lba, count, esize)
    struct.pack_into("<I", h, 16, zlib.crc32(bytes(h)))
    return bytes(h) + bytes(512 - 92)


def logical_disk(disk, body):
    """MBR: extended partition at 63; EBR 1 at 63: a logical at 64, the link to EBR 2 at
    63 + 2; EBR 2: the marker at 65 + 1 (logical starts are relative to their EBR)."""
    n = len(body) // 512
    disk.write_bytes(table_sector(mbr_entry(0x0C, 1, 62), mbr_entry(0x0F, 63, 3 + n)) +
                     bytes(62 * 512) +
                     table_sector(mbr_entry(0x83, 1, 1), mbr_entry(0x05, 2, 1 + n)) +
                     bytes(512) + table_sector(mbr_entry(0x83, 1, n)) + body)


@pytest.mark.parametrize("scheme", ["logical", "gpt"])
def test_chain_lkrn_logical_gpt(fixtures, netns, tree, make_qemu, tmp_path, scheme):
    """wireboot.lkrn: chain.c32 hd0 6 walks two EBRs to the second logical partition (LBA
    66), whose entry DS:SI gets with its absolute start; hd0 2 on a GPT disk boots entry 2's
    first sector (LBA 34) with EAX = "!GPT" and DS:SI at the synthetic type-0xED entry."""
    body = marker_sector(tmp_path)
    n = len(body) // 512
    disk = tmp_path / "disk.img"
    if scheme == "logical":
        logical_disk(disk, body)
        args, lba, handover = "hd0 6", 66, "eax=00000000 type=83 lba=00000042"
    else:
        entry = bytes([0xAF] * 16) + bytes(16) + struct.pack("<QQ", 34, 33 + n) + bytes(80)
        disk.write_bytes(table_sector(mbr_entry(0xEE, 1, 0xFFFFFFFF)) +
                         gpt_header(2, 128, 128) + bytes(128) + entry + bytes(32 * 512 - 256) +
                         body)
        args, lba, handover = "hd0 2", 34, "eax=54504721 type=ed lba=00000022"
    vm = chain_disk_vm(netns, tree, make_qemu, disk, args, lkrn=True)
    vm.wait_for(rf"chain: booting drive 0x80 partition {args[-1]} \(LBA {lba}\)",
                timeout=env.scaled(120))
    vm.wait_for(r"WIREBOOT-FLOPPY-OK drive=80 " + handover, timeout=30)
    assert vm.wait_exit(timeout=env.scaled(30)) == 0


def test_chain_rom_refuses_logical(fixtures, netns, tree, make_qemu, tmp_path):
    """The option ROM (64 KiB: primary partitions only) names the images that boot hd0 6."""
    disk = tmp_path / "disk.img"
    logical_disk(disk, marker_sector(tmp_path))
    vm = chain_disk_vm(netns, tree, make_qemu, disk, "hd0 6")
    vm.wait_for(r"chain: drive 0x80 partition 6: not a primary partition 1-4 \(logical/GPT: "
                r"wireboot\.usb, wireboot\.lkrn, wireboot-tls\.pxe\)", timeout=env.scaled(120))
    assert "WIREBOOT-FLOPPY-OK" not in vm.serial_text()
