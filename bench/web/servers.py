"""Start ``boudoir serve`` with both the IRC and the web listener, flood limits lifted on both.

Both fan-outs run against this same configuration, so the only difference between an IRC run
and a web run is the gateway the clients use. Accounts come from ``bench.irc.servers.Boudoir``'s
template (made once, before any clock starts); each start copies it, so no state carries over.
Imports the standard library, ``bench.irc`` and, for the readiness line, ``boudoir``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.irc import servers as irc_servers

WEB_FLOOD_LIMITS = {
    "BOUDOIR_WEB_COMMAND_BURST": "100000",
    "BOUDOIR_WEB_COMMAND_RATE": "100000",
    # Like the IRC SendQ in bench.irc: a listener may fall 64 MiB behind before it is cut.
    "BOUDOIR_WEB_OUTBOX_BYTES": str(64 * 1024 * 1024),
    # Every bench client comes from 127.0.0.1.
    "BOUDOIR_WEB_MAX_CONNECTIONS_PER_ADDRESS": "20000",
    "BOUDOIR_WEB_MAX_SOCKETS_PER_ADDRESS": "20000",
}


@dataclass(frozen=True, slots=True)
class RunningBoudoir:
    """A started server: its pid, both ports, and the accounts' password."""

    pid: int
    irc_port: int
    web_port: int
    password: str
    version: str


class BoudoirBoth:
    """``boudoir serve`` from the virtualenv next to this interpreter, IRC and web on."""

    name = "boudoir"

    def __init__(self, accounts: int, python: str = sys.executable) -> None:
        self._accounts = irc_servers.Boudoir(accounts, python)
        self.python = python

    def prepare(self, scratch: Path) -> None:
        """Create the accounts ``u0001`` ... once (argon2id: about 50 ms each)."""
        self._accounts.prepare(scratch)

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[RunningBoudoir]:
        if self._accounts.template is None:
            self.prepare(scratch)
        template = self._accounts.template
        assert template is not None
        directory = irc_servers._unique_dir(scratch, "boudoir")
        data = directory / "data"
        shutil.copytree(template, data)
        log = directory / "boudoir.log"
        command = [
            self.python,
            "-m",
            "boudoir",
            "serve",
            *("--data-dir", str(data)),
            *("--web-port", "auto", "--irc-port", "auto", "--irc-tls-port", "0"),
            *("--telnet-port", "0", "--telnet-tls-port", "0"),
            *("--log-level", "warning"),
        ]
        env = {**os.environ, **irc_servers.BOUDOIR_FLOOD_LIMITS, **WEB_FLOOD_LIMITS}
        with irc_servers._child(command, log, env) as process:
            listeners = wait_ready(process, log, ("irc", "web"))
            yield RunningBoudoir(
                process.pid,
                port_of(listeners["irc"]),
                port_of(listeners["web"]),
                irc_servers.PASSWORD,
                irc_servers._boudoir_version(),
            )


def port_of(url: str) -> int:
    """The port of a listener's URL on the readiness line."""
    return int(url.rstrip("/").rsplit(":", 1)[1])


def wait_ready(
    process: subprocess.Popen[bytes], log: Path, needed: tuple[str, ...]
) -> dict[str, str]:
    """The listeners of the readiness line ``boudoir ready irc=... web=...``, which must hold
    ``needed``."""
    from boudoir.app import parse_readiness_line

    deadline = time.monotonic() + irc_servers.START_TIMEOUT_SECONDS
    while True:
        for line in log.read_text(errors="replace").splitlines():
            listeners = parse_readiness_line(line)
            if listeners is not None:
                if not set(needed) <= listeners.keys():
                    raise RuntimeError(f"a listener is missing from the readiness line: {line}")
                return listeners
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {irc_servers._tail(log)}")
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"no readiness line after {irc_servers.START_TIMEOUT_SECONDS} s: "
                f"{irc_servers._tail(log)}"
            )
        # Polling the log file: the server writes it, we only read; no pipe to drain.
        time.sleep(0.02)
