# SPDX-License-Identifier: GPL-2.0-or-later
"""pytest fixtures of the e2e suite (the harness itself is the wbtest package beside this file).

  netns      a fresh private namespace per test: bridge br0 = 10.77.0.1/24, logs in tmp_path;
             closed (processes stopped, namespaces deleted) after the test
  tree       a BootTree (/tftpboot-like, world-readable) in a private temporary directory
  make_qemu  factory: make_qemu(nics=[...], **Qemu options) -> a started Qemu inside netns,
             stopped after the test
  pxe        build/wireboot.pxe (skipped when not built); pxe_tftp: wireboot-pxetftp.pxe
  fixtures   the fixture directory (scripts/mkfixtures, small set); wbtest.fixture(name) gives
             a path, building initramfs-48m.cpio on first use

Every test is skipped, with the reason, when not run as root or when a tool is missing.
"""
import itertools
import os
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import wbtest  # noqa: E402
from wbtest import env  # noqa: E402

REQUIRED_TOOLS = ["ip", "qemu-system-x86_64", "nasm", "/bin/busybox"]


@pytest.fixture(scope="session")
def fixtures():
    if os.geteuid() != 0:
        pytest.skip("e2e tests need root (network namespaces, taps)")
    missing = env.missing_tools(*REQUIRED_TOOLS)
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: run scripts/install-deps")
    return env.ensure_fixtures()


@pytest.fixture
def netns(fixtures, tmp_path):
    ns = wbtest.Netns(workdir=str(tmp_path))
    yield ns
    ns.close()


@pytest.fixture
def tree():
    d = tempfile.mkdtemp(prefix="wbtree")
    yield wbtest.BootTree(os.path.join(d, "tftpboot"))
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def make_qemu(netns, tmp_path):
    vms = []
    counter = itertools.count()

    def make(nics=(), start=True, **kw):
        k = next(counter)
        vm = wbtest.Qemu(netns, os.path.join(str(tmp_path), f"vm{k}"), nics=nics,
                         name=kw.pop("name", f"vm{k}"), **kw)
        vms.append(vm)
        return vm.start() if start else vm

    yield make
    for vm in vms:
        vm.stop()


@pytest.fixture
def pxe(fixtures):
    return env.built("wireboot.pxe")


@pytest.fixture
def pxe_tftp(fixtures):
    return env.built("wireboot-pxetftp.pxe")
