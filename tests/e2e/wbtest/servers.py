# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot servers started inside a test's namespace: dnsmasq, ISC dhcpd, tftpd-hpa,
wireboot-server, nginx and ISC Kea.  Each launcher returns a procs.Proc once the server listens; the namespace
stops it at close().  All serve `ns.bridge` (br0) at `ns.server_ip`.
"""
import json
import os
from dataclasses import dataclass

import pytest

from . import env


@dataclass
class DhcpHost:
    """A static DHCP host: MAC, fixed address and (optionally) its own boot file."""
    name: str
    mac: str
    ip: str
    filename: str = None


def _range(ns, dhcp_range):
    return dhcp_range or (f"{ns.subnet}.100", f"{ns.subnet}.199")


def start_dnsmasq(ns, tftp_root=None, hosts=(), boot_file="pxelinux.0", boot_by_arch=None,
                  dhcp_range=None, extra_args=(), log_name="dnsmasq.log"):
    """dnsmasq as DHCP (+ TFTP from `tftp_root` when given), DNS off.

    hosts: DhcpHost list (dhcp-host by MAC; a host's filename overrides boot_file).
    boot_by_arch: {client-arch (option 93) number: boot file}, e.g. {7: "wireboot.efi"}."""
    lo, hi = _range(ns, dhcp_range)
    argv = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
            "--bind-interfaces", f"--interface={ns.bridge}", "--user=root", "--group=root",
            "--log-facility=-", "--log-dhcp", "--dhcp-authoritative", "--pid-file=",
            f"--dhcp-leasefile={os.path.join(ns.workdir, 'dnsmasq.leases')}",
            f"--dhcp-range={lo},{hi},255.255.255.0,1h"]
    if tftp_root:
        argv += ["--enable-tftp", f"--tftp-root={tftp_root}"]
    for i, h in enumerate(hosts):
        argv.append(f"--dhcp-host={h.mac},set:host{i},{h.ip},{h.name}")
        if h.filename:
            argv.append(f"--dhcp-boot=tag:host{i},{h.filename},,{ns.server_ip}")
    for arch, f in sorted((boot_by_arch or {}).items()):
        argv += [f"--dhcp-match=set:arch{arch},option:client-arch,{arch}",
                 f"--dhcp-boot=tag:arch{arch},{f},,{ns.server_ip}"]
    if boot_file:
        argv.append(f"--dhcp-boot={boot_file},,{ns.server_ip}")
    argv += list(extra_args)
    p = ns.start(argv, log_name, name="dnsmasq")
    ns.wait_udp_listen(67, proc=p)
    if tftp_root:
        ns.wait_udp_listen(69, proc=p)
    return p


def isc_dhcpd_conf(ns, hosts, next_server=None, dhcp_range=None, domain="wireboot.test"):
    """A dhcpd.conf in the seed document's shape (global lease times, `allow booting/bootp`,
    a subnet with range/broadcast/routers/DNS, a `group` with next-server and host stanzas),
    without the seed's `<-- ... -->` annotation lines, which ISC dhcpd itself rejects."""
    lo, hi = _range(ns, dhcp_range)
    lines = [f'option domain-name "{domain}";', "default-lease-time 600;",
             "max-lease-time 7200;", "", "allow booting;", "allow bootp;", "",
             f"subnet {ns.subnet}.0 netmask 255.255.255.0 {{",
             f"    range {lo} {hi};",
             f"    option broadcast-address {ns.subnet}.255;",
             f"    option routers {ns.server_ip};",
             f"    option domain-name-servers {ns.server_ip};", "}", "", "group {",
             f"    next-server {next_server or ns.server_ip};"]
    for h in hosts:
        lines += [f"    host {h.name} {{", f"        fixed-address {h.ip};",
                  f"        hardware ethernet {h.mac.upper()};",
                  f'        filename "{h.filename or "pxelinux.0"}";', "    }"]
    lines += ["}", ""]
    return "\n".join(lines)


def start_isc_dhcpd(ns, conf_text, log_name="dhcpd.log"):
    """ISC dhcpd in the foreground on the bridge with config text `conf_text`."""
    conf = os.path.join(ns.workdir, "dhcpd.conf")
    leases = os.path.join(ns.workdir, "dhcpd.leases")
    with open(conf, "w") as f:
        f.write(conf_text)
    open(leases, "a").close()
    p = ns.start(["dhcpd", "-d", "-4", "-cf", conf, "-lf", leases,
                  "-pf", os.path.join(ns.workdir, "dhcpd.pid"), ns.bridge], log_name,
                 name="dhcpd")
    p.wait_log(r"^Sending on\s+Socket", timeout=30)
    return p


def start_tftpd_hpa(ns, root, extra_args=(), log_name="tftpd.log"):
    """tftpd-hpa in the foreground (-L), chrooted to `root` like the seed's `-s /tftpboot`."""
    p = ns.start(["in.tftpd", "-L", "-u", "root", "-s", root, "-a", f"{ns.server_ip}:69",
                  "-v", *extra_args], log_name, name="in.tftpd")
    ns.wait_udp_listen(69, proc=p)
    return p


def start_nginx(ns, root, address, port=80, log_name=None):
    """nginx (Debian's) serving `root` read-only on address:port: one process in the
    foreground (master_process off), sendfile, access log next to its output."""
    name = f"nginx-{address}-{port}"
    work = os.path.join(ns.workdir, name)
    os.makedirs(work, exist_ok=True)
    temps = " ".join(f"{k}_temp_path {work}/{k};" for k in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"daemon off; master_process off; worker_processes 1; pid {work}/nginx.pid;\n"
                f"error_log stderr notice;\n"
                "events { worker_connections 4096; }\n"
                f"http {{ access_log {work}/access.log; sendfile on; tcp_nopush on; {temps}\n"
                "  default_type application/octet-stream; keepalive_timeout 30;\n"
                f"  server {{ listen {address}:{port}; root {root}; }} }}\n")
    p = ns.start(["nginx", "-p", work, "-c", conf], log_name or f"{name}.log", name=name)
    p.access_log = os.path.join(work, "access.log")
    ns.wait_udp_listen(port, proc=p, proto="tcp")
    return p


def start_kea(ns, hosts, boot_file=None, dhcp_range=None, log_name="kea-dhcp4.log"):
    """ISC Kea (kea-dhcp4) as the DHCP server on the bridge: a memfile (not kept) lease
    database, raw sockets, the hosts as reservations, next-server = the bridge address and
    `boot_file` (a host's filename wins), router and DNS = the bridge address."""
    lo, hi = _range(ns, dhcp_range)
    subnet = {
        "subnet": f"{ns.subnet}.0/24", "pools": [{"pool": f"{lo} - {hi}"}],
        "next-server": ns.server_ip,
        "option-data": [{"name": "routers", "data": ns.server_ip},
                        {"name": "domain-name-servers", "data": ns.server_ip}],
        "reservations": [dict({"hw-address": h.mac, "ip-address": h.ip, "hostname": h.name},
                              **({"boot-file-name": h.filename} if h.filename else {}))
                         for h in hosts],
    }
    if boot_file:
        subnet["boot-file-name"] = boot_file
    conf = {"Dhcp4": {
        "interfaces-config": {"interfaces": [ns.bridge], "dhcp-socket-type": "raw"},
        "lease-database": {"type": "memfile", "persist": False},
        "subnet4": [subnet],
        "loggers": [{"name": "kea-dhcp4", "severity": "INFO",
                     "output_options": [{"output": "stdout"}]}],
    }}
    path = os.path.join(ns.workdir, "kea-dhcp4.conf")
    with open(path, "w") as f:
        json.dump(conf, f, indent=1)
    p = ns.start(["kea-dhcp4", "-c", path], log_name, name="kea-dhcp4",
                 env_vars={"KEA_LOCKFILE_DIR": ns.workdir, "KEA_PIDFILE_DIR": ns.workdir})
    ns.wait_udp_listen(67, proc=p)
    return p


def wireboot_server_path():
    """build/wireboot-server, or skip the calling test when it has not been built yet."""
    path = env.build_path("wireboot-server")
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} not built yet (wireboot-server, issue #4)")
    return path


def start_wireboot_server(ns, root, args=(), log_name="wireboot-server.log", dhcp=True, tftp=True):
    """build/wireboot-server --root ROOT --interface br0 ARGS...; waits for its DHCP/TFTP
    ports (say dhcp=False / tftp=False for a mode that does not open one)."""
    p = ns.start([wireboot_server_path(), "--root", root, "--interface", ns.bridge, *args],
                 log_name, name="wireboot-server")
    if dhcp:
        ns.wait_udp_listen(67, proc=p)
    if tftp:
        ns.wait_udp_listen(69, proc=p)
    return p
