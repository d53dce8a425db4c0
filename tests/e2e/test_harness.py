# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of the e2e harness itself: the init's report parser, the fixture initramfs
(payload check, two concatenated initrds) booted directly, client namespaces and the
impairing relay that stands in for tc netem."""
import hashlib
import os
import subprocess

import wbtest
from wbtest import Impairment, Nic, boot_result, servers

ROOT = wbtest.ROOT


def test_boot_result_marker_with_printk_on_its_line():
    """The kernel's printk can land right after the marker, before init's newline."""
    log = "Run /init as init process\nWIREBOOT-INIT-OK[    2.69] tsc: Refined TSC\n"
    assert wbtest.boot_result(log).marker
    assert not wbtest.boot_result("Kernel command line: WIREBOOT-INIT-OK x\n").marker


def test_boot_result_parses_init_report():
    log = ("[    1.0] Run /init as init process\r\n"
           "WIREBOOT-INIT-OK\r\n"
           "CMDLINE: BOOT_IMAGE=bzImage initrd=a.cpio,b.cpio console=ttyS0,115200\r\n"
           "PAYLOAD-SHA256-OK " + "ab" * 32 + "\r\n"
           "[    2.0] virtio_net virtio0 eth0: renamed\r\n"
           "LINK eth0 UP\r\nINITRDS: first=one second=two\r\nWIREBOOT-INIT-DONE")
    r = boot_result(log)
    assert r.marker and r.done
    assert r.cmdline == "BOOT_IMAGE=bzImage initrd=a.cpio,b.cpio console=ttyS0,115200"
    assert (r.payload, r.payload_sha256) == ("ok", "ab" * 32)
    assert r.link == "UP"
    assert r.initrds == {"first": "one", "second": "two"}
    bad = boot_result("CMDLINE: x\nPAYLOAD-SHA256-BAD " + "00" * 32 + " expected " + "11" * 32)
    assert not bad.marker and not bad.done
    assert (bad.payload, bad.payload_sha256) == ("bad", "00" * 32)
    assert boot_result("PAYLOAD none\nINITRDS: none\nLINK eth0 MISSING").initrds == {}


def mkinitramfs(*args):
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "mkinitramfs"),
                    "--kernel-version", open(wbtest.fixture("vmlinuz.version")).read().strip(),
                    *args], check=True)


def test_mkinitramfs_is_deterministic(tmp_path, fixtures):
    a, b = tmp_path / "a.cpio", tmp_path / "b.cpio"
    mkinitramfs("--output", str(a), "--payload-mb", "1", "--extra-file", "x=y")
    mkinitramfs("--output", str(b), "--payload-mb", "1", "--extra-file", "x=y")
    assert a.read_bytes() == b.read_bytes()
    listing = subprocess.run(["cpio", "-it"], stdin=open(a, "rb"), capture_output=True,
                             text=True).stdout.split()
    assert {"init", "bin/busybox", "dev/console", "wireboot/payload.bin",
            "wireboot/markers/x", "lib/modules/virtio_net.ko"} <= set(listing)


def test_direct_boot_payload_and_two_initrds(netns, make_qemu, tmp_path, record_property):
    """-kernel/-initrd with two concatenated cpio archives and a 4 MiB payload: init checks
    the payload's sha256 and sees the marker files of both archives."""
    first, second = tmp_path / "first.cpio", tmp_path / "second.cpio"
    mkinitramfs("--output", str(first), "--payload-mb", "4", "--extra-file", "first=one")
    mkinitramfs("--output", str(second), "--no-init", "--extra-file", "second=two")
    both = tmp_path / "both.cpio"
    both.write_bytes(first.read_bytes() + second.read_bytes())
    want = hashlib.sha256(b"".join(hashlib.shake_128(b"wireboot-payload-%d" % i).digest(1 << 20)
                                   for i in range(4))).hexdigest()
    vm = make_qemu(nics=[Nic(netns.add_tap(), romfile="")], boot=None,
                   kernel=wbtest.fixture("vmlinuz"), initrd=str(both),
                   append="console=ttyS0,115200 wbtest=direct")
    r = vm.boot_and_wait(timeout=120)
    record_property("direct_boot_seconds", round(vm.elapsed(), 1))
    print(f"\ndirect -kernel/-initrd boot to init end: {vm.elapsed():.1f} s")
    assert r.marker
    assert r.cmdline == "console=ttyS0,115200 wbtest=direct"
    assert (r.payload, r.payload_sha256) == ("ok", want)
    assert r.link == "UP"
    assert r.initrds == {"first": "one", "second": "two"}
    assert vm.wait_exit(timeout=60) == 0


def test_impaired_client_tftp_fetch_intact(netns, tree, tmp_path):
    """A client namespace behind the impairing relay (10% loss, 5% duplicates, reordering,
    jitter, both directions) fetches a file from tftpd-hpa: it arrives intact, and the relay's
    counters show that it really dropped and duplicated frames."""
    data = hashlib.shake_128(b"impaired").digest(96 * 1024)
    src = tmp_path / "blob.bin"
    src.write_bytes(data)
    tree.add("blob.bin", str(src))
    servers.start_tftpd_hpa(netns, tree.root, extra_args=["-T", "50000"])  # 50 ms retransmit
    client = netns.add_client(impair=Impairment(loss=0.1, duplicate=0.05, reorder=0.1,
                                                delay_ms=1, jitter_ms=2))
    out = tmp_path / "fetched.bin"
    p = client.run(["timeout", "120", "tftp", "-m", "binary", netns.server_ip, "-c", "get",
                    "blob.bin", str(out)], check=False)
    assert p.returncode == 0, p.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    client.link.proc.stop()
    counts = client.link.counts()
    assert counts["up"]["dropped"] > 0 and counts["down"]["dropped"] > 0
    assert counts["up"]["duplicated"] + counts["down"]["duplicated"] > 0


def test_fleet_run_two_clients(netns, tree):
    """The fleet harness of `make reliability` (reliability.FleetRun, Netns.add_taps) on two
    clients: both fetch the file intact, and the figures it reports are sane."""
    from reliability import FleetRun, blob_tree
    digest = blob_tree(tree, 64 * 1024)
    srv = servers.start_wireboot_server(netns, tree.root, ["--range", "10.77.0.100-10.77.0.199",
                                                           "--user", "root"])
    taps = netns.add_taps(2)
    run = FleetRun(netns, srv.pid, taps, {"blob.bin": (64 * 1024, digest)}, timeout=120)
    assert run.failures == [], run.failures
    s = run.summary()
    assert s["clients"] == 2 and s["failures"] == 0
    assert 0 < s["p50"] <= s["p99"] <= s["seconds"] < 120
    assert s["rss_mb"] > 0 and s["cpu_s_per_gb"] >= 0
