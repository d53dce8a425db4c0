# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot.pxe chaining another PXE boot program on BIOS (docs/chainloading.md), under
SeaBIOS with QEMU's stock iPXE ROM as the firmware PXE stack (-boot n).

wireboot hands the firmware's stack over as it found it, with the cached DHCP packets naming
the chained program: pxelinux.0 fetched from px/ then reads px/pxelinux.cfg/, not wireboot's
pxelinux.cfg/, and boots the Debian kernel + the fixture initramfs (marker and command line
asserted); iPXE's undionly.kpxe boots the same kernel from an iPXE script.
"""
from wbtest import BootTree, DhcpHost, Nic, env, servers

MAC = "52:54:00:12:34:56"
MAC_DASHES = "52-54-00-12-34-56"
CLIENT_IP = "10.77.0.92"
APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wbchain=pxelinux"
UNDIONLY = "/usr/lib/ipxe/undionly.kpxe"
OTHER_SERVER = "10.77.0.2"


def pxelinux_in_subdir(tree, append=APPEND):
    """px/pxelinux.0 with its own config in px/pxelinux.cfg/ and the kernel beside it."""
    tree.add("px/pxelinux.0", env.fixture("pxelinux.0"))
    tree.add("px/ldlinux.c32", env.fixture("ldlinux.c32"))
    tree.add("px/bzImage", env.fixture("vmlinuz"))
    tree.add("px/initramfs.cpio", env.fixture("initramfs.cpio"))
    tree.add_text(f"px/pxelinux.cfg/01-{MAC_DASHES}",
                  f"default viapx\nlabel viapx\n    kernel bzImage\n    append {append}\n")


def wireboot_cfg(tree, pxe_image, label_body):
    tree.add("wireboot.pxe", pxe_image)
    tree.pxelinux_cfg(MAC, f"default chain\nlabel chain\n{label_body}\ntimeout 1\n")


def run(netns, tree, make_qemu, model, extra_dnsmasq=(), start_vm=True):
    dnsmasq = servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot.pxe",
                                    hosts=[DhcpHost("v-test-intel-lab", MAC, CLIENT_IP)],
                                    extra_args=extra_dnsmasq)
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, model=model)], start=start_vm)
    return vm, dnsmasq


def assert_linux(vm, cmdline):
    r = vm.boot_and_wait(timeout=env.scaled(300))
    print(f"\nQEMU start -> init done {vm.elapsed():.1f} s")
    assert r.marker, vm.tail()
    assert r.cmdline == cmdline
    assert vm.wait_exit(timeout=60) == 0


def test_native_pxelinux_reads_its_own_config(pxe, netns, tree, make_qemu):
    """wireboot.pxe with its native virtio-net driver (the ROM's stack only shut its driver
    down) -> `KERNEL px/pxelinux.0`: the NIC goes back to the ROM's stack, pxelinux.0 reads
    px/pxelinux.cfg/ and boots."""
    pxelinux_in_subdir(tree)
    wireboot_cfg(tree, pxe, "    kernel px/pxelinux.0")
    vm, dnsmasq = run(netns, tree, make_qemu, "virtio-net-pci")
    vm.wait_for(r"virtio0: MAC ", timeout=env.scaled(90))
    vm.wait_for(r"Chaining chain: px/pxelinux.0, \d+ bytes at 0000:7c00, the PXE ROM's stack "
                r"handed over", timeout=env.scaled(120))
    assert_linux(vm, "BOOT_IMAGE=bzImage " + APPEND)
    text = vm.serial_text()
    assert "the native virtio-net (legacy/transitional) driver takes over" in text
    assert "the PXE stack did not take the NIC back" not in text
    assert f"px/pxelinux.cfg/01-{MAC_DASHES}" in dnsmasq.log()


def test_undi_handover_pxelinux_reads_its_own_config(pxe, netns, tree, make_qemu):
    """RTL8139 (no native driver: wireboot keeps the ROM's UNDI) -> `PXE px/pxelinux.0`."""
    pxelinux_in_subdir(tree)
    wireboot_cfg(tree, pxe, "    pxe px/pxelinux.0")
    vm, dnsmasq = run(netns, tree, make_qemu, "rtl8139")
    vm.wait_for(r"Chaining chain: px/pxelinux.0, \d+ bytes at 0000:7c00, the PXE ROM's stack "
                r"handed over", timeout=env.scaled(120))
    assert_linux(vm, "BOOT_IMAGE=bzImage " + APPEND)
    text = vm.serial_text()
    assert "PXE: cached packet 2 at" in text and "PXE: cached packet 3 at" in text
    log = dnsmasq.log()
    assert f"px/pxelinux.cfg/01-{MAC_DASHES}" in log  # pxelinux.0's own search


def test_pxechn_from_another_server(pxe_tftp, netns, tree, make_qemu, tmp_path):
    """`pxechn.c32 10.77.0.2::px/pxelinux.0`: a second TFTP server holds pxelinux.0, its
    config and the kernel (the boot server has none of them); pxelinux.0 finds that server as
    next-server in the cached packets and boots from it."""
    other = BootTree(str(tmp_path / "other"))
    append = APPEND.replace("wbchain=pxelinux", "wbchain=pxechn")
    pxelinux_in_subdir(other, append)
    wireboot_cfg(tree, pxe_tftp, f"    kernel pxechn.c32\n    append {OTHER_SERVER}::px/pxelinux.0")
    vm, _ = run(netns, tree, make_qemu, "virtio-net-pci", start_vm=False)
    netns.run(["ip", "addr", "add", f"{OTHER_SERVER}/24", "dev", netns.bridge])
    servers.start_tftpd_hpa(netns, other.root, extra_args=["-a", f"{OTHER_SERVER}:69"],
                            log_name="tftpd-other.log")
    vm.start()
    vm.wait_for(rf"Chaining chain: {OTHER_SERVER}::px/pxelinux.0, \d+ bytes at 0000:7c00",
                timeout=env.scaled(120))
    assert_linux(vm, "BOOT_IMAGE=bzImage " + append)


def test_native_ipxe_undionly_script(pxe, netns, tree, make_qemu):
    """A typical iPXE setup: DHCP hands every iPXE a script.  The firmware's iPXE ROM (its
    own virtio-net driver) runs it and chains wireboot.pxe (native driver), whose label names
    undionly.kpxe (by its extension); that iPXE takes over the ROM's UNDI, asks DHCP again,
    and the script, seeing the UNDI NIC, boots the kernel."""
    tree.add("wireboot.pxe", pxe)
    tree.add("undionly.kpxe", UNDIONLY)
    tree.add("bzImage", env.fixture("vmlinuz"))
    tree.add("initramfs.cpio", env.fixture("initramfs.cpio"))
    tree.add_text("boot.ipxe", "#!ipxe\n"
                               "echo chained-ipxe chip=${net0/chip}\n"
                               "iseq ${net0/chip} virtio-net && chain wireboot.pxe ||\n"
                               "kernel bzImage wbchain=ipxe console=ttyS0,115200\n"
                               "initrd initramfs.cpio\nboot\n")
    tree.pxelinux_cfg(MAC, "default chain\nlabel chain\n    kernel undionly.kpxe\ntimeout 1\n")
    vm, dnsmasq = run(netns, tree, make_qemu, "virtio-net-pci",
                      ["--dhcp-userclass=set:ipxe,iPXE", "--dhcp-boot=tag:ipxe,boot.ipxe"])
    vm.wait_for(r"Chaining chain: undionly.kpxe, \d+ bytes at 0000:7c00", timeout=env.scaled(120))
    r = vm.boot_and_wait(timeout=env.scaled(300))
    assert r.marker, vm.tail()
    assert r.cmdline is not None and "wbchain=ipxe console=ttyS0,115200" in r.cmdline, r.cmdline
    assert vm.wait_exit(timeout=60) == 0
    assert dnsmasq.log().count("boot.ipxe") >= 2  # asked by the ROM, then by undionly.kpxe
