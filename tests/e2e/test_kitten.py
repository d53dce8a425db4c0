# SPDX-License-Identifier: GPL-2.0-or-later
"""The real Kitten LWK (../shared/fixtures/kitten: bzImage, protocol 2.06, not relocatable,
no EFI stub; init_task, a static ELF passed raw as the initrd), booted the seed's way.

Every assertion is on Kitten's own serial console (`console=serial`, "\\n\\r" line ends):
its init task's `(init_task) Hello, world!`, the command line it echoes, its INITRD_START,
its ACPI table list, whether it found an MP table, and "Number of CPUs detected: N".

  - BIOS: wireboot.pxe from ISC dhcpd + tftpd-hpa with the seed's pxelinux.cfg text
    verbatim (prompt 1, timeout 20), then, in the same test, wireboot.efi on OVMF against the
    same servers: on UEFI Kitten must find an RSDP, parse the same ACPI tables, find an MP
    table and count the same CPUs, which only efi/legacy_tables.c makes possible;
  - wireboot-virtio.rom (native driver, no PXE stack);
  - wireboot.efi with `no-legacy-tables`: Kitten is blind again (the issue's "before" log),
    so the UEFI assertions above can fail.

CPU topology: QEMU 7.2's `-smp 2` is one socket with two cores, and SeaBIOS's MP table lists
one CPU per package (for old OSes), so Kitten on BIOS would count 1.  `-smp 2,sockets=2`
makes SeaBIOS list both, which makes the BIOS count a meaningful reference.

Skipped when the fixture directory is absent (WB_KITTEN_DIR overrides its path).
"""
import os
import re

import pytest

from wbtest import DhcpHost, Nic, env, servers
from wbtest.fat import fat_image

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.94"
KITTEN_DIR = os.environ.get("WB_KITTEN_DIR",
                            os.path.join(env.ROOT, "..", "shared", "fixtures", "kitten"))
# The seed's pxelinux.cfg/01-<mac> for Palacios/Kitten, character for character.
SEED_CFG = ("default Palacios_Kitten\n"
            "label Palacios_Kitten\n"
            "    kernel bzImage\n"
            "    append serial.baud=115200 console=serial initrd=init_task\n"
            "\n"
            "prompt 1\n"
            "timeout 20\n")
CMDLINE = "BOOT_IMAGE=bzImage serial.baud=115200 console=serial initrd=init_task"
HELLO = r"\(init_task\) Hello, world!"
MACHINE = ["-machine", "q35", "-smp", "2,sockets=2"]
ROOT_TABLES = {"RSDP", "RSDT", "XSDT"}


@pytest.fixture
def kitten():
    files = [os.path.join(KITTEN_DIR, n) for n in ("bzImage", "init_task")]
    if not all(os.path.exists(f) for f in files):
        pytest.skip(f"no Kitten fixture in {KITTEN_DIR}")
    return files


def kitten_tree(tree, kitten):
    tree.add("bzImage", kitten[0])
    tree.add("init_task", kitten[1])
    tree.pxelinux_cfg(MAC, SEED_CFG)


def seed_servers(netns, tree, filename):
    """The seed's server stack: ISC dhcpd (its dhcpd.conf shape) + tftpd-hpa."""
    conf = servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", MAC, CLIENT_IP,
                                                   filename)])
    dhcpd = servers.start_isc_dhcpd(netns, conf)
    servers.start_tftpd_hpa(netns, tree.root)
    return dhcpd


def kitten_log(vm, label, record_property, timeout=240):
    """Wait for the init task's greeting; Kitten's log from then on, its lines without the
    "<N>" level prefixes.  The init task spins for ever afterwards: stop the VM."""
    vm.wait_for(HELLO, timeout=timeout)
    seconds = vm.elapsed()
    record_property(f"{label}_seconds", round(seconds, 1))
    print(f"\n{label}: QEMU start -> (init_task) Hello, world! {seconds:.1f} s")
    text = vm.serial_text()
    vm.stop()
    start = text.find("LWK version")
    assert start >= 0, "no Kitten banner"
    return re.sub(r"<\d>", "", text[start:].replace("\r", ""))


def facts(log):
    """What Kitten found: its RSDP line, the ACPI tables it listed, MP table, CPU count."""
    m = re.search(r"^Number of CPUs detected: (\d+)$", log, re.M)
    return {
        "rsdp": re.search(r"^ACPI: RSDP ([0-9a-f]{16}) ", log, re.M),
        "tables": {t for t in re.findall(r"^ACPI: ([A-Z0-9]{4}) [0-9a-f]{16} ", log, re.M)},
        "mp": "Intel MultiProcessor Specification v1.4" in log,
        "cpus": int(m.group(1)) if m else None,
    }


def uefi_vm(make_qemu, netns, tmp_path, options=""):
    """OVMF with wireboot.efi on a FAT disk (the USB-stick use; it does its own DHCP),
    run from the UEFI shell's startup.nsh when it takes options."""
    app = env.built("wireboot.efi")
    if options:
        files = {"EFI/wireboot/wireboot.efi": app,
                 "startup.nsh": f"fs0:\\EFI\\wireboot\\wireboot.efi {options}\r\n".encode()}
    else:
        files = {"EFI/BOOT/BOOTX64.EFI": app}
    img = fat_image(str(tmp_path / f"esp{len(options)}.img"), files)
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                     drives=[f"file={img},format=raw,if=none,id=esp"],
                     extra_args=["-device", "virtio-blk-pci,drive=esp,bootindex=1", *MACHINE])


def test_kitten_seed_setup_bios_then_uefi(kitten, netns, tree, make_qemu, tmp_path,
                                          record_property):
    """The seed's exact setup on BIOS, then wireboot.efi on OVMF against the same servers:
    Kitten reports on UEFI what it reports on BIOS."""
    kitten_tree(tree, kitten)
    tree.add("wireboot.pxe", env.built("wireboot.pxe"))
    dhcpd = seed_servers(netns, tree, "wireboot.pxe")

    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)], extra_args=MACHINE)
    vm.wait_for(r"boot: ", timeout=90)
    m = vm.wait_for(r"Booting Palacios_Kitten: kernel (\d+) bytes \(protocol 2\.06\), "
                    r"initrd (\d+) bytes at (0x[0-9a-f]+)", timeout=env.scaled(120))
    # the protected-mode part: the file minus 11 sectors of real-mode setup (setup_sects 10)
    assert int(m.group(1)) == os.path.getsize(kitten[0]) - 11 * 512
    assert int(m.group(2)) == os.path.getsize(kitten[1])
    bios = kitten_log(vm, "BIOS wireboot.pxe", record_property)
    assert f"DHCPACK on {CLIENT_IP} to {MAC}" in dhcpd.log()
    # Kitten echoes its command line second; it took the initrd where wireboot put it
    # (it would ignore it with type_of_loader 0), whole, and started it.
    assert bios.splitlines()[1].strip() == CMDLINE
    initrd = re.search(r"INITRD_START=(0x[0-9a-f]+), INITRD_SIZE=(\d+) bytes", bios)
    assert initrd and (int(initrd.group(1), 16), int(initrd.group(2))) == \
        (int(m.group(3), 16), os.path.getsize(kitten[1]))
    ref = facts(bios)
    assert ref["rsdp"] and ref["mp"] and {"FACP", "APIC"} <= ref["tables"]
    assert ref["cpus"] == 2

    vm = uefi_vm(make_qemu, netns, tmp_path)
    vm.wait_for(r"Legacy tables: ACPI 2\.0 RSDP copied to 0x9fc00 \(EBDA\)", timeout=180)
    vm.wait_for(r"Legacy tables: MP table at 0x9f000: 2 of 2 CPUs enabled, 1 I/O APIC\(s\), "
                r"15\+2 interrupt entries\s*$", timeout=30)
    vm.wait_for(r"Starting the kernel without its EFI stub: 32-bit entry at 0x100000", timeout=60)
    uefi = kitten_log(vm, "OVMF wireboot.efi", record_property)
    got = facts(uefi)
    print(f"BIOS: {ref['tables']} {ref['cpus']} CPUs; UEFI: {got['tables']} {got['cpus']} CPUs")
    assert uefi.splitlines()[1].strip() == CMDLINE
    assert got["rsdp"] and int(got["rsdp"].group(1), 16) == 0x9fc00
    assert "A valid RSDP was not found" not in uefi
    assert got["tables"] - ROOT_TABLES == ref["tables"] - ROOT_TABLES
    assert "XSDT" in got["tables"]  # the copy is ACPI 2.0: Kitten follows the XSDT
    assert got["mp"] and "No MP table found" not in uefi
    assert got["cpus"] == ref["cpus"]
    # the reserved page is in the E820 map Kitten was given
    assert re.search(r"BIOS-e820: 000000000009f000 - 00000000000a0000 \(reserved\)", uefi)


def test_kitten_virtio_rom(kitten, netns, tree, make_qemu, record_property):
    """wireboot-virtio.rom: its own virtio driver and DHCP, the seed's config, real Kitten."""
    rom = env.built("wireboot-virtio.rom")
    kitten_tree(tree, kitten)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile=rom)])
    vm.wait_for(r"wireboot option ROM, loaded at", timeout=60)
    log = kitten_log(vm, "wireboot-virtio.rom", record_property)
    assert log.splitlines()[1].strip() == CMDLINE
    assert "iPXE" not in vm.serial_text()


def test_kitten_uefi_no_legacy_tables(kitten, netns, tree, make_qemu, tmp_path,
                                      record_property):
    """`no-legacy-tables`: what Kitten sees on UEFI without wireboot's tables."""
    kitten_tree(tree, kitten)
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = uefi_vm(make_qemu, netns, tmp_path, "no-legacy-tables")
    vm.wait_for(r"Starting the kernel without its EFI stub: 32-bit entry", timeout=180)
    log = kitten_log(vm, "OVMF wireboot.efi no-legacy-tables", record_property)
    assert "Option: no legacy firmware tables" in vm.serial_text()
    assert "Legacy tables:" not in vm.serial_text()
    assert "A valid RSDP was not found" in log
    assert "No MP table found." in log
    assert facts(log)["cpus"] == 1
