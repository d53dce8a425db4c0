# SPDX-License-Identifier: GPL-2.0-or-later
"""QEMU (TCG) machines for e2e tests, run inside a test's namespace.

    vm = Qemu(ns, workdir, nics=[Nic(tap, "52:54:00:12:34:56")])   # -boot n, stock iPXE ROM
    vm.start()
    vm.wait_for(r"WIREBOOT-INIT-OK")        # polls the serial log; returns the re.Match
    vm.send("Palacios_Kitten\\r")            # types on the serial console
    r = vm.result()                          # BootResult parsed from the serial log
    vm.stop()                                # also done by the namespace's close()

The serial port is a chardev socket with a log file: QEMU writes all output to
workdir/serial.log whether or not anyone is connected, and send() connects (then drains the
socket in a thread so the guest never stalls).  SeaBIOS's debug port 0x402 goes to
workdir/bios.log, QEMU's own messages to workdir/qemu.log.
"""
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field

from . import env, procs

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
MARKER = "WIREBOOT-INIT-OK"


@dataclass
class Nic:
    """One network card on a tap.  romfile None = QEMU's default (Debian's iPXE ROM for the
    model), "" = no option ROM, or a path (e.g. wireboot's own ROM)."""
    tap: str
    mac: str = "52:54:00:12:34:56"
    model: str = "virtio-net-pci"
    romfile: str = None
    impaired: bool = False  # the tap is behind an impairing relay: vnet_hdr=off

    def args(self, index):
        netdev = f"tap,id=n{index},ifname={self.tap},script=no,downscript=no"
        if self.impaired:
            netdev += ",vnet_hdr=off"
        dev = f"{self.model},netdev=n{index},mac={self.mac}"
        if self.romfile is not None:
            dev += f",romfile={self.romfile}"
        return ["-netdev", netdev, "-device", dev]


class BootTimeout(AssertionError):
    pass


@dataclass
class BootResult:
    """What the fixture initramfs's /init printed (see scripts/mkinitramfs)."""
    marker: bool = False
    cmdline: str = None
    payload: str = None          # "ok", "bad", "none", or None when not printed
    payload_sha256: str = None
    link: str = None             # "UP", "DOWN <state>", "MISSING"
    initrds: dict = field(default_factory=dict)
    done: bool = False           # WIREBOOT-INIT-DONE seen: init ran to the end


def boot_result(text, marker=MARKER):
    """Parse a serial log for the lines of scripts/mkinitramfs's /init."""
    text = text.replace("\r", "")
    # The marker ends its line, or starts it: the kernel's printk may land on the same line
    # right after it ("WIREBOOT-INIT-OK[    2.69] tsc: ...") before init's newline does.
    mark = re.escape(marker)
    r = BootResult(marker=re.search(r"(?m)^.*" + mark + r"\s*$|^" + mark, text) is not None)
    m = re.search(r"CMDLINE: (.*)", text)
    r.cmdline = m.group(1).strip() if m else None
    m = re.search(r"PAYLOAD-SHA256-(OK|BAD) ([0-9a-f]{64})", text)
    if m:
        r.payload, r.payload_sha256 = m.group(1).lower(), m.group(2)
    elif "PAYLOAD none" in text:
        r.payload = "none"
    m = re.search(r"LINK eth0 (UP|DOWN \S+|MISSING)", text)
    r.link = m.group(1) if m else None
    m = re.search(r"INITRDS: (.*)", text)
    if m and m.group(1).strip() != "none":
        r.initrds = dict(w.split("=", 1) for w in m.group(1).split() if "=" in w)
    r.done = "WIREBOOT-INIT-DONE" in text
    return r


class Qemu:
    def __init__(self, ns, workdir, nics=(), memory=512, boot="n", firmware="bios",
                 kernel=None, initrd=None, append=None, cdrom=None, floppy=None, drives=(),
                 vga=False, monitor=False, extra_args=(), name="vm"):
        """boot: QEMU -boot order letters ("n" network, "c" disk, "d" CD, "a" floppy) or None.
        firmware: "bios" (SeaBIOS) or "ovmf" (OVMF_CODE_4M + a private copy of its VARS).
        drives: extra -drive specifications.  vga: keep a VGA card (for tty0 / screendump).
        monitor: open an HMP monitor socket for hmp() (e.g. "screendump file.ppm")."""
        self.ns = ns
        self.name = name
        self.workdir = os.path.abspath(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        self.serial_log = os.path.join(self.workdir, "serial.log")
        self.bios_log = os.path.join(self.workdir, "bios.log")
        # Unix socket paths are limited to 108 bytes: keep them in a short private directory.
        self.sockdir = tempfile.mkdtemp(prefix="wbq")
        self.serial_sock = os.path.join(self.sockdir, "serial")
        self.monitor_sock = os.path.join(self.sockdir, "monitor") if monitor else None
        self.nics = list(nics)
        self.proc = None
        self.started_at = None
        self._conn = None
        self._drain = None

        a = ["qemu-system-x86_64", "-name", name, "-accel", "tcg", "-m", str(memory),
             "-nodefaults", "-display", "none", "-no-reboot",
             "-chardev", f"socket,id=ser0,path={self.serial_sock},server=on,wait=off,"
                         f"logfile={self.serial_log}",
             "-serial", "chardev:ser0",
             "-chardev", f"file,id=dbg0,path={self.bios_log}",
             "-device", "isa-debugcon,iobase=0x402,chardev=dbg0"]
        if vga:
            a += ["-vga", "std"]
        if self.monitor_sock:
            a += ["-monitor", f"unix:{self.monitor_sock},server=on,wait=off"]
        if firmware == "ovmf":
            vars_copy = os.path.join(self.workdir, "OVMF_VARS.fd")
            shutil.copyfile(OVMF_VARS, vars_copy)
            a += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
                  "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]
        elif firmware != "bios":
            raise ValueError(f"firmware must be bios or ovmf, not {firmware!r}")
        for i, nic in enumerate(self.nics):
            a += nic.args(i)
        if kernel:
            a += ["-kernel", kernel]
        if initrd:
            a += ["-initrd", initrd]
        if append is not None:
            a += ["-append", append]
        if cdrom:
            a += ["-drive", f"file={cdrom},media=cdrom,readonly=on,format=raw"]
        if floppy:
            a += ["-drive", f"file={floppy},if=floppy,format=raw"]
        for d in drives:
            a += ["-drive", d]
        if boot:
            a += ["-boot", f"order={boot}"]
        a += list(extra_args)
        self.argv = a

    def start(self):
        """Launch QEMU inside the namespace; returns self."""
        self.proc = self.ns.start(self.argv, f"{self.name}-qemu.log", name=f"qemu-{self.name}")
        self.ns.cleanups.append(self.stop)
        self.started_at = time.monotonic()
        return self

    def elapsed(self):
        """Seconds since start()."""
        return time.monotonic() - self.started_at

    def serial_text(self):
        try:
            with open(self.serial_log, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines=60):
        return "\n".join(self.serial_text().replace("\r", "").splitlines()[-lines:])

    def _failure(self, what):
        qemu_log = self.proc.tail(20) if self.proc else ""
        return (f"{what}\n--- last 60 lines of {self.serial_log} ---\n{self.tail()}\n"
                f"--- {self.proc.log_path if self.proc else 'qemu'} ---\n{qemu_log}")

    def wait_for(self, pattern, timeout=env.BOOT_TIMEOUT, pos=0):
        """Poll the serial log until regex `pattern` matches at or after offset `pos`; return
        the re.Match (match.end() is the `pos` for the next wait).  Raises BootTimeout with
        the log's tail on timeout, or at once if QEMU exits without the match."""
        rx = re.compile(pattern, re.M)
        limit = env.scaled(timeout)
        deadline = time.monotonic() + limit
        while True:
            m = rx.search(self.serial_text(), pos)
            if m:
                return m
            if self.proc and not self.proc.running():
                m = rx.search(self.serial_text(), pos)  # output written just before exit
                if m:
                    return m
                raise BootTimeout(self._failure(
                    f"QEMU exited ({self.proc.popen.returncode}) without /{pattern}/ on serial"))
            if time.monotonic() > deadline:
                raise BootTimeout(self._failure(f"/{pattern}/ not on serial after {limit:.0f} s"))
            time.sleep(0.2)

    def wait_exit(self, timeout=60):
        """Wait for QEMU to exit by itself (the init powers off); return its exit status."""
        try:
            return self.proc.wait(timeout)
        except Exception:
            raise BootTimeout(self._failure(f"QEMU still running after {timeout} s"))

    def result(self, marker=MARKER):
        return boot_result(self.serial_text(), marker)

    def boot_and_wait(self, timeout=env.BOOT_TIMEOUT, marker=MARKER):
        """Wait for the init's last line (WIREBOOT-INIT-DONE) and return the BootResult."""
        self.wait_for(r"WIREBOOT-INIT-DONE", timeout)
        return self.result(marker)

    def _connect(self):
        if self._conn is None:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(self.serial_sock)
            self._conn = s
            self._drain = threading.Thread(target=self._drain_socket, daemon=True)
            self._drain.start()
        return self._conn

    def _drain_socket(self):
        # Output also reaches the log file; reading here only keeps QEMU from blocking.
        try:
            while self._conn.recv(65536):
                pass
        except OSError:
            pass

    def send(self, text, char_delay=0.02):
        """Type `text` on the serial console (a character at a time, as a person would;
        the guest's UART has a small FIFO).  Use "\\r" for Enter."""
        conn = self._connect()
        for ch in text.encode():
            conn.sendall(bytes([ch]))
            time.sleep(char_delay)

    def hmp(self, command, timeout=10):
        """Run a QEMU monitor command (needs monitor=True); return its output."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.monitor_sock)
        s.sendall(command.encode() + b"\n")
        out = b""
        try:
            while not out.rstrip().endswith(b"(qemu)") or out.count(b"(qemu)") < 2:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        finally:
            s.close()
        return out.decode("utf-8", "replace")

    def stop(self):
        """Kill QEMU (if still running) and close the serial connection.  Idempotent."""
        if self._conn is not None:
            self._conn.close()
        if self.proc is not None:
            self.proc.stop(grace=1.0)
        shutil.rmtree(self.sockdir, ignore_errors=True)
