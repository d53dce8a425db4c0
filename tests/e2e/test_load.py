# SPDX-License-Identifier: GPL-2.0-or-later
"""Load (issue #9): one wireboot-server, 16 wireboot-check clients in their own namespaces
fetching the Debian kernel + the 48 MB initramfs at once, and 4 QEMU machines booting
through wireboot.pxe at once.  Minutes of work on this machine: only under `make
reliability` (WB_RELIABILITY=long), which puts the figures into docs/reliability.md.
"""
import hashlib
import os
import time

import pytest

from wbtest import Nic, env, servers
from reliability import LONG, MB, client, finish_check, record, start_check

pytestmark = pytest.mark.skipif(not LONG, reason="load tests run under `make reliability`")

CLIENTS = 16
VMS = 4


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def test_sixteen_clients_at_once(netns, tree):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio", "initramfs-48m.cpio")
    tree.pxelinux_cfg(None, "default linux\nlabel linux\n    kernel bzImage\n"
                            "    append initrd=initramfs.cpio console=ttyS0,115200\n")
    want = {name: (os.path.getsize(tree.path(name)), sha256(tree.path(name)))
            for name in ("bzImage", "initramfs.cpio")}
    servers.start_wireboot_server(netns, tree.root, ["--range", "10.77.0.100-10.77.0.199",
                                                     "--user", "root"])
    clients = [client(netns) for _ in range(CLIENTS)]
    start = time.monotonic()
    procs = [start_check(c, "--fetch") for c in clients]
    runs = [finish_check(p, timeout=1800) for p in procs]
    wall = time.monotonic() - start
    for r in runs:
        for name, (size, digest) in want.items():
            r.assert_file(name, size, digest)
    total = CLIENTS * sum(size for size, _ in want.values())
    rate = total / wall / MB
    slowest = max(r.seconds for r in runs)
    record("load_clients", clients=CLIENTS, ok=True, bytes=total, seconds=round(wall, 1),
           mb_per_s=round(rate, 1), slowest=round(slowest, 1))
    print(f"\n{CLIENTS} clients, {total / MB:.0f} MiB in {wall:.1f} s: {rate:.1f} MiB/s "
          f"aggregate, slowest client {slowest:.1f} s")
    assert len({r.address for r in runs}) == CLIENTS


def test_four_vms_boot_at_once(netns, tree, make_qemu):
    pxe = env.build_path("wireboot.pxe")
    if not os.path.exists(pxe):
        pytest.skip(f"{pxe} not built (rom/, make all)")
    tree.add("wireboot.pxe", pxe)
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(None, "default linux\nlabel linux\n    kernel bzImage\n"
                            "    append initrd=initramfs.cpio console=ttyS0,115200 wbtest=load\n")
    servers.start_wireboot_server(netns, tree.root, ["--range", "10.77.0.100-10.77.0.199",
                                                     "--user", "root"])
    vms = [make_qemu(nics=[Nic(netns.add_tap(), f"52:54:00:12:36:{i:02x}")]) for i in range(VMS)]
    results = [vm.boot_and_wait(timeout=1200) for vm in vms]
    times = [vm.elapsed() for vm in vms]
    record("load_vms", vms=VMS, ok=all(r.marker for r in results), seconds=round(max(times), 1))
    print(f"\n{VMS} VMs at once: init done after {min(times):.0f}..{max(times):.0f} s")
    for vm, r in zip(vms, results):
        assert r.marker, vm.tail()
        assert r.cmdline.endswith("wbtest=load"), r.cmdline
