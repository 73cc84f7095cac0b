"""A real ``boudoir serve`` with its IRC listeners, and the people and rooms it starts with.

People and rooms are written into the data directory in-process (``open_core``) before the
server starts, so a test begins with the accounts it names and, where IRC offers no way to make
one (a room's rating), the rooms it needs. The server itself is the real process of
``tests/integration/server.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from boudoir.app import open_core
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.ratings import Rating
from boudoir.settings import Settings
from boudoir.testing.harness import FAST_HASHING, RecordingSession

from ..server import ServerProcess, Servers, boudoir_environment

PASSWORD = "correct-horse-battery"
"""Every account's; without spaces, so that it is one word in NickServ commands."""
BORN = dt.date(1990, 1, 1)

LOOPBACK_LIMITS: Mapping[str, str] = {
    "BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS": "1000",
    "BOUDOIR_IRC_CONNECT_BURST": "1000",
}
"""Every test client comes from 127.0.0.1: lift the per-address limits, except in the test of
those limits."""


@dataclass(frozen=True, slots=True)
class Person:
    """An account with a first character of the same name, and the password ``PASSWORD``."""

    name: str
    attested: bool = True
    ratings: tuple[Rating, ...] = ()
    """Ratings opted in to besides general (needs ``attested``)."""
    declared_age: int | None = None
    """The first character's declared age; rooms above general need 18 or more."""
    dm_policy: DirectMessagePolicy | None = None
    """Who may message and invite them; None keeps the default (people sharing a room)."""


@dataclass(frozen=True, slots=True)
class RatedRoom:
    """A room above general, made by ``owner`` (who must be allowed in it) before serving."""

    name: str
    owner: Person
    rating: Rating


async def populate(
    data_dir: Path, people: Iterable[Person], rooms: Iterable[RatedRoom] = ()
) -> None:
    """Create the accounts and rooms in ``data_dir``'s database (created if missing)."""
    async with open_core(Settings(data_dir=data_dir)) as core:
        # Toy-cost argon2id hashes: quick to make here and to check at login; the server
        # rehashes each at full cost on its first login, as it would after a cost change.
        world = World(core.store, Argon2Hasher(FAST_HASHING))

        async def create(person: Person) -> None:
            account = await world.accounts.register(
                person.name, PASSWORD, BORN, attest=person.attested
            )
            if person.ratings or person.dm_policy:
                await world.accounts.update_settings(
                    account.id, ratings=person.ratings or None, dm_policy=person.dm_policy
                )
            if person.declared_age is not None:
                character = await world.characters.owned(account.id, person.name)
                await world.characters.update_profile(character, declared_age=person.declared_age)

        await asyncio.gather(*(create(person) for person in people))
        for room in rooms:
            owner = await world.accounts.find(room.owner.name)
            connection = await world.connect(RecordingSession(), owner)
            try:
                await world.rooms.create(connection, room.name, rating=room.rating)
            finally:
                world.disconnect(connection)


@dataclass(frozen=True, slots=True)
class IrcServer:
    """A running server: where its IRC listeners are, and its data directory."""

    process: ServerProcess
    data_dir: Path

    @property
    def port(self) -> int:
        return _port(self.process.listeners["irc"])

    @property
    def tls_port(self) -> int:
        return _port(self.process.listeners["irc-tls"])

    @property
    def certificate(self) -> Path:
        """The self-signed certificate the server generated for its TLS listener."""
        return self.data_dir / "tls" / "certificate.pem"

    def log(self) -> str:
        """The server's standard error so far (its log), to read when a test fails."""
        return self.process.log()


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None, url
    return port


def start_irc_server(
    servers: Servers,
    scratch: Path,
    *,
    people: Iterable[Person] = (),
    rooms: Iterable[RatedRoom] = (),
    tls: bool = False,
    limits: Mapping[str, str] = LOOPBACK_LIMITS,
    settings: Mapping[str, str] | None = None,
) -> IrcServer:
    """Populate a fresh data directory under ``scratch``, then start ``boudoir serve`` with its
    IRC listener (and the TLS one if ``tls``) on free ports, and wait until it is ready.

    ``limits`` and ``settings`` are ``BOUDOIR_*`` environment variables for the server.
    Blocking: from a coroutine, call it with ``asyncio.to_thread``.
    """
    data_dir = scratch / "data"
    # In a thread of its own, with its own loop: the caller may be a module-scoped fixture
    # (no loop) or a test's loop (through to_thread); neither loop is touched.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, populate(data_dir, people, rooms)).result()
    arguments = ["--irc-port", "auto", "--log-level", "warning"]
    if tls:
        arguments += ["--irc-tls-port", "auto"]
    environment = boudoir_environment(**limits, **(settings or {}))
    return IrcServer(servers.start(data_dir, *arguments, environment=environment), data_dir)
