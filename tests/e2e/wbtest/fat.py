# SPDX-License-Identifier: GPL-2.0-or-later
"""FAT disk images for UEFI tests, made without root (dosfstools + mtools):

    img = fat_image(path, {"EFI/BOOT/BOOTX64.EFI": build_path("wireboot.efi"),
                           "startup.nsh": b"fs0:\\\\wireboot.efi\\r\\n"})
    Qemu(..., firmware="ovmf", drives=[f"file={img},format=raw,if=virtio"])

A value is a path to copy or bytes to write.  The image is a "superfloppy" (no partition
table), which OVMF mounts as FS0.
"""
import os
import subprocess
import tempfile


def fat_image(path, files, size_kib=None):
    """Write a FAT image at `path` holding `files` {name in image: source path or bytes}."""
    total = sum(len(v) if isinstance(v, bytes) else os.path.getsize(v) for v in files.values())
    size_kib = size_kib or max(8192, (total * 5 // 4) // 1024 + 4096)
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["mkfs.vfat", "-C", "-n", "WIREBOOT", path, str(size_kib)], check=True,
                   capture_output=True)
    made = set()
    with tempfile.TemporaryDirectory(prefix="wbfat") as tmp:
        for name, src in sorted(files.items()):
            parts = name.strip("/").split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in made:
                    subprocess.run(["mmd", "-i", path, "::/" + d], check=True,
                                   capture_output=True)
                    made.add(d)
            if isinstance(src, bytes):
                tmpf = os.path.join(tmp, parts[-1])
                with open(tmpf, "wb") as f:
                    f.write(src)
                src = tmpf
            subprocess.run(["mcopy", "-i", path, src, "::/" + "/".join(parts)], check=True,
                           capture_output=True)
    return path
