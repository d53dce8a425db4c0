# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot-server as a long-running service (issue #18), in a private namespace:
  - SIGHUP during a 48 MB TFTP transfer (curl): the transfer completes intact (sha256), a
    host stanza added to the --hosts file and a new `root` set in the --config file before
    the signal are served afterwards, a lease handed out before is kept, and a broken
    --config on a later SIGHUP is refused with the reason while the server keeps serving;
  - 100,000 garbage datagrams (DHCP and TFTP) give a bounded number of log lines plus
    summaries that count the rest, and a real client's exchange after them is logged;
  - a lease file in a directory the drop-privileges user cannot write is refused at start,
    with the fix in the message, in journald's "<N>" form when $JOURNAL_STREAM names stderr.
"""
import os
import re
import signal
import subprocess
import time

import wbtest
from wbtest import servers
from test_server import SERVER, client_mac, client_run, random_file, sha256, udhcpc

BIG = 48 * 1024 * 1024


def write_hosts(path, hosts):
    """A dhcpd.conf with the test subnet and `hosts` [(name, mac, ip, filename)]."""
    text = "subnet 10.77.0.0 netmask 255.255.255.0 {\n  option routers 10.77.0.1;\n}\n"
    for name, mac, ip, filename in hosts:
        text += (f"host {name} {{\n  hardware ethernet {mac};\n  fixed-address {ip};\n"
                 f"  filename \"{filename}\";\n}}\n")
    path.write_text(text)


def test_sighup_during_48mb_transfer(netns, tree, tmp_path):
    random_file(tree.path("big48.bin"), BIG, 48)
    new_root = tmp_path / "new-root"
    new_root.mkdir()
    (new_root / "only-in-new-root.txt").write_text("NEW ROOT\n")
    hosts = tmp_path / "dhcpd.conf"
    write_hosts(hosts, [])
    conf = tmp_path / "server.conf"
    settings = (f"hosts {hosts}\nrange 10.77.0.100-10.77.0.150\nlease-file {tmp_path}/leases\n"
                "user root\nlog-level info\n")
    conf.write_text(f"root {tree.root}\n" + settings)
    p = netns.start([servers.wireboot_server_path(), "--interface", netns.bridge, "--config",
                     str(conf)], "wireboot-server.log", name="wireboot-server")
    netns.wait_udp_listen(67, proc=p)
    netns.wait_udp_listen(69, proc=p)

    dynamic = netns.add_client()
    first_ip = udhcpc(dynamic, tmp_path, "before")["ip"]
    static = netns.add_client()
    mac = client_mac(static)

    downloader = netns.add_client()
    out = tmp_path / "big48.out"
    curl = downloader.start(["curl", "-sS", "--tftp-blksize", "1468", "-o", str(out),
                             f"tftp://{SERVER}/big48.bin"], "curl.log", name="curl")
    deadline = time.monotonic() + wbtest.scaled(60)
    while not (out.exists() and out.stat().st_size > 2 * 1024 * 1024):
        assert curl.running() and time.monotonic() < deadline, curl.tail()
        time.sleep(0.05)

    # A new host and a new root, then SIGHUP while the transfer runs.
    write_hosts(hosts, [("added-on-reload", mac, "10.77.0.93", "special.pxe")])
    good_conf = f"root {new_root}\n" + settings
    conf.write_text(good_conf)
    os.kill(p.pid, signal.SIGHUP)
    p.wait_log(rf"reload: root {re.escape(str(new_root))}; \S+dhcpd\.conf: 1 hosts, 1 subnets")
    # A broken configuration on the next SIGHUP: refused, the old one stays.
    conf.write_text(good_conf + "no-such-setting 1\n")
    os.kill(p.pid, signal.SIGHUP)
    p.wait_log(r"reload: \S+server\.conf:7: unknown setting 'no-such-setting' .*: "
               r"keeping the running configuration")
    assert out.stat().st_size < BIG, "the transfer ended before the reloads: test inconclusive"

    assert curl.wait(120) == 0, curl.tail()
    assert sha256(str(out)) == sha256(tree.path("big48.bin"))
    p.wait_log(rf"tftp 10\.77\.0\.\d+:\d+ big48\.bin: {BIG} bytes .*: ok")
    env = udhcpc(static, tmp_path, "added")
    assert (env["ip"], env["boot_file"]) == ("10.77.0.93", "special.pxe")
    assert udhcpc(dynamic, tmp_path, "after")["ip"] == first_ip
    new_file = tmp_path / "new.txt"
    r = downloader.run(["curl", "-sS", "-o", str(new_file), f"tftp://{SERVER}/only-in-new-root.txt"],
                       check=False)
    assert r.returncode == 0 and new_file.read_text() == "NEW ROOT\n", r.stderr
    assert p.running()


def test_garbage_flood_bounded_log(netns, tree, tmp_path):
    p = servers.start_wireboot_server(netns, tree.root, ["--range", "10.77.0.100-10.77.0.150",
                                                         "--user", "root"])
    flooder = netns.add_client()
    n = 50000
    client_run(flooder, "garbage", SERVER, str(n), timeout=180)
    client_run(flooder, "garbage", SERVER, str(n), "--port", "69", timeout=180)
    # The summaries come when the 10 s interval ends.
    p.wait_log(r"dhcp malformed packet: \d+ more lines held back", timeout=40)
    p.wait_log(r"tftp malformed request: \d+ more lines held back", timeout=40)
    log = p.log()
    lines = len(log.splitlines())
    logged = len(re.findall(r"malformed (packet from|request \()", log))
    held = sum(int(x) for x in re.findall(r"malformed \w+: (\d+) more lines held back", log))
    print(f"\n{2 * n} garbage datagrams: {lines} log lines ({logged} about single packets, "
          f"{held} held back)")
    assert lines < 200, p.tail()
    assert logged + held <= 2 * n
    assert logged + held >= n // 10, "most garbage never reached the server: test inconclusive"

    client = netns.add_client()
    env = udhcpc(client, tmp_path, "real")
    p.wait_log(rf"dhcp REQUEST {client_mac(client)} -> ACK {re.escape(env['ip'])}")


def test_unwritable_lease_dir_refused_at_start(netns, tree, tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o755)  # root's: nobody cannot write there
    log = tmp_path / "server.err"
    with open(log, "wb") as err:
        st = os.fstat(err.fileno())
        r = subprocess.run(["ip", "netns", "exec", netns.name, servers.wireboot_server_path(),
                            "--root", tree.root, "--interface", netns.bridge,
                            "--lease-file", str(state / "leases")], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=err, timeout=30,
                           env=dict(os.environ, JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}"))
    text = log.read_text()
    assert r.returncode != 0, text
    assert re.search(rf"^<3>user nobody cannot write in {re.escape(str(state))}, the directory of "
                     r"--lease-file .*chown nobody", text, re.M), text
