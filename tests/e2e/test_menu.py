# SPDX-License-Identifier: GPL-2.0-or-later
"""The menu, the boot: prompt and the shell of wireboot.pxe, driven over the serial console in
QEMU (SeaBIOS + the stock iPXE ROM as PXE stack, wireboot-server as DHCP/TFTP server).  Each
test asserts which label really booted from the initramfs's CMDLINE line.
"""
import os
import re

import pytest

import wbtest
from wbtest import DhcpHost, Nic, env, servers

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
    path = env.build_path("wireboot.pxe")
    if not os.path.exists(path):
        pytest.skip(f"{path} not built (make all)")
    return path


@pytest.fixture
def boot_vm(pxe, netns, tree, tmp_path, make_qemu):
    """start(cfg) -> a QEMU booting wireboot.pxe from wireboot-server with cfg for its MAC."""
    def start(cfg):
        tree.add("wireboot.pxe", pxe)
        tree.add("bzImage", "vmlinuz")
        tree.add("initramfs.cpio")
        tree.pxelinux_cfg(MAC, cfg)
        conf = servers.isc_dhcpd_conf(netns, [DhcpHost("v-test-intel-lab", MAC, CLIENT_IP,
                                                       "wireboot.pxe")])
        (tmp_path / "dhcpd.conf").write_text(conf)
        servers.start_wireboot_server(netns, tree.root, ["--hosts", str(tmp_path / "dhcpd.conf")])
        return make_qemu(nics=[Nic(netns.add_tap(), MAC)])
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
