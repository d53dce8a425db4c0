# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot.efi chains another EFI application (OVMF, QEMU TCG, Secure Boot off).

OVMF's PXE fetches wireboot.efi; its menu's label points at iPXE's snponly.efi (Debian's
ipxe package: /usr/lib/ipxe/snponly.efi).  wireboot gives the NIC back to the firmware, starts
snponly.efi with LoadImage/StartImage from the fetched buffer; iPXE drives the NIC through the
firmware's SNP wireboot handed back ("net0: ... using SNP on SNP-0000:00:01.0"), does its
DHCP (told apart by dnsmasq through its user class "iPXE") and runs boot.ipxe, which boots the
Debian kernel + the busybox initramfs: the init marker and the exact command line are asserted.
(Debian's ipxe.efi takes the same SNP here, so it is not booted to Linux a second time.)

syslinux.efi (Debian's syslinux-efi), fetched as sl/syslinux.efi, gets the firmware's PXE Base
Code with wireboot's lease naming sl/syslinux.efi as the boot file: it loads sl/ldlinux.e64 and
sl/pxelinux.cfg/default and boots the kernel with PXELINUX's BOOT_IMAGE= command line.

GRUB's network image (grub-mknetdir, x86_64-efi: grub-efi-amd64-bin) under boot/grub/ reads
boot/grub/grub.cfg (its prefix from the boot file the ACK names) and boots the kernel.

Secure Boot on (OVMF's snakeoil keys, signed wireboot.efi from a FAT disk): the label's
unsigned ipxe.efi is refused by the firmware with wireboot's message, and ONERROR's
snakeoil-signed copy starts (iPXE's banner).

A child that returns (wireboot.efi itself as w2/wireboot.efi, whose config says LOCALBOOT) is
reported, the NIC taken back, and ONERROR's config.c32 loads another configuration over the
network; its poweroff.c32 ends QEMU.

From a FAT disk (wireboot.efi as hd0's BOOTX64.EFI): chain.c32 hd1 starts the second disk's
removable-media loader (iPXE), chain.c32 boot=0003 leaves BootNext = 0003 in the variable store
and resets, and poweroff.c32 ends QEMU through ResetSystem.
"""
import os
import shutil
import subprocess

import pytest

from test_efi import (BANNER, Q35, SB_CODE, SNAKEOIL_KEY, efi_app, secure_boot_vm,
                      snakeoil_sign)
from wbtest import DhcpHost, Nic, env, servers
from wbtest.fat import fat_image

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.95"
IPXE_EFI = "/usr/lib/ipxe/ipxe.efi"
SNPONLY_EFI = "/usr/lib/ipxe/snponly.efi"
IPXE_APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wbtest=ipxe"
IPXE_SCRIPT = f"""#!ipxe
echo WIREBOOT-CHAINED-IPXE
kernel vmlinuz {IPXE_APPEND}
initrd initramfs.cpio
boot
"""



def pxe_wireboot(netns, tree, make_qemu, dnsmasq_args=None):
    """OVMF's PXE loads wireboot.efi from the tree (arch 7, or as dnsmasq_args say); returns
    (vm after wireboot's banner, dnsmasq)."""
    tree.add("wireboot.efi", efi_app())
    if dnsmasq_args is None:
        dnsmasq_args = dict(boot_by_arch={7: "wireboot.efi"})
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file=None,
                                    hosts=[DhcpHost("efi-chain", MAC, CLIENT_IP)],
                                    **dnsmasq_args)
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                   extra_args=Q35)
    vm.wait_for(BANNER, timeout=90)
    return vm, dnsmasq


def linux_result(vm, record_property, path):
    """The boot's result once the init marker came; prints and records the time to it."""
    vm.wait_for(r"WIREBOOT-INIT-OK", timeout=300)
    seconds = vm.elapsed()
    r = vm.boot_and_wait(timeout=60)
    record_property("boot_seconds", round(seconds, 1))
    print(f"\nOVMF PXE -> wireboot.efi -> {path} -> Linux: init marker at {seconds:.1f} s")
    assert r.marker
    return r


def test_efi_chains_snponly(netns, tree, make_qemu, record_property):
    """snponly.efi drives the NIC through the SNP wireboot handed back (no driver of its own)
    and boots Linux from its script."""
    if not os.path.exists(SNPONLY_EFI):
        pytest.skip(f"{SNPONLY_EFI} missing: install the ipxe package")
    tree.add("snponly.efi", SNPONLY_EFI)
    tree.add("vmlinuz")
    tree.add("initramfs.cpio")
    tree.add_text("boot.ipxe", IPXE_SCRIPT)
    tree.add_text("pxelinux.cfg/default", "default ipxe\nprompt 0\nlabel ipxe\n"
                  "    kernel snponly.efi\n")
    vm, _ = pxe_wireboot(netns, tree, make_qemu, dict(extra_args=[
        "--dhcp-userclass=set:ipxe,iPXE",
        f"--dhcp-boot=tag:ipxe,boot.ipxe,,{netns.server_ip}",
        f"--dhcp-boot=tag:!ipxe,wireboot.efi,,{netns.server_ip}"]))
    vm.wait_for(r"Starting snponly\.efi", timeout=120)
    vm.wait_for(r"net0: 52:54:00:12:34:56 using SNP on SNP-0000:00:01\.0", timeout=60)
    vm.wait_for(r"WIREBOOT-CHAINED-IPXE", timeout=180)
    r = linux_result(vm, record_property, "snponly.efi")
    assert r.cmdline == "vmlinuz " + IPXE_APPEND  # iPXE puts the image's name first
    text = vm.serial_text()
    assert "did not come back" not in text and "refused wireboot's DHCP lease" not in text


def test_efi_child_returns_then_config_c32(netns, tree, make_qemu):
    """The child is wireboot.efi itself, as w2/wireboot.efi: it reads the PXE Base Code's ACK
    (its own name as the boot file, so its config is w2/pxelinux.cfg/default), whose LOCALBOOT
    returns to the parent.  The parent says so, takes the NIC back, and ONERROR's config.c32
    fetches cfg/other.cfg over it, whose poweroff.c32 ends QEMU."""
    tree.add("w2/wireboot.efi", efi_app())
    tree.add_text("pxelinux.cfg/default", "default child\nprompt 0\nonerror other\n"
                  "label child\n    kernel w2/wireboot.efi\n"
                  "label other\n    kernel config.c32\n    append cfg/other.cfg cfg\n")
    tree.add_text("w2/pxelinux.cfg/default", "default local\nprompt 0\nlabel local\n"
                  "    localboot 0\n")
    tree.add_text("cfg/other.cfg", "default off\nprompt 0\nlabel off\n    kernel poweroff.c32\n")
    vm, dnsmasq = pxe_wireboot(netns, tree, make_qemu)
    vm.wait_for(r"Starting w2/wireboot\.efi", timeout=120)
    vm.wait_for(r'dhcp: address [0-9.]+, TFTP server [0-9.]+, boot file "w2/wireboot\.efi"',
                timeout=60)
    vm.wait_for(r"w2/pxelinux\.cfg/default: found", timeout=60)
    vm.wait_for(r"w2/wireboot\.efi returned to wireboot \(EFI status 0x8000000000000000?e\)",
                timeout=60)
    vm.wait_for(r"CONFIG: switching to cfg/other\.cfg, directory cfg/", timeout=60)
    vm.wait_for(r"poweroff\.c32: powering off through the firmware", timeout=60)
    assert vm.wait_exit(timeout=60) == 0
    text = vm.serial_text()
    assert "Using the firmware's DHCP lease" in text.split("Starting w2/wireboot.efi")[1]
    log = dnsmasq.log()
    assert "cfg/other.cfg" in log
    assert log.count(f"DHCPACK(br0) {CLIENT_IP} {MAC}") == 1  # the firmware's lease, reused


SYSLINUX_EFI = "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi"
LDLINUX_E64 = "/usr/lib/syslinux/modules/efi64/ldlinux.e64"
SYSLINUX_APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wbtest=syslinux"


def test_efi_chains_syslinux(netns, tree, make_qemu, record_property):
    """syslinux.efi fetched as sl/syslinux.efi finds ldlinux.e64 and its own
    sl/pxelinux.cfg/default (the ACK names it as the boot file) and boots Linux."""
    if not (os.path.exists(SYSLINUX_EFI) and os.path.exists(LDLINUX_E64)):
        pytest.skip("syslinux-efi / syslinux-common not installed")
    tree.add("sl/syslinux.efi", SYSLINUX_EFI)
    tree.add("sl/ldlinux.e64", LDLINUX_E64)
    tree.add("sl/vmlinuz", "vmlinuz")
    tree.add("sl/initramfs.cpio", "initramfs.cpio")
    tree.add_text("pxelinux.cfg/default", "default sl\nprompt 0\nlabel sl\n"
                  "    kernel sl/syslinux.efi\n")
    tree.add_text("sl/pxelinux.cfg/default", "default linux\nprompt 0\nlabel linux\n"
                  f"    kernel vmlinuz\n    append {SYSLINUX_APPEND}\n")
    vm, dnsmasq = pxe_wireboot(netns, tree, make_qemu)
    vm.wait_for(r"Starting sl/syslinux\.efi", timeout=120)
    r = linux_result(vm, record_property, "syslinux.efi")
    assert r.cmdline == "BOOT_IMAGE=vmlinuz " + SYSLINUX_APPEND
    # syslinux found its files under its own directory: the PXE Base Code's ACK named it.
    log = dnsmasq.log()
    assert "sl/ldlinux.e64" in log and "sl/pxelinux.cfg/default" in log
    # (OVMF's IP4 driver runs a DHCP of its own once syslinux opens UDP with the default
    # address: a second DHCPACK in the log is the firmware's, as after a direct PXE boot.)


GRUB_APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wbtest=grub"


def test_efi_chains_grub_netdir(netns, tree, make_qemu, tmp_path, record_property):
    """GRUB's network image (grub-mknetdir, x86_64-efi) under boot/grub/: it takes its prefix
    from the boot file the PXE Base Code's ACK names, reads boot/grub/grub.cfg and boots."""
    if shutil.which("grub-mknetdir") is None or not os.path.isdir("/usr/lib/grub/x86_64-efi"):
        pytest.skip("grub-mknetdir / x86_64-efi modules missing: install grub-efi-amd64-bin")
    net = tmp_path / "net"
    p = subprocess.run(["grub-mknetdir", f"--net-directory={net}", "--subdir=boot/grub",
                        "-d", "/usr/lib/grub/x86_64-efi"], capture_output=True, text=True)
    core = net / "boot" / "grub" / "x86_64-efi" / "core.efi"
    assert p.returncode == 0 and core.exists(), p.stderr
    for dirpath, _, files in os.walk(net):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), net)
            tree.add(rel, os.path.join(dirpath, f))
    tree.add_text("boot/grub/grub.cfg", "set timeout=0\necho WIREBOOT-CHAINED-GRUB\n"
                  f"linux /vmlinuz {GRUB_APPEND}\ninitrd /initramfs.cpio\nboot\n")
    tree.add("vmlinuz")
    tree.add("initramfs.cpio")
    tree.add_text("pxelinux.cfg/default", "default grub\nprompt 0\nlabel grub\n"
                  "    kernel boot/grub/x86_64-efi/core.efi\n")
    vm, dnsmasq = pxe_wireboot(netns, tree, make_qemu)
    vm.wait_for(r"Starting boot/grub/x86_64-efi/core\.efi", timeout=120)
    vm.wait_for(r"WIREBOOT-CHAINED-GRUB", timeout=120)
    r = linux_result(vm, record_property, "GRUB core.efi")
    assert r.cmdline is not None and r.cmdline.endswith(GRUB_APPEND)
    # One DHCP exchange (the firmware's): wireboot and then GRUB took the lease from the PXE
    # Base Code (GRUB from the ACK wireboot put there, naming core.efi for its prefix).
    assert dnsmasq.log().count(f"DHCPACK(br0) {CLIENT_IP} {MAC}") == 1


def test_efi_secure_boot_child_signatures(netns, tree, make_qemu, tmp_path):
    missing = env.missing_tools("sbsign", "sbverify", "sbattach", "openssl")
    if missing or not os.path.exists(SB_CODE) or not os.path.exists(IPXE_EFI):
        pytest.skip(f"missing {', '.join(missing) or SB_CODE + ' or ' + IPXE_EFI}")
    key = str(tmp_path / "db.key")
    subprocess.run(["openssl", "rsa", "-in", SNAKEOIL_KEY, "-passin", "pass:snakeoil",
                    "-out", key], check=True, capture_output=True)
    app = snakeoil_sign(efi_app(), str(tmp_path / "wireboot-signed.efi"), key)
    tree.add("ipxe.efi", IPXE_EFI)
    tree.add("ipxe-signed.efi", snakeoil_sign(IPXE_EFI, str(tmp_path / "ipxe-signed.efi"), key))
    tree.add_text("pxelinux.cfg/default", "default unsigned\nprompt 0\nonerror signed\n"
                  "label unsigned\n    kernel ipxe.efi\n"
                  "label signed\n    kernel ipxe-signed.efi\n")
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("efi-sb", MAC, CLIENT_IP)])
    vm = secure_boot_vm(make_qemu, netns, tmp_path, app)
    vm.wait_for(r"Secure Boot: the firmware refused to start ipxe\.efi: its signature is not "
                r"trusted", timeout=120)
    vm.wait_for(r"Starting ipxe-signed\.efi", timeout=60)
    vm.wait_for(r"iPXE initialising devices", timeout=60)


def fat_disk_vm(netns, tree, make_qemu, tmp_path, cfg, second_disk=None):
    """wireboot.efi from a FAT disk (hd0), pxelinux.cfg/default = cfg, optional hd1 files."""
    tree.add_text("pxelinux.cfg/default", cfg)
    servers.start_dnsmasq(netns, tftp_root=tree.root, hosts=[DhcpHost("efi-disk", MAC, CLIENT_IP)])
    drives = [f"file={fat_image(str(tmp_path / 'esp.img'), {'EFI/BOOT/BOOTX64.EFI': efi_app()})},"
              "format=raw,if=virtio"]
    if second_disk:
        drives.append(f"file={fat_image(str(tmp_path / 'hd1.img'), second_disk)},"
                      "format=raw,if=virtio")
    return make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                     drives=drives, extra_args=Q35)


def test_efi_chain_hd1_removable_loader(netns, tree, make_qemu, tmp_path):
    """chain.c32 hd1 starts the second disk's \\EFI\\BOOT\\BOOTX64.EFI (here iPXE)."""
    if not os.path.exists(IPXE_EFI):
        pytest.skip(f"{IPXE_EFI} missing: install the ipxe package")
    vm = fat_disk_vm(netns, tree, make_qemu, tmp_path,
                     "default disk\nprompt 0\nlabel disk\n    com32 chain.c32\n    append hd1\n",
                     second_disk={"EFI/BOOT/BOOTX64.EFI": IPXE_EFI})
    vm.wait_for(BANNER, timeout=90)
    vm.wait_for(r"Starting hd1's \\EFI\\BOOT\\BOOTX64\.EFI", timeout=120)
    vm.wait_for(r"iPXE initialising devices", timeout=60)


def test_efi_poweroff(netns, tree, make_qemu, tmp_path):
    """poweroff.c32 on UEFI: ResetSystem(EfiResetShutdown) ends QEMU."""
    vm = fat_disk_vm(netns, tree, make_qemu, tmp_path,
                     "default off\nprompt 0\nlabel off\n    kernel poweroff.c32\n")
    vm.wait_for(r"poweroff\.c32: powering off through the firmware", timeout=120)
    assert vm.wait_exit(timeout=60) == 0
    assert "ResetSystem returned" not in vm.serial_text()


def test_efi_chain_boot_entry_sets_bootnext(netns, tree, make_qemu, tmp_path):
    """chain.c32 boot=0003 (one of the entries OVMF made for this machine's devices): BootNext
    = 0003 in the firmware's variable store, then a reset (QEMU's -no-reboot ends the run)."""
    vm = fat_disk_vm(netns, tree, make_qemu, tmp_path,
                     "default entry\nprompt 0\nlabel entry\n    kernel chain.c32\n"
                     "    append boot=0003\n")
    vm.wait_for(r"chain: BootNext = Boot0003; restarting into it", timeout=120)
    assert vm.wait_exit(timeout=60) == 0
    store = open(os.path.join(vm.workdir, "OVMF_VARS.fd"), "rb").read()
    at = store.find("BootNext".encode("utf-16-le") + b"\0\0")
    assert at > 0, "BootNext is not in the variable store"
    assert store[at + 18:at + 20] == b"\x03\x00"  # its data, right after the name: 0003
