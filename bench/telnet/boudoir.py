"""Start ``boudoir serve`` with only its telnet listener on, flood limits lifted.

Accounts come from ``bench.irc.servers.Boudoir``'s template (``u0001`` ..., made once per
invocation before any clock starts); each start copies it, so no state carries over. The
server is our own child process on 127.0.0.1, stopped by its pid (SIGTERM, then SIGKILL).
Imports the standard library, ``bench`` and, for the readiness line, ``boudoir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from bench.irc import servers as irc_servers
from bench.telnet.jobs import Dialect, TelnetTarget, room_name

TELNET_FLOOD_LIMITS = {
    "BOUDOIR_TELNET_MAX_CONNECTIONS_PER_ADDRESS": "20000",
    "BOUDOIR_TELNET_CONNECT_BURST": "20000",
    "BOUDOIR_TELNET_CONNECT_RATE": "10000",
    "BOUDOIR_TELNET_COMMAND_BURST": "100000",
    "BOUDOIR_TELNET_COMMAND_RATE": "100000",
    # Like the IRC bench's SendQ: a listener may fall 64 MiB behind before it is cut.
    "BOUDOIR_TELNET_SENDQ_BYTES": str(64 * 1024 * 1024),
}
"""As far as Evennia's are lifted (bench/telnet/evennia.py): the bench measures delivery."""

HOME_ROOM = "room1"
"""The gateway's home room (``telnet_home_room``), where a character arrives at login: the
first bench room, so a one-room run needs no command to get there."""

DIALECT = Dialect(
    # login.py: "You are <name>." once the character is connected; then it arrives in the
    # home room, and "jump <room>" takes it to its own (made by the first to come).
    logged_in="You are ",
    refused=("Huh?", "Either that", "Too many", "Usage", "not in a room"),
    join="jump {room}",
)


class BoudoirTelnet:
    """``boudoir serve`` from the virtualenv next to this interpreter, telnet only."""

    name = "boudoir"

    def __init__(self, accounts: int, rooms: int, python: str = sys.executable) -> None:
        self._accounts = irc_servers.Boudoir(accounts, python)
        self.python = python
        self.rooms = rooms
        self.dialect = DIALECT if rooms > 1 else replace(DIALECT, join=None)

    def prepare(self, scratch: Path) -> None:
        """Create the accounts ``u0001`` ... (argon2id: about 50 ms each) and the rooms
        ``room1`` ... once, before any clock starts, as the Evennia world is made."""
        self._accounts.prepare(scratch)
        assert self._accounts.template is not None
        asyncio.run(_create_rooms(self._accounts.template, self.rooms))

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[TelnetTarget]:
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
            *("--web-port", "0", "--irc-port", "0", "--irc-tls-port", "0"),
            *("--telnet-port", "auto", "--telnet-tls-port", "0"),
            *("--log-level", "warning"),
        ]
        env = {**os.environ, **TELNET_FLOOD_LIMITS, "BOUDOIR_TELNET_HOME_ROOM": HOME_ROOM}
        with irc_servers._child(command, log, env) as process:
            port = _wait_ready(process, log)
            yield TelnetTarget(
                self.name,
                "127.0.0.1",
                port,
                (process.pid,),
                irc_servers.PASSWORD,
                self.dialect,
                irc_servers._boudoir_version(),
            )


def _wait_ready(process: subprocess.Popen[bytes], log: Path) -> int:
    """The telnet port from the readiness line ``boudoir ready telnet=telnet://...:PORT``."""
    from boudoir.app import parse_readiness_line

    deadline = time.monotonic() + irc_servers.START_TIMEOUT_SECONDS
    while True:
        for line in log.read_text(errors="replace").splitlines():
            listeners = parse_readiness_line(line)
            if listeners is not None:
                if "telnet" not in listeners:
                    raise RuntimeError(f"no telnet listener in the readiness line: {line}")
                return int(listeners["telnet"].rstrip("/").rsplit(":", 1)[1])
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {irc_servers._tail(log)}")
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"no readiness line after {irc_servers.START_TIMEOUT_SECONDS} s: "
                f"{irc_servers._tail(log)}"
            )
        # Polling the log file: the server writes it, we only read; no pipe to drain.
        time.sleep(0.02)


async def _create_rooms(data_dir: Path, rooms: int) -> None:
    """Public rooms ``room1`` ..., owned by ``u0001``: ``jump`` reaches public rooms only and
    makes none (places.py), as IRC's JOIN or the browser's create would."""
    from bench.irc.jobs import account_name

    from boudoir.app import open_core
    from boudoir.settings import Settings
    from boudoir.testing.harness import RecordingSession

    async with open_core(Settings(data_dir=data_dir)) as core:
        world = core.world
        account = await world.accounts.authenticate(account_name(1), irc_servers.PASSWORD)
        connection = await world.connect(RecordingSession(), account)
        for index in range(rooms):
            await world.rooms.create(connection, room_name(index))
        world.disconnect(connection)
