# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot's other BIOS images and build options, with its native drivers:

  build/wireboot.lkrn   a Linux-kernel-format image: its header passes wireboot's own bzImage
                        parser; QEMU -kernel and GRUB's `linux16` (a disk image made by
                        scripts/mkgrub-image) boot it (a NIC without ROM, wireboot-server)
  build/wireboot.iso    hybrid: the same file boots as a raw disk (the MBR in its system area
                        reads the El Torito image) and carries an EFI System Partition with
                        EFI/BOOT/BOOTX64.EFI = build/wireboot.efi, which OVMF starts from
                        the CD and from the disk; its boot sector also reads the rest of
                        the file itself when a BIOS loads only the first CD sector
  make EMBED=file       an option ROM that boots a config built into it, not on the server
  make PXE_NATIVE=0     a wireboot.pxe that keeps the PXE ROM's UNDI on a NIC it has a driver for

Each boot ends in the Debian kernel + fixture initramfs printing its marker and the link state
after `ip link set eth0 up` (UP: wireboot left the NIC reset for the kernel's driver).
"""
import os
import re
import shutil
import subprocess

import pytest

import wbtest
from wbtest import DhcpHost, Nic, env, servers

MAC = "52:54:00:12:34:56"
MAC_DASHES = "52-54-00-12-34-56"
CLIENT_IP = "10.77.0.92"
APPEND = "initrd=initramfs.cpio console=ttyS0,115200"
EFI_BANNER = r"wireboot \(UEFI x86-64\)"
Q35 = ["-machine", "q35"]  # as the EFI tests: UEFI machines are q35-like


def linux_tree(tree, cfg_append=APPEND):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, "default linux\nlabel linux\n    kernel bzImage\n"
                           f"    append {cfg_append}\n")


def start_wireboot_server(netns, tree):
    conf = os.path.join(netns.workdir, "dhcpd.conf")
    with open(conf, "w") as f:
        f.write(servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)]))
    return servers.start_wireboot_server(netns, tree.root, args=["--hosts", conf])


def boot_linux(vm, record_property, label, kind, append=APPEND, banner=None):
    """Wait for wireboot's banner (`banner`, a regex; by default the BIOS one of image
    `kind`), its DHCP and the init's end; check the marker, the command line and the link
    state.  Returns the serial text."""
    vm.wait_for(banner or rf"wireboot {kind}, loaded at", timeout=60)
    m = vm.wait_for(r"DHCP on (\S+) \(([0-9a-f:]{17})\)\.\.\. ([0-9.]+)/", timeout=60)
    assert (m.group(2), m.group(3)) == (MAC, CLIENT_IP)
    r = vm.boot_and_wait(timeout=env.scaled(240))
    seconds = vm.elapsed()
    record_property("boot_seconds", round(seconds, 1))
    print(f"\n{label}: QEMU start -> init done {seconds:.1f} s")
    assert r.marker, vm.tail()
    assert r.cmdline is not None and r.cmdline.endswith(append), r.cmdline
    assert r.link == "UP", "the kernel's driver could not bring the NIC up after wireboot"
    assert vm.wait_exit(timeout=60) == 0
    return vm.serial_text()


def test_lkrn_header_passes_wireboot_bzimage_parser(netns, tree):
    """wireboot-check fetches wireboot.lkrn as a kernel and validates it with
    loaders/bzimage.c: protocol 2.06, one setup sector, the body as the 32-bit kernel at 1 MiB."""
    check = env.built("wireboot-check")
    lkrn = env.built("wireboot.lkrn")
    tree.add("wireboot.lkrn", lkrn)
    tree.pxelinux_cfg(MAC, "default wb\nlabel wb\n    kernel wireboot.lkrn\n")
    servers.start_dnsmasq(netns, tftp_root=tree.root, hosts=[DhcpHost("lab", MAC, CLIENT_IP)])
    tap = netns.add_tap()
    p = subprocess.run(["ip", "netns", "exec", netns.name, check, "--interface", tap, "--tap",
                        "--mac", MAC, "--fetch"], capture_output=True, text=True,
                       timeout=env.scaled(120))
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    size = os.path.getsize(lkrn)
    assert re.search(rf"^  kernel +wireboot\.lkrn: {size} bytes", out, re.M), out
    assert (f"bzImage: protocol 2.06, setup 1024 bytes, protected-mode kernel {size - 1024} "
            "bytes, 32-bit entry, no EFI stub") in out, out
    assert 'runs at 0x100000 (alignment 0x1000, init_size 0x0), version "wireboot"' in out, out


def test_lkrn_qemu_kernel_boots_linux(fixtures, netns, tree, make_qemu, record_property):
    """QEMU -kernel wireboot.lkrn (loaded by QEMU's linuxboot ROM, setup at 0x10000, body at
    1 MiB) with a virtio-net NIC whose ROM is disabled, wireboot-server as DHCP + TFTP."""
    linux_tree(tree)
    start_wireboot_server(netns, tree)
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], boot=None,
                   kernel=env.built("wireboot.lkrn"))
    text = boot_linux(vm, record_property, "QEMU -kernel wireboot.lkrn", "lkrn")
    assert f"pxelinux.cfg/01-{MAC_DASHES}: found" in text
    assert "iPXE" not in text


def test_lkrn_grub_linux16_boots_linux(fixtures, netns, tree, make_qemu, tmp_path,
                                       record_property):
    """GRUB (grub-pc-bin, BIOS) boots wireboot.lkrn with `linux16 /wireboot.lkrn`: a disk
    image made by scripts/mkgrub-image into the test's directory, a virtio-net NIC whose
    ROM is disabled, wireboot-server as DHCP + TFTP."""
    lkrn = env.built("wireboot.lkrn")
    if env.missing_tools("grub-mkrescue", "xorriso") or not os.path.isdir("/usr/lib/grub/i386-pc"):
        pytest.skip("grub-pc-bin or xorriso missing: run scripts/install-deps")
    img = str(tmp_path / "grub-wireboot.img")
    p = subprocess.run([os.path.join(env.ROOT, "scripts", "mkgrub-image"), "-o", img, lkrn],
                       capture_output=True, text=True, timeout=env.scaled(120))
    assert p.returncode == 0, p.stdout + p.stderr
    linux_tree(tree)
    start_wireboot_server(netns, tree)
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], boot="c",
                   drives=[f"file={img},format=raw,snapshot=on"])
    # The line follows GRUB's clear-screen sequence on serial.
    vm.wait_for(r"GRUB: linux16 /wireboot\.lkrn\s*$", timeout=120)
    text = boot_linux(vm, record_property, "GRUB linux16 wireboot.lkrn", "lkrn")
    assert f"pxelinux.cfg/01-{MAC_DASHES}: found" in text
    assert "iPXE" not in text


def test_iso_hybrid_boots_as_disk(fixtures, netns, tree, make_qemu, record_property):
    """build/wireboot.iso as a raw hard disk: the hybrid MBR reads the El Torito boot image
    at the LBA xorriso wrote into it."""
    iso = env.built("wireboot.iso")
    with open(iso, "rb") as f:
        mbr = f.read(512)
    assert mbr[510:512] == b"\x55\xaa"
    assert int.from_bytes(mbr[0x1B0:0x1B8], "little") > 0  # the boot image's LBA
    linux_tree(tree)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, model="e1000", romfile="")], boot="c",
                   drives=[f"file={iso},format=raw,snapshot=on"])
    boot_linux(vm, record_property, "wireboot.iso as a disk", "disk")


def test_iso_cd_bios_loads_first_sector_only(make_qemu, tmp_path):
    """wireboot.usb as an El Torito image whose entry loads only the first CD sector
    (-boot-load-size 4: 2 KiB of the ~65 KiB file), as some BIOSes load whatever the entry
    asks: the boot sector misses its end mark, asks INT 13h AX=4B01h for the image's LBA and
    reads the whole file in 2048-byte sectors.  The body's banner is C code, after start32
    unpacked it (a corrupt or short body stops the machine there); no NIC, so it stops."""
    if env.missing_tools("xorriso"):
        pytest.skip("xorriso missing: run scripts/install-deps")
    d = tmp_path / "iso"
    d.mkdir()
    shutil.copyfile(env.built("wireboot.usb"), d / "wireboot.img")
    iso = str(tmp_path / "first-sector.iso")
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", iso, "-b", "wireboot.img",
                    "-no-emul-boot", "-boot-load-size", "4", str(d)], check=True)
    vm = make_qemu(boot="d", cdrom=iso)
    vm.wait_for(r"wireboot CD, loaded at 0x57c00", timeout=env.scaled(60))
    vm.wait_for(r"no network controller on the PCI bus: nothing to boot from", timeout=30)


def test_iso_has_efi_system_partition(tmp_path):
    """Partition 2 of the hybrid ISO is an EFI System Partition (type EF) holding
    EFI/BOOT/BOOTX64.EFI, byte for byte build/wireboot.efi; El Torito has a UEFI entry."""
    iso = env.built("wireboot.iso")
    efi = env.built("wireboot.efi")
    if env.missing_tools("mcopy", "xorriso"):
        pytest.skip("mtools or xorriso missing: run scripts/install-deps")
    with open(iso, "rb") as f:
        mbr = f.read(512)
    entry = mbr[0x1CE:0x1DE]
    assert entry[4] == 0xEF, mbr[0x1BE:0x1FE].hex()
    start = int.from_bytes(entry[8:12], "little")
    out = tmp_path / "BOOTX64.EFI"
    p = subprocess.run(["mcopy", "-n", "-i", f"{iso}@@{start * 512}", "::/EFI/BOOT/BOOTX64.EFI",
                        str(out)], capture_output=True, text=True,
                       env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    assert p.returncode == 0, p.stderr
    assert out.read_bytes() == open(efi, "rb").read()
    p = subprocess.run(["xorriso", "-indev", iso, "-report_el_torito", "plain"],
                       capture_output=True, text=True)
    assert re.search(r"El Torito boot img : +1 +BIOS +y +none", p.stdout), p.stdout
    assert re.search(r"El Torito boot img : +2 +UEFI +y +none", p.stdout), p.stdout


@pytest.mark.parametrize("medium", ["cdrom", "disk"])
def test_iso_on_ovmf_boots_linux(fixtures, netns, tree, make_qemu, record_property, medium):
    """build/wireboot.iso on OVMF (q35), as a CD (-cdrom: the firmware starts
    EFI/BOOT/BOOTX64.EFI from the El Torito UEFI image) and as a disk (a USB stick written
    with dd: from the EFI System Partition in its MBR partition table).  wireboot.efi drives
    the NIC through SNP (OVMF's own virtio-net driver: the NIC's ROM is disabled), does DHCP
    itself (wireboot-server) and boots Linux through its EFI stub."""
    iso = env.built("wireboot.iso")
    env.built("wireboot.efi")
    linux_tree(tree)
    server = start_wireboot_server(netns, tree)
    where = (dict(cdrom=iso) if medium == "cdrom" else
             dict(drives=[f"file={iso},format=raw,if=virtio,snapshot=on"]))
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                   extra_args=Q35, **where)
    text = boot_linux(vm, record_property, f"wireboot.iso as a {medium} on OVMF", "efi",
                      banner=EFI_BANNER)
    device = "UEFI QEMU DVD-ROM" if medium == "cdrom" else "UEFI Misc Device"
    assert re.search(rf'BdsDxe: starting Boot\d+ "{device}', text), text[:2000]
    assert f"pxelinux.cfg/01-{MAC_DASHES}: found" in text
    assert "EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path" in text
    assert "Using the firmware's DHCP lease" not in text  # no PXE before it: its own DHCP
    assert "wireboot.efi" not in server.log()  # nothing fetched it from the network


EMBED_APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wbembedded=1"
EMBED_CFG = ("default embedded\n"
             "label embedded\n"
             "    kernel 10.77.0.1::bzImage\n"
             f"    append {EMBED_APPEND}\n")


def build_variant(tmp_path_factory, target, **make_vars):
    """Build `target` with extra make variables in a build directory of its own, which starts
    as a copy of the BIOS objects of $BUILD so that only what the variables change is made."""
    env.built(target)
    d = tmp_path_factory.mktemp("variant")
    build = d / "build"
    shutil.copytree(os.path.join(env.BUILD, "bios"), build / "bios", symlinks=True)
    out = build / target
    p = subprocess.run(["make", "-C", env.ROOT, f"BUILD={build}", "CI=true", str(out)]
                       + [f"{k}={v}" for k, v in make_vars.items()],
                       capture_output=True, text=True, timeout=env.scaled(300))
    assert p.returncode == 0, p.stdout + p.stderr
    return str(out), p.stdout


@pytest.fixture(scope="module")
def embed_rom(tmp_path_factory):
    """wireboot-virtio.rom built with `make EMBED=cfg`."""
    cfg = tmp_path_factory.mktemp("cfg") / "embedded.cfg"
    cfg.write_text(EMBED_CFG)
    rom, log = build_variant(tmp_path_factory, "wireboot-virtio.rom", EMBED=cfg)
    assert f"EMBED   {cfg}" in log
    return rom


def test_embedded_config_rom_boots_linux(fixtures, embed_rom, netns, tree, make_qemu,
                                         record_property):
    """The server has the kernel and initramfs but no pxelinux.cfg/ at all: the ROM boots
    its embedded label, fetching the kernel from the server the config names."""
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile=embed_rom)])
    vm.wait_for(rf"Embedded config: {len(EMBED_CFG)} bytes", timeout=60)
    text = boot_linux(vm, record_property, "option ROM with EMBED", "option ROM",
                      append=EMBED_APPEND)
    assert "label: embedded" in text
    assert "pxelinux.cfg/" not in text  # no search: the embedded config stands for it


def test_lkrn_from_pxelinux_with_embedded_config(fixtures, tmp_path_factory, netns, tree,
                                                 make_qemu, record_property):
    """syslinux boots wireboot.lkrn as a kernel (iPXE ROM -> pxelinux.0 -> KERNEL
    wireboot.lkrn); that lkrn, built with EMBED, does not read pxelinux.0's config again but
    boots its own label."""
    cfg = tmp_path_factory.mktemp("cfg") / "embedded.cfg"
    cfg.write_text(EMBED_CFG)
    lkrn, _ = build_variant(tmp_path_factory, "wireboot.lkrn", EMBED=cfg)
    tree.add_pxelinux()
    tree.add("wireboot.lkrn", lkrn)
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, "default wb\nlabel wb\n    kernel wireboot.lkrn\n")
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="pxelinux.0",
                                    hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)])
    text = boot_linux(vm, record_property, "pxelinux.0 -> wireboot.lkrn (EMBED)", "lkrn",
                      append=EMBED_APPEND)
    assert "label: embedded" in text
    sent = re.findall(r"sent \S*/(pxelinux\.0|ldlinux\.c32|pxelinux\.cfg/\S+|wireboot\.lkrn|bzImage)",
                      dnsmasq.log())
    assert sent[:4] == ["pxelinux.0", "ldlinux.c32", f"pxelinux.cfg/01-{MAC_DASHES}",
                        "wireboot.lkrn"], dnsmasq.log()
    assert "bzImage" in sent[4:]  # then wireboot.lkrn fetched the kernel its config names


def test_pxe_native_off_uses_undi(fixtures, tmp_path_factory, netns, tree, make_qemu,
                                  record_property):
    """`make PXE_NATIVE=0`: wireboot.pxe keeps the iPXE ROM's UNDI even on virtio-net."""
    pxe, _ = build_variant(tmp_path_factory, "wireboot.pxe", PXE_NATIVE=0)
    linux_tree(tree)
    tree.add("wireboot.pxe", pxe)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot.pxe",
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)])
    m = vm.wait_for(r"(\w+): MAC ([0-9a-f:]{17}), firmware IP ([0-9.]+)", timeout=90)
    assert (m.group(1), m.group(3)) == ("undi0", CLIENT_IP)
    assert "PXE: NIC" not in vm.serial_text()  # the NIC type was never asked for
    r = vm.boot_and_wait(timeout=env.scaled(240))
    print(f"\nwireboot.pxe PXE_NATIVE=0 on virtio-net: QEMU start -> init done {vm.elapsed():.1f} s")
    record_property("boot_seconds", round(vm.elapsed(), 1))
    assert r.marker and r.cmdline.endswith(APPEND), vm.tail()
    assert r.link == "UP"
