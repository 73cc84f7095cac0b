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
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from bench.irc import servers as irc_servers
from bench.soak.plan import Server
from bench.telnet.boudoir import HOME_ROOM, TELNET_FLOOD_LIMITS
from bench.telnet.jobs import room_name
from bench.web import tokens
from bench.web.servers import WEB_FLOOD_LIMITS, port_of, wait_ready

LISTENERS = ("irc", "web", "telnet")


def prepare(
    scratch: Path, accounts: int, rooms: int, web_names: Sequence[str] = ()
) -> tuple[Path, dict[str, str]]:
    """A data directory with the accounts, the rooms and a login session for each browser in
    ``web_names`` (its token: the browser resumes with it, no argon2id), made before any
    clock starts."""
    maker = irc_servers.Boudoir(accounts)
    maker.prepare(scratch)
    assert maker.template is not None
    started = time.monotonic()
    asyncio.run(_create_rooms(maker.template, rooms))
    print(f"soak: {rooms} rooms created in {time.monotonic() - started:.1f} s", flush=True)
    made: dict[str, str] = {}
    if web_names:
        started = time.monotonic()
        made = tokens.issue(maker.template, web_names)
        print(
            f"soak: {len(web_names):,} browser login tokens made in "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )
    return maker.template, made


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
def start(
    data_dir: Path,
    log: Path,
    python: str = sys.executable,
    web_tokens: Mapping[str, str] | None = None,
) -> Iterator[Server]:
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
        listeners = wait_ready(process, log, LISTENERS)
        yield Server(
            pid=process.pid,
            host="127.0.0.1",
            irc_port=port_of(listeners["irc"]),
            web_port=port_of(listeners["web"]),
            telnet_port=port_of(listeners["telnet"]),
            password=irc_servers.PASSWORD,
            web_tokens=dict(web_tokens or {}),
        )


def alive(server: Server) -> bool:
    return Path(f"/proc/{server.pid}").exists()
