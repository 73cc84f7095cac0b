"""The storm's clients: one coroutine per connection, each reporting when it is in, or why it
was cut; and the chatters who keep talking meanwhile. Imports the standard library and
``bench``."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.web import clients as web

IN_TIMEOUT_SECONDS = 3600.0
"""A client gives up (and counts as not in) after this long; a bound, not a measure."""
MAX_LINE = 64 * 1024


@dataclass(slots=True)
class Tally:
    """What the storm's clients report."""

    started: int = 0
    arrived_at: list[float] = field(default_factory=list)
    in_at: list[float] = field(default_factory=list)
    cut: Counter[str] = field(default_factory=Counter)
    told_waiting: int = 0
    """Clients that were told at least once that their login waits its turn."""
    kinds_in: Counter[str] = field(default_factory=Counter)


def source_address(number: int) -> str:
    """A loopback address of its own for client ``number`` (127.0.0.0/8 is all loopback)."""
    return f"127.{10 + number // 62_500}.{(number // 250) % 250}.{number % 250 + 1}"


class Held:
    """Connections kept open once in: the storm's people stay logged in."""

    def __init__(self) -> None:
        self.writers: list[asyncio.StreamWriter] = []
        self.web: list[web.WebClient] = []
        self.tasks: list[asyncio.Task[None]] = []

    def close(self) -> None:
        for writer in self.writers:
            writer.close()
        for client in self.web:
            client.abort()
        for task in self.tasks:
            task.cancel()


async def _lines(reader: asyncio.StreamReader) -> str:
    line = await reader.readline()
    if not line:
        raise ConnectionError("closed by the server")
    return line.decode("utf-8", "replace").rstrip("\r\n")


async def _keep_answering(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    on_line: Callable[[str], None] | None,
) -> None:
    """After login: answer PINGs so the server keeps the connection; hand every other line
    to ``on_line``."""
    try:
        while True:
            line = await _lines(reader)
            if line.startswith("PING"):
                writer.write(b"PONG" + line[4:].encode() + b"\r\n")
            elif on_line is not None:
                on_line(line)
    except (ConnectionError, OSError):
        return


async def irc_sasl(
    port: int,
    name: str,
    password: str,
    source: str,
    tally: Tally,
    held: Held,
    on_line: Callable[[str], None] | None = None,
) -> None:
    """An IRC client with SASL PLAIN (IRCv3 sasl-3.1): in at ``001``."""
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, local_addr=(source, 0), limit=MAX_LINE
    )
    plain = base64.b64encode(f"{name}\0{name}\0{password}".encode()).decode()
    writer.write(
        f"CAP LS 302\r\nNICK {name}\r\nUSER {name} 0 * :{name}\r\nCAP REQ :sasl\r\n".encode()
    )
    told = False
    while True:
        line = await _lines(reader)
        words = line.split(" ", 3)
        if line.startswith("PING"):
            writer.write(b"PONG" + line[4:].encode() + b"\r\n")
        elif line.startswith("ERROR"):
            raise ConnectionError(line)
        elif words[0] == "AUTHENTICATE":
            writer.write(f"AUTHENTICATE {plain}\r\n".encode())
        elif len(words) < 4:
            continue
        elif words[1] == "CAP" and words[3].startswith("ACK"):
            writer.write(b"AUTHENTICATE PLAIN\r\n")
        elif words[1] == "NOTICE" and "Logging you in" in line and not told:
            told = True
            tally.told_waiting += 1
        elif words[1] in ("904", "905", "906"):
            raise ConnectionError(f"SASL {words[1]}")
        elif words[1] == "903":
            writer.write(b"CAP END\r\n")
        elif words[1] == "001":
            break
    held.writers.append(writer)
    held.tasks.append(asyncio.create_task(_keep_answering(reader, writer, on_line)))


async def telnet(
    port: int, name: str, password: str, source: str, tally: Tally, held: Held
) -> None:
    """A MU* client: ``connect name password`` at the login screen; in at "You are NAME."."""
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, local_addr=(source, 0), limit=MAX_LINE
    )
    seen = b""
    sent = told = False
    entered = f"You are {name}.".encode()
    while True:
        data = await reader.read(MAX_LINE)
        if not data:
            raise ConnectionError("closed by the server: " + seen[-200:].decode(errors="replace"))
        # Markers are looked for before the tail is cut: after "You are NAME." a crowded room
        # lists everyone present, far more than the kept tail.
        window = seen + data
        seen = window[-4096:]
        if not sent and b"connect <name> <password>" in window:
            writer.write(f"connect {name} {password}\r\n".encode())
            sent = True
        if not told and b"Logging you in" in window:
            told = True
            tally.told_waiting += 1
        if entered in window:
            break
    held.writers.append(writer)
    held.tasks.append(asyncio.create_task(_drain(reader)))


async def _drain(reader: asyncio.StreamReader) -> None:
    try:
        while await reader.read(MAX_LINE):
            pass
    except OSError:
        return


async def browser(port: int, name: str, token: str, source: str, held: Held) -> None:
    """The browser coming back: its WebSocket opened with the login token it kept; in at
    ``welcome``."""
    loop = asyncio.get_running_loop()
    client = web.WebClient(name, web.Tally())
    await loop.create_connection(lambda: client, "127.0.0.1", port, local_addr=(source, 0))
    origin = f"http://127.0.0.1:{port}"
    client.send(
        web.frames.handshake_request(
            "127.0.0.1",
            port,
            web.SOCKET_PATH,
            client.key,
            cookie=f"{web.SESSION_COOKIE}={token}",
            origin=origin,
            subprotocol=web.SUBPROTOCOL,
        )
    )
    await client.opened()
    client.start_counting()
    held.web.append(client)


async def arrive(kind: str, tally: Tally, held: Held, *args: object) -> None:
    """One client of the storm: connect, log in, record when it is in or why it was cut."""
    tally.started += 1
    tally.arrived_at.append(time.monotonic())
    try:
        async with asyncio.timeout(IN_TIMEOUT_SECONDS):
            if kind == "irc":
                await irc_sasl(*args, tally, held)  # type: ignore[arg-type]
            elif kind == "telnet":
                await telnet(*args, tally, held)  # type: ignore[arg-type]
            else:
                await browser(*args, held)  # type: ignore[arg-type]
    except TimeoutError:
        tally.cut[f"{kind}: not in after {IN_TIMEOUT_SECONDS:.0f} s"] += 1
        return
    except (ConnectionError, OSError, web.SetupFailed) as error:
        tally.cut[f"{kind}: {str(error)[:80]}"] += 1
        return
    tally.in_at.append(time.monotonic())
    tally.kinds_in[kind] += 1


class Chatters:
    """IRC clients in one room, taking turns to speak every ``interval`` seconds; each line
    carries its send time, and every other chatter records how long it took to arrive."""

    def __init__(self, port: int, names: list[str], password: str, room: str) -> None:
        self.port = port
        self.names = names
        self.password = password
        self.room = room
        self.samples: list[tuple[float, float]] = []
        """(when received, latency in seconds)."""
        self.held = Held()
        self.joined = 0
        self.all_joined = asyncio.Event()

    def _heard(self, line: str) -> None:
        if " 366 " in line:
            self.joined += 1
            if self.joined == len(self.names):
                self.all_joined.set()
            return
        marker = line.rfind(":t=")
        if " PRIVMSG " in line and marker != -1:
            now = time.monotonic()
            self.samples.append((now, now - float(line[marker + 3 :])))

    async def start(self) -> None:
        """Log every chatter in (SASL) and into the room."""
        for number, name in enumerate(self.names):
            source = f"127.9.0.{number + 1}"
            await irc_sasl(self.port, name, self.password, source, Tally(), self.held, self._heard)
            self.held.writers[-1].write(f"JOIN {self.room}\r\n".encode())
        await self.all_joined.wait()

    async def speak(self, interval: float, stop: asyncio.Event) -> None:
        turn = 0
        writers = self.held.writers
        while not stop.is_set():
            writer = writers[turn % len(writers)]
            writer.write(f"PRIVMSG {self.room} :t={time.monotonic():.6f}\r\n".encode())
            turn += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
