# SPDX-License-Identifier: GPL-2.0-or-later
"""UEFI HTTP Boot from wireboot-server (IPv4): OVMF with its PXE switched off (fw_cfg) takes
its HTTPv4 boot option, sends a DISCOVER with vendor class HTTPClient (arch 16), gets
"HTTPClient" and http://10.77.0.1:8080/wireboot.efi back, fetches wireboot.efi from
wireboot-server's web server and starts it; wireboot.efi then boots the Debian kernel.
"""
import os

from test_efi import BANNER, assert_linux_booted, efi_app, linux_tree, ovmf
from wbtest import servers

NO_PXE = ["-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n",
          "-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=n"]


def test_ovmf_http_boot_from_wireboot_server(netns, tree, make_qemu, record_property):
    tree.add("wireboot.efi", efi_app())
    linux_tree(tree)
    server = servers.start_wireboot_server(netns, tree.root, args=[
        "--range", "10.77.0.100-10.77.0.150", "--http-port", "8080"])
    vm = ovmf(make_qemu, netns, extra_args=NO_PXE)
    vm.wait_for(BANNER, timeout=150)
    assert_linux_booted(vm, record_property, "OVMF HTTP Boot -> wireboot.efi -> Linux")
    assert 'Boot0001 "UEFI HTTPv4' in vm.serial_text(), vm.tail()
    log = server.log()
    assert ("HTTPClient arch 16 -> OFFER 10.77.0.100 file http://10.77.0.1:8080/wireboot.efi"
            in log), log
    size = os.path.getsize(tree.path("wireboot.efi"))
    assert f"GET /wireboot.efi 200: {size} bytes" in log, log
    # wireboot.efi itself then asks as a PXE client (its own DHCP: no PXE BC under HTTP Boot).
    assert "PXEClient arch 7 -> ACK 10.77.0.100 file wireboot.efi" in log, log
