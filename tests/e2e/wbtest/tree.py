# SPDX-License-Identifier: GPL-2.0-or-later
"""A /tftpboot-like tree in a temporary directory, laid out as the seed document does:

    tree = BootTree(path)
    tree.add("pxelinux.0")                       # a fixture, under its own name
    tree.add("bzImage", "vmlinuz")               # a fixture under another name
    tree.add("init_task", "/some/file")          # any file
    tree.pxelinux_cfg("52:54:00:12:34:56", text) # pxelinux.cfg/01-52-54-00-12-34-56
    tree.pxelinux_cfg(None, text)                # pxelinux.cfg/default

Files are hard links to the fixture when possible (same file system), copies otherwise; never
symlinks (servers confined to the root rightly refuse them).  Everything is world-readable.
"""
import os
import shutil

from . import env


def mac_config_name(mac):
    """PXELINUX's per-MAC config name: 01-<mac, lower case, dashes>."""
    return "01-" + mac.lower().replace(":", "-")


class BootTree:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        os.makedirs(self.root, exist_ok=True)
        os.chmod(self.root, 0o755)

    def path(self, name):
        p = os.path.normpath(os.path.join(self.root, name))
        if not p.startswith(self.root + os.sep):
            raise ValueError(f"{name} is outside the tree")
        return p

    def add(self, name, source=None):
        """Put a fixture (by name) or a file (by path) at `name`; return the path."""
        src = source or name
        if not os.path.isabs(src):
            src = env.fixture(src)
        dst = self.path(name)
        os.makedirs(os.path.dirname(dst), mode=0o755, exist_ok=True)
        if os.path.lexists(dst):
            os.unlink(dst)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
        return dst

    def add_text(self, name, text):
        dst = self.path(name)
        os.makedirs(os.path.dirname(dst), mode=0o755, exist_ok=True)
        with open(dst, "w") as f:
            f.write(text)
        os.chmod(dst, 0o644)
        return dst

    def pxelinux_cfg(self, mac, text):
        """pxelinux.cfg/01-<mac> (or pxelinux.cfg/default when mac is None)."""
        return self.add_text("pxelinux.cfg/" + (mac_config_name(mac) if mac else "default"), text)

    def add_pxelinux(self):
        """pxelinux.0 and the ldlinux.c32 it loads next (syslinux 6)."""
        self.add("pxelinux.0")
        self.add("ldlinux.c32")
