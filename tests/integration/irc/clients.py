"""IRC clients for the integration tests, each keeping every line the server sent it.

- ``LibraryClient``: pydle, an established IRC client library (CAP, SASL PLAIN, IRCv3 tags,
  echo-message, TLS), as a user's client would be. It only records what it receives.
- ``RawClient``: a plain asyncio stream, for what a library hides or will not send: labeled
  responses, oversized lines, invalid UTF-8, floods.

Lines are tokenised by ``irctokens``.

Both put what they receive in an ``Inbox``: tests wait for one line with ``expect`` (with a
deadline, never a sleep), read everything up to an end-of-list numeric with ``until``, and
check that nothing secret was ever shown with ``lines``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pydle
from irctokens.line import tokenise

from .harness import PASSWORD

WAIT = 10.0
"""Seconds to wait for a line before failing: a few milliseconds on a quiet machine, but a
loaded CI machine may be slow. Only a failing test ever waits this long."""

REGISTERED = "221"
"""RPL_UMODEIS: the last line of Boudoir's welcome burst (after 001-005, LUSERS, MOTD)."""


@dataclass(frozen=True, slots=True)
class Received:
    """One line from the server, as sent (``raw``, without CR LF) and tokenised."""

    raw: str
    tags: Mapping[str, str]
    source: str | None
    command: str
    params: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str) -> Received:
        line = tokenise(raw)
        return cls(raw, line.tags or {}, line.source, line.command, tuple(line.params))

    @property
    def nick(self) -> str | None:
        """The nick of the source (``nick!user@host``), if any."""
        return self.source.split("!", 1)[0] if self.source else None

    def matches(self, command: str, *params: str, sender: str | None = None) -> bool:
        """Same command, ``params`` equal to the first parameters (case-sensitive), and if
        given, from ``sender`` (a nick, or a server name)."""
        return (
            self.command == command.upper()
            and (sender is None or sender in (self.nick, self.source))
            and len(self.params) >= len(params)
            and all(a == b for a, b in zip(self.params, params, strict=False))
        )


class Inbox:
    """Every line a client received, and a cursor for reading them in order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[Received] = []
        self.closed = False
        self._cursor = 0
        self._changed = asyncio.Event()

    def add(self, raw: str) -> None:
        self.lines.append(Received.parse(raw))
        self._changed.set()

    def close(self) -> None:
        self.closed = True
        self._changed.set()

    def mark(self) -> int:
        """Skip everything received so far: later ``expect`` calls look only at new lines."""
        self._cursor = len(self.lines)
        return self._cursor

    async def expect(
        self, command: str, *params: str, sender: str | None = None, within: float = WAIT
    ) -> Received:
        """The next line after the cursor with ``command`` and these first ``params`` (and
        from ``sender``); the cursor moves past it. Fails with what was received if none
        comes ``within`` seconds."""
        return (await self.until(command, *params, sender=sender, within=within))[-1]

    async def until(
        self, command: str, *params: str, sender: str | None = None, within: float = WAIT
    ) -> list[Received]:
        """Every line from the cursor up to and including the next that matches (an end of a
        list, say); the cursor moves past it."""
        try:
            async with asyncio.timeout(within):
                while True:
                    for index in range(self._cursor, len(self.lines)):
                        if self.lines[index].matches(command, *params, sender=sender):
                            found = self.lines[self._cursor : index + 1]
                            self._cursor = index + 1
                            return found
                    if self.closed:
                        break
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            pass
        shown = "\n".join(line.raw for line in self.lines[self._cursor :][-40:]) or "(nothing)"
        state = "connection closed" if self.closed else f"nothing in {within} s"
        wanted = " ".join((command, *params)) + (f" from {sender}" if sender else "")
        raise AssertionError(
            f"{self.name} never got {wanted!r} ({state}); after the cursor:\n{shown}"
        )

    async def expect_all(self, *wanted: tuple[str, ...], within: float = WAIT) -> list[Received]:
        """Wait until, after the cursor, a line matches each ``(command, *params)`` of
        ``wanted``, in any order; the cursor moves past the last of them. Returns them in the
        order of ``wanted``."""
        start = self._cursor
        found: list[Received] = []
        end = start
        for pattern in wanted:
            self._cursor = start
            found.append(await self.expect(*pattern, within=within))
            end = max(end, self._cursor)
        self._cursor = end
        return found

    def since(self, mark: int) -> list[Received]:
        return self.lines[mark:]

    def seen(self, command: str, *params: str, sender: str | None = None) -> list[Received]:
        """Every line so far, cursor or not, with ``command`` and these first ``params``."""
        return [line for line in self.lines if line.matches(command, *params, sender=sender)]


# --- the library client -------------------------------------------------------------------


class LibraryClient(pydle.Client):  # type: ignore[misc]  # pydle is untyped
    """pydle's client, recording every line in ``inbox``. Capabilities in ``declined`` are
    never requested, as if the client did not know them; pydle requests the rest it knows,
    and ``server-time``."""

    def __init__(
        self,
        nick: str,
        *,
        sasl: tuple[str, str] | None = None,
        declined: Iterable[str] = (),
    ) -> None:
        username, password = sasl or (None, None)
        super().__init__(nick, sasl_username=username, sasl_password=password)
        self.name = nick
        """The nick asked for, and (Boudoir gives a logged-in user that character) used."""
        self.inbox = Inbox(nick)
        self.declined = frozenset(declined)
        self.welcomed = asyncio.Event()
        self.finished = asyncio.Event()

    async def on_capability_server_time_available(self, value: object) -> bool:
        return True  # pydle parses the tag but does not ask for it itself

    async def on_capability_setname_available(self, value: object) -> bool:
        return True  # nor for setname

    async def on_raw_cap_ls(self, params: list[str]) -> None:
        offered = [c for c in params[-1].split() if c.split("=", 1)[0] not in self.declined]
        await super().on_raw_cap_ls([*params[:-1], " ".join(offered)])

    async def on_raw(self, message: object) -> None:
        # pydle handles each line in its own task, created in the order the lines arrived:
        # record before the first await, so that the inbox keeps that order.
        self.inbox.add(message._raw)  # type: ignore[attr-defined]
        await super().on_raw(message)

    async def on_connect(self) -> None:
        await super().on_connect()
        self.welcomed.set()

    async def handle_forever(self) -> None:
        try:
            await super().handle_forever()
        finally:
            self.inbox.close()
            self.finished.set()

    async def settled(self) -> list[Received]:
        """Everything up to the answer to a ``TIME`` sent now. The server runs one client's
        commands in order and writes what each causes before it answers the next, so
        whatever an earlier action of anyone did to this client has arrived by then."""
        await self.rawmsg("TIME")
        return await self.inbox.until("391", self.name)

    async def enter(self, room: str, key: str | None = None) -> None:
        """JOIN ``room`` and wait for the end of its NAMES (the server's "you are in")."""
        await self.join(room, key)
        await self.inbox.expect("366", self.name, room)

    async def close(self) -> None:
        """Quit and wait until pydle has stopped reading."""
        if self.connected:
            with contextlib.suppress(OSError):
                await self.quit("bye")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(WAIT):
                await self.finished.wait()


async def library_client(
    port: int,
    nick: str,
    *,
    sasl: tuple[str, str] | None = None,
    password: str | None = None,
    declined: Iterable[str] = (),
    tls: bool = False,
) -> LibraryClient:
    """A pydle client connected and welcomed, its inbox's cursor past the welcome: logged in
    with SASL PLAIN (``sasl``: login and password) or ``PASS password``, or a guest."""
    client = LibraryClient(nick, sasl=sasl, declined=declined)
    await client.connect("127.0.0.1", port, password=password, tls=tls, tls_verify=False)
    try:
        async with asyncio.timeout(WAIT):
            await client.welcomed.wait()
    except TimeoutError:
        await client.close()
        raise AssertionError(f"{nick} was never welcomed:\n{client.inbox.lines}") from None
    # pydle asks WHOIS about itself once welcomed: let its answers pass, so that a test reads
    # only what follows its own actions.
    await client.settled()
    return client


# --- the raw client -----------------------------------------------------------------------


class RawClient:
    """One connection that sends exactly the bytes given, and reads lines into ``inbox``."""

    def __init__(
        self, name: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.name = name
        self.inbox = Inbox(name)
        self._reader = reader
        self._writer = writer
        self._task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def connect(
        cls,
        port: int,
        name: str = "raw",
        *,
        tls: ssl.SSLContext | None = None,
        receive_buffer: int | None = None,
        source: str | None = None,
    ) -> RawClient:
        """Connect to 127.0.0.1:``port``, from the address ``source`` if given (any of
        127.0.0.0/8, to play another machine); ``receive_buffer`` sets the socket's SO_RCVBUF
        before connecting (the kernel then offers a window that small)."""
        if receive_buffer is None:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1",
                port,
                ssl=tls,
                server_hostname="127.0.0.1" if tls else None,
                local_addr=(source, 0) if source else None,
            )
            return cls(name, reader, writer)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            sock.setblocking(False)
            await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
            reader, writer = await asyncio.open_connection(sock=sock, ssl=tls)
        except BaseException:
            sock.close()
            raise
        return cls(name, reader, writer)

    def stop_reading(self) -> None:
        """Read nothing more from the socket, as a stuck client would."""
        self._writer.transport.pause_reading()  # type: ignore[attr-defined]

    def resume_reading(self) -> None:
        self._writer.transport.resume_reading()  # type: ignore[attr-defined]

    async def wait_closed(self, within: float = WAIT) -> None:
        """Wait until the server has closed the connection (end of file or reset)."""
        async with asyncio.timeout(within):
            await asyncio.shield(self._task)

    async def drain(self) -> None:
        """Wait until what was sent is handed to the kernel (TCP pushes back when the
        server reads no more)."""
        await self._writer.drain()

    async def _read(self) -> None:
        # Split here rather than in irctokens' decoder, to keep each line's bytes as sent.
        pending = b""
        try:
            while data := await self._reader.read(65536):
                *lines, pending = (pending + data).split(b"\n")
                for line in lines:
                    self.inbox.add(line.removesuffix(b"\r").decode("utf-8", "replace"))
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            self.inbox.close()

    def send(self, *lines: str) -> None:
        """Send each line with CR LF appended."""
        self._writer.write(b"".join(line.encode() + b"\r\n" for line in lines))

    def send_bytes(self, data: bytes) -> None:
        self._writer.write(data)

    async def expect(
        self, command: str, *params: str, sender: str | None = None, within: float = WAIT
    ) -> Received:
        return await self.inbox.expect(command, *params, sender=sender, within=within)

    async def settled(self) -> list[Received]:
        """Like ``LibraryClient.settled``: everything up to the answer to a ``TIME``."""
        self.send("TIME")
        return await self.inbox.until("391")

    async def register(
        self,
        nick: str,
        *,
        caps: Sequence[str] = (),
        sasl: tuple[str, str] | None = None,
        password: str | None = None,
    ) -> None:
        """Registration as Modern IRC and IRCv3 sasl-3.1 describe it: ``CAP LS 302``, PASS,
        NICK, USER, ``CAP REQ``, ``AUTHENTICATE PLAIN``, ``CAP END``; returns after the
        welcome burst."""
        wanted = [*caps, *(["sasl"] if sasl else [])]
        self.send("CAP LS 302")
        if password is not None:
            self.send(f"PASS {password}")
        self.send(f"NICK {nick}", f"USER {nick} 0 * :{nick}")
        await self.expect("CAP", "*", "LS")
        if wanted:
            self.send("CAP REQ :" + " ".join(wanted))
            await self.expect("CAP", "*", "ACK")
        if sasl:
            self.send("AUTHENTICATE PLAIN")
            await self.expect("AUTHENTICATE", "+")
            login, secret = sasl
            token = base64.b64encode(f"\0{login}\0{secret}".encode()).decode()
            self.send(f"AUTHENTICATE {token}")
            await self.expect("903")
        self.send("CAP END")
        await self.expect(REGISTERED)

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError, ssl.SSLError):
            await self._writer.wait_closed()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


async def raw_client(
    port: int,
    nick: str,
    *,
    caps: Sequence[str] = (),
    login: bool = True,
    tls: ssl.SSLContext | None = None,
    receive_buffer: int | None = None,
) -> RawClient:
    """A raw client registered as ``nick``, logged in with SASL PLAIN unless not ``login``."""
    client = await RawClient.connect(port, nick, tls=tls, receive_buffer=receive_buffer)
    try:
        await client.register(nick, caps=caps, sasl=(nick, PASSWORD) if login else None)
    except BaseException:
        await client.close()
        raise
    return client
