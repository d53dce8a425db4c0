# SPDX-License-Identifier: GPL-2.0-or-later
"""The operator tools in scripts/ on sample input: wireboot-mkconfig (per-MAC pxelinux.cfg
files) and wireboot-convert-dhcpd (dhcpd.conf + /tftpboot -> wireboot-server configuration).
No network, no QEMU, no root: each test runs a script and compares its exact output.
The last test feeds wireboot-mkconfig's files to `wireboot-server --check` (skipped when the
server is not built) so the generated text is known to parse without a warning."""
import os
import stat
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wbtest import env  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MKCONFIG = os.path.join(ROOT, "scripts", "wireboot-mkconfig")
CONVERT = os.path.join(ROOT, "scripts", "wireboot-convert-dhcpd")
SEED_DHCPD = os.path.join(ROOT, "tests", "data", "seed-dhcpd.conf")

# The seed document's two pxelinux.cfg entries for its machine 00:1B:21:41:CF:4C.
SEED_KITTEN = "00:1B:21:41:CF:4C,Palacios_Kitten,bzImage,init_task,serial.baud=115200 console=serial"
SEED_LINUX = ("00:1b:21:41:cf:4c,Palacios_Linux,bzImage,initramfs.cpio,"
              "movablecore=262144 initrd=initramfs.cpio console=tty0")


def run(tool, *args, cwd=None, stdin=None):
    p = subprocess.run([sys.executable, tool, *args], cwd=cwd, input=stdin, capture_output=True,
                       text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def test_mkconfig_seed_entries_to_stdout():
    rc, out, err = run(MKCONFIG, "--host", SEED_KITTEN, "--host", SEED_LINUX)
    assert (rc, err) == (0, "")
    assert out == ("==> pxelinux.cfg/01-00-1b-21-41-cf-4c <==\n"
                   "default Palacios_Kitten\n"
                   "label Palacios_Kitten\n"
                   "    kernel bzImage\n"
                   "    append serial.baud=115200 console=serial initrd=init_task\n"
                   "\n"
                   "label Palacios_Linux\n"
                   "    kernel bzImage\n"
                   "    append movablecore=262144 initrd=initramfs.cpio console=tty0\n"
                   "\n"
                   "prompt 1\n"
                   "timeout 20\n")


CSV = """mac,label,kernel,initrd,append
# the lab
00-1B-21-41-CF-4C,Palacios_Kitten,bzImage,init_task,serial.baud=115200 console=serial
5254.0012.3456,linux,vmlinuz,"initrd.img,extra.cpio",console=ttyS0,115200 quiet
00:1b:21:41:cf:4c,local,kitten.bz,,
"""


def test_mkconfig_csv_writes_files(tmp_path):
    (tmp_path / "hosts.csv").write_text(CSV)
    outdir = tmp_path / "pxelinux.cfg"
    rc, out, err = run(MKCONFIG, "--csv", "hosts.csv", "-o", "pxelinux.cfg", "--timeout", "50",
                       "--serial", "0  115200", cwd=tmp_path)
    assert (rc, err) == (0, "")
    assert out == ("wrote pxelinux.cfg/01-00-1b-21-41-cf-4c (2 labels)\n"
                   "wrote pxelinux.cfg/01-52-54-00-12-34-56 (1 label)\n")
    assert sorted(os.listdir(outdir)) == ["01-00-1b-21-41-cf-4c", "01-52-54-00-12-34-56"]
    assert (outdir / "01-00-1b-21-41-cf-4c").read_text() == (
        "serial 0 115200\n"
        "default Palacios_Kitten\n"
        "label Palacios_Kitten\n"
        "    kernel bzImage\n"
        "    append serial.baud=115200 console=serial initrd=init_task\n"
        "\n"
        "label local\n"
        "    kernel kitten.bz\n"
        "\n"
        "prompt 1\n"
        "timeout 50\n")
    assert (outdir / "01-52-54-00-12-34-56").read_text() == (
        "serial 0 115200\n"
        "default linux\n"
        "label linux\n"
        "    kernel vmlinuz\n"
        "    append console=ttyS0,115200 quiet initrd=initrd.img,extra.cpio\n"
        "\n"
        "prompt 1\n"
        "timeout 50\n")
    assert stat.S_IMODE(os.stat(outdir / "01-52-54-00-12-34-56").st_mode) == 0o644

    # Same input again: nothing to do.  Other input: refused unless --force.
    rc, out, err = run(MKCONFIG, "--csv", "hosts.csv", "-o", "pxelinux.cfg", "--timeout", "50",
                       "--serial", "0 115200", cwd=tmp_path)
    assert (rc, err) == (0, "")
    assert out == ("unchanged pxelinux.cfg/01-00-1b-21-41-cf-4c (2 labels)\n"
                   "unchanged pxelinux.cfg/01-52-54-00-12-34-56 (1 label)\n")
    rc, out, err = run(MKCONFIG, "--csv", "hosts.csv", "-o", "pxelinux.cfg", cwd=tmp_path)
    assert (rc, out) == (1, "")
    assert err == ("wireboot-mkconfig: pxelinux.cfg/01-00-1b-21-41-cf-4c exists with other contents: "
                   "not overwritten (--force replaces it)\n"
                   "wireboot-mkconfig: pxelinux.cfg/01-52-54-00-12-34-56 exists with other contents: "
                   "not overwritten (--force replaces it)\n")
    rc, out, err = run(MKCONFIG, "--csv", "hosts.csv", "-o", "pxelinux.cfg", "--force", cwd=tmp_path)
    assert (rc, err) == (0, "")
    assert (outdir / "01-52-54-00-12-34-56").read_text().endswith("prompt 1\ntimeout 20\n")


@pytest.mark.parametrize("rows, message", [
    (["zz:1b:21:41:cf:4c,a,b"], "--host #1: 'zz:1b:21:41:cf:4c' is not a MAC address"),
    (["00:1b:21:41:cf:4c,a"], "--host #1: expected MAC,LABEL,KERNEL[,INITRD[,APPEND]], got 2 field(s)"),
    (["00:1b:21:41:cf:4c,my label,bzImage"], "--host #1: label 'my label' contains a blank"),
    (["00:1b:21:41:cf:4c,a,bzImage", "00-1B-21-41-CF-4C,a,other"],
     "--host #2: label 'a' given twice for 00:1b:21:41:cf:4c"),
])
def test_mkconfig_rejects_bad_rows(rows, message):
    args = [a for row in rows for a in ("--host", row)]
    rc, out, err = run(MKCONFIG, *args)
    assert (rc, out, err) == (1, "", f"wireboot-mkconfig: {message}\n")


def seed_tree(tmp_path):
    """/tftpboot as the seed document lays it out (empty files stand in for the images)."""
    tree = tmp_path / "tftpboot"
    (tree / "pxelinux.cfg").mkdir(parents=True)
    for name in ("pxelinux.0", "memdisk", "bzImage", "init_task"):
        (tree / name).write_bytes(b"")
    (tree / "pxelinux.cfg" / "01-00-1b-21-41-cf-4c").write_text(
        "default Palacios_Kitten\nlabel Palacios_Kitten\n    kernel bzImage\n"
        "    append serial.baud=115200 console=serial initrd=init_task\n\nprompt 1\ntimeout 20\n")
    return tree


SEED_WARNINGS = """warnings (wireboot-server logs them too, and skips the text):
  line 8: '<-- ... -->' note (lines 8-9) is not dhcpd.conf syntax: skipped
  line 18: '<-- ... -->' note (lines 18-19) is not dhcpd.conf syntax: skipped
  line 22: '<-- ... -->' note (lines 22-23) is not dhcpd.conf syntax: skipped
  line 25: '<-- ... -->' note is not dhcpd.conf syntax: skipped
"""

CONVERTED_SEED = """option domain-name "cs.northwestern.edu";
default-lease-time 600;
max-lease-time 7200;

allow booting;
allow bootp;

# <-- Change below section according
# to your network configuration --->
subnet 165.124.184.0 netmask 255.255.254.0 {
    range 165.124.184.90 165.124.184.95;
    option broadcast-address 165.124.184.255;
    option routers 165.124.184.1;
    option domain-name-servers 165.124.180.10;
}

group {
    # <--- In which IP address the booting machine can
    # find the booting image -->
    next-server 165.124.184.209;
    host v-test-intel-lab {
        # <-- Replace below with the IP address assigned
        # to the booting machine -->
        fixed-address 165.124.184.92;
        # <--- Replace below with the MAC address of the booting machine -->
        hardware ethernet 00:1B:21:41:CF:4C;
        filename "wireboot.pxe";
    }
}

"""


def test_convert_seed_dhcpd_conf(tmp_path):
    tree = seed_tree(tmp_path)
    rc, out, err = run(CONVERT, SEED_DHCPD, "--tftpboot", "tftpboot", "--interface", "eth1",
                       "--hosts-out", "hosts.conf", cwd=tmp_path)
    assert rc == 0
    assert out == (f"# wireboot-server configuration from {SEED_DHCPD} (wireboot-convert-dhcpd).\n"
                   "# Start: wireboot-server --config THIS_FILE\n"
                   f"root {tree}\n"
                   "interface eth1\n"
                   "address 165.124.184.209\n"
                   f"hosts {tmp_path}/hosts.conf\n"
                   "# The subnet has a dynamic range: keep its leases across restarts (the directory\n"
                   "# must exist and be writable by the server's user, nobody by default):\n"
                   "# lease-file /var/lib/wireboot/leases\n")
    assert err == (
        f"wireboot-convert-dhcpd: {SEED_DHCPD}: 1 host, 1 subnet, 4 warnings\n"
        "\n"
        f"carried over (wireboot-server reads them from {tmp_path}/hosts.conf):\n"
        '  global: domain-name "cs.northwestern.edu", default-lease-time 600, max-lease-time 7200, '
        "allow booting, allow bootp\n"
        "  subnet 165.124.184.0 netmask 255.255.254.0 (line 10): range 165.124.184.90-165.124.184.95, "
        "routers 165.124.184.1, domain-name-servers 165.124.180.10, broadcast-address 165.124.184.255\n"
        "  host v-test-intel-lab (line 21): 00:1b:21:41:cf:4c -> 165.124.184.92, "
        'next-server 165.124.184.209, filename "pxelinux.0"\n'
        "  host v-test-intel-lab: pxelinux.cfg/01-00-1b-21-41-cf-4c (read unchanged)\n"
        "\n"
        "needs attention:\n"
        '  line 27: host v-test-intel-lab: filename "pxelinux.0" -> "wireboot.pxe" in hosts.conf\n'
        "  next-server 165.124.184.209: clients fetch their files from this address; run "
        "wireboot-server on the machine that has it (set as `address`)\n"
        f"  {tree}/wireboot.pxe missing: copy build/wireboot.pxe there (and build/wireboot.efi "
        "for UEFI clients)\n"
        "\n" + SEED_WARNINGS +
        "\n"
        f"next: wireboot-server --check --root {tree}\n")
    assert (tmp_path / "hosts.conf").read_text() == CONVERTED_SEED


def test_convert_without_hosts_out_flags_pxelinux(tmp_path):
    """No converted copy: the report says the host would still get pxelinux.0."""
    conf = tmp_path / "dhcpd.conf"
    conf.write_text('ddns-update-style none;\n'
                    'option ntp-servers 10.0.0.1;\n'
                    'subnet 10.0.0.0 netmask 255.255.255.0 {\n'
                    '  option routers 10.0.0.1;\n'
                    '}\n'
                    'host a { hardware ethernet 52:54:00:aa:bb:cc; fixed-address 10.0.0.5;'
                    ' filename "boot/pxelinux.0"; next-server boothost; }\n'
                    'host b { fixed-address 10.0.0.6; }\n')
    tree = tmp_path / "tftpboot"
    (tree / "boot" / "pxelinux.cfg").mkdir(parents=True)
    (tree / "boot" / "wireboot.pxe").write_bytes(b"")
    (tree / "boot" / "pxelinux.cfg" / "default").write_text("default x\nlabel x\n  kernel x\n")
    rc, out, err = run(CONVERT, "dhcpd.conf", "--tftpboot", "tftpboot", cwd=tmp_path)
    assert rc == 0
    assert out == ("# wireboot-server configuration from dhcpd.conf (wireboot-convert-dhcpd).\n"
                   "# Start: wireboot-server --config THIS_FILE\n"
                   f"root {tree}\n"
                   "interface eth0\n"
                   f"hosts {conf}\n")
    assert err == (
        "wireboot-convert-dhcpd: dhcpd.conf: 1 host, 1 subnet, 4 warnings\n"
        "\n"
        f"carried over (wireboot-server reads them from {conf}):\n"
        "  global: allow booting, allow bootp\n"
        "  subnet 10.0.0.0 netmask 255.255.255.0 (line 3): no range, routers 10.0.0.1\n"
        '  host a (line 6): 52:54:00:aa:bb:cc -> 10.0.0.5, filename "boot/pxelinux.0"\n'
        "  host a: no boot/pxelinux.cfg/01-52-54-00-aa-bb-cc, uses boot/pxelinux.cfg/default\n"
        "\n"
        "needs attention:\n"
        '  line 6: host a: filename "boot/pxelinux.0": change it to "boot/wireboot.pxe" (or use '
        "--hosts-out): wireboot-server gives a host its own filename first, so this machine would "
        "still boot PXELINUX\n"
        "  interface eth0: a guess; set the interface that faces the boot network (--interface IF)\n"
        "\n"
        "warnings (wireboot-server logs them too, and skips the text):\n"
        "  line 1: 'ddns-update-style' is not supported here: statement ignored\n"
        "  line 2: option 'ntp-servers' is not supported: ignored\n"
        "  line 6: 'next-server': 'boothost' is not an IPv4 address (host names are not resolved): "
        "statement ignored\n"
        "  line 7: host 'b' has no 'hardware ethernet': it can never match\n"
        "\n"
        f"next: wireboot-server --check --root {tree}\n")


def test_convert_refuses_what_the_server_refuses(tmp_path):
    (tmp_path / "dhcpd.conf").write_text("group {\n  host a {\n    hardware ethernet 52:54:00:00:00:01;\n")
    rc, out, err = run(CONVERT, "dhcpd.conf", cwd=tmp_path)
    assert (rc, out) == (1, "")
    assert err == ("dhcpd.conf:4: end of file inside a block: a '}' is missing\n"
                   "wireboot-convert-dhcpd: dhcpd.conf:4: wireboot-server would refuse this file "
                   "(syntax error); fix it first\n")


@pytest.mark.parametrize("tool", [MKCONFIG, CONVERT])
def test_tools_have_help(tool):
    rc, out, err = run(tool, "--help")
    assert (rc, err) == (0, "")
    assert out.startswith("usage: " + os.path.basename(tool))
    with open(tool) as f:
        assert f.read().splitlines()[1] == "# SPDX-License-Identifier: GPL-2.0-or-later"


def test_mkconfig_output_passes_server_check(tmp_path):
    """wireboot-server --check parses what wireboot-mkconfig wrote, with no warning."""
    server = env.build_path("wireboot-server")
    if not os.access(server, os.X_OK):
        pytest.skip(f"{server} not built")
    tree = tmp_path / "tftpboot"
    rc, _, err = run(MKCONFIG, "--host", SEED_KITTEN, "--host", SEED_LINUX, "--serial", "0 115200",
                     "-o", str(tree / "pxelinux.cfg"))
    assert (rc, err) == (0, "")
    (tree / "init_task").write_bytes(b"\x7fELF" + bytes(60))
    (tree / "initramfs.cpio").write_bytes(b"070701" + bytes(100))
    (tree / "wireboot.pxe").write_bytes(bytes(512))  # the boot files the server hands out
    (tree / "wireboot.efi").write_bytes(bytes(512))
    p = subprocess.run([server, "--check", "--root", str(tree)], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 1  # bzImage is missing on purpose: the only errors
    assert p.stdout == (
        "ok    boot file 'wireboot.pxe' (512 bytes)\n"
        "ok    boot file 'wireboot.efi' (512 bytes)\n"
        "ERROR pxelinux.cfg/01-00-1b-21-41-cf-4c: label Palacios_Kitten: kernel 'bzImage': file not found\n"
        "ok    pxelinux.cfg/01-00-1b-21-41-cf-4c: label Palacios_Kitten: initrd 'init_task' (64 bytes)\n"
        "ERROR pxelinux.cfg/01-00-1b-21-41-cf-4c: label Palacios_Linux: kernel 'bzImage': file not found\n"
        "ok    pxelinux.cfg/01-00-1b-21-41-cf-4c: label Palacios_Linux: initrd 'initramfs.cpio' (106 bytes)\n"
        "ok    pxelinux.cfg/01-00-1b-21-41-cf-4c: 2 labels\n"
        "FAILED: 2 errors\n")
