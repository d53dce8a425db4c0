# SPDX-License-Identifier: GPL-2.0-or-later
"""Test kernels derived from the fixture Debian kernel, shared by the BIOS and EFI tests."""
from .env import fixture


def kitten_shaped_kernel(path):
    """The Debian kernel with the header of a Kitten bzImage (docs/kitten-and-linux.md): boot
    protocol 2.06 (so no xloadflags: only the 32-bit entry) and relocatable_kernel = 0 (must
    run at exactly code32_start = 1 MiB).  Its decompressor does not care; the loader must
    place it at 1 MiB and write only the fields a 2.06 header has."""
    data = bytearray(open(fixture("vmlinuz"), "rb").read())
    assert data[0x202:0x206] == b"HdrS" and data[0x214:0x218] == b"\x00\x00\x10\x00"
    data[0x206:0x208] = b"\x06\x02"
    data[0x234] = 0
    with open(path, "wb") as f:
        f.write(data)
    return path
