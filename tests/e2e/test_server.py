# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot-server on the wire, in a private namespace (bridge br0 = 10.77.0.1/24, clients
in child namespaces): TFTP with tftp-hpa, curl and a small client written here (windowsize,
rollover, hostile names, a flood of 10,000 requests, a file that shrinks mid-transfer),
DHCP with busybox udhcpc and hand-made packets (static hosts, leases surviving kill -9,
PXE options, proxyDHCP on 67 + 4011, a relay, malformed packets), HTTP with curl, --check.
"""
import hashlib
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import time

import pytest

import wbtest
from wbtest import servers

SERVER = "10.77.0.1"
CLIENT_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server_client.py")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def random_file(path, size, seed):
    rnd = random.Random(seed)
    with open(path, "wb") as f:
        f.write(rnd.randbytes(size))
    os.chmod(path, 0o644)
    return path


@pytest.fixture
def served(netns, tree, tmp_path):
    """A tree with test files and a started wireboot-server (DHCP range .100-.150)."""
    random_file(tree.path("big.bin"), 3 * 1024 * 1024 + 123, 1)
    random_file(tree.path("block.bin"), 512 * 40, 2)
    tree.add_text("pxelinux.cfg/default", "default x\nlabel x\n  kernel bzImage\n")
    os.makedirs(os.path.join(os.path.dirname(tree.root), "secret"), exist_ok=True)
    with open(os.path.join(os.path.dirname(tree.root), "secret", "key"), "w") as f:
        f.write("SECRET\n")
    os.symlink("../secret/key", tree.path("escape"))
    os.symlink("/etc/passwd", tree.path("escape_abs"))
    os.symlink("big.bin", tree.path("alias.bin"))
    os.mkfifo(tree.path("fifo"))
    leases = os.path.join(str(tmp_path), "leases")
    args = ["--range", "10.77.0.100-10.77.0.150", "--router", SERVER, "--dns", "10.77.0.53",
            "--domain", "lab.test", "--lease-file", leases, "--user", "root",
            "--http-port", "8080", "--log-level", "debug"]
    p = servers.start_wireboot_server(netns, tree.root, args)
    return {"proc": p, "tree": tree, "leases": leases, "args": args}


def client_run(client, *args, timeout=60):
    """Run the test client (tests/e2e/server_client.py) in the client namespace."""
    r = client.run(["timeout", str(timeout), sys.executable, CLIENT_TOOL, *args], check=False)
    assert r.returncode == 0, f"wbclient {args}: rc {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout


# ---- TFTP ---------------------------------------------------------------------------------

def test_tftp_hpa_client(netns, served, tmp_path):
    """tftp-hpa (RFC 1350, 512-byte blocks, no options) gets a 3 MB file intact."""
    client = netns.add_client()
    out = str(tmp_path / "hpa.bin")
    r = client.run(["timeout", "60", "tftp", "-m", "binary", SERVER, "-c", "get", "big.bin", out])
    assert r.returncode == 0
    assert sha256(out) == sha256(served["tree"].path("big.bin"))
    log = served["proc"].wait_log(r"tftp 10\.77\.0\.50:\d+ big\.bin: (\d+) bytes .* blksize 512 window 1: ok")
    assert int(log.group(1)) == 3 * 1024 * 1024 + 123


@pytest.mark.parametrize("blksize", [512, 1468])
def test_curl_blksize_tsize(netns, served, tmp_path, blksize):
    """curl asks for tsize and blksize; an in-tree symlink is followed."""
    client = netns.add_client()
    out = str(tmp_path / f"curl{blksize}.bin")
    r = client.run(["curl", "-sS", "--tftp-blksize", str(blksize), "-o", out,
                    f"tftp://{SERVER}/alias.bin"], check=False)
    assert r.returncode == 0, r.stderr
    assert sha256(out) == sha256(served["tree"].path("big.bin"))
    served["proc"].wait_log(rf"tftp 10\.77\.0\.50:\d+ alias\.bin: {3 * 1024 * 1024 + 123} bytes "
                            rf".* blksize {blksize} window 1: ok")


def test_windowsize_and_rollover(netns, served, tmp_path):
    """RFC 7440 windows of 16, and 75,000 blocks of 8 bytes: the block number wraps to 0."""
    client = netns.add_client()
    out = client_run(client, "tftp", SERVER, "big.bin", "--blksize", "1468", "--windowsize", "16")
    m = re.search(r"sha256 (\w+) bytes (\d+) oack (.*)", out)
    assert m.group(1) == sha256(served["tree"].path("big.bin"))
    assert "windowsize=16" in m.group(3) and "blksize=1468" in m.group(3)
    assert f"tsize={3 * 1024 * 1024 + 123}" in m.group(3)
    random_file(served["tree"].path("roll.bin"), 8 * 75000 + 5, 3)
    out = client_run(client, "tftp", SERVER, "roll.bin", "--blksize", "8", "--windowsize", "64",
                     timeout=240)
    m = re.search(r"sha256 (\w+) bytes (\d+) oack .* wrapped (\d+)", out)
    assert m.group(1) == sha256(served["tree"].path("roll.bin"))
    assert int(m.group(3)) == 1


def test_tftp_hostile_names(netns, served):
    """Path traversal table over the wire: error code and nothing from outside the root."""
    client = netns.add_client()
    table = [("../secret/key", 2), ("/../secret/key", 2), ("..\\secret\\key", 2),
             ("pxelinux.cfg/../../secret/key", 2), ("escape", 2), ("escape_abs", 2),
             ("fifo", 2), ("pxelinux.cfg", 2), ("/etc/passwd", 1), ("nonexistent", 1),
             ("/pxelinux.cfg/default", 0), ("\\pxelinux.cfg\\default", 0)]
    for name, code in table:
        out = client_run(client, "tftp", SERVER, name)
        if code == 0:
            assert "sha256" in out, (name, out)
        else:
            m = re.search(r"ERROR (\d+)", out)
            assert m and int(m.group(1)) == code, (name, out)
            assert "SECRET" not in out and "root:" not in out
    out = client_run(client, "tftp", SERVER, "block.bin", "--wrq")
    assert re.search(r"ERROR 2 .*read-only", out)
    out = client_run(client, "tftp", SERVER, "block.bin", "--mode", "netascii")
    assert re.search(r"ERROR 0 .*netascii", out)


def test_flood_then_real_client(netns, served, tmp_path):
    """10,000 requests from one address (500 ports, never acknowledged): the address keeps at
    most 4 transfers nobody acknowledged; each further request evicts its oldest one, which is
    told so with an ERROR (server/tftp_admit.c).  The server sends one first block per request
    and no more, stays small, and serves a real client at once."""
    flooder = netns.add_client()
    out = client_run(flooder, "flood", SERVER, "big.bin", "10000", timeout=120)
    m = re.search(r"sent (\d+) errors (\d+) data (\d+)", out)
    assert int(m.group(1)) == 10000
    assert int(m.group(2)) >= 9000          # evicted: the address's oldest embryonic transfer
    assert int(m.group(3)) <= 10000 + 4 * 4  # one first block per request + the 4 survivors'
    assert served["proc"].running()
    pid = served["proc"].popen.pid
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))
    assert rss_kb < 64 * 1024
    client = netns.add_client()
    out = str(tmp_path / "after.bin")
    start = time.monotonic()
    r = client.run(["curl", "-sS", "--tftp-blksize", "1468", "-o", out, f"tftp://{SERVER}/big.bin"],
                   check=False)
    assert r.returncode == 0, r.stderr
    assert sha256(out) == sha256(served["tree"].path("big.bin"))
    assert time.monotonic() - start < 20


def test_file_shrinks_during_transfer(netns, served):
    """The file is cut while a transfer runs: an ERROR, never a short block posing as EOF."""
    random_file(served["tree"].path("shrink.bin"), 512 * 100, 4)
    client = netns.add_client()
    out = client_run(client, "tftp", SERVER, "shrink.bin", "--truncate-at-block", "10",
                     "--truncate-path", served["tree"].path("shrink.bin"))
    assert re.search(r"ERROR 0 .*changed size", out), out
    assert "complete" not in out


# ---- DHCP ---------------------------------------------------------------------------------

UDHCPC_SCRIPT = textwrap.dedent("""\
    #!/bin/sh
    [ "$1" = bound ] || exit 0
    echo "ip=$ip mask=$mask router=$router dns=$dns domain=$domain lease=$lease \
    boot_file=$boot_file siaddr=$siaddr serverid=$serverid hostname=$hostname" > "$OUT"
    """)


def udhcpc(client, tmp_path, name, extra=()):
    script = tmp_path / "udhcpc.sh"
    script.write_text(UDHCPC_SCRIPT)
    script.chmod(0o755)
    out = tmp_path / f"{name}.env"
    r = client.run(["env", f"OUT={out}", "timeout", "30", "busybox", "udhcpc", "-i", "eth0",
                    "-f", "-q", "-n", "-t", "5", "-T", "1", "-s", str(script), *extra], check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    return dict(kv.split("=", 1) for kv in out.read_text().split())


def client_mac(client):
    return client.run(["cat", "/sys/class/net/eth0/address"]).stdout.strip()


def test_dhcp_dynamic_lease_survives_kill9(netns, served, tmp_path):
    client = netns.add_client()
    env = udhcpc(client, tmp_path, "first")
    assert env["ip"] == "10.77.0.100"
    assert (env["mask"], env["router"], env["dns"]) == ("24", SERVER, "10.77.0.53")
    assert (env["domain"], env["serverid"]) == ("lab.test", SERVER)
    assert env["lease"] == "3600"
    assert (env["boot_file"], env["siaddr"]) == ("wireboot.pxe", SERVER)
    mac = client_mac(client)
    served["proc"].wait_log(rf"dhcp REQUEST {mac} -> ACK 10\.77\.0\.100 file wireboot\.pxe")
    assert re.search(rf"^10\.77\.0\.100 {mac} \d+ bound$", open(served["leases"]).read(), re.M)

    # kill -9, restart: the ACKed lease is kept; another client gets the next address,
    # and the first one its own address again.
    os.kill(served["proc"].popen.pid, signal.SIGKILL)
    served["proc"].wait(10)
    p = servers.start_wireboot_server(netns, served["tree"].root, served["args"],
                                      log_name="wireboot-server-2.log")
    other = netns.add_client()
    assert udhcpc(other, tmp_path, "second")["ip"] == "10.77.0.101"
    assert udhcpc(client, tmp_path, "again")["ip"] == "10.77.0.100"
    p.stop()


def test_dhcp_static_host_from_seed_shaped_conf(netns, tree, tmp_path):
    """--hosts with a dhcpd.conf in the seed's shape (plus its `<-- -->` notes): the host's
    fixed address, file name and next-server; EFI clients get wireboot.efi by option 93."""
    client = netns.add_client()
    mac = client_mac(client)
    conf = servers.isc_dhcpd_conf(netns, [wbtest.DhcpHost("v-test-intel-lab", mac, "10.77.0.92",
                                                          "pxelinux.0")], next_server="10.77.0.9")
    conf = conf.replace("group {", "<-- Change below section according\nto your network --->\ngroup {")
    (tmp_path / "dhcpd.conf").write_text(conf)
    p = servers.start_wireboot_server(netns, tree.root, ["--hosts", str(tmp_path / "dhcpd.conf"),
                                                         "--user", "root"])
    env = udhcpc(client, tmp_path, "static")
    assert env["ip"] == "10.77.0.92"
    assert (env["boot_file"], env["siaddr"]) == ("pxelinux.0", "10.77.0.9")
    assert (env["domain"], env["dns"], env["lease"]) == ("wireboot.test", SERVER, "600")
    assert re.search(r"dhcpd\.conf:\d+: '<-- \.\.\. -->' note", p.log())
    other = netns.add_client()
    env = udhcpc(other, tmp_path, "efi", ["-x", "93:0007"])
    assert env["ip"] == "10.77.0.100" and env["boot_file"] == "wireboot.efi"


def test_dhcp_pxe_proxy_relay_malformed(netns, served, tmp_path):
    """Hand-made packets: PXE options in a normal offer, a relayed request answered to the
    relay, garbage that changes nothing."""
    client = netns.add_client()
    out = client_run(client, "dhcp", "--pxe", "--arch", "0")
    assert re.search(rf"OFFER yiaddr 10\.77\.0\.1\d\d file wireboot\.pxe siaddr {SERVER} opt60 PXEClient opt43 060108ff", out), out
    out = client_run(client, "dhcp", "--relay", client.ip)
    assert re.search(rf"OFFER to-port 67 giaddr {client.ip} yiaddr 10\.77\.0\.1\d\d", out), out
    out = client_run(client, "garbage", SERVER, "300")
    assert served["proc"].running()
    assert "malformed packet" in served["proc"].log()
    assert udhcpc(client, tmp_path, "after-garbage")["ip"].startswith("10.77.0.1")


def test_proxy_dhcp(netns, tree, tmp_path):
    """--proxy: an offer with boot information only (no address) to PXE clients, nothing to
    others, and an ACK on port 4011."""
    p = servers.start_wireboot_server(netns, tree.root, ["--proxy", "--user", "root"])
    netns.wait_udp_listen(4011, proc=p)
    client = netns.add_client()
    out = client_run(client, "dhcp", "--pxe", "--arch", "7", "--binl", SERVER)
    assert re.search(rf"OFFER yiaddr 0\.0\.0\.0 file wireboot\.efi siaddr {SERVER} opt60 PXEClient opt43 060108ff", out), out
    assert re.search(rf"BINL ACK yiaddr 0\.0\.0\.0 file wireboot\.efi siaddr {SERVER} .* from-port 4011", out), out
    out = client_run(client, "dhcp", "--expect-none")
    assert "no reply" in out


# ---- HTTP and --check ---------------------------------------------------------------------

def test_http(netns, served, tmp_path):
    client = netns.add_client()
    url = f"http://{SERVER}:8080"
    out = str(tmp_path / "http.bin")
    r = client.run(["curl", "-sS", "-v", "-o", out, f"{url}/big.bin", "-o", str(tmp_path / "b2"),
                    f"{url}/pxelinux.cfg/default"], check=False)
    assert r.returncode == 0, r.stderr
    assert sha256(out) == sha256(served["tree"].path("big.bin"))
    assert "Re-using existing connection" in r.stderr or "Reusing existing connection" in r.stderr
    r = subprocess.run(["ip", "netns", "exec", client.name, "curl", "-sS", "-r", "100-199",
                        f"{url}/block.bin"], capture_output=True)
    with open(served["tree"].path("block.bin"), "rb") as f:
        assert r.stdout == f.read()[100:200]
    for path, code in [("/../secret/key", 403), ("/escape", 403), ("/%2e%2e/secret/key", 403),
                       ("/nonexistent", 404), ("/fifo", 403)]:
        r = client.run(["curl", "-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                        url + path], check=False)
        assert r.stdout == str(code), (path, r.stdout)
    r = client.run(["curl", "-sI", f"{url}/big.bin"], check=False)
    assert f"Content-Length: {3 * 1024 * 1024 + 123}" in r.stdout


def test_check(fixtures, tree):
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg("52:54:00:12:34:56", "default l\nlabel l\n  kernel bzImage\n"
                                           "  append initrd=initramfs.cpio console=ttyS0\n")
    server = servers.wireboot_server_path()
    r = subprocess.run([server, "--root", tree.root, "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    assert re.search(r"ok    pxelinux.cfg/01-52-54-00-12-34-56: label l: kernel 'bzImage' "
                     r"\(bzImage, boot protocol 2\.\d\d", r.stdout)
    tree.pxelinux_cfg(None, "default l\nlabel l\n  kernel initramfs.cpio\n  initrd missing.img\n")
    r = subprocess.run([server, "--root", tree.root, "--check"], capture_output=True, text=True)
    assert r.returncode == 1
    assert "ERROR pxelinux.cfg/default: label l: kernel 'initramfs.cpio' is not a bootable bzImage" in r.stdout
    assert "ERROR pxelinux.cfg/default: label l: initrd 'missing.img': file not found" in r.stdout
