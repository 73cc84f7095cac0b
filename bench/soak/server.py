"""The server under soak: one ``boudoir serve`` with its IRC, web and telnet listeners on.

Accounts ``u0001`` ... come from ``bench.irc.servers`` (made once, before any clock starts);
the rooms are made here, public and rated general, so every account may enter them. The server
is our own child process on free ports of 127.0.0.1, stopped by its pid (SIGTERM, then
SIGKILL), and killed with the orchestrator (``PR_SET_PDEATHSIG``). Imports the standard
library, ``bench`` and ``boudoir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.irc import servers as irc_servers
from bench.soak.plan import Server
from bench.telnet.boudoir import HOME_ROOM, TELNET_FLOOD_LIMITS
from bench.telnet.jobs import room_name
from bench.web.servers import WEB_FLOOD_LIMITS

LISTENERS = ("irc", "web", "telnet")


def prepare(scratch: Path, accounts: int, rooms: int) -> Path:
    """A data directory with the accounts and the rooms, made before any clock starts."""
    maker = irc_servers.Boudoir(accounts)
    maker.prepare(scratch)
    assert maker.template is not None
    started = time.monotonic()
    asyncio.run(_create_rooms(maker.template, rooms))
    print(f"soak: {rooms} rooms created in {time.monotonic() - started:.1f} s", flush=True)
    return maker.template


async def _create_rooms(data_dir: Path, rooms: int) -> None:
    """Public rooms ``room1`` ..., rated general (anyone may enter), owned by ``u0001``."""
    from boudoir.app import open_core
    from boudoir.domain.ratings import Rating
    from boudoir.settings import Settings
    from boudoir.testing.harness import RecordingSession

    async with open_core(Settings(data_dir=data_dir)) as core:
        world = core.world
        account = await world.accounts.authenticate("u0001", irc_servers.PASSWORD)
        connection = await world.connect(RecordingSession(), account)
        for index in range(rooms):
            await world.rooms.create(connection, room_name(index), rating=Rating.GENERAL)
        world.disconnect(connection)


@contextlib.contextmanager
def start(data_dir: Path, log: Path, python: str = sys.executable) -> Iterator[Server]:
    """``boudoir serve`` on ``data_dir`` with every gateway's flood limits lifted."""
    command = [
        python,
        "-m",
        "boudoir",
        "serve",
        *("--data-dir", str(data_dir)),
        *("--web-port", "auto", "--irc-port", "auto", "--irc-tls-port", "0"),
        *("--telnet-port", "auto", "--telnet-tls-port", "0"),
        *("--log-level", "warning"),
    ]
    env = {
        **os.environ,
        **irc_servers.BOUDOIR_FLOOD_LIMITS,
        **WEB_FLOOD_LIMITS,
        **TELNET_FLOOD_LIMITS,
        "BOUDOIR_TELNET_HOME_ROOM": HOME_ROOM,
    }
    with irc_servers._child(command, log, env) as process:
        listeners = _wait_ready(process, log)
        yield Server(
            pid=process.pid,
            host="127.0.0.1",
            irc_port=_port(listeners["irc"]),
            web_port=_port(listeners["web"]),
            telnet_port=_port(listeners["telnet"]),
            password=irc_servers.PASSWORD,
        )


def alive(server: Server) -> bool:
    return Path(f"/proc/{server.pid}").exists()


def _port(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def _wait_ready(process: subprocess.Popen[bytes], log: Path) -> dict[str, str]:
    """The listeners of the readiness line ``boudoir ready irc=... web=... telnet=...``."""
    from boudoir.app import parse_readiness_line

    deadline = time.monotonic() + irc_servers.START_TIMEOUT_SECONDS
    while True:
        for line in log.read_text(errors="replace").splitlines():
            listeners = parse_readiness_line(line)
            if listeners is not None:
                if not set(LISTENERS) <= listeners.keys():
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
