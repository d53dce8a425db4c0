# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot-server as the whole boot server of the seed document: QEMU's stock iPXE ROM
(-boot n) gets its address and `pxelinux.0` from wireboot-server, pxelinux.0 fetches the
seed's per-MAC config and the Debian kernel + busybox initramfs over its TFTP, and the
initramfs prints its marker and /proc/cmdline.  Once with a dhcpd.conf in the seed's shape
(harness), once with the seed's own dhcpd.conf text verbatim (tests/data/seed-dhcpd.conf)
on the seed's own addresses inside a private namespace.  The server drops to `nobody`.
"""
import os
import re

import wbtest
from wbtest import DhcpHost, Nic, servers
from test_reference_pxelinux import EXPECTED_CMDLINE, palacios_linux_cfg, seed_tree

ROOT = wbtest.ROOT
SEED_CONF = os.path.join(ROOT, "tests", "data", "seed-dhcpd.conf")


def boot(vm, record_property, label):
    m = vm.wait_for(r"WIREBOOT-INIT-OK", timeout=240)
    r = vm.boot_and_wait(timeout=120)
    record_property("boot_seconds", round(vm.elapsed(), 1))
    print(f"\n{label}: QEMU start -> init marker {vm.elapsed():.1f} s")
    assert m and r.marker
    assert r.cmdline == EXPECTED_CMDLINE
    assert vm.wait_exit(timeout=60) == 0


def test_ipxe_pxelinux_through_wireboot_server(netns, tree, make_qemu, tmp_path, record_property):
    mac, client_ip = "52:54:00:12:34:56", "10.77.0.92"
    seed_tree(tree, palacios_linux_cfg(prompt=0, timeout=1))
    conf = servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", mac, client_ip, "pxelinux.0")])
    (tmp_path / "dhcpd.conf").write_text(conf)
    p = servers.start_wireboot_server(netns, tree.root, ["--hosts", str(tmp_path / "dhcpd.conf")])
    vm = make_qemu(nics=[Nic(netns.add_tap(), mac)])
    boot(vm, record_property, "iPXE + wireboot-server + pxelinux.0")
    log = p.log()
    assert "running as user nobody" in log
    assert re.search(rf"dhcp REQUEST {mac} PXEClient arch 0 -> ACK {client_ip} file pxelinux\.0", log)
    assert re.search(r"tftp 10\.77\.0\.92:\d+ pxelinux\.cfg/01-52-54-00-12-34-56: \d+ bytes .*: ok", log)
    size = os.path.getsize(tree.path("bzImage"))
    assert re.search(rf"tftp 10\.77\.0\.92:\d+ bzImage: {size} bytes .*: ok", log)


def test_seed_dhcpd_conf_verbatim(fixtures, tree, tmp_path, record_property):
    """The seed's file as written (notes and all) on its own network: 165.124.184.0/23,
    next-server .209, host v-test-intel-lab 00:1B:21:41:CF:4C at .92, pxelinux.0."""
    mac = "00:1b:21:41:cf:4c"
    ns = wbtest.Netns(subnet="165.124.184", server_host=209, workdir=str(tmp_path),
                      router_adverts=True)
    try:
        seed_tree(tree, palacios_linux_cfg(prompt=0, timeout=1))
        tree.pxelinux_cfg(mac, palacios_linux_cfg(prompt=0, timeout=1))
        p = servers.start_wireboot_server(ns, tree.root, ["--hosts", SEED_CONF])
        vm = wbtest.Qemu(ns, str(tmp_path / "vm"), nics=[Nic(ns.add_tap(), mac)], name="seed").start()
        try:
            boot(vm, record_property, "seed dhcpd.conf + wireboot-server + pxelinux.0")
        finally:
            vm.stop()
        log = p.log()
        assert len(re.findall(r"seed-dhcpd\.conf:\d+: '<-- \.\.\. -->' note", log)) == 4
        assert re.search(rf"dhcp REQUEST {mac} PXEClient arch 0 -> ACK 165\.124\.184\.92 "
                         r"file pxelinux\.0 next-server 165\.124\.184\.209", log)
    finally:
        ns.close()
