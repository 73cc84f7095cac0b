"""Start one ``boudoir serve`` with its IRC, telnet and web listeners, limits lifted on all three.

Accounts come from ``bench.irc.servers.Boudoir``'s template (made once, before any clock
starts); the start copies it. The server is our own child process on 127.0.0.1, stopped by its
pid (SIGTERM, then SIGKILL; ``PR_SET_PDEATHSIG`` kills it if the bench dies).
Imports the standard library, ``bench`` and, for the readiness line, ``boudoir``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.irc import servers as irc_servers
from bench.telnet.boudoir import TELNET_FLOOD_LIMITS
from bench.web.servers import WEB_FLOOD_LIMITS, port_of, wait_ready

MALLOC_TUNING = {"MALLOC_MMAP_THRESHOLD_": "1048576"}
"""glibc tunable (mallopt(3), M_MMAP_THRESHOLD): a fixed 1 MiB threshold. Left dynamic, glibc
raises it after the first free of an argon2id buffer (19 MiB), so later buffers come from the
heap arenas and stay resident after the logins; with it fixed they are mmapped and returned,
and what remains is the connections' own memory."""

ACCOUNTS_MADE = "bench-accounts"
"""A file in the template: how many accounts it holds (so ``--scratch`` runs can reuse it)."""


@dataclass(frozen=True, slots=True)
class RunningServer:
    pid: int
    ports: dict[str, int]
    """The port of each gateway: ``irc``, ``telnet``, ``web``."""
    version: str


class BoudoirAll:
    """``boudoir serve`` from the virtualenv next to this interpreter, every gateway on."""

    def __init__(self, accounts: int, python: str = sys.executable) -> None:
        self._accounts = irc_servers.Boudoir(accounts, python)
        self.python = python

    def prepare(self, scratch: Path) -> None:
        """Create the accounts ``u0001`` ... once (argon2id: about 50 ms each); a template
        left in ``scratch`` by an earlier run with at least as many accounts is reused."""
        template = scratch / "boudoir-template"
        made = template / ACCOUNTS_MADE
        if made.exists() and int(made.read_text()) >= self._accounts.accounts:
            self._accounts.template = template
            print(f"boudoir: reusing the accounts of {template}", flush=True)
            return
        if template.exists():
            shutil.rmtree(template)
        self._accounts.prepare(scratch)
        made.write_text(f"{self._accounts.accounts}\n")

    @contextlib.contextmanager
    def start(self, scratch: Path, malloc_tuning: bool = True) -> Iterator[RunningServer]:
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
            *("--telnet-port", "auto", "--telnet-tls-port", "0"),
            *("--log-level", "warning"),
        ]
        env = {
            **os.environ,
            **irc_servers.BOUDOIR_FLOOD_LIMITS,
            **TELNET_FLOOD_LIMITS,
            **WEB_FLOOD_LIMITS,
            **(MALLOC_TUNING if malloc_tuning else {}),
        }
        with irc_servers._child(command, log, env) as process:
            listeners = wait_ready(process, log, ("irc", "telnet", "web"))
            yield RunningServer(
                process.pid,
                {name: port_of(listeners[name]) for name in ("irc", "telnet", "web")},
                irc_servers._boudoir_version(),
            )
