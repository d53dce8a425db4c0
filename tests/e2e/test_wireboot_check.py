# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot-check end to end: the client's boot sequence (wireboot's own stack) against
(a) dnsmasq DHCP+TFTP over AF_PACKET on a veth and over an existing tap found without --tap, (b) the seed document's stack, ISC dhcpd with
its host stanza + tftpd-hpa -s, over a tap, and (c) the same through a link that loses 10% of
the frames and reorders some (wbtest's impairing relay: this kernel has no sch_netem).
Each run must choose the seed's label, print the command line PXELINUX would give the kernel,
and fetch every file with the right size and sha256.
"""
import hashlib
import os
import random
import re
import struct
import subprocess

import pytest

import wbtest
from wbtest import DhcpHost, Impairment, servers

MAC = "00:1b:21:41:cf:4c"          # the seed's client
CLIENT_IP = "10.77.0.92"           # the seed's fixed-address, moved into the test subnet

# The seed's two pxelinux.cfg entries in one file, Palacios_Linux as the default.
SEED_CFG = """default Palacios_Linux
label Palacios_Kitten
    kernel bzImage
    append serial.baud=115200 console=serial initrd=init_task
label Palacios_Linux
    kernel bzImage
    append movablecore=262144 initrd=initramfs.cpio console=tty0

prompt 1
timeout 20
"""
WANT_CMDLINE = "BOOT_IMAGE=bzImage movablecore=262144 initrd=initramfs.cpio console=tty0"


def wireboot_check():
    path = wbtest.build_path("wireboot-check")
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} not built")
    return path


def seed_tree(tree):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.add("init_task", wbtest.fixture("initramfs.cpio"))
    tree.pxelinux_cfg(MAC, SEED_CFG)
    return tree


def write_small_bzimage(path, size=160 * 1024, seed=7):
    """A bzImage-shaped file (boot protocol 2.15 setup header, 64-bit, relocatable) of `size`
    bytes with random contents: wireboot-check validates and hashes it; nothing boots it.
    Keeps the lossy-link runs short: a lock-step server (tftpd-hpa, dnsmasq: no windowsize)
    pays its own 1 s retransmission timeout for every lost block."""
    rnd = random.Random(seed)
    setup_sects = 4
    setup_len = (setup_sects + 1) * 512
    data = bytearray(rnd.randbytes(size))
    hdr = bytearray(data[:setup_len])
    hdr[0x1F1] = setup_sects
    struct.pack_into("<I", hdr, 0x1F4, (size - setup_len + 15) // 16)  # syssize
    struct.pack_into("<H", hdr, 0x1FE, 0xAA55)
    hdr[0x200:0x202] = b"\xeb\x66"
    hdr[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", hdr, 0x206, 0x020F)
    struct.pack_into("<H", hdr, 0x20E, 0)           # no kernel_version string
    hdr[0x210] = 0
    hdr[0x211] = 0x01                               # LOADED_HIGH
    struct.pack_into("<I", hdr, 0x214, 0x100000)    # code32_start
    struct.pack_into("<I", hdr, 0x218, 0)
    struct.pack_into("<I", hdr, 0x21C, 0)
    struct.pack_into("<I", hdr, 0x228, 0)
    struct.pack_into("<I", hdr, 0x22C, 0x7FFFFFFF)  # initrd_addr_max
    struct.pack_into("<I", hdr, 0x230, 0x200000)    # kernel_alignment
    hdr[0x234] = 1                                  # relocatable
    struct.pack_into("<H", hdr, 0x236, 0x3)         # 64-bit entry, loadable above 4G
    struct.pack_into("<I", hdr, 0x238, 2047)        # cmdline_size
    struct.pack_into("<Q", hdr, 0x258, 0x1000000)   # pref_address
    struct.pack_into("<I", hdr, 0x260, 0x2000000)   # init_size
    data[:setup_len] = hdr
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_check(ns, args, timeout=120):
    """Run wireboot-check inside ns; return (exit code, output)."""
    argv = ["ip", "netns", "exec", ns.name, wireboot_check(), *args]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=wbtest.scaled(timeout))
    out = p.stdout + p.stderr
    with open(os.path.join(ns.workdir, "wireboot-check.log"), "a") as f:
        f.write(f"$ {' '.join(argv)}\n{out}\n(exit {p.returncode})\n")
    return p.returncode, out


def assert_plan(out, tree, label="Palacios_Linux", cmdline=WANT_CMDLINE,
                files=(("kernel", "bzImage"), ("initrd", "initramfs.cpio")), local_names=None):
    """The plan names the label, the exact command line and every file's size and sha256
    (local_names: the tree file of a name that is a URL)."""
    assert f"label: {label}" in out, out
    assert f"boot plan: label {label}" in out, out
    m = re.search(r'^  cmdline \(\d+ of at most \d+ bytes\): "(.*)"$', out, re.M)
    assert m and m.group(1) == cmdline, out
    for role, name in files:
        m = re.search(rf"^  {role} +{re.escape(name)}: (\d+) bytes at 0x[0-9a-f]+, "
                      rf"sha256 ([0-9a-f]{{64}}), fetched in", out, re.M)
        assert m, f"no {role} line for {name}:\n{out}"
        local = tree.path((local_names or {}).get(name, name))
        assert int(m.group(1)) == os.path.getsize(local), out
        assert m.group(2) == sha256(local), out
    assert "result: would boot label " + label in out, out


def test_dnsmasq_over_af_packet(netns, tree):
    seed_tree(tree)
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")])
    client = netns.add_client()
    client.run(["ip", "addr", "flush", "dev", "eth0"])  # the host stack stays out of it
    client.run(["ip", "link", "set", "eth0", "address", MAC])
    rc, out = run_check(client, ["--interface", "eth0", "--fetch"])
    assert rc == 0, out
    assert f"dhcp: address {CLIENT_IP}, TFTP server {netns.server_ip}" in out, out
    assert_plan(out, tree)


def test_dnsmasq_existing_tap_found_without_tap_flag(netns, tree):
    """`--interface tapN` alone: wireboot-check sees tun_flags and opens the tap's far end
    (an AF_PACKET socket on the host side would never meet dnsmasq's offer)."""
    seed_tree(tree)
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")])
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--mac", MAC])
    assert rc == 0, out
    assert f"wireboot-check: tap {tap}, MAC {MAC}" in out, out
    assert f"dhcp: address {CLIENT_IP}, TFTP server {netns.server_ip}" in out, out
    assert "result: would boot label Palacios_Linux" in out, out


def test_seed_stack_isc_dhcpd_tftpd_hpa_over_tap(netns, tree):
    seed_tree(tree)
    host = DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")
    servers.start_isc_dhcpd(netns, servers.isc_dhcpd_conf(netns, [host]))
    servers.start_tftpd_hpa(netns, tree.root)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 0, out
    assert f"dhcp: address {CLIENT_IP}, TFTP server {netns.server_ip}" in out, out
    # PXELINUX's search order up to the MAC file, each answer printed.
    assert "pxelinux.cfg/01-00-1b-21-41-cf-4c: found on 10.77.0.1" in out, out
    assert_plan(out, tree)


def test_label_choice_and_search_without_fetch(netns, tree):
    seed_tree(tree)
    tree.pxelinux_cfg(MAC, "")  # no MAC file: fall through to the IP and default names
    os.unlink(tree.path("pxelinux.cfg/" + wbtest.mac_config_name(MAC)))
    tree.pxelinux_cfg(None, SEED_CFG)
    host = DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")
    servers.start_isc_dhcpd(netns, servers.isc_dhcpd_conf(netns, [host]))
    servers.start_tftpd_hpa(netns, tree.root)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC,
                                "--label", "Palacios_Kitten"])
    assert rc == 0, out
    names = re.findall(r"^(pxelinux\.cfg/\S+): (not found|found) on 10\.77\.0\.1", out, re.M)
    assert names == [("pxelinux.cfg/01-00-1b-21-41-cf-4c", "not found"),
                     ("pxelinux.cfg/0A4D005C", "not found"), ("pxelinux.cfg/0A4D005", "not found"),
                     ("pxelinux.cfg/0A4D00", "not found"), ("pxelinux.cfg/0A4D0", "not found"),
                     ("pxelinux.cfg/0A4D", "not found"), ("pxelinux.cfg/0A4", "not found"),
                     ("pxelinux.cfg/0A", "not found"), ("pxelinux.cfg/0", "not found"),
                     ("pxelinux.cfg/default", "found")], out
    assert "label: Palacios_Kitten" in out, out
    assert "would fetch initrd init_task from 10.77.0.1" in out, out
    assert ('cmdline "BOOT_IMAGE=bzImage serial.baud=115200 console=serial initrd=init_task"'
            in out), out


def test_missing_kernel_exit_code(netns, tree):
    seed_tree(tree)
    os.unlink(tree.path("bzImage"))
    host = DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")
    servers.start_isc_dhcpd(netns, servers.isc_dhcpd_conf(netns, [host]))
    servers.start_tftpd_hpa(netns, tree.root)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"])
    assert rc == 7, out
    assert "file not found: bzImage on 10.77.0.1" in out, out


@pytest.mark.parametrize("server", ["tftpd-hpa", "dnsmasq"])
def test_lossy_reordering_link(netns, tree, server):
    tree.add_text("pxelinux.cfg/" + wbtest.mac_config_name(MAC), SEED_CFG)
    write_small_bzimage(tree.path("bzImage"))
    with open(tree.path("initramfs.cpio"), "wb") as f:
        f.write(random.Random(11).randbytes(100 * 1024 + 77))
    host = DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")
    if server == "dnsmasq":
        servers.start_dnsmasq(netns, tftp_root=tree.root, hosts=[host])
    else:
        servers.start_isc_dhcpd(netns, servers.isc_dhcpd_conf(netns, [host]))
        servers.start_tftpd_hpa(netns, tree.root)
    tap, link = netns.add_tap(impair=Impairment(loss=0.10, reorder=0.05))
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch"],
                        timeout=300)
    assert rc == 0, out
    assert_plan(out, tree)


@pytest.mark.parametrize("label,want", [
    ("efi", [r"^boot plan: label efi, EFI application$",
             r"^  EFI application for x86-64 \(PE machine 0x8664\), subsystem 10$",
             r'^  program: efi/wireboot\.efi, arguments "-v"$']),
    ("disk", [r"^boot plan: label disk, local disk boot$",
              r"^  disk: hd0 \(BIOS drive 0x80\), partition 1's boot record$"]),
    ("off", [r"^boot plan: label off, reboot/power-off$", r"^  power: power off$"]),
])
def test_reports_chain_targets(netns, tree, label, want):
    """--fetch says what a chained target is: an EFI application with its PE machine, a
    chain.c32 disk boot, a poweroff.c32 power action."""
    tree.add("efi/wireboot.efi", wbtest.env.built("wireboot.efi"))
    tree.add_text("pxelinux.cfg/default", "default efi\nlabel efi\n    kernel efi/wireboot.efi\n"
                  "    append -v\nlabel disk\n    com32 chain.c32\n    append hd0 1\n"
                  "label off\n    kernel poweroff.c32\n")
    host = DhcpHost("v-test-intel-lab", MAC, CLIENT_IP, "pxelinux.0")
    servers.start_isc_dhcpd(netns, servers.isc_dhcpd_conf(netns, [host]))
    servers.start_tftpd_hpa(netns, tree.root)
    tap = netns.add_tap()
    rc, out = run_check(netns, ["--interface", tap, "--tap", "--mac", MAC, "--fetch",
                                "--label", label])
    assert rc == 0, out
    for w in want:
        assert re.search(w, out, re.M), f"{w!r} not in:\n{out}"
