# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot as a NIC option ROM with its native drivers (no iPXE, no PXE stack anywhere).

QEMU's NIC gets build/wireboot-virtio.rom or build/wireboot-e1000.rom as its ROM BAR
(`romfile=`); SeaBIOS runs its init entry, lists its Boot Entry Vector and, with -boot n,
boots it.  wireboot then drives the NIC itself (PCI, virtqueues / descriptor rings), does
DHCP, finds pxelinux.cfg/01-<mac> over TFTP and boots the Debian kernel + the fixture
busybox initramfs.  /init prints the marker and, after `ip link set eth0 up`, the link state:
UP proves the ROM left the NIC reset and idle for the kernel's own driver.

scripts/rom-set-ids is tested here too: on the built ROMs (checksum, IDs) and by booting a
ROM re-targeted to another device ID.  The other native-driver images (build/wireboot.usb
as a disk, build/wireboot.iso as a CD) boot the same way with the NIC's own ROM disabled.
"""
import os
import struct
import subprocess

import pytest

from wbtest import DhcpHost, Nic, env, servers

MAC = "52:54:00:12:34:56"
MAC_DASHES = "52-54-00-12-34-56"
CLIENT_IP = "10.77.0.92"
APPEND = "initrd=initramfs.cpio console=ttyS0,115200"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROM_SET_IDS = os.path.join(ROOT, "scripts", "rom-set-ids")


def rom_ids(data):
    """(vendor, device, class code, 512-byte blocks) from the first image's PCIR."""
    pcir = struct.unpack_from("<H", data, 0x18)[0]
    assert data[pcir:pcir + 4] == b"PCIR"
    vendor, device = struct.unpack_from("<HH", data, pcir + 4)
    cls = data[pcir + 0x0D] | data[pcir + 0x0E] << 8 | data[pcir + 0x0F] << 16
    return vendor, device, cls, data[2]


@pytest.mark.parametrize("name,vendor,device", [("wireboot-virtio.rom", 0x1AF4, 0x1000),
                                                ("wireboot-e1000.rom", 0x8086, 0x100E),
                                                ("wireboot-virtio-ipv6.rom", 0x1AF4, 0x1000),
                                                ("wireboot-e1000-ipv6.rom", 0x8086, 0x100E)])
def test_rom_headers(name, vendor, device):
    """55 AA, size byte = file size / 512, PCIR IDs and class, $PnP with a BEV, sums of 0."""
    data = open(env.built(name), "rb").read()
    assert data[:2] == b"\x55\xaa"
    assert len(data) % 512 == 0 and len(data) <= 65536
    assert rom_ids(data) == (vendor, device, 0x020000, len(data) // 512)
    assert sum(data) % 256 == 0
    pnp = struct.unpack_from("<H", data, 0x1A)[0]
    assert data[pnp:pnp + 4] == b"$PnP"
    assert sum(data[pnp:pnp + 32]) % 256 == 0
    bev = struct.unpack_from("<H", data, pnp + 0x1A)[0]
    assert 0x20 < bev < len(data)
    assert struct.unpack_from("<H", data, pnp + 0x16)[0] == 0  # no BCV: a network boot entry


def test_rom_set_ids_retargets_and_fixes_checksum(tmp_path):
    src = env.built("wireboot-e1000.rom")
    out = tmp_path / "e1000e.rom"
    subprocess.run([ROM_SET_IDS, src, "8086:10d3", "-o", str(out)], check=True)
    data = out.read_bytes()
    orig = open(src, "rb").read()
    assert len(data) == len(orig)
    assert rom_ids(data)[:2] == (0x8086, 0x10D3)
    assert sum(data) % 256 == 0
    # Only the IDs and the checksum byte (the image's last byte) changed.
    diff = [i for i in range(len(data)) if data[i] != orig[i]]
    pcir = struct.unpack_from("<H", data, 0x18)[0]
    assert set(diff) <= {pcir + 4, pcir + 5, pcir + 6, pcir + 7, len(data) - 1}
    # Bad input is refused with a message, and nothing is written.
    bad = tmp_path / "bad.rom"
    bad.write_bytes(b"\0" * 1024)
    p = subprocess.run([ROM_SET_IDS, str(bad), "8086:10d3"], capture_output=True, text=True)
    assert p.returncode == 1 and "55 AA" in p.stderr
    assert bad.read_bytes() == b"\0" * 1024


def linux_tree(tree):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, "default linux\nlabel linux\n    kernel bzImage\n"
                           f"    append {APPEND}\n")


def boot_with_rom(netns, tree, make_qemu, model, rom, record_property, label,
                  kind="option ROM", **qemu_args):
    """Boot Linux through wireboot's native driver for `model` (`rom` is the NIC's ROM, ""
    for none); returns the VM after the init's end and the netdev name."""
    linux_tree(tree)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, model=model, romfile=rom)], **qemu_args)
    vm.wait_for(rf"wireboot {kind}, loaded at", timeout=60)
    m = vm.wait_for(r"DHCP on (\S+) \(([0-9a-f:]{17})\)\.\.\. ([0-9.]+)/", timeout=60)
    assert m.group(2) == MAC and m.group(3) == CLIENT_IP
    r = vm.boot_and_wait(timeout=env.scaled(240))
    seconds = vm.elapsed()
    record_property("boot_seconds", round(seconds, 1))
    print(f"\n{label}: QEMU start -> init done {seconds:.1f} s")
    text = vm.serial_text()
    assert r.marker, vm.tail()
    assert r.cmdline is not None and APPEND in r.cmdline
    assert r.link == "UP", "the kernel's driver could not bring the NIC up after wireboot"
    assert f"pxelinux.cfg/01-{MAC_DASHES}: found" in text
    assert "iPXE" not in text
    assert vm.wait_exit(timeout=60) == 0
    return vm, m.group(1)


def test_virtio_rom_boots_linux(fixtures, netns, tree, make_qemu, record_property):
    """Transitional virtio-net (1AF4:1000): the driver takes the virtio 1.0 registers."""
    rom = env.built("wireboot-virtio.rom")
    vm, dev = boot_with_rom(netns, tree, make_qemu, "virtio-net-pci", rom, record_property,
                            "virtio-net option ROM")
    assert dev == "virtio0"
    assert "virtio-net 00:02.0: virtio 1.0, MMIO registers" in vm.serial_text()


def test_virtio_legacy_rom_boots_linux(fixtures, netns, tree, make_qemu, record_property):
    """A legacy-only virtio-net device: the driver uses the legacy I/O BAR."""
    rom = env.built("wireboot-virtio.rom")
    vm, dev = boot_with_rom(netns, tree, make_qemu, "virtio-net-pci,disable-modern=on", rom,
                            record_property, "legacy virtio-net option ROM")
    assert "virtio-net 00:02.0: legacy, I/O registers" in vm.serial_text()


def test_virtio_modern_only_rom_boots_linux(fixtures, netns, tree, make_qemu, record_property,
                                            tmp_path):
    """A modern-only device (1AF4:1041) with the ROM re-targeted by scripts/rom-set-ids."""
    rom = tmp_path / "virtio-1041.rom"
    subprocess.run([ROM_SET_IDS, env.built("wireboot-virtio.rom"), "1af4:1041", "-o", str(rom)],
                   check=True)
    vm, dev = boot_with_rom(netns, tree, make_qemu, "virtio-net-pci,disable-legacy=on", str(rom),
                            record_property, "modern-only virtio-net option ROM")
    assert "1af4:1041 virtio-net (modern)" in vm.serial_text()


def test_e1000_rom_boots_linux(fixtures, netns, tree, make_qemu, record_property):
    rom = env.built("wireboot-e1000.rom")
    vm, dev = boot_with_rom(netns, tree, make_qemu, "e1000", rom, record_property,
                            "e1000 option ROM")
    assert dev == "e1000"
    assert "e1000 00:02.0: 8086:100e" in vm.serial_text()


def test_unsupported_nic_clear_message(fixtures, netns, make_qemu, tmp_path):
    """Our ROM on a NIC without a native driver (an RTL8139 here) says so and stops."""
    rom = tmp_path / "rtl8139.rom"
    subprocess.run([ROM_SET_IDS, env.built("wireboot-virtio.rom"), "10ec:8139", "-o", str(rom)],
                   check=True)
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, model="rtl8139", romfile=str(rom))])
    m = vm.wait_for(r"network controller (\w{4}:\w{4}) has no native driver", timeout=90)
    assert m.group(1) == "10ec:8139"
    vm.wait_for(r"none of the 1 network controller\(s\) has a working native driver", timeout=10)
    vm.wait_for(r"wireboot: stopped\.", timeout=10)


def test_usb_disk_image_boots_linux(fixtures, netns, tree, make_qemu, record_property):
    """build/wireboot.usb as the first hard disk: the MBR reads the body with INT 13h."""
    usb = env.built("wireboot.usb")
    data = open(usb, "rb").read()
    assert data[510:512] == b"\x55\xaa" and data[0x1BE] == 0x80
    boot_with_rom(netns, tree, make_qemu, "virtio-net-pci", "", record_property,
                  "USB disk image", kind="disk", boot="c",
                  drives=[f"file={usb},format=raw,snapshot=on"])


def test_iso_boots_linux(fixtures, netns, tree, make_qemu, record_property):
    """build/wireboot.iso (El Torito, no emulation) with an e1000 whose ROM is disabled."""
    boot_with_rom(netns, tree, make_qemu, "e1000", "", record_property, "CD image", kind="CD",
                  boot="d", cdrom=env.built("wireboot.iso"))
