"""A login that waits its turn in the login queue (a storm of reconnections after a restart)
is not cut by the gateway's login timeout, and the person is told they are being logged in.

IRC and telnet gateways listen on 127.0.0.1 in the test's loop, over a world whose password
hasher holds every verification until the test lets it go: one login takes the only place in
the queue, the next one waits. The registration (or login) timeout is short, and the test
waits for it to pass by watching another connection be cut by it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import threading
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.gateways.irc import IrcGateway, IrcLimits
from boudoir.gateways.telnet import TelnetGateway, TelnetLimits
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING

from .telnet.harness import TelnetPerson

PASSWORD = "correct-horse-battery"
SHORT_TIMEOUT = 0.3
"""The gateways' login timeouts here: far shorter than the held login's wait."""
SIGNUP_TIMEOUT = 1.5
"""The timeout where the person first answers a few questions (telnet's ``create``, IRC's CAP
and REGISTER): long enough to answer them on a loaded machine, far shorter than the wait."""
WAIT = 10.0
"""At most this long for anything expected; none of it waits on a clock."""


class HeldHasher(Argon2Hasher):
    """argon2id at toy cost, whose verifications wait until ``release``."""

    def __init__(self) -> None:
        super().__init__(FAST_HASHING)
        self.started = threading.Event()
        self.released = threading.Event()

    def verify(self, password_hash: str, password: str) -> bool:
        self.started.set()
        self.released.wait(WAIT)
        return super().verify(password_hash, password)


async def world_with(hasher: HeldHasher, *names: str) -> World:
    world = World(MemoryStore(), hasher)
    world.accounts.queue.at_once = 1
    for name in names:
        await world.accounts.register(name, PASSWORD, dt.date(1990, 1, 1), attest=True)
    return world


async def entering_waits_on_the_store(name: str) -> tuple[World, asyncio.Event]:
    """A world with ``name``, whose passwords are checked at once but where entering the world
    waits until the event is set (the store answering everyone's entering in turn)."""
    hasher = HeldHasher()
    hasher.released.set()
    world = await world_with(hasher, name)
    store_answers = asyncio.Event()
    connect = world.connect

    async def slow_connect(*arguments: Any, **named: Any) -> Any:
        await store_answers.wait()
        return await connect(*arguments, **named)

    world.connect = slow_connect  # type: ignore[method-assign]
    return world, store_answers


async def hold_the_only_place(world: World, hasher: HeldHasher) -> asyncio.Task[object]:
    """A first login that takes the queue's only place until ``hasher`` is released."""
    first = asyncio.create_task(world.accounts.authenticate("first", PASSWORD))
    await asyncio.to_thread(hasher.started.wait, WAIT)
    return first


@contextlib.asynccontextmanager
async def irc_over(world: World, limits: IrcLimits | None = None) -> AsyncIterator[int]:
    """An IRC gateway over ``world`` (with the short registration timeout by default)."""
    gateway = IrcGateway(
        world,
        host="127.0.0.1",
        port=0,
        server_name="boudoir.local",
        motd="",
        limits=limits or IrcLimits(registration_timeout=SHORT_TIMEOUT),
        shutdown_timeout_seconds=1,
    )
    port = urlsplit(await gateway.start()).port
    assert port is not None
    running = asyncio.create_task(gateway.run())
    try:
        yield port
    finally:
        gateway.close("test over")
        await running


@contextlib.asynccontextmanager
async def telnet_over(world: World, login_timeout: float = SHORT_TIMEOUT) -> AsyncIterator[int]:
    gateway = TelnetGateway(
        world,
        host="127.0.0.1",
        port=0,
        server_name="boudoir.local",
        welcome="Welcome.",
        limits=TelnetLimits(login_timeout=login_timeout),
        shutdown_timeout_seconds=1,
    )
    port = urlsplit(await gateway.start()).port
    assert port is not None
    running = asyncio.create_task(gateway.run())
    try:
        yield port
    finally:
        gateway.close("test over")
        await running


class IrcLines:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, port: int) -> IrcLines:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    def send(self, *lines: str) -> None:
        for line in lines:
            self.writer.write(line.encode() + b"\r\n")

    async def expect(self, wanted: str) -> list[str]:
        """Lines read up to the first that holds ``wanted`` (which fails if the server closes
        the connection first)."""
        seen: list[str] = []
        async with asyncio.timeout(WAIT):
            while True:
                raw = await self.reader.readline()
                assert raw, f"closed before {wanted!r}; read {seen}"
                seen.append(raw.decode().rstrip("\r\n"))
                if wanted in seen[-1]:
                    return seen

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


async def test_an_irc_sasl_login_queued_past_the_registration_timeout_is_told_and_not_cut() -> None:
    hasher = HeldHasher()
    world = await world_with(hasher, "first", "juniper")
    async with irc_over(world) as port:
        first = await hold_the_only_place(world, hasher)
        juniper = await IrcLines.connect(port)
        plain = base64.b64encode(f"juniper\0juniper\0{PASSWORD}".encode()).decode()
        juniper.send("CAP LS 302", "NICK juniper", "USER juniper 0 * :Juniper", "CAP REQ :sasl")
        await juniper.expect("ACK")
        juniper.send("AUTHENTICATE PLAIN")
        await juniper.expect("AUTHENTICATE +")
        juniper.send(f"AUTHENTICATE {plain}")
        await juniper.expect("NOTICE * :Logging you in: 0 ahead of you")
        # Someone who connected after juniper and never logs in is cut by the timeout...
        idle = await IrcLines.connect(port)
        await idle.expect("Registration timed out")
        # ... while juniper, whose login still waits, is kept, and gets in once it is checked.
        hasher.released.set()
        await first
        await juniper.expect(" 903 ")
        juniper.send("CAP END")
        await juniper.expect(" 001 juniper ")
        await juniper.close()
        await idle.close()


async def test_a_telnet_login_queued_past_the_login_timeout_is_told_and_not_cut() -> None:
    hasher = HeldHasher()
    world = await world_with(hasher, "first", "juniper")
    async with telnet_over(world) as port:
        first = await hold_the_only_place(world, hasher)
        juniper = await TelnetPerson.connect(port, "juniper")
        await juniper.expect("connect <name> <password>")
        juniper.send(f"connect juniper {PASSWORD}")
        await juniper.expect("Logging you in: 0 ahead of you.")
        idle = await TelnetPerson.connect(port, "idle")
        await idle.expect("You did not log in in time.")
        hasher.released.set()
        await first
        await juniper.expect("You are juniper.")
        await juniper.close()
        await idle.close()


async def test_a_bouncer_logging_its_people_in_at_once_from_one_address_gets_them_all_in() -> None:
    # After a restart a bouncer (or a web IRC client) reconnects everyone it holds, from one
    # address, while the first verification still holds the queue: none is refused. (Its
    # operator has let that address hold that many connections.)
    hasher = HeldHasher()
    people = [f"guest{number}" for number in range(24)]
    world = await world_with(hasher, "first", *people)
    bouncer = IrcLimits(max_connections_per_address=100, connect_burst=100)
    async with irc_over(world, bouncer) as port:
        first = await hold_the_only_place(world, hasher)
        clients = []
        for name in people:
            client = await IrcLines.connect(port)
            plain = base64.b64encode(f"{name}\0{name}\0{PASSWORD}".encode()).decode()
            client.send("CAP LS 302", f"NICK {name}", f"USER {name} 0 * :{name}", "CAP REQ :sasl")
            await client.expect("ACK")
            client.send("AUTHENTICATE PLAIN")
            await client.expect("AUTHENTICATE +")
            client.send(f"AUTHENTICATE {plain}")
            await client.expect("Logging you in:")
            clients.append(client)
        hasher.released.set()
        await first
        for name, client in zip(people, clients, strict=True):
            await client.expect(" 903 ")
            client.send("CAP END")
            await client.expect(f" 001 {name} ")
            await client.close()


async def test_an_irc_login_whose_entering_waits_on_the_store_is_not_cut() -> None:
    # After a restart the store answers everyone's entering in turn: a right password must
    # not be followed by the registration timeout while the character is read.
    world, store_answers = await entering_waits_on_the_store("juniper")
    async with irc_over(world) as port:
        juniper = await IrcLines.connect(port)
        plain = base64.b64encode(f"juniper\0juniper\0{PASSWORD}".encode()).decode()
        juniper.send("CAP LS 302", "NICK juniper", "USER juniper 0 * :Juniper", "CAP REQ :sasl")
        await juniper.expect("ACK")
        juniper.send("AUTHENTICATE PLAIN")
        await juniper.expect("AUTHENTICATE +")
        juniper.send(f"AUTHENTICATE {plain}")
        await juniper.expect(" 903 ")
        juniper.send("CAP END")
        # Someone who connected after juniper and never logs in is cut by the timeout...
        idle = await IrcLines.connect(port)
        await idle.expect("Registration timed out")
        # ... while juniper, whose entering still waits on the store, is kept.
        store_answers.set()
        await juniper.expect(" 001 juniper ")
        await juniper.close()
        await idle.close()


async def test_a_telnet_login_whose_entering_waits_on_the_store_is_not_cut() -> None:
    # The same on telnet: the password was right, the store is slow to answer; the login
    # timeout waits for it.
    world, store_answers = await entering_waits_on_the_store("juniper")
    async with telnet_over(world) as port:
        juniper = await TelnetPerson.connect(port, "juniper")
        await juniper.expect("connect <name> <password>")
        juniper.send(f"connect juniper {PASSWORD}")
        # Someone who connected after juniper and never logs in is cut by the timeout...
        idle = await TelnetPerson.connect(port, "idle")
        await idle.expect("You did not log in in time.")
        # ... while juniper, whose entering still waits on the store, is kept.
        store_answers.set()
        await juniper.expect("You are juniper.")
        await juniper.close()
        await idle.close()


async def test_a_telnet_sign_up_queued_past_the_login_timeout_is_told_and_not_cut() -> None:
    # Making an account hashes its password (argon2id, as costly as a login's check): it waits
    # its turn with the logins, the person is told so, and the login timeout waits for it.
    hasher = HeldHasher()
    world = await world_with(hasher, "first")
    async with telnet_over(world, SIGNUP_TIMEOUT) as port:
        first = await hold_the_only_place(world, hasher)
        juniper = await TelnetPerson.connect(port, "juniper")
        await juniper.expect("connect <name> <password>")
        juniper.send(f"create juniper {PASSWORD}")
        await juniper.command("1990-02-03", 'Type "I agree"')
        juniper.send("I agree")
        await juniper.expect("Making your account: 0 ahead of you.")
        # Someone who connected after juniper and never logs in is cut by the timeout...
        idle = await TelnetPerson.connect(port, "idle")
        await idle.expect("You did not log in in time.", within=WAIT)
        # ... while juniper, whose account still waits its turn, is kept, and gets in after.
        hasher.released.set()
        await first
        await juniper.expect("You are juniper.")
        await juniper.close()
        await idle.close()


async def test_an_irc_registration_before_connecting_queued_past_the_timeout_is_not_cut() -> None:
    # The same for IRCv3 draft/account-registration's REGISTER, sent before registration
    # completes, while the registration timeout runs.
    hasher = HeldHasher()
    world = await world_with(hasher, "first")
    async with irc_over(world, IrcLimits(registration_timeout=SIGNUP_TIMEOUT)) as port:
        first = await hold_the_only_place(world, hasher)
        juniper = await IrcLines.connect(port)
        juniper.send("CAP LS 302", "NICK juniper", "USER juniper 0 * :Juniper")
        juniper.send("CAP REQ :draft/account-registration")
        await juniper.expect("ACK")
        juniper.send(f"REGISTER juniper 1990-02-03 {PASSWORD}")
        await juniper.expect("NOTICE * :Making your account: 0 ahead of you")
        idle = await IrcLines.connect(port)
        await idle.expect("Registration timed out")
        hasher.released.set()
        await first
        await juniper.expect("REGISTER SUCCESS juniper")
        juniper.send("CAP END")
        await juniper.expect(" 001 juniper ")
        await juniper.close()
        await idle.close()


async def test_a_telnet_password_change_during_a_storm_waits_its_turn_and_is_told() -> None:
    # Changing a password hashes the new one (and checks the old): during a storm it waits
    # behind the logins queued before it, told where it stands, even when the old password
    # needs no new check (it was verified at this login).
    hasher = HeldHasher()
    hasher.released.set()
    world = await world_with(hasher, "first", "juniper")
    async with telnet_over(world) as port:
        juniper = await TelnetPerson.log_in(port, "juniper", PASSWORD)
        hasher.released.clear()
        hasher.started.clear()
        first = await hold_the_only_place(world, hasher)
        juniper.send(f"@password {PASSWORD}=tulip kettle orbit")
        await juniper.expect("Changing your password: 0 ahead of you.")
        assert await world.accounts.authenticate("juniper", PASSWORD)  # not changed yet
        hasher.released.set()
        await first
        await juniper.expect("Password changed.")
        await juniper.close()
    assert await world.accounts.authenticate("juniper", "tulip kettle orbit")
