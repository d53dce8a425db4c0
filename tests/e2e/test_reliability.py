# SPDX-License-Identifier: GPL-2.0-or-later
"""Reliability (issue #9), end to end in a private namespace: wireboot's client and server
under faults, across TFTP block-number rollover, across a server restart and a kill -9 of the
lease file's writer, and the errors a client reports when a server is missing.

The short version runs in `make test`; `make reliability` runs the long one (WB_RELIABILITY=
long: issue #9's full sizes and counts) and writes docs/reliability.md from the results.
Faults come from wbtest's user-space impairing relay (this kernel has no sch_netem).
"""
import os
import re
import signal
import subprocess
import time

import pytest

import wbtest
from wbtest import Nic, env, servers
from reliability import (FAULT_FETCH_SIZE, FAULTS, FAULTS_TEXT, LIGHT_FAULTS,
                         LIGHT_FAULTS_TEXT, LONG, MB, blob_tree, client, finish_check, pick,
                         record, run_check, start_check)

RANGE = ["--range", "10.77.0.100-10.77.0.199", "--user", "root"]


def wireboot_server(ns, tree, *args, log_name="wireboot-server.log"):
    return servers.start_wireboot_server(ns, tree.root, [*RANGE, *args], log_name=log_name)


# ---- faults -------------------------------------------------------------------------------

def test_fetches_under_faults(netns, tree):
    """Consecutive wireboot-check runs (DHCP, config search, kernel, an initrd) through a
    link that loses, duplicates, reorders and delays frames both ways: every file intact.
    Under this profile a window of 16 blocks per round trip (100 ms on average, up to 200)
    gives wireboot's TFTP about 75 KB/s, so FAULT_FETCH_SIZE is what 20 runs fit into the
    long run's half hour, not issue #9's 64 MB (about 15 minutes per fetch): see the NOTES
    in scripts/reliability."""
    runs, size = pick(3, 20), pick(256 * 1024, FAULT_FETCH_SIZE)
    digest = blob_tree(tree, size)
    wireboot_server(netns, tree)
    c = client(netns, impair=FAULTS)
    times, failed = [], []
    for i in range(runs):
        r = run_check(c, "--fetch", timeout=pick(240, 1200))
        first_error, attempts = None, 1
        while r.rc != 0 and attempts < 3:
            # A failed attempt must be a clean, named error; the firmware's error prompt then
            # retries the whole sequence, and so does this test (twice at most).
            assert r.rc in (3, 4, 7, 8), r.out
            first_error = first_error or re.search(r"wireboot-check: failed at (.*)", r.out).group(1)
            failed.append(first_error)
            r = run_check(c, "--fetch", timeout=pick(240, 1200))
            attempts += 1
        r.assert_file("blob.bin", size, digest)
        times.append(r.files["blob.bin"][2])
        record("fetch_under_faults", run=i + 1, size=size, ok=True, seconds=round(r.seconds, 1),
               fetch_seconds=r.files["blob.bin"][2], faults=FAULTS_TEXT,
               attempts=attempts, first_error=first_error)
    c.link.proc.stop()
    counts = c.link.counts()
    print(f"\n{runs} x {size // 1024} KiB under faults: fetch {min(times):.1f}..{max(times):.1f} s;"
          f" failed attempts {failed}; relay {counts}")
    assert len(failed) <= 1, failed  # a retry now and then, not a habit
    assert counts["up"]["dropped"] > 0 and counts["down"]["dropped"] > 0
    assert counts["up"]["duplicated"] > 0 and counts["down"]["duplicated"] > 0
    assert counts["up"]["reordered"] > 0 and counts["down"]["reordered"] > 0


@pytest.fixture
def pxe(fixtures):
    path = env.build_path("wireboot.pxe")
    if not os.path.exists(path):
        pytest.skip(f"{path} not built (rom/, make all)")
    return path


def payload_initramfs(path, mb):
    """The fixture initramfs with an `mb` MiB payload that /init checks (PAYLOAD-SHA256-OK)."""
    if not os.path.exists(path):
        subprocess.run(["/usr/bin/python3", os.path.join(wbtest.ROOT, "scripts", "mkinitramfs"),
                        "--kernel-version", open(wbtest.fixture("vmlinuz.version")).read().strip(),
                        "--output", path, "--payload-mb", str(mb)], check=True)
    return path


@pytest.mark.parametrize("profile", ["light"] + (["issue9"] if LONG else []))
def test_qemu_boots_under_faults(pxe, netns, tree, make_qemu, tmp_path, profile):
    """BIOS QEMU on an impaired tap: iPXE ROM -> wireboot.pxe -> Debian kernel + an initramfs
    with a payload, all through wireboot-server: /init verifies the payload.  The `light`
    profile (2% loss, dup, reorder) boots in minutes; issue #9's profile only runs in the
    long version, once (about 15 MB through UNDI under the full faults)."""
    faults, text = (LIGHT_FAULTS, LIGHT_FAULTS_TEXT) if profile == "light" else (FAULTS, FAULTS_TEXT)
    boots = pick(1, 5) if profile == "light" else 1
    tree.add("wireboot.pxe", pxe)
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio", payload_initramfs(str(tmp_path / "payload.cpio"), 4))
    tree.pxelinux_cfg(None, "default linux\nlabel linux\n    kernel bzImage\n"
                            "    append initrd=initramfs.cpio console=ttyS0,115200 wbtest=faults\n")
    wireboot_server(netns, tree)
    for i in range(boots):
        tap, link = netns.add_tap(impair=faults)
        vm = make_qemu(nics=[Nic(tap, f"52:54:00:12:35:{i:02x}", impaired=True)])
        r = vm.boot_and_wait(timeout=600 if profile == "light" else 3600)
        record("qemu_boot_under_faults", run=i + 1, ok=r.marker and r.payload == "ok",
               seconds=round(vm.elapsed(), 1), faults=text)
        print(f"\nboot {i + 1} under faults: {vm.elapsed():.1f} s")
        assert r.marker, vm.tail()
        assert r.payload == "ok", vm.tail()
        assert r.cmdline.endswith("wbtest=faults"), r.cmdline
        vm.stop()
        link.proc.stop()
        assert link.counts()["down"]["dropped"] > 0


# ---- block-number rollover ----------------------------------------------------------------

# Issue #9's sizes, past 65536 blocks in both cases (81,921 and 71,429 blocks); over a
# clean veth they take seconds, so the short version runs them too.
ROLLOVER = [(512, 40 * MB), (1468, 100 * MB)]


@pytest.mark.parametrize("server", ["wireboot-server", "tftpd-hpa"])
@pytest.mark.parametrize("blksize,size", ROLLOVER, ids=["512", "1468"])
def test_block_number_rollover(netns, tree, server, blksize, size):
    """More than 65536 blocks: the block number wraps to 0 and the file arrives intact."""
    digest = blob_tree(tree, size, seed=blksize)
    if server == "tftpd-hpa":
        servers.start_dnsmasq(netns, boot_file="pxelinux.0")
        servers.start_tftpd_hpa(netns, tree.root)
    else:
        wireboot_server(netns, tree)
    c = client(netns)
    r = run_check(c, "--fetch", "--blksize", str(blksize), timeout=600)
    r.assert_file("blob.bin", size, digest)
    blocks = size // blksize + 1
    assert blocks > 65536
    record("rollover", server=server, blksize=blksize, size=size, blocks=blocks, ok=True,
           fetch_seconds=r.files["blob.bin"][2])
    print(f"\n{server} blksize {blksize}: {size} bytes, {blocks} blocks in "
          f"{r.files['blob.bin'][2]:.1f} s")


# ---- restarts -----------------------------------------------------------------------------

def test_server_restart_mid_transfer(netns, tree):
    """wireboot-server is killed (-9) and restarted while the initrd is being fetched.  A
    TFTP transfer cannot move to a new server process (its port is gone), so the designed
    behaviour of wireboot-check (one attempt; the firmware retries the whole sequence from
    its error prompt) is: the fetch fails after TFTP_DATA_SILENCE_MS (15 s) without progress
    with a message naming the file, the server and how far it got, and the next run
    succeeds."""
    size = 24 * MB
    digest = blob_tree(tree, size)
    slow = wbtest.Impairment(delay_ms=4)  # ~3 MB/s at window 16: the kill lands mid-file
    p = wireboot_server(netns, tree)
    c = client(netns, impair=slow)
    proc = start_check(c, "--fetch")
    proc.wait_log(r"blob\.bin +[\d.]+ MB / [\d.]+ MB +([2-9]\d)%", timeout=120)
    os.kill(p.popen.pid, signal.SIGKILL)
    p.wait(10)
    killed_at = time.monotonic()
    wireboot_server(netns, tree, log_name="wireboot-server-2.log")
    r = finish_check(proc, timeout=120)
    gave_up = time.monotonic() - killed_at
    assert r.rc == 8, r.out  # initrd stage
    m = re.search(r"blob\.bin: 10\.77\.0\.1 stopped sending after (\d+) bytes", r.out)
    assert m and 0 < int(m.group(1)) < size, r.out
    assert "failed at initrd" in r.out, r.out
    # ACK repeated from the measured RTO doubling to 2 s; 15 s of silence, never a hang.
    assert 10 < gave_up < 40, gave_up
    again = run_check(c, "--fetch", timeout=180)
    again.assert_file("blob.bin", size, digest)
    record("server_restart", ok=True, gave_up_after=round(gave_up, 1),
           retry_seconds=round(again.seconds, 1), bytes_before_kill=int(m.group(1)))


@pytest.mark.skipif(not LONG, reason="a whole QEMU boot plus the 30 s error prompt: make reliability")
def test_qemu_boot_survives_server_restart(pxe, netns, tree, make_qemu):
    """The firmware's side of a restart: wireboot.pxe is fetching the kernel when the server
    is killed (-9) and restarted; wireboot reports the failure, its error prompt retries the
    whole sequence on its own (BOOT_RETRY_PROMPT_MS), and the boot completes."""
    tree.add("wireboot.pxe", pxe)
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(None, "default linux\nlabel linux\n    kernel bzImage\n"
                            "    append initrd=initramfs.cpio console=ttyS0,115200 wbtest=restart\n")
    p = wireboot_server(netns, tree)
    tap, _ = netns.add_tap(impair=wbtest.Impairment(delay_ms=4))  # slow enough to hit mid-file
    vm = make_qemu(nics=[Nic(tap, "52:54:00:12:37:01", impaired=True)])
    vm.wait_for(r"bzImage +[\d.]+ MB / [\d.]+ MB +([2-8]\d)%", timeout=300)
    os.kill(p.popen.pid, signal.SIGKILL)
    p.wait(10)
    wireboot_server(netns, tree, log_name="wireboot-server-2.log")
    m = vm.wait_for(r"Press R to retry", timeout=120)
    r = vm.boot_and_wait(timeout=600)
    assert r.marker, vm.tail()
    assert r.cmdline.endswith("wbtest=restart"), r.cmdline
    assert "stopped sending after" in vm.serial_text()[:m.end()], vm.tail()
    record("qemu_server_restart", ok=True, seconds=round(vm.elapsed(), 1))


def parse_leases(path):
    """{ip: mac} of the bound leases in a wireboot-server lease file; asserts no IP or MAC
    appears twice and every line is well formed (no torn write)."""
    by_ip, macs = {}, set()
    for line in open(path).read().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = re.fullmatch(r"(\d+\.\d+\.\d+\.\d+) ([0-9a-f:]{17}) (\d+) (bound|declined)", line)
        assert m, f"torn or malformed lease line: {line!r}"
        ip, mac = m.group(1), m.group(2)
        assert ip not in by_ip and mac not in macs, f"duplicate lease: {line!r}"
        by_ip[ip] = mac
        macs.add(mac)
    return by_ip


def dhcp_round(clients, timeout=60):
    """wireboot-check (DHCP + config search only) in every client at once: {mac: address}."""
    procs = [start_check(c, log="dhcp-round.log") for c in clients]
    got = {}
    for c, proc in zip(clients, procs):
        r = finish_check(proc, timeout)
        assert r.rc == 0 and r.address, r.out
        mac = re.search(r"MAC ([0-9a-f:]{17})", r.out).group(1)
        got[mac] = r.address
        with open(proc.log_path, "w"):
            pass  # the next round's log starts empty
    return got


def test_lease_file_survives_kill9(netns, tree, tmp_path):
    """Clients get leases; kill -9 while a second round of requests runs; after a restart
    every client gets its own address again and no address is shared or lost."""
    n = pick(6, 12)
    blob_tree(tree, 1024)
    leases = str(tmp_path / "leases")
    p = wireboot_server(netns, tree, "--lease-file", leases)
    clients = [client(netns) for _ in range(n)]
    first = dhcp_round(clients)
    assert len(set(first.values())) == n
    on_disk = parse_leases(leases)
    assert {mac: ip for ip, mac in on_disk.items()} == first

    # kill -9 in the middle of renewals (each ACK rewrites the file), then restart.
    procs = [start_check(c, log="during-kill.log") for c in clients]
    time.sleep(0.5)
    os.kill(p.popen.pid, signal.SIGKILL)
    p.wait(10)
    for proc in procs:
        proc.stop(grace=0.5)
    assert {mac: ip for ip, mac in parse_leases(leases).items()} == first
    wireboot_server(netns, tree, "--lease-file", leases, log_name="wireboot-server-2.log")
    again = dhcp_round(clients)
    assert again == first
    assert {mac: ip for ip, mac in parse_leases(leases).items()} == first
    record("lease_kill9", clients=n, ok=True)


# ---- errors a client must report ----------------------------------------------------------

def test_no_dhcp_server(netns):
    """Nobody answers DHCP: exit 3 after 4 DISCOVERs spaced 1, 2, 4, 8 s (+ up to 25%)."""
    c = client(netns)
    r = run_check(c, timeout=60)
    assert r.rc == 3, r.out
    assert re.search(r"no DHCP offer on eth0 \([0-9a-f:]{17}\) after 4 tries in 1\d s", r.out), r.out
    assert "failed at dhcp" in r.out, r.out
    assert 15 <= r.seconds < 25, r.seconds
    record("error_no_dhcp", ok=True, seconds=round(r.seconds, 1))


def test_no_config_file(netns, tree):
    """DHCP works, no pxelinux.cfg file exists: exit 4 naming the server and the names."""
    wireboot_server(netns, tree)
    c = client(netns)
    r = run_check(c, timeout=60)
    assert r.rc == 4, r.out
    assert re.search(r'no configuration file on 10\.77\.0\.1 \(tried 1\d names under ""\)',
                     r.out), r.out
    assert "pxelinux.cfg/default: not found on 10.77.0.1" in r.out, r.out
    assert r.seconds < 15, r.seconds  # every name is answered at once
    record("error_no_config", ok=True, seconds=round(r.seconds, 1))


@pytest.mark.parametrize("where", ["no-tftp-service", "no-host"])
def test_server_unreachable_after_dhcp(netns, tree, tmp_path, where):
    """DHCP names a TFTP server that does not answer: a host without a TFTP service (dnsmasq
    DHCP only) or an address nobody has (next-server 10.77.0.9): exit 4, after the RRQ was
    sent 4 times (1, 2, 4, 8 s) for the first name only, never a hang."""
    server = "10.77.0.9" if where == "no-host" else netns.server_ip
    servers.start_dnsmasq(netns, boot_file=None, extra_args=[f"--dhcp-boot=pxelinux.0,,{server}"])
    c = client(netns)
    r = run_check(c, timeout=90)
    assert r.rc == 4, r.out
    assert "failed at config search" in r.out, r.out
    assert re.search(rf"pxelinux\.cfg/01-[0-9a-f-]{{17}}: (no answer from {re.escape(server)}"
                     r"|.*unreachable)", r.out), r.out
    assert "pxelinux.cfg/default" not in r.out, r.out  # gave up after the first name
    assert r.seconds < 40, r.seconds
    record("error_unreachable", where=where, ok=True, seconds=round(r.seconds, 1))


# ---- hostile clients ----------------------------------------------------------------------

SPOOF_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spoof_flood.py")


def spoofed_flood(ns, name, count=3000):
    """RRQs from 10.77.0.200-.249 (addresses nobody has) through a client namespace."""
    flooder = ns.add_client()
    r = flooder.run(["/usr/bin/python3", SPOOF_TOOL, ns.server_ip, name, str(count),
                     "10.77.0", "200", "249"])
    assert r.stdout.strip() == f"sent {count}", r.stdout + r.stderr


def test_spoofed_flood_bounded_state(netns, tree):
    """3000 RRQs from 50 spoofed addresses: the server keeps at most --max-transfers of
    them, evicting the oldest transfer nobody acknowledged for each new request, stays
    small, and serves a real client at once."""
    digest = blob_tree(tree, 256 * 1024)
    p = wireboot_server(netns, tree, "--max-transfers", "64", "--log-level", "debug")
    spoofed_flood(netns, "blob.bin")
    assert p.wait_log(r"never acknowledged: evicted for a new request", timeout=30)
    assert p.running()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{p.popen.pid}/status").read()).group(1))
    assert rss_kb < 64 * 1024, rss_kb
    c = client(netns)
    start = time.monotonic()
    r = run_check(c, "--fetch", timeout=180)
    waited = time.monotonic() - start
    r.assert_file("blob.bin", 256 * 1024, digest)
    assert "transfers in progress" not in open(p.log_path).read(), "a request was refused"
    record("spoofed_flood", ok=True, requests=3000, sources=50, locked_out_seconds=round(waited, 1),
           rss_kb=rss_kb)
    print(f"\nreal client served in {waited:.1f} s right after a spoofed flood")


def test_spoofed_flood_real_client_served_at_once(netns, tree):
    """Every transfer slot is held by a spoofed request when the real client asks: its
    requests evict spoofed (never acknowledged) transfers and its first attempt succeeds,
    without waiting for the spoofed ones to time out."""
    digest = blob_tree(tree, 64 * 1024)
    wireboot_server(netns, tree, "--max-transfers", "64")
    spoofed_flood(netns, "blob.bin")
    c = client(netns)
    r = run_check(c, "--fetch", timeout=120)
    r.assert_file("blob.bin", 64 * 1024, digest)
    assert r.seconds < 10, r.seconds


DUP_RRQ = r"""
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
rrq = b"\0\1blob.bin\0octet\0blksize\0" + b"512\0"
s.sendto(rrq, (sys.argv[1], 69))
oack, tid = s.recvfrom(2048)
assert oack[:2] == b"\0\6", oack
s.sendto(b"\0\4\0\0", tid)
data, src = s.recvfrom(2048)
assert data[:4] == b"\0\3\0\1" and src == tid, (data[:4], src)
s.sendto(rrq, (sys.argv[1], 69))          # the network delivers the request twice
s.sendto(b"\0\4\0\1", tid)             # ... and the transfer goes on
data, src = s.recvfrom(2048)
print("next", struct.unpack("!HH", data[:4]), "from original TID" if src == tid else "from NEW TID")
"""


def test_duplicate_rrq_does_not_kill_transfer(netns, tree):
    """The request arrives twice, the second time after the client acknowledged the OACK
    (a duplicate, or the client's 1 s RRQ retransmission crossing the server's 1 s OACK
    retransmission after a lost OACK): the transfer must go on from its own TID."""
    blob_tree(tree, 64 * 1024)
    wireboot_server(netns, tree)
    c = netns.add_client()
    r = c.run(["/usr/bin/python3", "-c", DUP_RRQ, netns.server_ip], check=False)
    assert "next (3, 2) from original TID" in r.stdout, r.stdout + r.stderr


# ---- the fault matrix (long version only) -------------------------------------------------

MATRIX = {
    "none (through the relay)": {},
    "10% loss": dict(loss=0.10),
    "10% loss + 5% dup": dict(loss=0.10, duplicate=0.05),
    "50 ms delay": dict(delay_ms=50),
    "50+-50 ms delay (jitter)": dict(delay_ms=50, jitter_ms=50),
    "issue #9 profile": None,
}


@pytest.mark.skipif(not LONG, reason="measurements for docs/reliability.md (make reliability)")
@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("window", [16, 1])
def test_fault_matrix(netns, tree, name, window):
    """Throughput of one fetch per fault kind: 1 MiB at windowsize 16 (the default), 256 KiB
    at windowsize 1 (lock-step: one block per round trip, so a quarter of the size gives
    the same rate in a quarter of the time)."""
    size = MB if window > 1 else MB // 4
    impair = FAULTS if MATRIX[name] is None else wbtest.Impairment(**MATRIX[name])
    digest = blob_tree(tree, size)
    wireboot_server(netns, tree)
    c = client(netns, impair=impair)
    r = run_check(c, "--fetch", "--windowsize", str(window), timeout=900)
    r.assert_file("blob.bin", size, digest)
    secs = r.files["blob.bin"][2]
    record("fault_matrix", profile=name, window=window, size=size, ok=True, fetch_seconds=secs,
           kb_per_s=round(size / 1024 / max(secs, 0.001)))
