"""Start one ``boudoir serve`` with its IRC, telnet and web listeners, limits lifted on all three.

Accounts come from ``bench.irc.servers.Boudoir``'s template (made once, before any clock
starts); the start copies it. The server is our own child process on 127.0.0.1, stopped by its
pid (SIGTERM, then SIGKILL; ``PR_SET_PDEATHSIG`` kills it if the bench dies).
Imports the standard library, ``bench`` and, for the readiness line, ``boudoir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.irc import servers as irc_servers
from bench.telnet.boudoir import TELNET_FLOOD_LIMITS
from bench.telnet.jobs import room_name
from bench.web import tokens
from bench.web.servers import WEB_FLOOD_LIMITS, port_of, wait_ready

MALLOC_TUNING = {"MALLOC_MMAP_THRESHOLD_": "1048576"}
"""glibc tunable (mallopt(3), M_MMAP_THRESHOLD): a fixed 1 MiB threshold. Left dynamic, glibc
raises it after the first free of an argon2id buffer (19 MiB), so later buffers come from the
heap arenas and stay resident after the logins; with it fixed they are mmapped and returned,
and what remains is the connections' own memory."""

ACCOUNTS_MADE = "bench-accounts"
"""A file in the template: how many accounts it holds (so ``--scratch`` runs can reuse it)."""

ROOMS_MADE = "bench-rooms"
"""A file in the template: how many telnet rooms it holds."""

TELNET_ROOM_SIZE = 50
"""Telnet characters per room. A character always stands in a room, and everyone there sees
it arrive and is listed by its ``look``: all of them in the one home room would make each
login cost the server (and the client) in proportion to everyone already in, so the 10,000th
waits behind 10,000 arrival lines and a 70 KB ``Here:`` line. Fifty is a busy room of a MU*
(the soak's 10,000 over 200 rooms); the rooms' own memory is counted with telnet's."""


def telnet_rooms(connections: int) -> int:
    """Rooms for ``connections`` telnet characters, ``TELNET_ROOM_SIZE`` in each."""
    return max(1, -(-connections // TELNET_ROOM_SIZE))


@dataclass(frozen=True, slots=True)
class RunningServer:
    pid: int
    ports: dict[str, int]
    """The port of each gateway: ``irc``, ``telnet``, ``web``."""
    version: str


class BoudoirAll:
    """``boudoir serve`` from the virtualenv next to this interpreter, every gateway on."""

    def __init__(
        self,
        accounts: int,
        python: str = sys.executable,
        *,
        rooms: int = 0,
        web_names: Sequence[str] = (),
    ) -> None:
        self._accounts = irc_servers.Boudoir(accounts, python)
        self.python = python
        self.rooms = rooms
        """Public rooms ``room1`` ... for the telnet characters (``telnet_rooms``)."""
        self.web_names = tuple(web_names)
        """Accounts whose browsers resume with a login token (``bench.web.tokens``)."""
        self.tokens: dict[str, str] = {}

    def prepare(self, scratch: Path) -> None:
        """Create the accounts ``u0001`` ... once (argon2id: about 50 ms each), the telnet
        rooms and the browsers' login sessions; a template left in ``scratch`` by an earlier
        run with at least as many accounts and rooms is reused, its tokens with it."""
        template = scratch / "boudoir-template"
        made = template / ACCOUNTS_MADE
        if made.exists() and int(made.read_text()) >= self._accounts.accounts:
            self._accounts.template = template
            print(f"boudoir: reusing the accounts of {template}", flush=True)
        else:
            if template.exists():
                shutil.rmtree(template)
            self._accounts.prepare(scratch)
            made.write_text(f"{self._accounts.accounts}\n")
        rooms_made = template / ROOMS_MADE
        have = int(rooms_made.read_text()) if rooms_made.exists() else 0
        if self.rooms > have:
            started = time.monotonic()
            asyncio.run(_create_rooms(template, have, self.rooms))
            rooms_made.write_text(f"{self.rooms}\n")
            print(f"boudoir: {self.rooms - have} rooms in {time.monotonic() - started:.1f} s")
        if self.web_names:
            started = time.monotonic()
            self.tokens = tokens.issue(template, self.web_names)
            print(
                f"boudoir: {len(self.web_names)} browser login tokens ready in "
                f"{time.monotonic() - started:.1f} s",
                flush=True,
            )

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


async def _create_rooms(data_dir: Path, first: int, end: int) -> None:
    """Public rooms ``room<first + 1>`` .. ``room<end>``, rated general, owned by ``u0001``:
    ``jump`` reaches public rooms and makes none."""
    from bench.irc.jobs import account_name

    from boudoir.app import open_core
    from boudoir.domain.ratings import Rating
    from boudoir.settings import Settings
    from boudoir.testing.harness import RecordingSession

    async with open_core(Settings(data_dir=data_dir)) as core:
        world = core.world
        account = await world.accounts.authenticate(account_name(1), irc_servers.PASSWORD)
        connection = await world.connect(RecordingSession(), account)
        for index in range(first, end):
            await world.rooms.create(connection, room_name(index), rating=Rating.GENERAL)
        world.disconnect(connection)
