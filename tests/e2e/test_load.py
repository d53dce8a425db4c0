# SPDX-License-Identifier: GPL-2.0-or-later
"""Load (issue #9): one wireboot-server, 16 wireboot-check clients in their own namespaces
fetching the Debian kernel + the 48 MB initramfs at once, and 4 QEMU machines booting
through wireboot.pxe at once; and fleets (issue #19): 512 clients at once with the kernel +
the small initramfs, 128 with the 48 MB one under a spoofed-RRQ flood.  Minutes of work on
this machine: only under `make reliability` (WB_RELIABILITY=long), which puts the figures
into docs/reliability.md.
"""
import hashlib
import os
import sys
import time

import pytest

import wbtest
from wbtest import Nic, env, servers
from reliability import LONG, MB, FleetRun, client, finish_check, record, start_check

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


# ---- fleets (issue #19) -------------------------------------------------------------------

SPOOF_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spoof_flood.py")
FLEET_CFG = "default f\nlabel f\n    kernel bzImage\n    append initrd=initramfs.cpio\n"
# (clients, initramfs fixture, spoofed-RRQ flood during the run, seconds allowed)
FLEETS = {"512-small": (512, "initramfs.cpio", False, 1200),
          "128-48m-flood": (128, "initramfs-48m.cpio", True, 1800)}


def spoof_loop(ns, name):
    """A client namespace sending a burst of 3000 spoofed RRQs for `name` (from
    10.77.3.200-249, addresses nobody has) every 3 s until stopped, ~1000 a second; its log
    has one "sent 3000" a burst.  (Bursts every 0.5 s, ~4500 a second, are more than this
    2-core machine's server share handles: its port's queue overflows and 6 of 128 clients
    got no answer to their requests.)"""
    flooder = ns.add_client()
    loop = (f"while :; do {sys.executable} {SPOOF_TOOL} {ns.server_ip} {name} 3000 10.77.3 "
            "200 249 || exit 1; sleep 3; done")
    return flooder.start(["sh", "-c", loop], "spoof-flood.log", name="spoof-flood")


@pytest.mark.parametrize("fleet", list(FLEETS))
def test_fleet_at_once(fixtures, tree, tmp_path, fleet):
    """N wireboot-check clients, each on its own tap of one bridge (a /22: room for 512
    leases), start together against one wireboot-server: DHCP, the pxelinux.cfg search, the
    kernel and the initramfs; every file's size and sha256 checked, 0 failures.  Reports the
    time until the last was done, p50/p99 per client, the server's peak RSS and its CPU
    seconds per GB delivered."""
    n, initrd, flood, timeout = FLEETS[fleet]
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio", initrd)
    tree.pxelinux_cfg(None, FLEET_CFG)
    want = {name: (os.path.getsize(tree.path(name)), sha256(tree.path(name)))
            for name in ("bzImage", "initramfs.cpio")}
    ns = wbtest.Netns(workdir=str(tmp_path), prefix_len=22)
    try:
        made = time.monotonic()
        taps = ns.add_taps(n)
        tap_seconds = time.monotonic() - made
        srv = servers.start_wireboot_server(ns, tree.root, [
            "--range", "10.77.0.10-10.77.3.190", "--user", "root", "--log-level", "warn",
            # Room for every client's transfer: at the default 256, the 512 clients' newest
            # requests evicted older ones nobody had acknowledged yet ("server busy").
            "--max-transfers", str(max(256, 2 * n))])
        spoofer = spoof_loop(ns, "initramfs.cpio") if flood else None
        if spoofer:
            spoofer.wait_log(r"sent 3000", timeout=60)
        run = FleetRun(ns, srv.pid, taps, want, env.scaled(timeout))
        bursts = spoofer.log().count("sent 3000") if spoofer else 0
        if spoofer:
            spoofer.stop()
        assert srv.running(), srv.tail()
        summary = run.summary()
        record("fleet_at_once", fleet=fleet, initrd_mb=round(want["initramfs.cpio"][0] / MB, 1),
               kernel_mb=round(want["bzImage"][0] / MB, 1), spoofed_rrqs=bursts * 3000,
               tap_seconds=round(tap_seconds, 1), ok=not run.failures, **summary)
        print(f"\nfleet {fleet}: {summary}, taps made in {tap_seconds:.1f} s, "
              f"{bursts * 3000} spoofed RRQs")
        assert not run.failures, run.failures[:20]
    finally:
        ns.close()
