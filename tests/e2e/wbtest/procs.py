# SPDX-License-Identifier: GPL-2.0-or-later
"""Processes the tests start: tracked by PID, logged to a file, always stopped.

Every process is started in a new session (its own process group), so stopping it also
stops the children it forked (tftpd-hpa forks one per transfer).  Nothing is ever killed by
name: only the process groups this module started.  An atexit hook stops whatever is left if
a test run dies before its fixtures' finalizers run.
"""
import atexit
import os
import re
import signal
import subprocess
import time

from . import env

_live = {}  # pid -> Proc


class ProcessError(RuntimeError):
    pass


class Proc:
    """A started command with its log file.  Use start() to make one."""

    def __init__(self, name, argv, log_path, popen):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.popen = popen
        self.pid = popen.pid

    def running(self):
        return self.popen.poll() is None

    def log(self):
        """The whole log so far, as text."""
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines=60):
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_log(self, pattern, timeout=30):
        """Wait until the log matches `pattern` (regex); return the match.  Raises on exit/timeout."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + env.scaled(timeout)
        while True:
            m = rx.search(self.log())
            if m:
                return m
            if not self.running():
                raise ProcessError(f"{self.name} exited ({self.popen.returncode}) before "
                                   f"/{pattern}/ appeared; log {self.log_path}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise ProcessError(f"{self.name}: /{pattern}/ not seen in {timeout} s; log "
                                   f"{self.log_path}:\n{self.tail()}")
            time.sleep(0.1)

    def wait(self, timeout):
        """Wait for the process to exit; return its exit status (raises TimeoutExpired)."""
        return self.popen.wait(timeout=env.scaled(timeout))

    def stop(self, grace=5.0):
        """SIGTERM the process group, then SIGKILL after `grace` seconds.  Idempotent."""
        if self.popen.poll() is None:
            _signal_group(self.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # The leader may be gone while forked children live on: kill the group regardless.
        _signal_group(self.pid, signal.SIGKILL)
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        _live.pop(self.pid, None)
        return self.popen.returncode

    def __repr__(self):
        return f"<Proc {self.name} pid={self.pid}>"


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def start(argv, log_path, name=None, netns=None, env_vars=None, stdin=subprocess.DEVNULL):
    """Start `argv` (inside network namespace `netns` if given), output to `log_path`."""
    full = (["ip", "netns", "exec", netns] if netns else []) + [str(a) for a in argv]
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "ab") as log:
        log.write(("$ " + " ".join(full) + "\n").encode())
        log.flush()
        popen = subprocess.Popen(full, stdout=log, stderr=subprocess.STDOUT, stdin=stdin,
                                 start_new_session=True,
                                 env=dict(os.environ, **(env_vars or {})))
    p = Proc(name or os.path.basename(str(argv[0])), full, log_path, popen)
    _live[p.pid] = p
    return p


def stop_all():
    """Stop every process this module started that is still tracked."""
    for p in list(_live.values()):
        p.stop(grace=2.0)


atexit.register(stop_all)
