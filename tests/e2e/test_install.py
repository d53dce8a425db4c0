# SPDX-License-Identifier: GPL-2.0-or-later
"""The installed wireboot, as an admin gets it (issue #18): `make install DESTDIR=stage`,
then the staged wireboot-server run with the staged example server.conf (adapted to this
test's namespace) network-boots QEMU through the staged wireboot.pxe: the banner carries the
version the installed programs print, and the kernel's marker and command line arrive.
The staged man pages pass `man --warnings`, the unit passes `systemd-analyze verify`, and the
unit's start condition skips the untouched example config and accepts the adapted one.

Then `make deb` (when dpkg-buildpackage is installed): lintian has nothing to say, the
package's boot images are byte-identical to the staged ones (so the one QEMU boot covers
them), and the package's own wireboot-server, started from its own adapted config, serves
wireboot-check's whole boot sequence over a tap (DHCP, config, kernel, initrd, sha256).
"""
import os
import re
import shutil
import subprocess

import pytest

import wbtest
from wbtest import Nic, env

ROOT = wbtest.ROOT
MAC = "52:54:00:12:34:57"
CLIENT_IP_RANGE = "10.77.0.100-10.77.0.150"
APPEND = "initrd=initramfs.cpio console=ttyS0,115200 wblabel=installed"
IMAGES = ["wireboot.pxe", "wireboot-pxetftp.pxe", "wireboot-virtio.rom", "wireboot-e1000.rom",
          "wireboot-virtio-ipv6.rom", "wireboot-e1000-ipv6.rom",
          "wireboot.usb", "wireboot.lkrn", "wireboot.efi"]


def make(*args, timeout=600, env_vars=None):
    r = subprocess.run(["make", "-C", ROOT, "--no-print-directory", f"BUILD={env.BUILD}", *args],
                       capture_output=True, text=True, timeout=env.scaled(timeout),
                       env=dict(os.environ, **(env_vars or {})))
    assert r.returncode == 0, f"make {' '.join(args)}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r.stdout


def unit_condition(unit_text, conf):
    """Run the unit's ExecCondition against conf: True when the service would start."""
    cond = re.search(r"^ExecCondition=/bin/sh -c '(.*)'$", unit_text, re.M).group(1)
    cond = re.sub(r"\S+/wireboot/server\.conf", conf, cond)
    return subprocess.run(["/bin/sh", "-c", cond]).returncode == 0


def adapt_config(text, ns, root, state):
    """The example config with this namespace's interface, the test tree and a lease file."""
    edits = [(r"^#interface eth1$", f"interface {ns.bridge}"),
             (r"^root /srv/tftp$", f"root {root}"),
             (r"^#range \S+$", f"range {CLIENT_IP_RANGE}"),
             (r"^lease-file /var/lib/wireboot/leases$", f"lease-file {state}/leases")]
    for pattern, line in edits:
        text, n = re.subn(pattern, line, text, flags=re.M)
        assert n == 1, f"the example server.conf has no line /{pattern}/"
    return text + "user root\n"  # the test's state directory is root's


def start_installed_server(ns, prefix, etc, tree, tmp_path, name):
    """prefix/sbin/wireboot-server --config <etc/wireboot/server.conf, adapted>."""
    state = tmp_path / f"state-{name}"
    state.mkdir()
    conf = tmp_path / f"server-{name}.conf"
    conf.write_text(adapt_config((etc / "wireboot" / "server.conf").read_text(), ns,
                                 tree.root, state))
    p = ns.start([str(prefix / "sbin" / "wireboot-server"), "--config", str(conf)],
                 f"wireboot-server-{name}.log", name=f"wireboot-server-{name}")
    ns.wait_udp_listen(67, proc=p)
    ns.wait_udp_listen(69, proc=p)
    return p, conf


def check_man_pages(mandir):
    pages = sorted(str(p) for p in mandir.glob("man*/*"))
    assert len(pages) == 6, pages
    if not shutil.which("man"):
        return
    for page in pages:
        r = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="80"))
        assert r.returncode == 0 and r.stderr == "", f"{page}:\n{r.stderr}"


def check_unit(unit, prefix, mandir, tmp_path):
    """systemd-analyze verify, with ExecStart pointing into the staging tree."""
    if not shutil.which("systemd-analyze"):
        return
    text = unit.read_text().replace("/usr/local/sbin/", f"{prefix}/sbin/")
    copy = tmp_path / "wireboot-server.service"
    copy.write_text(text)
    r = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True,
                       env=dict(os.environ, MANPATH=str(mandir)))
    assert (r.returncode, r.stdout + r.stderr) == (0, "")


def test_make_install_and_deb(netns, tree, make_qemu, tmp_path, record_property):
    pxe_built = env.built("wireboot.pxe")
    stage = tmp_path / "stage"
    make("install", f"DESTDIR={stage}")
    prefix, etc = stage / "usr" / "local", stage / "etc"
    version = subprocess.run([str(prefix / "sbin" / "wireboot-server"), "--version"],
                             capture_output=True, text=True).stdout.strip()
    m = re.fullmatch(r"wireboot-server (\S+)", version)
    assert m, version
    version = m.group(1)
    assert subprocess.run([str(prefix / "sbin" / "wireboot-check"), "--version"],
                          capture_output=True, text=True).stdout == f"wireboot-check {version}\n"
    for name in IMAGES:
        assert (prefix / "lib" / "wireboot" / name).is_file(), name
    for name in ["wireboot-mkconfig", "wireboot-convert-dhcpd", "rom-set-ids"]:
        assert os.access(prefix / "bin" / name, os.X_OK), name
    assert (prefix / "share" / "doc" / "wireboot" / "docs" / "quickstart.md").is_file()
    check_man_pages(prefix / "share" / "man")
    unit = prefix / "lib" / "systemd" / "system" / "wireboot-server.service"
    check_unit(unit, prefix, prefix / "share" / "man", tmp_path)
    assert not unit_condition(unit.read_text(), str(etc / "wireboot" / "server.conf")), \
        "the untouched example config must not start the service"

    # The staged server and wireboot.pxe boot a machine.
    staged_pxe = prefix / "lib" / "wireboot" / "wireboot.pxe"
    assert staged_pxe.read_bytes() == open(pxe_built, "rb").read()
    tree.add("wireboot.pxe", str(staged_pxe))
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, f"default installed\nlabel installed\n  kernel bzImage\n"
                           f"  append {APPEND}\n")
    p, conf = start_installed_server(netns, prefix, etc, tree, tmp_path, "staged")
    assert unit_condition(unit.read_text(), str(conf))
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)])
    vm.wait_for(rf"wireboot PXE, loaded at \S+, version {re.escape(version)}\r?$", timeout=90)
    r = vm.boot_and_wait(timeout=env.scaled(240))
    record_property("boot_seconds", round(vm.elapsed(), 1))
    assert r.marker, vm.tail()
    assert r.cmdline == f"BOOT_IMAGE=bzImage {APPEND}", r.cmdline
    assert vm.wait_exit(timeout=60) == 0
    assert re.search(rf"dhcp REQUEST {MAC} PXEClient arch 0 -> ACK 10\.77\.0\.1\d\d file wireboot\.pxe",
                     p.log()), p.tail()
    p.stop()

    if not shutil.which("dpkg-buildpackage") or not os.path.isdir("/usr/share/debhelper"):
        pytest.skip("dpkg-buildpackage/debhelper not installed (scripts/install-deps): "
                    "make install checked, the .deb not")
    debdir = tmp_path / "deb"
    make("deb", f"DEB_OUT={debdir}", timeout=1200,
         env_vars={"DEB_BUILD_OPTIONS": "parallel=2 nocheck"})
    debs = sorted(debdir.glob("wireboot_*_amd64.deb"))
    assert len(debs) == 1, list(debdir.iterdir())
    if shutil.which("lintian"):
        r = subprocess.run(["lintian", str(debs[0])], capture_output=True, text=True)
        tags = [t for t in (r.stdout + r.stderr).splitlines() if "root privileges" not in t]
        assert tags == [], "\n".join(tags)
    pkg = tmp_path / "pkg"
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(pkg)], check=True)
    for name in IMAGES:
        assert (pkg / "usr/lib/wireboot" / name).read_bytes() == \
            (prefix / "lib/wireboot" / name).read_bytes(), f"{name} differs: boot it too"
    assert (pkg / "lib/systemd/system/wireboot-server.service").is_file()
    assert (pkg / "usr/share/man/man8/wireboot-server.8.gz").is_file()

    # The package's server (its own build, with Debian's hardening flags) serves a whole
    # boot sequence: wireboot-check over a tap, fetching and hashing kernel and initrd.
    p, _ = start_installed_server(netns, pkg / "usr", pkg / "etc", tree, tmp_path, "deb")
    tap = netns.add_tap()
    out = subprocess.run(["ip", "netns", "exec", netns.name, str(pkg / "usr/sbin/wireboot-check"),
                          "--interface", tap, "--mac", MAC, "--fetch"],
                         capture_output=True, text=True, timeout=env.scaled(120))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "result: would boot label installed" in out.stdout
    assert re.search(r"^  kernel +bzImage: \d+ bytes .* sha256 [0-9a-f]{64}", out.stdout, re.M)
    assert re.search(rf"tftp 10\.77\.0\.1\d\d:\d+ initramfs\.cpio: {os.path.getsize(tree.path('initramfs.cpio'))} bytes",
                     p.log()), p.tail()
