# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference boots without wireboot: the baseline wireboot is compared with, and the proof
that the e2e harness works.  QEMU's stock iPXE ROM (-boot n) gets pxelinux.0 from
  - dnsmasq (DHCP + TFTP), or
  - the seed document's own stack: ISC dhcpd (dhcpd.conf in the seed's shape) + tftpd-hpa -s,
then pxelinux.0 loads the seed's Palacios_Linux entry: the Debian kernel + the fixture
busybox initramfs, whose /init prints its marker and /proc/cmdline on the serial console.
"""
import wbtest
from wbtest import DhcpHost, Nic, servers

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.92"
# The seed's Palacios_Linux append line, plus the serial console the tests read.
APPEND = "movablecore=262144 initrd=initramfs.cpio console=tty0 console=ttyS0,115200"
# What pxelinux.0 (syslinux 6.04) hands the kernel for that entry: it prepends BOOT_IMAGE=.
EXPECTED_CMDLINE = "BOOT_IMAGE=bzImage " + APPEND


def palacios_linux_cfg(prompt=0, timeout=1):
    """The seed's per-MAC config for Palacios/Linux (its layout and keywords)."""
    return ("default Palacios_Linux\n"
            "label Palacios_Linux\n"
            "    kernel bzImage\n"
            f"    append {APPEND}\n"
            "\n"
            f"prompt {prompt}\n"
            f"timeout {timeout}\n")


def seed_tree(tree, cfg):
    """/tftpboot as the seed lays it out: pxelinux.0 (+ ldlinux.c32), memdisk, bzImage,
    initramfs.cpio and pxelinux.cfg/01-<mac>."""
    tree.add_pxelinux()
    tree.add("memdisk")
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, cfg)


def boot_linux(make_qemu, netns, record_property, label):
    tap = netns.add_tap()
    vm = make_qemu(nics=[Nic(tap, MAC)])
    m = vm.wait_for(r"WIREBOOT-INIT-OK")
    marker_s = vm.elapsed()
    r = vm.boot_and_wait(timeout=120)
    record_property("boot_seconds", round(marker_s, 1))
    print(f"\n{label}: QEMU start -> init marker {marker_s:.1f} s")
    assert m
    assert r.marker
    assert r.cmdline == EXPECTED_CMDLINE
    assert r.payload == "none"
    assert r.link == "UP"
    assert r.initrds == {}
    assert vm.wait_exit(timeout=60) == 0
    return vm


def test_dnsmasq_pxelinux_boots_linux(netns, tree, make_qemu, record_property):
    seed_tree(tree, palacios_linux_cfg(prompt=0, timeout=1))
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root,
                                    hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    boot_linux(make_qemu, netns, record_property, "dnsmasq + pxelinux.0")
    log = dnsmasq.log()
    assert f"DHCPACK(br0) {CLIENT_IP} {MAC}" in log
    assert "pxelinux.cfg/01-52-54-00-12-34-56" in log


def test_dnsmasq_pxelinux_seed_prompt_timeout(netns, tree, make_qemu, record_property):
    """The seed's exact `prompt 1` / `timeout 20`: nothing typed, the default boots after 2 s."""
    seed_tree(tree, palacios_linux_cfg(prompt=1, timeout=20))
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    boot_linux(make_qemu, netns, record_property, "dnsmasq + pxelinux.0, prompt 1 timeout 20")


def test_seed_stack_isc_dhcpd_tftpd_hpa(netns, tree, make_qemu, record_property):
    """The seed document's server stack: ISC dhcpd with its dhcpd.conf shape + tftpd-hpa -s."""
    seed_tree(tree, palacios_linux_cfg(prompt=0, timeout=1))
    conf = servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", MAC, CLIENT_IP,
                                                   "pxelinux.0")])
    assert 'filename "pxelinux.0";' in conf and "hardware ethernet 52:54:00:12:34:56;" in conf
    dhcpd = servers.start_isc_dhcpd(netns, conf)
    servers.start_tftpd_hpa(netns, tree.root)
    boot_linux(make_qemu, netns, record_property, "ISC dhcpd + tftpd-hpa + pxelinux.0")
    assert f"DHCPACK on {CLIENT_IP} to {MAC}" in dhcpd.log()


def test_dnsmasq_pxelinux_memdisk_floppy(netns, tree, make_qemu, record_property):
    """The seed's memdisk for "ancient things": a floppy image whose boot sector prints."""
    tree.add_pxelinux()
    tree.add("memdisk")
    tree.add("floppy.img")
    tree.pxelinux_cfg(MAC, "default floppy\nlabel floppy\n    kernel memdisk\n"
                           "    append initrd=floppy.img\n")
    servers.start_dnsmasq(netns, tftp_root=tree.root,
                          hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)])
    m = vm.wait_for(r"WIREBOOT-FLOPPY-OK drive=(\w\w)", timeout=120)
    print(f"\nmemdisk floppy marker after {vm.elapsed():.1f} s")
    assert m.group(1) == "00"
    assert vm.wait_exit(timeout=30) == 0
