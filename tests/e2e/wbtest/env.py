# SPDX-License-Identifier: GPL-2.0-or-later
"""Where things are: the source tree, the build directory, the fixtures; timeouts for TCG."""
import os
import shutil
import subprocess
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BUILD = os.path.abspath(os.environ.get("BUILD", os.path.join(ROOT, "build")))
FIXTURES = os.path.join(BUILD, "fixtures")

# QEMU runs with TCG on a shared 2-core machine: every timeout is multiplied by this
# (WB_E2E_TIMEOUT_SCALE=2 when the machine is very busy).
TIMEOUT_SCALE = float(os.environ.get("WB_E2E_TIMEOUT_SCALE", "1"))

# Default wait for a Linux boot to reach its init marker, in seconds (before scaling).
BOOT_TIMEOUT = 180

_fixture_lock = threading.Lock()
_fixtures_built = set()


def scaled(seconds):
    """A timeout scaled for this machine's load (WB_E2E_TIMEOUT_SCALE)."""
    return seconds * TIMEOUT_SCALE


def build_path(name):
    """Path of a build artefact such as wireboot-server or wireboot.pxe (may not exist)."""
    return os.path.join(BUILD, name)


def built(name):
    """Path of a build artefact; the calling test is skipped when it was not built."""
    path = build_path(name)
    if not os.path.exists(path):
        import pytest
        pytest.skip(f"{path} not built (make all)")
    return path


def ensure_fixtures(large=False):
    """Run scripts/mkfixtures (cached, so cheap when up to date); --large adds the 48 MB one."""
    key = "large" if large else "small"
    with _fixture_lock:
        if key in _fixtures_built:
            return FIXTURES
        cmd = [os.path.join(ROOT, "scripts", "mkfixtures")] + (["--large"] if large else [])
        p = subprocess.run(cmd + [FIXTURES], capture_output=True, text=True,
                           env=dict(os.environ, BUILD=BUILD))
        if p.returncode != 0:
            raise RuntimeError(f"scripts/mkfixtures failed ({p.returncode}):\n{p.stderr}")
        _fixtures_built.add(key)
        if large:
            _fixtures_built.add("small")
    return FIXTURES


def fixture(name):
    """Path of a fixture built by scripts/mkfixtures (builds it first if needed)."""
    ensure_fixtures(large=name == "initramfs-48m.cpio")
    path = os.path.join(FIXTURES, name)
    if not os.path.exists(path):
        raise FileNotFoundError(f"fixture {name} not made by scripts/mkfixtures: {path}")
    return path


def missing_tools(*names):
    """The programs among `names` that are not installed (absolute paths or on PATH)."""
    return [n for n in names if not (os.access(n, os.X_OK) if os.path.isabs(n) else shutil.which(n))]
