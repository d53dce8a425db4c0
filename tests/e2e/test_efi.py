# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot.efi under OVMF (QEMU TCG, Secure Boot off).

  - smoke: started from a FAT disk as EFI/BOOT/BOOTX64.EFI, it prints its banner and takes
    the NIC over through SNP;
  - the firmware's own PXE (DHCP option 93 = 7) fetches wireboot.efi, which reuses the
    firmware's lease and boots the Debian kernel + the busybox initramfs through the
    kernel's EFI stub (initrd via LoadFile2);
  - a bzImage without an EFI stub over the same PXE path: wireboot builds boot_params itself;
  - the same from a FAT disk (the USB-stick use), with wireboot's own DHCP;
  - the stub bypassed (our boot_params + ExitBootServices) with the 64-bit and with the
    32-bit entry (`no-efi-stub` / `entry32` on wireboot.efi's command line, run from the
    UEFI shell's startup.nsh): the path Kitten's bzImage needs.
"""
import os
import shutil
import subprocess

import pytest

import wbtest
from wbtest import DhcpHost, Nic, servers
from wbtest.fat import fat_image
from wbtest.kernels import kitten_shaped_kernel

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.93"
BANNER = r"wireboot \(UEFI x86-64\)"
APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wbtest=efi"
# PXELINUX's rule, which wireboot follows: BOOT_IMAGE=<kernel> first, initrd= kept.
EXPECTED_CMDLINE = "BOOT_IMAGE=vmlinuz " + APPEND
STUB_INITRD = "EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path"
# A q35 machine, as UEFI hardware is (and as docs/notes/efi-facts.md measured OVMF).
Q35 = ["-machine", "q35"]


def ovmf(make_qemu, netns, drives=(), extra_args=()):
    """An OVMF q35 machine with one virtio NIC without option ROM (OVMF's own driver)."""
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                     drives=list(drives), extra_args=Q35 + list(extra_args))


def efi_app():
    path = wbtest.build_path("wireboot.efi")
    if not os.path.exists(path):
        pytest.skip(f"{path} not built")
    missing = wbtest.env.missing_tools("mkfs.vfat", "mmd", "mcopy")
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: run scripts/install-deps")
    return path


def linux_tree(tree):
    tree.add("vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, "default linux\nprompt 0\ntimeout 1\n"
                           "label linux\n    kernel vmlinuz\n"
                           f"    append {APPEND}\n")


def stubless_kernel(path):
    """The Debian kernel without its PE/COFF face ("MZ" cleared): a bzImage with no EFI
    stub, which wireboot can only start through its own boot_params."""
    data = bytearray(open(wbtest.fixture("vmlinuz"), "rb").read())
    assert data[0:2] == b"MZ"
    data[0:2] = b"\0\0"
    with open(path, "wb") as f:
        f.write(data)
    return path


def assert_linux_booted(vm, record_property, label):
    m = vm.wait_for(r"WIREBOOT-INIT-OK", timeout=240)
    marker_s = vm.elapsed()
    r = vm.boot_and_wait(timeout=60)
    record_property("boot_seconds", round(marker_s, 1))
    print(f"\n{label}: QEMU start -> init marker {marker_s:.1f} s")
    assert m and r.marker
    assert r.cmdline == EXPECTED_CMDLINE
    assert r.payload == "none"
    assert r.link == "UP"
    assert vm.wait_exit(timeout=60) == 0
    return r


def shell_disk_vm(make_qemu, netns, tmp_path, options, extra_args=()):
    """wireboot.efi run from the UEFI shell's startup.nsh with `options`.  The disk gets
    bootindex 1, so OVMF tries it (no BOOTX64.EFI there), then its shell, before PXE."""
    img = fat_image(str(tmp_path / "shell.img"), {
        "EFI/wireboot/wireboot.efi": efi_app(),
        "startup.nsh": f"fs0:\\EFI\\wireboot\\wireboot.efi {options}\r\n".encode()})
    return ovmf(make_qemu, netns, [f"file={img},format=raw,if=none,id=esp"],
                ["-device", "virtio-blk-pci,drive=esp,bootindex=1", *extra_args])


def test_efi_smoke_fat_disk(fixtures, netns, make_qemu, tmp_path):
    """BOOTX64.EFI on a FAT disk: banner on serial, SNP opened on the NIC (no firmware ROM)."""
    img = fat_image(str(tmp_path / "esp.img"), {"EFI/BOOT/BOOTX64.EFI": efi_app()})
    vm = ovmf(make_qemu, netns, [f"file={img},format=raw,if=virtio"])
    vm.wait_for(BANNER, timeout=60)
    vm.wait_for(r"snp0: " + MAC + r"\s*$", timeout=30)
    print(f"\nOVMF: QEMU start -> wireboot.efi banner + SNP {vm.elapsed():.1f} s")


def test_efi_pxe_boots_linux(netns, tree, make_qemu, record_property):
    """OVMF's PXE (arch 7) -> wireboot.efi -> cached lease -> Debian kernel via its EFI stub."""
    tree.add("wireboot.efi", efi_app())
    linux_tree(tree)
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file=None,
                                    boot_by_arch={7: "wireboot.efi"},
                                    hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = ovmf(make_qemu, netns)
    vm.wait_for(BANNER, timeout=90)
    banner_s = vm.elapsed()
    assert_linux_booted(vm, record_property, "OVMF PXE -> wireboot.efi -> Linux (EFI stub)")
    print(f"wireboot.efi banner at {banner_s:.1f} s")
    text = vm.serial_text()
    assert STUB_INITRD in text
    assert f"Using the firmware's DHCP lease ({CLIENT_IP})" in text
    log = dnsmasq.log()
    # One DHCP exchange (the firmware's): wireboot reused its lease.
    assert log.count(f"DHCPACK(br0) {CLIENT_IP} {MAC}") == 1
    assert "wireboot.efi" in log and "pxelinux.cfg/01-52-54-00-12-34-56" in log


def test_efi_pxe_boots_kernel_without_stub(netns, tree, make_qemu, tmp_path, record_property):
    """A bzImage without an EFI stub over OVMF PXE, no option needed: wireboot sees there is
    no stub and builds boot_params itself (64-bit entry)."""
    tree.add("wireboot.efi", efi_app())
    linux_tree(tree)
    tree.add("vmlinuz", stubless_kernel(str(tmp_path / "vmlinuz-nostub")))
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file=None,
                          boot_by_arch={7: "wireboot.efi"},
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = ovmf(make_qemu, netns)
    vm.wait_for(r"Starting the kernel without its EFI stub: 64-bit entry", timeout=180)
    assert_linux_booted(vm, record_property, "OVMF PXE -> wireboot.efi -> stubless kernel")
    assert "efi: EFI v2.70 by EDK II" in vm.serial_text()


def test_efi_fat_disk_boots_linux(netns, tree, make_qemu, tmp_path, record_property):
    """wireboot.efi as BOOTX64.EFI on a FAT disk (a USB stick) boots Linux from the network."""
    linux_tree(tree)
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root,
                                    hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    img = fat_image(str(tmp_path / "esp.img"), {"EFI/BOOT/BOOTX64.EFI": efi_app()})
    vm = ovmf(make_qemu, netns, [f"file={img},format=raw,if=virtio"])
    assert_linux_booted(vm, record_property, "FAT disk wireboot.efi -> Linux (EFI stub)")
    assert STUB_INITRD in vm.serial_text()
    assert f"DHCPACK(br0) {CLIENT_IP} {MAC}" in dnsmasq.log()


@pytest.mark.parametrize("option,entry", [("no-efi-stub", "64-bit"),
                                          ("entry32 legacy-tables", "32-bit")])
def test_efi_no_stub_boots_linux(netns, tree, make_qemu, tmp_path, record_property, option,
                                 entry):
    """The Debian kernel with its EFI stub bypassed: boot_params + E820 + efi_info built by
    wireboot, ExitBootServices, then the 64-bit or the 32-bit entry (Kitten's path).  It has
    a stub and protocol 2.15 (acpi_rsdp_addr), so it gets no legacy tables unless
    `legacy-tables` forces them: then the kernel's E820 shows their reserved page."""
    linux_tree(tree)
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = shell_disk_vm(make_qemu, netns, tmp_path, option)
    vm.wait_for(f"Starting the kernel without its EFI stub: {entry} entry", timeout=180)
    assert_linux_booted(vm, record_property, f"wireboot.efi {option} -> Linux ({entry} entry)")
    text = vm.serial_text()
    assert STUB_INITRD not in text
    assert "efi: EFI v2.70 by EDK II" in text      # efi_info reached the kernel
    assert "BIOS-e820: [mem 0x0000000000100000-" in text  # our E820 table did
    legacy = "legacy-tables" in option
    assert ("Legacy tables: MP table at 0x9f000: 1 of 1 CPUs enabled" in text) == legacy
    assert ("BIOS-e820: [mem 0x000000000009f000-0x000000000009ffff] reserved" in text) == legacy


@pytest.mark.parametrize("s3", ["off", "on"])
def test_efi_kitten_shaped_kernel_at_1mib(netns, tree, make_qemu, tmp_path, record_property,
                                           s3):
    """Kitten's constraints with the Debian kernel (8 MB, more than OVMF leaves free at 1 MiB):
    with S3 off the memory at 1 MiB is released at ExitBootServices and the kernel boots from
    there through its 32-bit entry; with S3 on, OVMF keeps ACPI NVS at 0x806000 and wireboot
    says so instead of overwriting it.  The real Kitten (tests/e2e/test_kitten.py) is only
    250 KB and fits the 7 MiB OVMF leaves free: it cannot show either of these."""
    tree.add("vmlinuz", kitten_shaped_kernel(str(tmp_path / "vmlinuz-2.06")))
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, "default linux\nprompt 0\ntimeout 1\nlabel linux\n"
                           f"    kernel vmlinuz\n    append {APPEND}\n")
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = shell_disk_vm(make_qemu, netns, tmp_path, "no-efi-stub",
                       ["-global", "ICH9-LPC.disable_s3=1"] if s3 == "off" else [])
    vm.wait_for(r"Starting the kernel without its EFI stub: 32-bit entry at 0x100000\s*$",
                timeout=180)
    if s3 == "off":
        assert_linux_booted(vm, record_property, "Kitten-shaped kernel at 1 MiB (32-bit entry)")
        assert "BIOS-e820: [mem 0x0000000000100000-" in vm.serial_text()
    else:
        vm.wait_for(r"This kernel is not relocatable and must run at 0x100000-0x[0-9a-f]+, but "
                    r"the firmware keeps memory of type 10 at 0x806000-0x808000", timeout=30)
        vm.wait_for(r"Press R to retry", timeout=30)


SNAKEOIL_KEY = "/usr/share/ovmf/PkKek-1-snakeoil.key"
SNAKEOIL_CERT = "/usr/share/ovmf/PkKek-1-snakeoil.pem"
SB_CODE = "/usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd"
SB_VARS = "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"


def snakeoil_sign(src, dst, key):
    """docs/efi.md's recipe with OVMF's test key: drop any signature, sign, verify."""
    shutil.copyfile(src, dst)
    subprocess.run(["sbattach", "--remove", dst], capture_output=True)  # fails if unsigned
    subprocess.run(["sbsign", "--key", key, "--cert", SNAKEOIL_CERT, "--output", dst, dst],
                   check=True, capture_output=True)
    v = subprocess.run(["sbverify", "--cert", SNAKEOIL_CERT, dst], capture_output=True,
                       text=True)
    assert "Signature verification OK" in v.stdout + v.stderr
    return dst


def secure_boot_vm(make_qemu, netns, tmp_path, app):
    """OVMF with the snakeoil keys enrolled (Secure Boot on) starting the signed `app` from a
    FAT disk, one virtio NIC; returns the VM after wireboot's banner."""
    img = fat_image(str(tmp_path / "esp.img"), {"EFI/BOOT/BOOTX64.EFI": app})
    vars_copy = str(tmp_path / "sb-vars.fd")
    shutil.copyfile(SB_VARS, vars_copy)
    # firmware="bios" adds no firmware of its own: the pflash drives below replace SeaBIOS.
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="bios", boot=None,
                   drives=[f"if=pflash,format=raw,unit=0,readonly=on,file={SB_CODE}",
                           f"if=pflash,format=raw,unit=1,file={vars_copy}",
                           f"file={img},format=raw,if=virtio"],
                   extra_args=["-machine", "q35,smm=on",
                               "-global", "driver=cfi.pflash01,property=secure,value=on"])
    vm.wait_for(BANNER, timeout=90)
    return vm


@pytest.mark.parametrize("kernel", ["signed", "vendor", "stubless"])
def test_efi_secure_boot(netns, tree, make_qemu, tmp_path, record_property, kernel):
    """Secure Boot on: signed wireboot.efi from a FAT disk; the kernel signed with a db key
    boots (the firmware verified it in LoadImage), Debian's own signature is refused, and
    so is a kernel without a stub (nothing could verify it)."""
    missing = wbtest.env.missing_tools("sbsign", "sbverify", "sbattach", "openssl")
    if missing or not os.path.exists(SB_CODE):
        pytest.skip(f"missing {', '.join(missing) or SB_CODE}: run scripts/install-deps")
    key = str(tmp_path / "db.key")
    subprocess.run(["openssl", "rsa", "-in", SNAKEOIL_KEY, "-passin", "pass:snakeoil",
                    "-out", key], check=True, capture_output=True)
    app = snakeoil_sign(efi_app(), str(tmp_path / "wireboot-signed.efi"), key)
    if kernel == "signed":
        tree.add("vmlinuz", snakeoil_sign(wbtest.fixture("vmlinuz"),
                                          str(tmp_path / "vmlinuz-signed"), key))
        tree.add("initramfs.cpio")
        tree.pxelinux_cfg(MAC, "default linux\nprompt 0\ntimeout 1\nlabel linux\n"
                               f"    kernel vmlinuz\n    append {APPEND}\n")
    else:
        linux_tree(tree)
        if kernel == "stubless":
            tree.add("vmlinuz", stubless_kernel(str(tmp_path / "vmlinuz-nostub")))
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    vm = secure_boot_vm(make_qemu, netns, tmp_path, app)
    if kernel == "signed":
        assert_linux_booted(vm, record_property, "Secure Boot: signed wireboot.efi + kernel")
        assert "secureboot: Secure boot enabled" in vm.serial_text()
    elif kernel == "vendor":
        vm.wait_for(r"Secure Boot: the firmware rejected the kernel's signature", timeout=120)
        vm.wait_for(r"Press R to retry", timeout=30)
    else:
        vm.wait_for(r"Secure Boot is on: wireboot starts only kernels the firmware verifies, "
                    r"through their EFI stub \(this kernel has none\)", timeout=120)
        vm.wait_for(r"Press R to retry", timeout=30)
        assert "Starting the kernel without its EFI stub" not in vm.serial_text()
