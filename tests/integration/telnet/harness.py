"""Telnet users in tests: a MU* client over a real socket, and the site, IRC and telnet
gateways over one world.

``TelnetPerson`` reads like the user's session: connect as alice, alice says hi, bob reads
'Alice says, "hi"'. It answers no telnet negotiation (as the plainest client does) unless
asked to, strips what the server negotiates from what it shows, and waits for text with a
deadline, never a sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from boudoir.domain.ratings import Rating
from boudoir.gateways.telnet import TelnetGateway, TelnetLimits
from boudoir.testing.harness import RecordingSession

from ..web_socket.harness import BORN, PASSWORD, Both, serve_site_and_irc

WAIT = 5.0
"""Seconds to wait for expected text before failing (generous for a loaded CI machine)."""

IAC, SB, SE = 255, 250, 240
NEGOTIATION = {251, 252, 253, 254}  # WILL WONT DO DONT


def strip_telnet(data: bytes) -> tuple[bytes, bytes]:
    """Text without telnet commands, and the commands themselves (for tests that look)."""
    text = bytearray()
    commands = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte != IAC:
            text.append(byte)
            i += 1
            continue
        if i + 1 >= len(data):
            break
        command = data[i + 1]
        if command == IAC:
            text.append(IAC)
            i += 2
        elif command in NEGOTIATION:
            commands += data[i : i + 3]
            i += 3
        elif command == SB:
            end = data.find(bytes((IAC, SE)), i)
            end = len(data) if end < 0 else end + 2
            commands += data[i:end]
            i = end
        else:
            commands += data[i : i + 2]
            i += 2
    return bytes(text), bytes(commands)


class TelnetPerson:
    """One MU* client connected to the telnet gateway."""

    def __init__(self, name: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.name = name
        self.reader = reader
        self.writer = writer
        self.seen = ""
        """Text read and not yet matched by ``expect``."""
        self.commands = b""

    @classmethod
    async def connect(cls, port: int, name: str = "", *, source: str | None = None) -> TelnetPerson:
        """Connect to 127.0.0.1:``port``, from the address ``source`` if given (any of
        127.0.0.0/8, to play a second machine)."""
        local = (source, 0) if source else None
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=local)
        return cls(name, reader, writer)

    @classmethod
    async def log_in(cls, port: int, name: str, password: str = PASSWORD) -> TelnetPerson:
        person = await cls.connect(port, name)
        await person.expect("connect <name> <password>")
        person.send(f"connect {name} {password}")
        await person.expect(f"You are {name}")
        return person

    def send(self, line: str) -> None:
        self.writer.write(line.encode() + b"\r\n")

    async def _read_more(self, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise AssertionError(f"{self.name}: timed out; unread text:\n{self.seen}")
        data = await asyncio.wait_for(self.reader.read(65536), remaining)
        if not data:
            raise AssertionError(f"{self.name}: connection closed; unread text:\n{self.seen}")
        text, commands = strip_telnet(data)
        self.commands += commands
        self.seen += text.decode("utf-8", errors="replace").replace("\r\n", "\n")

    async def expect(self, pattern: str, *, regex: bool = False, within: float = WAIT) -> str:
        """Wait for ``pattern`` (text, or a regex); return the text up to and including it,
        consuming it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        compiled = re.compile(pattern if regex else re.escape(pattern))
        while True:
            match = compiled.search(self.seen)
            if match is not None:
                before = self.seen[: match.end()]
                self.seen = self.seen[match.end() :]
                return before
            try:
                await self._read_more(deadline)
            except TimeoutError:
                raise AssertionError(
                    f"{self.name}: {pattern!r} not seen in {within} s; unread:\n{self.seen}"
                ) from None

    async def command(self, line: str, pattern: str, **options: object) -> str:
        self.send(line)
        return await self.expect(pattern, **options)  # type: ignore[arg-type]

    async def closed(self, within: float = WAIT) -> bool:
        """True once the server closes the connection (reading what it said on the way)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            try:
                await self._read_more(deadline)
            except AssertionError as error:
                if "connection closed" in str(error):
                    return True
                raise

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


@dataclass
class All:
    """The WebSocket site, an IRC gateway and a telnet gateway over the same world."""

    both: Both
    telnet_port: int
    gateway: TelnetGateway

    @property
    def site(self):  # type: ignore[no-untyped-def]
        return self.both.site

    @property
    def irc_port(self) -> int:
        return self.both.irc_port

    async def telnet(self, name: str, *, attested: bool = True) -> TelnetPerson:
        """``name`` registered (attested, unless not ``attested``) and logged in over telnet."""
        if f"token-{name}" not in self.site.logins:
            if attested:
                await self.site.person(name)
            else:
                await self.site.world.accounts.register(name, PASSWORD, BORN)
        return await TelnetPerson.log_in(self.telnet_port, name)

    async def adult_room(self, owner: str, room: str, **settings: object) -> None:
        """``owner`` (registered first with ``settings``, opted in to adult, acting as an adult
        character) makes the adult room ``room``."""
        world = self.site.world
        await self.site.person(owner, ratings=(Rating.ADULT,), **settings)
        account = await world.accounts.find(owner)
        character = await world.characters.owned(account.id, owner)
        await world.characters.update_profile(character, declared_age=30)
        connection = await world.connect(RecordingSession(), account)
        try:
            await world.rooms.create(connection, room, rating=Rating.ADULT)
        finally:
            world.disconnect(connection)


@contextlib.asynccontextmanager
async def serve_all(limits: TelnetLimits | None = None) -> AsyncIterator[All]:
    async with serve_site_and_irc() as both:
        gateway = TelnetGateway(
            both.site.world,
            host="127.0.0.1",
            port=0,
            server_name="boudoir.local",
            welcome="Welcome to the test world.",
            limits=limits or TelnetLimits(max_connections_per_address=1000, connect_burst=1000),
            shutdown_timeout_seconds=1,
        )
        port = urlsplit(await gateway.start()).port
        assert port is not None
        running = asyncio.create_task(gateway.run())
        try:
            yield All(both, port, gateway)
        finally:
            gateway.close("test over")
            await running
