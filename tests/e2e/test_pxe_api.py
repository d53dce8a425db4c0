# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot's own resident PXE API (docs/chainloading.md): images without any firmware PXE
stack (wireboot-virtio.rom as the NIC's only ROM, wireboot.usb and QEMU -kernel wireboot.lkrn
with a ROM-less e1000: no iPXE anywhere) chain Debian's pxelinux.0, which finds wireboot's PXENV+/!PXE, reads the cached
DHCP packet naming it, fetches its own config and the kernel over TFTP through wireboot's
UDP API, unloads the stack and boots the Debian kernel + the fixture initramfs (marker and
command line asserted); iPXE's undionly.kpxe drives the NIC through the UNDI calls instead.
A tiny NBP (tests/e2e/data/pxe-tftp-nbp.asm, assembled here) reads a file through the TFTP
calls (GET_FSIZE, OPEN/READ/CLOSE) and prints its size and a hash on COM1, from the option
ROM, wireboot.usb, wireboot.iso and wireboot.lkrn.
The IPv6 option ROMs on a dual-stack network boot over IPv6, then take a DHCPv4 lease for
pxelinux.0, which runs on the same resident API to Linux.
"""
import os
import random
import re
import subprocess

import pytest

from wbtest import DhcpHost, Nic, env, servers

from test_chain_pxe import APPEND, CLIENT_IP, MAC, MAC_DASHES, UNDIONLY, pxelinux_in_subdir
from test_ipv6 import PREFIX, SERVER6

LPXELINUX = "/usr/lib/PXELINUX/lpxelinux.0"
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def chain_pxelinux(netns, tree, make_qemu, kind, program="pxelinux.0", via=0x30,
                   dnsmasq_args=(), before_chain=None, **qemu_args):
    """`KERNEL px/<program>` from a native image: the API serves GET_CACHED_INFO and `via`
    (UDP_OPEN 0x30, or UNDI_OPEN 0x06 for lpxelinux.0), and STOP_UNDI ends it before Linux
    starts.  before_chain(vm, dnsmasq): asserts on the boot up to the chaining."""
    pxelinux_in_subdir(tree)
    if program != "pxelinux.0":
        tree.add(f"px/{program}", LPXELINUX)
    tree.pxelinux_cfg(MAC, f"default chain\nlabel chain\n    kernel px/{program}\ntimeout 1\n")
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                                    hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)],
                                    extra_args=dnsmasq_args)
    vm = make_qemu(**qemu_args)
    vm.wait_for(rf"wireboot {kind}, loaded at 0x57c00", timeout=env.scaled(60))
    if before_chain:
        before_chain(vm, dnsmasq)
    vm.wait_for(rf"Chaining chain: px/{program}, \d+ bytes at 0000:7c00, wireboot's own PXE "
                r"API \(keeps 0x57c00-0x9[0-9a-f]{4}, ", timeout=env.scaled(120))
    r = vm.boot_and_wait(timeout=env.scaled(300))
    assert r.marker, vm.tail()
    assert r.cmdline == "BOOT_IMAGE=bzImage " + APPEND
    assert vm.wait_exit(timeout=60) == 0
    text = vm.serial_text()
    assert "PXE API: call 0x71 -> status 0" in text  # GET_CACHED_INFO
    assert f"PXE API: call {via:#x} -> status 0" in text
    assert "PXE API: call 0x15 -> status 0" in text  # STOP_UNDI
    assert "iPXE" not in text
    assert f"px/pxelinux.cfg/01-{MAC_DASHES}" in dnsmasq.log()  # pxelinux.0's own search
    return text


def test_rom_pxe_api_runs_pxelinux(fixtures, netns, tree, make_qemu):
    """wireboot-virtio.rom as the NIC's only ROM."""
    text = chain_pxelinux(netns, tree, make_qemu, "option ROM",
                          nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci",
                                    romfile=env.built("wireboot-virtio.rom"))])
    assert "virtio0: MAC 52:54:00:12:34:56" in text


@pytest.mark.parametrize("model,rom", [("e1000", "wireboot-e1000-ipv6.rom"),
                                       ("virtio-net-pci", "wireboot-virtio-ipv6.rom")])
def test_ipv6_rom_pxe_api_runs_pxelinux_dual_stack(fixtures, netns, tree, make_qemu, model, rom):
    """Each IPv6 option ROM on a dual-stack network (dnsmasq: DHCPv4, RA with the M flag,
    DHCPv6 with a boot file URL, TFTP on both).  DHCPv4 answers 3 s late, so wireboot boots
    over IPv6 (its config and px/pxelinux.0 over TFTP on IPv6), then asks DHCPv4 for the ACK
    pxelinux.0 gets, and pxelinux.0 runs on the resident PXE API over IPv4 to Linux."""
    netns.run(["ip", "-6", "addr", "add", f"{SERVER6}/64", "dev", netns.bridge, "nodad"])

    def over_ipv6_then_dhcpv4(vm, dnsmasq):
        vm.wait_for(rf"IPv6 on \S+\.\.\. {PREFIX}::1", timeout=env.scaled(90))
        vm.wait_for(rf"px/pxelinux.0: a PXE program needs IPv4 \(booted over IPv6\): DHCP on "
                    rf"\S+ \({MAC}\)\.\.\. {CLIENT_IP}/", timeout=env.scaled(90))

    text = chain_pxelinux(netns, tree, make_qemu, "option ROM",
                          dnsmasq_args=["--dhcp-reply-delay=3", "--enable-ra",
                                        f"--dhcp-range={PREFIX}::100,{PREFIX}::1ff,64,1h",
                                        "--dhcp-option=option6:bootfile-url,"
                                        f"tftp://[{SERVER6}]/wireboot"],
                          before_chain=over_ipv6_then_dhcpv4,
                          nics=[Nic(netns.add_tap(), MAC, model=model, romfile=env.built(rom))])
    assert f'dhcpv6: TFTP server {SERVER6}, boot file "wireboot"' in text, text


def test_usb_pxe_api_runs_pxelinux(fixtures, netns, tree, make_qemu):
    """wireboot.usb as the first hard disk, an e1000 without ROM: the same through the e1000
    driver and the disk loader."""
    text = chain_pxelinux(netns, tree, make_qemu, "disk",
                          nics=[Nic(netns.add_tap(), MAC, model="e1000", romfile="")], boot="c",
                          drives=[f"file={env.built('wireboot.usb')},format=raw,snapshot=on"])
    assert "e1000: MAC 52:54:00:12:34:56" in text


def test_lkrn_pxe_api_runs_pxelinux(fixtures, netns, tree, make_qemu):
    """QEMU -kernel wireboot.lkrn (over 64 KiB: its prefix copies the body in several block
    moves), an e1000 without ROM: the same through the lkrn loader."""
    text = chain_pxelinux(netns, tree, make_qemu, "lkrn",
                          nics=[Nic(netns.add_tap(), MAC, model="e1000", romfile="")],
                          boot=None, kernel=env.built("wireboot.lkrn"))
    assert "e1000: MAC 52:54:00:12:34:56" in text


def test_rom_pxe_api_runs_undionly(fixtures, netns, tree, make_qemu):
    """`KERNEL undionly.kpxe` from the virtio-net option ROM: iPXE drives wireboot's NIC
    through the UNDI calls (TRANSMIT, ISR), asks DHCP again as iPXE and boots the kernel
    from its script."""
    tree.add("undionly.kpxe", UNDIONLY)
    tree.add("bzImage", env.fixture("vmlinuz"))
    tree.add("initramfs.cpio", env.fixture("initramfs.cpio"))
    tree.add_text("boot.ipxe", "#!ipxe\necho chained-ipxe chip=${net0/chip}\n"
                               "kernel bzImage wbchain=ipxe console=ttyS0,115200\n"
                               "initrd initramfs.cpio\nboot\n")
    tree.pxelinux_cfg(MAC, "default chain\nlabel chain\n    kernel undionly.kpxe\ntimeout 1\n")
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                                    hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)],
                                    extra_args=["--dhcp-userclass=set:ipxe,iPXE",
                                                "--dhcp-boot=tag:ipxe,boot.ipxe"])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci",
                             romfile=env.built("wireboot-virtio.rom"))])
    vm.wait_for(r"Chaining chain: undionly.kpxe, \d+ bytes at 0000:7c00, wireboot's own PXE "
                r"API", timeout=env.scaled(120))
    r = vm.boot_and_wait(timeout=env.scaled(300))
    assert r.marker, vm.tail()
    assert r.cmdline is not None and "wbchain=ipxe console=ttyS0,115200" in r.cmdline, r.cmdline
    assert vm.wait_exit(timeout=60) == 0
    text = vm.serial_text()
    assert "PXE API: call 0x6 -> status 0" in text  # UNDI_OPEN
    assert "boot.ipxe" in dnsmasq.log()  # asked by undionly.kpxe over wireboot's UNDI


def test_rom_pxe_api_runs_lpxelinux(fixtures, netns, tree, make_qemu):
    """`KERNEL px/lpxelinux.0` from the virtio-net option ROM: syslinux's lwIP stack on
    wireboot's UNDI calls (polling: IntNumber 0) reads its config and the kernel over TFTP."""
    chain_pxelinux(netns, tree, make_qemu, "option ROM", program="lpxelinux.0", via=0x6,
                   nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci",
                             romfile=env.built("wireboot-virtio.rom"))])


def nbp_hash(data):
    """The NBP's hash: h = h * 31 + byte (mod 2^32), from 0."""
    h = 0
    for b in data:
        h = (h * 31 + b) & 0xFFFFFFFF
    return h


def tftp_probe(netns, tree, make_qemu, tmp_path, **qemu_args):
    """`KERNEL probe.0` from a native image: the NBP's TFTP_GET_FSIZE and its TFTP_OPEN
    (PacketSize 1024) / TFTP_READ ... / TFTP_CLOSE of a 70,001-byte file give the exact size,
    69 packets (68 full, the last short) and the file's hash."""
    if env.missing_tools("nasm"):
        pytest.skip("nasm missing: run scripts/install-deps")
    nbp = tmp_path / "probe.0"
    subprocess.run(["nasm", "-f", "bin", "-I", DATA, "-o", str(nbp),
                    os.path.join(DATA, "pxe-tftp-nbp.asm")], check=True)
    data = random.Random(14).randbytes(70001)
    probe = tmp_path / "tftp-probe.bin"
    probe.write_bytes(data)
    tree.add("probe.0", str(nbp))
    tree.add("tftp-probe.bin", str(probe))
    tree.pxelinux_cfg(MAC, "default chain\nlabel chain\n    kernel probe.0\ntimeout 1\n")
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                                    hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(**qemu_args)
    m = vm.wait_for(r"WB-NBP-TFTP [^\n]*\n", timeout=env.scaled(180))  # the whole line
    assert m.group(0).strip() == (f"WB-NBP-TFTP fsize={len(data):08x} read={len(data):08x} "
                          f"blocks={len(data) // 1024 + 1:08x} hash={nbp_hash(data):08x}"), \
        vm.tail()
    assert vm.wait_exit(timeout=60) == 0
    text = vm.serial_text()
    assert "PXE API: call 0x25 -> status 0" in text  # TFTP_GET_FSIZE
    assert "PXE API: call 0x20 -> status 0" in text  # TFTP_OPEN
    assert "PXE API: call 0x21 -> status 0" in text  # TFTP_CLOSE
    assert "tftp-probe.bin" in dnsmasq.log()
    return text


def test_rom_pxe_api_tftp_calls(netns, tree, make_qemu, tmp_path):
    """The TFTP calls from the virtio-net option ROM."""
    tftp_probe(netns, tree, make_qemu, tmp_path,
               nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci",
                         romfile=env.built("wireboot-virtio.rom"))])


def test_ipv6_rom_pxe_api_tftp_calls(netns, tree, make_qemu, tmp_path):
    """The same from wireboot-e1000-ipv6.rom (the IPv6 ROM with room for the TFTP calls),
    on an IPv4 network: it boots over IPv4 and serves the program as the IPv4 ROMs do."""
    tftp_probe(netns, tree, make_qemu, tmp_path,
               nics=[Nic(netns.add_tap(), MAC, model="e1000",
                         romfile=env.built("wireboot-e1000-ipv6.rom"))])


def test_usb_pxe_api_tftp_calls(netns, tree, make_qemu, tmp_path):
    """The same from wireboot.usb as the first hard disk, an e1000 without ROM (the disk
    loader reads and moves the body past 64 KiB)."""
    text = tftp_probe(netns, tree, make_qemu, tmp_path,
                      nics=[Nic(netns.add_tap(), MAC, model="e1000", romfile="")], boot="c",
                      drives=[f"file={env.built('wireboot.usb')},format=raw,snapshot=on"])
    assert "wireboot disk, loaded at 0x57c00" in text


def test_iso_pxe_api_tftp_calls(netns, tree, make_qemu, tmp_path):
    """The same from wireboot.iso as a CD (El Torito, the BIOS loads the whole boot image),
    a virtio-net NIC without ROM."""
    text = tftp_probe(netns, tree, make_qemu, tmp_path,
                      nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci", romfile="")],
                      boot="d", cdrom=env.built("wireboot.iso"))
    assert "wireboot CD, loaded at 0x57c00" in text


def test_lkrn_pxe_api_tftp_calls(netns, tree, make_qemu, tmp_path):
    """The same from QEMU -kernel wireboot.lkrn (its prefix copies the body in several block
    moves), a virtio-net NIC without ROM."""
    text = tftp_probe(netns, tree, make_qemu, tmp_path,
                      nics=[Nic(netns.add_tap(), MAC, model="virtio-net-pci", romfile="")],
                      boot=None, kernel=env.built("wireboot.lkrn"))
    assert "wireboot lkrn, loaded at 0x57c00" in text


def test_rom_pxe_api_protected_mode(netns, tree, make_qemu, tmp_path):
    """`KERNEL pm.0` from the e1000 option ROM (the NIC at 00:05.0): the NBP
    (tests/e2e/data/pxe-pm-nbp.asm) builds its GDT from !PXE's UNDICode/UNDIData descriptors
    and calls GET_CACHED_INFO through EntryPointSP and UNDI_GET_NIC_TYPE through
    EntryPointESP from 16-bit protected mode, with selectors of its own for the blocks and
    the buffer: the ACK's yiaddr and chaddr, the NIC's PCI identity and an LDT selector's
    refusal (Status UNSUPPORTED written through it) come back exact."""
    if env.missing_tools("nasm"):
        pytest.skip("nasm missing: run scripts/install-deps")
    nbp = tmp_path / "pm.0"
    subprocess.run(["nasm", "-f", "bin", "-I", DATA, "-o", str(nbp),
                    os.path.join(DATA, "pxe-pm-nbp.asm")], check=True)
    tree.add("pm.0", str(nbp))
    tree.pxelinux_cfg(MAC, "default chain\nlabel chain\n    kernel pm.0\ntimeout 1\n")
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot",
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, model="e1000,addr=0x5",
                             romfile=env.built("wireboot-e1000.rom"))])
    m = vm.wait_for(r"WB-NBP-PM [^\n]*\n", timeout=env.scaled(180))
    mac = bytes.fromhex(MAC.replace(":", ""))
    ip = bytes(int(x) for x in CLIENT_IP.split("."))
    # QEMU's 82540EM: revision 3, class 02 00 00, subsystem 1af4:1100 (QEMU's default)
    assert m.group(0).strip() == (
        f"WB-NBP-PM gci=00000000 ip={int.from_bytes(ip, 'little'):08x} "
        f"mac={int.from_bytes(mac[:4], 'little'):08x}{int.from_bytes(mac[4:], 'little'):04x} "
        "nic=00000000 type=00000002 id=8086100e class=03000002 bdf=00000028 sub=11001af4 "
        "ldt=00010003"), vm.tail()
    assert vm.wait_exit(timeout=60) == 0
    text = vm.serial_text()
    assert re.search(r"PXE API: call 0x12: block 0x4[0-9a-f]{4} refused \(LDT selector\)", text)
    assert "PXE API: call 0x71 -> status 0" in text
