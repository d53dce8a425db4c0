# SPDX-License-Identifier: GPL-2.0-or-later
"""The menu, the boot: prompt and the shell of wireboot.pxe, driven over the serial console in
QEMU (SeaBIOS + the stock iPXE ROM as PXE stack, wireboot-server as DHCP/TFTP server).  Each
test asserts which label really booted from the initramfs's CMDLINE line.  The screen tests
(BIOS VGA, and wireboot.efi on OVMF's GOP console) read QEMU's screendump: the menu is drawn
full-screen there, the chosen entry in reverse video.
"""
import os
import re
import time

import pytest

import wbtest
from wbtest import DhcpHost, Nic, env, servers
from wbtest.fat import fat_image

MAC = "52:54:00:12:34:56"
CLIENT_IP = "10.77.0.92"
DOWN = "\x1b[B"   # what a VT100 terminal sends for the Down arrow


def menu_cfg(timeout=100, default="linux"):
    return (f"UI menu.c32\nMENU TITLE wireboot lab\nTIMEOUT {timeout}\nDEFAULT {default}\n"
            "LABEL linux\n    MENU LABEL ^Linux\n    KERNEL bzImage\n"
            "    APPEND initrd=initramfs.cpio console=ttyS0,115200 wblabel=linux\n"
            "LABEL kitten\n    MENU LABEL ^Kitten\n    KERNEL bzImage\n"
            "    APPEND initrd=initramfs.cpio console=ttyS0,115200 wblabel=kitten\n"
            "LABEL broken\n    MENU LABEL ^Broken kernel\n    KERNEL no-such-kernel\n"
            "    APPEND console=ttyS0\n")


@pytest.fixture
def pxe(fixtures):
    return env.built("wireboot.pxe")


@pytest.fixture
def boot_vm(pxe, netns, tree, tmp_path, make_qemu):
    """start(cfg) -> a QEMU booting wireboot.pxe from wireboot-server with cfg for its MAC."""
    def start(cfg, **qemu_options):
        tree.add("wireboot.pxe", pxe)
        tree.add("bzImage", "vmlinuz")
        tree.add("initramfs.cpio")
        tree.pxelinux_cfg(MAC, cfg)
        conf = servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", MAC, CLIENT_IP,
                                                       "wireboot.pxe")])
        (tmp_path / "dhcpd.conf").write_text(conf)
        servers.start_wireboot_server(netns, tree.root, ["--hosts", str(tmp_path / "dhcpd.conf")])
        return make_qemu(nics=[Nic(netns.add_tap(), MAC)], **qemu_options)
    return start


def booted_label(vm):
    r = vm.boot_and_wait(timeout=env.scaled(240))
    assert r.marker, vm.tail()
    m = re.search(r"wblabel=(\w+)", r.cmdline or "")
    assert m, r.cmdline
    assert vm.wait_exit(timeout=60) == 0
    return m.group(1), r.cmdline


def test_menu_arrow_key_boots_second_label(boot_vm):
    vm = boot_vm(menu_cfg())
    m = vm.wait_for(r"Automatic boot in \d+ seconds", timeout=120)
    assert "wireboot lab" in vm.serial_text()[:m.start()]
    vm.send(DOWN, char_delay=0)
    m = vm.wait_for(r">  2\. Kitten", pos=m.end(), timeout=30)
    vm.send("\r")
    label, cmdline = booted_label(vm)
    assert label == "kitten"
    assert cmdline == ("BOOT_IMAGE=bzImage initrd=initramfs.cpio console=ttyS0,115200 "
                       "wblabel=kitten")


def test_menu_countdown_boots_default(boot_vm):
    vm = boot_vm(menu_cfg(timeout=20))
    label, _ = booted_label(vm)
    assert label == "linux"
    text = vm.serial_text()
    assert "Automatic boot in 2 seconds..." in text
    assert "Automatic boot in 1 second..." in text
    assert "label: linux (after the timeout)" in text
    # No key was typed, so the serial terminal never showed it speaks ANSI: the menu is drawn
    # there as plain text, without escape codes.
    wireboot_part = text[text.index("PXE API:"):text.index("Linux version")]
    assert "\x1b[" not in wireboot_part


def test_prompt_countdown_shows_prompt_once(boot_vm):
    """prompt 1 / timeout 30 without a menu: the countdown updates in place after one
    "boot: ", the default boots when it runs out."""
    vm = boot_vm("default linux\nprompt 1\ntimeout 30\n" + menu_cfg().split("\n", 4)[4])
    label, _ = booted_label(vm)
    assert label == "linux"
    before_kernel = vm.serial_text().split("Linux version")[0]
    assert before_kernel.count("boot:") == 1, before_kernel
    assert "boot: (automatic boot in 3 seconds)" in before_kernel
    assert "1 second)" in before_kernel


def test_missing_kernel_error_then_menu_again(boot_vm):
    vm = boot_vm(menu_cfg(timeout=0, default="broken"))
    m = vm.wait_for(r"Enter to boot", timeout=120)
    vm.send("\r")  # the default entry: Broken kernel
    m = vm.wait_for(r"error: file not found: no-such-kernel on 10\.77\.0\.1", pos=m.end(),
                    timeout=60)
    m = vm.wait_for(r"Enter to boot", pos=m.end(), timeout=30)  # the menu is back
    vm.send("k")  # the hotkey of ^Kitten selects it (plain serial: no redraw, a line)
    vm.wait_for(r"Selected: 2\. Kitten", pos=m.end(), timeout=30)
    vm.send("\r")
    label, _ = booted_label(vm)
    assert label == "kitten"
    assert "Press R to retry" not in vm.serial_text()


def test_escape_to_shell_and_boot_label(boot_vm):
    vm = boot_vm(menu_cfg())
    m = vm.wait_for(r"Automatic boot in \d+ seconds", timeout=120)
    vm.send("\x1b")  # the menu -> boot:
    m = vm.wait_for(r"boot: ", pos=m.end(), timeout=30)
    vm.send("\x1b")  # boot: -> the shell
    m = vm.wait_for(r"wireboot> ", pos=m.end(), timeout=30)
    vm.send("show\r")
    m = vm.wait_for(r"labels:  linux kitten \w*broken", pos=m.end(), timeout=30)
    text = vm.serial_text()
    assert f"ip:      {CLIENT_IP} netmask 255.255.255.0" in text
    assert "config:  pxelinux.cfg/01-52-54-00-12-34-56" in text
    m = vm.wait_for(r"wireboot> ", pos=m.end(), timeout=30)
    vm.send("boot kitten wbshell=1\r")
    label, cmdline = booted_label(vm)
    assert label == "kitten"
    assert cmdline.endswith("wblabel=kitten wbshell=1")


# ---- the screen -------------------------------------------------------------------------------

def screendump(vm, path):
    """The VGA screen as (width, height, RGB bytes), from HMP screendump (binary PPM) to a
    new file `path`, which stays for a look after a failure."""
    vm.hmp(f"screendump {path}")
    deadline = time.monotonic() + 10
    data = b""
    while time.monotonic() < deadline:  # written asynchronously
        if os.path.exists(path):
            data = open(path, "rb").read()
            # "P6" width height maxval, each after whitespace, then ONE whitespace byte and the
            # pixels (which may start with bytes that look like whitespace).
            m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
            if m:
                w, h = int(m.group(1)), int(m.group(2))
                if len(data) >= m.end() + w * h * 3:
                    return w, h, data[m.end():m.end() + w * h * 3]
        time.sleep(0.1)
    raise AssertionError(f"no complete screendump in {path} ({len(data)} bytes)")


def highlight_band(screen):
    """(top, height) in pixels of the one text row drawn in reverse video: every pixel row of
    it has a run of >= 16 light pixels (the background of the blanks in ">  2. "), which
    glyph strokes on a dark background never have."""
    w, h, px = screen
    lit = []
    for y in range(h):
        row, run, best = px[y * w * 3:(y + 1) * w * 3], 0, 0
        for x in range(w):
            light = row[3 * x] > 0x80 and row[3 * x + 1] > 0x80 and row[3 * x + 2] > 0x80
            run = run + 1 if light else 0
            best = max(best, run)
        lit.append(best >= 16)
    bands, y = [], 0
    while y < h:
        if lit[y]:
            top = y
            while y < h and lit[y]:
                y += 1
            bands.append((top, y - top))
        y += 1
    bands = [b for b in bands if b[1] >= 8]
    assert len(bands) == 1, f"expected one highlighted row, found {bands}"
    return bands[0]


def test_menu_on_vga_screen_in_reverse_video(boot_vm, tmp_path):
    """On the VGA text screen the menu is full-screen with the entry in reverse video; the
    Down key on the PC keyboard redraws it in place, one row lower, and boots that entry.
    The serial line (which sent no ANSI key) gets the plain lines meanwhile."""
    vm = boot_vm(menu_cfg(), vga=True, monitor=True)
    m = vm.wait_for(r"Automatic boot in \d+ seconds", timeout=120)
    screen = screendump(vm, str(tmp_path / "menu.ppm"))
    w, h, _ = screen
    assert (w, h) == (720, 400), (w, h)  # 80 x 25 text, 9 x 16 pixel cells
    # Row 0 blank, 1 the title, 2 blank, 3 the first entry (the default, highlighted).
    assert highlight_band(screen) == (3 * 16, 16)
    vm.hmp("sendkey down")
    m = vm.wait_for(r"Selected: 2\. Kitten", pos=m.end(), timeout=30)
    assert highlight_band(screendump(vm, str(tmp_path / "menu-down.ppm"))) == (4 * 16, 16)
    vm.hmp("sendkey ret")
    label, _ = booted_label(vm)
    assert label == "kitten"
    wireboot_part = vm.serial_text()
    wireboot_part = wireboot_part[wireboot_part.index("PXE API:"):wireboot_part.index("Linux version")]
    assert "\x1b[" not in wireboot_part


def test_menu_on_efi_screen_in_reverse_video(fixtures, netns, tree, make_qemu, tmp_path):
    """wireboot.efi (BOOTX64.EFI on a FAT disk, OVMF with a GOP screen and a serial console):
    OVMF mirrors ConOut to the UART, so the menu starts as plain text on both; the first
    arrow key on the PC keyboard turns it full-screen, the entry in reverse video, and Up
    moves the highlight back by exactly one text row."""
    efi = env.build_path("wireboot.efi")
    if not os.path.exists(efi):
        pytest.skip(f"{efi} not built")
    missing = env.missing_tools("mkfs.vfat", "mmd", "mcopy")
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: run scripts/install-deps")
    tree.add("bzImage", "vmlinuz")
    tree.add("initramfs.cpio")
    tree.pxelinux_cfg(MAC, menu_cfg())
    servers.start_dnsmasq(netns, tftp_root=tree.root, hosts=[DhcpHost("efi-client", MAC, CLIENT_IP)])
    img = fat_image(str(tmp_path / "esp.img"), {"EFI/BOOT/BOOTX64.EFI": efi})
    vm = make_qemu(nics=[Nic(netns.add_tap(), MAC, romfile="")], firmware="ovmf", boot=None,
                   drives=[f"file={img},format=raw,if=virtio"], vga=True, monitor=True,
                   extra_args=["-machine", "q35"])
    m = vm.wait_for(r"Automatic boot in \d+ seconds", timeout=180)
    vm.hmp("sendkey down")
    m = vm.wait_for(r">  2\. Kitten", pos=m.end(), timeout=60)
    time.sleep(1)  # the rest of the redraw
    top2, height2 = highlight_band(screendump(vm, str(tmp_path / "menu-down.ppm")))
    vm.hmp("sendkey up")
    m = vm.wait_for(r">  1\. Linux", pos=m.end(), timeout=60)
    time.sleep(1)
    top1, height1 = highlight_band(screendump(vm, str(tmp_path / "menu-up.ppm")))
    assert height1 == height2 and 14 <= height1 <= 24, (height1, height2)
    assert top2 - top1 == height1, (top1, top2)
    vm.hmp("sendkey ret")
    label, _ = booted_label(vm)
    assert label == "linux"
