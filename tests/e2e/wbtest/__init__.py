# SPDX-License-Identifier: GPL-2.0-or-later
"""wireboot's e2e test harness (stdlib only; /usr/bin/python3).

    from wbtest import Netns, BootTree, Qemu, Nic, DhcpHost, servers, boot_result

A test gets a private namespace with a bridge (server 10.77.0.1/24), lays out a /tftpboot
tree from the fixtures (scripts/mkfixtures), starts servers in the namespace, boots QEMU (TCG)
on a tap and asserts on what the fixture initramfs prints on the serial console.  See
tests/e2e/conftest.py for the pytest fixtures and tests/e2e/test_reference_pxelinux.py for a
complete example.
"""
from . import env, procs, servers
from .env import BUILD, FIXTURES, ROOT, build_path, ensure_fixtures, fixture, scaled
from .netns import Impairment, Netns
from .qemu import MARKER, BootResult, BootTimeout, Nic, Qemu, boot_result
from .servers import DhcpHost
from .tree import BootTree, mac_config_name

__all__ = ["env", "procs", "servers", "BUILD", "FIXTURES", "ROOT", "build_path",
           "ensure_fixtures", "fixture", "scaled", "Impairment", "Netns", "MARKER",
           "BootResult", "BootTimeout", "Nic", "Qemu", "boot_result", "DhcpHost", "BootTree",
           "mac_config_name"]
