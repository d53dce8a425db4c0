# SPDX-License-Identifier: GPL-2.0-or-later
"""Multiboot 1 kernels through wireboot.pxe (issue #14, "Multiboot (Xen)").

A test kernel built here from tests/e2e/data/multiboot-info.asm (nasm; the a.out-kludge and
the ELF32 build of one source) prints on COM1 what wireboot handed it: the magic, the info
flags, mem_lower/upper, the command line, every module's place, size and CRC-32 (computed by
the kernel over the bytes it finds), the memory map, the boot loader name and whether its bss
came zeroed.  Each test compares that with the configuration and the files' real values:
- KERNEL <a.out kernel> with initrd= modules, one of them gzip'd (inflated by wireboot);
- mboot.c32 syntax with a gzip'd ELF kernel and module arguments.
Xen (Debian's xen-hypervisor package, xen.gz) + the Debian kernel as dom0 + the fixture
initramfs through mboot.c32: QEMU start -> dom0's init done in about 35 s under TCG (measured
on the 2-core CI machine), so it runs in `make test`.
"""
import glob
import gzip
import os
import random
import re
import struct
import subprocess
import zlib

import pytest

from test_wireboot_check import run_check
from wbtest import DhcpHost, Nic, env, servers

MAC = "52:54:00:12:34:70"
CLIENT_IP = "10.77.0.93"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASM = os.path.join(ROOT, "tests", "e2e", "data", "multiboot-info.asm")
MEMORY_MB = 256


@pytest.fixture
def pxe(fixtures):
    return env.built("wireboot.pxe")


def build_kernels(tmp_path):
    """The test kernel twice: a.out kludge (loads at 1 MiB), ELF32 (at 2 MiB, 3 segments)."""
    aout, obj, elf = (str(tmp_path / n) for n in ("mbtest.aout", "mbtest.o", "mbtest.elf"))
    inc = ["-I", os.path.dirname(ASM)]  # com1.inc, qemu-poweroff.inc
    subprocess.run(["nasm", "-f", "bin", *inc, "-DAOUT", "-o", aout, ASM], check=True)
    subprocess.run(["nasm", "-f", "elf32", *inc, "-o", obj, ASM], check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-Ttext=0x200000", "-e", "start", "-o", elf, obj],
                   check=True)
    return aout, elf


def write(tmp_path, name, data):
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def module_data(seed, size):
    """Random bytes with some repetition, so gzip has something to do."""
    rnd = random.Random(seed)
    return b"".join(rnd.randbytes(64) * rnd.randint(1, 8) for _ in range(size // 256))[:size]


def elf_segments(elf):
    """(start, end, file bytes, file offset) of each loadable ELF32 program header."""
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    segs = []
    for i in range(phnum):
        kind, off, _, paddr, filesz, memsz = struct.unpack_from("<6I", elf, phoff + i * phentsize)
        if kind == 1 and memsz:
            segs.append((paddr, paddr + memsz, filesz, off))
    return segs


def run_kernel(pxe, netns, tree, make_qemu, cfg):
    tree.add("wireboot.pxe", pxe)
    tree.pxelinux_cfg(MAC, cfg)
    servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file="wireboot.pxe",
                          hosts=[DhcpHost("mb-test", MAC, CLIENT_IP)])
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)], memory=MEMORY_MB)
    vm.wait_for(r"MB-DONE", timeout=env.scaled(150))
    print(f"\nMultiboot test kernel done after {vm.elapsed():.1f} s")
    assert vm.wait_exit(timeout=60) == 0  # the kernel's ACPI power-off
    return parse_report(vm.serial_text())


def parse_report(text):
    """The test kernel's lines (numbers in hex)."""
    text = text.replace("\r", "")
    one = lambda key: re.search(rf"(?m)^MB-{key}=(.*)$", text).group(1)
    lower, upper = (int(x, 16) for x in one("MEM").split(","))
    mods = [dict(zip(("start", "end", "crc"), (int(x, 16) for x in m.group(1, 2, 3))),
                 string=m.group(4))
            for m in re.finditer(r"(?m)^MB-MOD=(\w{8}),(\w{8}),(\w{8}),(.*)\|$", text)]
    mmap = [tuple(int(x, 16) for x in m.groups())
            for m in re.finditer(r"(?m)^MB-MMAP=(\w{16}),(\w{16}),(\w{8})$", text)]
    return dict(magic=int(one("MAGIC"), 16), flags=int(one("FLAGS"), 16),
                mem_lower=lower, mem_upper=upper,
                cmdline=re.search(r"(?m)^MB-CMDLINE=(.*)\|$", text).group(1),
                loader=re.search(r"(?m)^MB-LOADER=(.*)\|$", text).group(1),
                bss=int(one("BSS"), 16), mods=mods, mmap=mmap)


def check_report(r, cmdline, modules):
    """modules: [(string, the bytes the kernel must find)]."""
    assert r["magic"] == 0x2BADB002
    assert r["flags"] == 0x24D  # memory, cmdline, modules, memory map, boot loader name
    assert r["cmdline"] == cmdline
    assert r["loader"] == "wireboot"
    assert r["bss"] == 0
    assert len(r["mods"]) == len(modules)
    for got, (string, data) in zip(r["mods"], modules):
        assert got["string"] == string
        assert got["start"] % 4096 == 0
        assert got["end"] - got["start"] == len(data)
        assert got["crc"] == zlib.crc32(data)
    # The BIOS's E820 map as is: RAM below 640 KiB and from 1 MiB to (about) the end of RAM.
    ram = [(base, length) for base, length, kind in r["mmap"] if kind == 1]
    assert ram[0][0] == 0 and r["mem_lower"] == ram[0][1] // 1024 and 600 <= r["mem_lower"] <= 640
    high = [length for base, length in ram if base == 0x100000]
    assert high and r["mem_upper"] == high[0] // 1024
    assert (MEMORY_MB - 2) * 1024 * 1024 <= 0x100000 + high[0] <= MEMORY_MB * 1024 * 1024
    # Modules lie in RAM, clear of each other and of the kernel's segments (1-2 MiB + bss).
    for m in r["mods"]:
        assert any(b <= m["start"] and m["end"] <= b + n for b, n in ram)
        assert m["end"] <= 0x100000 or m["start"] >= 0x210000


def test_multiboot_aout_kernel_with_initrd_modules(pxe, netns, tree, make_qemu, tmp_path):
    """KERNEL <a.out-kludge kernel>; initrd= files become modules, the gzip'd one inflated."""
    aout, _ = build_kernels(tmp_path)
    mod1 = module_data(1, 10000)
    mod2 = module_data(2, 70001)
    tree.add("mb/mbtest", aout)
    tree.add("mb/one.bin", write(tmp_path, "one.bin", mod1))
    tree.add("mb/two.bin.gz", write(tmp_path, "two.bin.gz", gzip.compress(mod2)))
    append = "console=com1 initrd=mb/one.bin,mb/two.bin.gz"
    r = run_kernel(pxe, netns, tree, make_qemu,
                   f"default mb\nlabel mb\n    kernel mb/mbtest\n    append {append}\n")
    check_report(r, "mb/mbtest " + append, [("mb/one.bin", mod1), ("mb/two.bin.gz", mod2)])


def test_mboot_c32_gzip_elf_kernel(pxe, netns, tree, make_qemu, tmp_path):
    """mboot.c32 syntax: a gzip'd ELF kernel with arguments, modules with their arguments."""
    _, elf = build_kernels(tmp_path)
    mod1 = module_data(3, 5000)
    mod3 = module_data(4, 4096 * 3)
    with open(elf, "rb") as f:
        tree.add("mbtest.gz", write(tmp_path, "mbtest.gz", gzip.compress(f.read())))
    tree.add("vmlinuz-ish", write(tmp_path, "vmlinuz-ish", mod1))
    tree.add("initrd.img", write(tmp_path, "initrd.img", mod3))
    r = run_kernel(pxe, netns, tree, make_qemu,
                   "default xen\nlabel xen\n    kernel mboot.c32\n"
                   "    append mbtest.gz dom0_mem=512M loglvl=all --- vmlinuz-ish root=/dev/ram0"
                   " console=hvc0  ---  initrd.img\n")
    check_report(r, "mbtest.gz dom0_mem=512M loglvl=all",
                 [("vmlinuz-ish root=/dev/ram0 console=hvc0", mod1), ("initrd.img", mod3)])


def test_wireboot_check_reports_multiboot_plan(netns, tree, tmp_path):
    """wireboot-check names a Multiboot kernel, validates its header and layout, inflates
    and checks gzip'd files, lists the modules with their strings; corrupt gzip fails."""
    _, elf = build_kernels(tmp_path)
    with open(elf, "rb") as f:
        kernel = f.read()
    packed = gzip.compress(kernel)
    tree.add("mbtest.gz", write(tmp_path, "mbtest.gz", packed))
    tree.add("mod.bin", write(tmp_path, "mod.bin", module_data(5, 3000)))
    cfg = ("default xen\nlabel xen\n    kernel mboot.c32\n"
           "    append mbtest.gz a=1 --- mod.bin m=2\n"
           "label bad\n    kernel mboot.c32\n    append bad.gz --- mod.bin\n")
    tree.pxelinux_cfg(MAC, cfg)
    corrupt = bytearray(packed)
    corrupt[len(corrupt) // 2] ^= 0x10
    tree.add("bad.gz", write(tmp_path, "bad.gz", bytes(corrupt)))
    servers.start_dnsmasq(netns, tftp_root=tree.root, hosts=[DhcpHost("mb", MAC, CLIENT_IP)])
    client = netns.add_client()
    client.run(["ip", "addr", "flush", "dev", "eth0"])
    client.run(["ip", "link", "set", "eth0", "address", MAC])
    rc, out = run_check(client, ["--interface", "eth0", "--fetch"])
    assert rc == 0, out
    assert (f"mbtest.gz: gzip, {len(packed)} bytes inflated to {len(kernel)} "
            "(CRC-32 and size match)") in out, out
    assert "boot plan: label xen, Multiboot kernel" in out, out
    assert "  Multiboot 1: ELF32, header at 0x1000, flags 0x3 (checksum ok), entry 0x20000c" \
        in out, out
    segments = re.findall(r"^  segment: 0x([0-9a-f]+)-0x([0-9a-f]+) \((\d+) bytes from the "
                          r"file at (0x[0-9a-f]+|0)\)$", out, re.M)
    assert [(int(a, 16), int(b, 16), int(n), int(off, 16)) for a, b, n, off in segments] == \
        elf_segments(kernel), out
    assert '  module 1: 3000 bytes, string "mod.bin m=2"' in out, out
    assert '  cmdline: "mbtest.gz a=1"' in out, out
    rc, out = run_check(client, ["--interface", "eth0", "--fetch", "--label", "bad"])
    assert rc != 0, out
    assert "bad.gz: gzip: corrupt compressed data" in out, out


@pytest.mark.parametrize("firmware", ["bios", "ovmf"])
def test_xen_dom0_through_mboot_c32(netns, tree, make_qemu, record_property, firmware,
                                    fixtures):
    """Debian's xen.gz + the Debian kernel as dom0 + the fixture initramfs, mboot.c32 syntax;
    dom0's /init prints the marker and its command line.  Xen drops the first word (the file
    name) of its own and of dom0's string, as it does after GRUB and mboot.c32.
    bios: wireboot.pxe, Multiboot 1.  ovmf: wireboot.efi, Xen's EFI Multiboot 2 entry with
    boot services running.  QEMU's default CPU: with -cpu max, dom0 (PV) crashes early
    under TCG, after wireboot has handed over."""
    xen = sorted(glob.glob("/boot/xen-*.gz"))
    if not xen:
        pytest.skip("/boot/xen-*.gz missing: install xen-hypervisor-4.17-amd64 "
                    "(scripts/install-deps)")
    program = "wireboot.pxe" if firmware == "bios" else "wireboot.efi"
    tree.add(program, env.built(program))
    tree.add("xen.gz", xen[-1])
    tree.add("vmlinuz")
    tree.add("initramfs.cpio")
    dom0_args = "console=hvc0 earlyprintk=xen"
    tree.pxelinux_cfg(MAC, "default xen\nlabel xen\n    kernel mboot.c32\n"
                           "    append xen.gz console=com1 com1=115200,8n1 dom0_mem=384M "
                           f"--- vmlinuz {dom0_args} --- initramfs.cpio\n")
    if firmware == "bios":
        servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file=program,
                              hosts=[DhcpHost("mb-test", MAC, CLIENT_IP)])
        vm = make_qemu(nics=[Nic(netns.add_tap(), MAC)], memory=1024)
    else:
        servers.start_dnsmasq(netns, tftp_root=tree.root, boot_file=None,
                              boot_by_arch={7: program},
                              hosts=[DhcpHost("mb-test", MAC, CLIENT_IP)])
        vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf",
                       boot=None, memory=1024, extra_args=["-machine", "q35"])
    r = vm.boot_and_wait(timeout=env.scaled(600))
    record_property("boot_seconds", round(vm.elapsed(), 1))
    print(f"\nXen + dom0 ({firmware}): QEMU start -> dom0 init done {vm.elapsed():.1f} s")
    text = vm.serial_text()
    assert "xen.gz: gzip, " in text and "(CRC-32 and size match)" in text
    assert "(XEN) Command line: console=com1 com1=115200,8n1 dom0_mem=384M" in text
    if firmware == "ovmf":
        assert "Multiboot 2 kernel, EFI amd64 entry" in text
    assert r.marker, vm.tail()
    assert r.cmdline == dom0_args
