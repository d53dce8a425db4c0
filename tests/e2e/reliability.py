# SPDX-License-Identifier: GPL-2.0-or-later
"""What tests/e2e/test_reliability.py and test_load.py share: the fault profile, the sizes of
the short (`make test`) and long (`make reliability`) versions, boot trees for wireboot-check,
running it and reading its boot plan, and the results file scripts/reliability turns into
docs/reliability.md.

  WB_RELIABILITY=long            the long version (issue #9's full sizes and counts)
  WB_RELIABILITY_RESULTS=FILE    append one JSON line per measured run to FILE
"""
import hashlib
import json
import os
import random
import re
import subprocess
import time

import pytest

import wbtest
from wbtest import Impairment
from test_wireboot_check import write_small_bzimage  # noqa: F401  (a bzImage-shaped file)

LONG = os.environ.get("WB_RELIABILITY") == "long"
RESULTS = os.environ.get("WB_RELIABILITY_RESULTS")

# Issue #9's faults, both directions: 10% loss, 5% duplication, 5% of frames held back
# behind later ones, and a 50 ms delay with 50 ms jitter (0..100 ms, which reorders too).
FAULTS = Impairment(loss=0.10, duplicate=0.05, reorder=0.05, delay_ms=50, jitter_ms=50)
FAULTS_TEXT = "10% loss, 5% dup, 5% reorder, 50+-50 ms delay, both directions"
# The file each of the 20 consecutive fetches under FAULTS gets in the long version: what
# fits the long run's half hour at ~75 KB/s (issue #9 asks for 64 MB: ~15 min per fetch).
FAULT_FETCH_SIZE = 2 * 1024 * 1024
# What five whole QEMU boots (15 MB through UNDI each) get through in minutes; one boot
# under the full FAULTS runs in the long version.
LIGHT_FAULTS = Impairment(loss=0.02, duplicate=0.01, reorder=0.01)
LIGHT_FAULTS_TEXT = "2% loss, 1% dup, 1% reorder (+5 ms), no jitter, both directions"

MB = 1024 * 1024


def pick(short, long):
    """The short version's value, or the long one under `make reliability`."""
    return long if LONG else short


def record(test, **fields):
    """One measured run for docs/reliability.md (no-op outside scripts/reliability)."""
    if not RESULTS:
        return
    with open(RESULTS, "a") as f:
        f.write(json.dumps(dict(test=test, mode="long" if LONG else "short", **fields)) + "\n")


def wireboot_check():
    path = wbtest.build_path("wireboot-check")
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} not built")
    return path


def write_blob(path, size, seed):
    """`size` deterministic pseudo-random bytes at `path`; returns their sha256."""
    data = random.Random(seed).randbytes(size)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)
    return hashlib.sha256(data).hexdigest()


def blob_tree(tree, size, seed=1, name="blob.bin"):
    """A tree whose pxelinux.cfg/default boots a small bzImage with `name` (size bytes) as
    its initrd; returns the blob's sha256."""
    write_small_bzimage(tree.path("bzImage"))
    digest = write_blob(tree.path(name), size, seed)
    tree.pxelinux_cfg(None, f"default blob\nlabel blob\n    kernel bzImage\n"
                            f"    append initrd={name}\n")
    return digest


def client(ns, impair=None):
    """A client namespace whose eth0 carries no address: wireboot-check's own stack uses it
    through AF_PACKET, the kernel's stays out of the way."""
    c = ns.add_client(impair=impair)
    c.run(["ip", "addr", "flush", "dev", "eth0"])
    return c


class CheckRun:
    """One wireboot-check run: exit status, output, wall time, and the plan's files."""

    def __init__(self, rc, out, seconds):
        self.rc, self.out, self.seconds = rc, out, seconds
        # "  initrd blob.bin: 8388608 bytes at 0x..., sha256 HEX, fetched in 3.21 s (2.6 MB/s)"
        self.files = {m.group(2): (int(m.group(3)), m.group(4), float(m.group(5)))
                      for m in re.finditer(r"^  (kernel|initrd) +(\S+): (\d+) bytes at 0x[0-9a-f]+, "
                                           r"sha256 ([0-9a-f]{64}), fetched in ([\d.]+) s",
                                           out, re.M)}
        m = re.search(r"dhcp: address (\S+),", out)
        self.address = m.group(1) if m else None

    def assert_file(self, name, size, digest):
        assert self.rc == 0, self.out
        assert name in self.files, self.out
        assert self.files[name][:2] == (size, digest), self.out


def check_argv(ns, *args):
    return ["ip", "netns", "exec", ns.name, wireboot_check(), "--interface", "eth0", *args]


def run_check(ns, *args, timeout=300, log="wireboot-check.log"):
    """wireboot-check --interface eth0 ARGS in namespace ns; returns a CheckRun."""
    argv = check_argv(ns, *args)
    start = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, errors="replace",
                           timeout=wbtest.scaled(timeout))
        rc, out = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        rc = None
        out = (e.stdout or b"").decode("utf-8", "replace") + (e.stderr or b"").decode(
            "utf-8", "replace") + f"\n(killed after {timeout} s)"
    seconds = time.monotonic() - start
    with open(os.path.join(ns.workdir, log), "a") as f:
        f.write(f"$ {' '.join(argv)}\n{out}\n(exit {rc}, {seconds:.1f} s)\n")
    return CheckRun(rc, out, seconds)


def start_check(ns, *args, log="wireboot-check.log"):
    """wireboot-check started in the background (a procs.Proc logging to ns.workdir/log)."""
    proc = ns.start(check_argv(ns, *args)[4:], log, name="wireboot-check")
    proc.started = time.monotonic()
    return proc


def finish_check(proc, timeout):
    """Wait for a start_check() process; returns a CheckRun (output from its log)."""
    rc = proc.wait(timeout)
    return CheckRun(rc, proc.log(), time.monotonic() - proc.started)


# ---- fleets: many wireboot-check clients at once -------------------------------------------

def percentile(values, q):
    """The q-quantile (0..1) of values by rank (no interpolation), or None when empty."""
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else None


def process_cpu_seconds(pid):
    """utime + stime (+ reaped children) of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def process_status_kb(pid, key):
    """A /proc/<pid>/status value in kB (VmHWM: peak RSS)."""
    with open(f"/proc/{pid}/status") as f:
        m = re.search(rf"^{key}:\s+(\d+) kB", f.read(), re.M)
    return int(m.group(1)) if m else None


class FleetRun:
    """N wireboot-check clients started at once, each on its own tap of the bridge (its own
    network stack at the tap's far end, like a VM), at nice +9 relative to the server:
    when each was done, its output, and what the server spent meanwhile."""

    def __init__(self, ns, server_pid, taps, want, timeout):
        self.want = want  # {name: (size, sha256)} every client must fetch
        cpu0 = process_cpu_seconds(server_pid)
        start = time.monotonic()
        # The clients run at a lower priority than the server (nice +9): on a real network
        # each machine has its own CPU; here hundreds of clients would starve the server.
        procs = [ns.start(["nice", "-n", "9", wireboot_check(), "--interface", tap, "--tap", "--mac",
                           f"52:54:00:f2:{i >> 8:02x}:{i & 255:02x}", "--fetch"],
                          f"fleet/{tap}.log", name=f"check-{tap}") for i, tap in enumerate(taps)]
        done = {}
        while len(done) < len(procs) and time.monotonic() - start < timeout:
            for i, p in enumerate(procs):
                if i not in done and not p.running():
                    done[i] = time.monotonic() - start
            time.sleep(0.05)
        self.cpu_seconds = process_cpu_seconds(server_pid) - cpu0
        self.peak_rss_kb = process_status_kb(server_pid, "VmHWM")
        self.last = max(done.values(), default=timeout)
        self.seconds, self.failures = [], []
        for i, p in enumerate(procs):
            if i not in done:
                p.stop()
                self.failures.append(f"{taps[i]}: no end within {timeout:.0f} s")
                continue
            r = CheckRun(p.popen.returncode, p.log(), done[i])
            self.seconds.append(done[i])
            bad = [n for n, w in want.items() if r.files.get(n, (None, None))[:2] != w]
            if r.rc != 0 or bad:
                m = re.search(r"wireboot-check: failed at .*", r.out)
                self.failures.append(f"{taps[i]}: exit {r.rc}, "
                                     f"{m.group(0) if m else 'wrong or missing ' + ', '.join(bad)}")
        self.clients = len(taps)
        self.gigabytes = self.clients * sum(size for size, _ in want.values()) / 1e9

    def summary(self):
        """The figures docs/reliability.md shows (and the test prints)."""
        return dict(clients=self.clients, seconds=round(self.last, 1),
                    p50=round(percentile(self.seconds, 0.5) or 0, 1),
                    p99=round(percentile(self.seconds, 0.99) or 0, 1),
                    failures=len(self.failures),
                    rss_mb=round((self.peak_rss_kb or 0) / 1024, 1),
                    cpu_s_per_gb=round(self.cpu_seconds / self.gigabytes, 2),
                    load=" ".join(open("/proc/loadavg").read().split()[:3]))
