# SPDX-License-Identifier: GPL-2.0-or-later
"""Private network namespaces for e2e tests: a bridge with the server address, taps for
QEMU, client namespaces on veth pairs, and impaired links.

    ns = Netns()                      # wb<pid>n<k>, br0 = 10.77.0.1/24, lo up
    tap = ns.add_tap()                # "tap0", on br0, for QEMU's -netdev tap
    cli = ns.add_client("10.77.0.50") # child namespace with eth0 = 10.77.0.50/24 on br0
    cli.run(["wireboot-check", ...])
    ns.close()                        # stops its processes, deletes the namespaces

Names contain the test process's pid so helpers running at once never clash; close() is
also called at exit for every namespace still open, and namespaces left by a dead run of
this harness (wb<pid>... whose pid is gone) are removed on the next start.
"""
import atexit
import itertools
import json
import os
import re
import subprocess
import sys
import time

from . import env, procs

_counter = itertools.count()
_open = []
NAME_RX = re.compile(r"^wb(\d+)n\d+(c\d+)?$")

IMPAIR_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "impair.py")
RA_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ra.py")


def sh(argv, check=True, netns=None):
    """Run a command (inside `netns` if given); return CompletedProcess (text)."""
    full = (["ip", "netns", "exec", netns] if netns else []) + [str(a) for a in argv]
    p = subprocess.run(full, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(full)} failed ({p.returncode}): {p.stderr.strip()}")
    return p


def remove_stale():
    """Delete namespaces named by this harness whose creating process no longer exists."""
    out = sh(["ip", "netns", "list"], check=False).stdout
    for line in out.splitlines():
        name = line.split()[0] if line.split() else ""
        m = NAME_RX.match(name)
        if m and not os.path.exists(f"/proc/{m.group(1)}"):
            sh(["ip", "netns", "del", name], check=False)


class Impairment:
    """Loss / duplication / reordering / delay on one link, both directions by default.

    Probabilities are 0..1; `up` is endpoint -> bridge (client to server), `down` the reverse.
    Give up=/down= dicts to make the directions differ."""

    def __init__(self, loss=0.0, duplicate=0.0, reorder=0.0, delay_ms=0.0, jitter_ms=0.0,
                 up=None, down=None):
        base = dict(loss=loss, duplicate=duplicate, reorder=reorder, delay_ms=delay_ms,
                    jitter_ms=jitter_ms)
        self.params = {"up": dict(base, **(up or {})), "down": dict(base, **(down or {}))}


class ImpairedLink:
    """The relay process of an impaired link; set() changes its parameters while it runs."""

    def __init__(self, proc, params_path):
        self.proc = proc
        self.params_path = params_path

    def set(self, impairment):
        with open(self.params_path, "w") as f:
            json.dump(impairment.params, f)
        self.proc.popen.send_signal(1)  # SIGHUP: re-read the parameters
        self.proc.wait_log(r"IMPAIR reloaded", timeout=10)

    def counts(self):
        """Per-direction frame counters, available after the relay stopped."""
        m = re.findall(r"IMPAIR counts (.*)", self.proc.log())
        return json.loads(m[-1]) if m else None


class Netns:
    """A network namespace.  The top-level one has a bridge; clients hang off it."""

    def __init__(self, subnet="10.77.0", server_host=1, workdir=None, bridge="br0",
                 router_adverts=True, prefix_len=24, _parent=None, _name=None):
        """router_adverts: answer IPv6 router solicitations on the bridge (wbtest/ra.py), so
        the iPXE ROM does not spend ~13 s waiting for IPv6 configuration.  dnsmasq, ISC dhcpd
        and tftpd-hpa need it; wireboot-server advertises by itself (server/ra.c) but only
        after listening 3.5 s, and stays silent when it sees ra.py's answers, so with the
        default every server gets the same immediate RA.  test_server_ra.py and the bench
        turn it off to measure wireboot-server's own.  prefix_len: the bridge's netmask
        (22 gives room for more than 254 clients: 10.77.0.0 - 10.77.3.255)."""
        if _parent is None:
            remove_stale()
        self.name = _name or f"wb{os.getpid()}n{next(_counter)}"
        self.subnet = subnet
        self.server_ip = f"{subnet}.{server_host}"
        self.bridge = bridge if _parent is None else None
        self.parent = _parent
        self.workdir = workdir or f"/tmp/{self.name}"
        os.makedirs(self.workdir, exist_ok=True)
        self.procs = []
        self.cleanups = []  # callables run first at close(), e.g. Qemu.stop
        self.children = []
        self._taps = itertools.count()
        self._clients = itertools.count()
        self.closed = False
        sh(["ip", "netns", "add", self.name])
        _open.append(self)
        try:
            self.run(["ip", "link", "set", "lo", "up"])
            if self.bridge:
                self.run(["ip", "link", "add", bridge, "type", "bridge", "forward_delay", "0",
                          "stp_state", "0"])
                self.run(["ip", "addr", "add", f"{self.server_ip}/{prefix_len}", "dev", bridge])
                # No DAD: the bridge's link-local address is usable at once (ra.py needs it).
                self.run(["sysctl", "-qw", f"net.ipv6.conf.{bridge}.accept_dad=0"])
                self.run(["ip", "link", "set", bridge, "up"])
                if router_adverts:
                    p = self.start([sys.executable, RA_SCRIPT, bridge], "ra.log", name="ra")
                    p.wait_log(r"RA READY", timeout=20)
        except Exception:
            self.close()
            raise

    def run(self, argv, check=True):
        """Run a command inside the namespace and wait for it."""
        return sh(argv, check=check, netns=self.name)

    def start(self, argv, log_name, name=None, env_vars=None, stdin=subprocess.DEVNULL):
        """Start a long-running command inside the namespace; log in workdir/log_name."""
        p = procs.start(argv, os.path.join(self.workdir, log_name), name=name, netns=self.name,
                        env_vars=env_vars, stdin=stdin)
        self.procs.append(p)
        return p

    def add_tap(self, name=None, impair=None):
        """A tap for QEMU.  Plain: on the bridge.  With `impair` (an Impairment): QEMU's tap
        stays off the bridge and a relay forwards between it and a bridge port; give QEMU
        vnet_hdr=off (Qemu(impaired=True) does).  Returns the tap name, or (name, link)."""
        k = next(self._taps)
        name = name or f"tap{k}"
        self.run(["ip", "tuntap", "add", "dev", name, "mode", "tap"])
        if impair is None:
            self.run(["ip", "link", "set", name, "master", self.bridge, "up"])
            return name
        self.run(["ip", "link", "set", name, "up"])
        link = self._start_relay(["--a-packet", name], f"brq{k}", impair, f"impair-{name}")
        return name, link

    def add_taps(self, count):
        """`count` plain taps on the bridge, made by one `ip -batch` (hundreds in a second,
        where one `ip` per step takes ~10 ms each).  Returns their names."""
        names = [f"tap{next(self._taps)}" for _ in range(count)]
        # txqueuelen 10000: every tap gets every broadcast of the bridge (hundreds of DHCP
        # and ARP requests at once); a busy client must not lose its own answers among them.
        script = "".join(f"tuntap add dev {n} mode tap\nlink set {n} txqueuelen 10000 master "
                         f"{self.bridge} up\n" for n in names)
        p = subprocess.run(["ip", "-n", self.name, "-batch", "-"], input=script, text=True,
                           capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"ip -batch in {self.name} failed: {p.stderr.strip()}")
        return names

    def add_client(self, ip=None, impair=None):
        """A child namespace with eth0 (ip/24) on the bridge, for host-side clients.
        With `impair` its link goes through the impairing relay.  Returns a Netns; close()
        of this namespace closes it too."""
        k = next(self._clients)
        ip = ip or f"{self.subnet}.{50 + k}"
        child = Netns(subnet=self.subnet, workdir=os.path.join(self.workdir, f"c{k}"),
                      _parent=self, _name=f"{self.name}c{k}")
        self.children.append(child)
        child.ip = ip
        child.link = None
        if impair is None:
            self.run(["ip", "link", "add", f"vc{k}", "type", "veth", "peer", "name", "eth0",
                      "netns", child.name])
            self.run(["ip", "link", "set", f"vc{k}", "master", self.bridge, "up"])
        else:
            # The relay opens both taps; then the endpoint one moves into the child.
            child.link = self._start_relay(["--a-tap", f"tc{k}"], f"brc{k}", impair,
                                           f"impair-c{k}", pre_b=[f"tc{k}"])
            self.run(["ip", "link", "set", f"tc{k}", "netns", child.name])
            child.run(["ip", "link", "set", f"tc{k}", "name", "eth0"])
        child.run(["ip", "addr", "add", f"{ip}/24", "dev", "eth0"])
        child.run(["ip", "link", "set", "eth0", "up"])
        return child

    def _start_relay(self, a_args, b_tap, impair, log_name, pre_b=()):
        params = os.path.join(self.workdir, log_name + ".json")
        with open(params, "w") as f:
            json.dump(impair.params, f)
        for t in (b_tap, *pre_b):
            self.run(["ip", "tuntap", "add", "dev", t, "mode", "tap"])
        p = self.start([sys.executable, IMPAIR_SCRIPT, *a_args, "--b-tap", b_tap,
                        "--params", params], log_name + ".log", name=log_name)
        p.wait_log(r"IMPAIR READY", timeout=20)
        self.run(["ip", "link", "set", b_tap, "master", self.bridge, "up"])
        return ImpairedLink(p, params)

    def wait_udp_listen(self, port, timeout=20, proc=None, proto="udp"):
        """Wait until something in the namespace listens on UDP `port` (reads /proc/net/udp;
        proto="tcp": /proc/net/tcp, any socket bound to the port)."""
        deadline = time.monotonic() + env.scaled(timeout)
        while True:
            out = self.run(["cat", f"/proc/net/{proto}"], check=False).stdout
            local_ports = [int(f[1].rsplit(":", 1)[1], 16)
                           for f in (line.split() for line in out.splitlines()[1:]) if len(f) > 1]
            if port in local_ports:
                return
            if proc is not None and not proc.running():
                raise procs.ProcessError(f"{proc.name} exited ({proc.popen.returncode}); "
                                         f"log {proc.log_path}:\n{proc.tail()}")
            if time.monotonic() > deadline:
                raise procs.ProcessError(f"nothing listens on {proto.upper()} {port} in {self.name} after "
                                         f"{timeout} s" + (f"; {proc.name} log:\n{proc.tail()}"
                                                           if proc else ""))
            time.sleep(0.1)

    def close(self):
        """Stop every process started in this namespace and its clients; delete them all."""
        if self.closed:
            return
        self.closed = True
        for c in self.children:
            c.close()
        for fn in reversed(self.cleanups):
            fn()
        for p in reversed(self.procs):
            p.stop(grace=3.0)
        sh(["ip", "netns", "del", self.name], check=False)
        if self in _open:
            _open.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<Netns {self.name}>"


def close_all():
    procs.stop_all()
    for ns in list(reversed(_open)):
        ns.close()


atexit.register(close_all)
