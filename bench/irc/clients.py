"""Benchmark IRC clients: one asyncio ``Protocol`` per connection, cheap on the hot path.

A client goes through three modes:

- ``SETUP``: every line is split off and queued; ``expect`` waits for the reply that ends a
  step (001 after NICK/USER, 903 after SASL, 366 after JOIN) and raises on an error numeric.
- ``COUNT``: a listener that only counts deliveries. It never splits lines: it counts
  ``b"PRIVMSG"`` in each received chunk (plus one that straddles two chunks), so a chunk of a
  hundred deliveries costs two ``bytes.count`` calls. It still answers ``PING``.
- ``PARSE``: a receiver that needs the text (latency probes, direct-message partners). Each
  ``PRIVMSG`` line goes to ``on_privmsg``.

A counting listener can also be handed over to the C counter (``native.Counter``): the event
loop stops reading its socket and a C thread counts the same way, far cheaper per chunk.

Registration follows Modern IRC (https://modern.ircdocs.horse/#connection-registration) and,
with SASL, IRCv3 ``sasl-3.1`` (https://ircv3.net/specs/extensions/sasl-3.1): ``CAP LS 302``,
``NICK``, ``USER``, ``CAP REQ :sasl``, ``AUTHENTICATE PLAIN``, the base64 credentials after
``AUTHENTICATE +``, 903, ``CAP END``, then 001.

Imports the standard library only (the event loop is chosen by the caller).
"""

from __future__ import annotations

import asyncio
import base64
import enum
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from bench.irc.native import Counter

MAX_PARTIAL_LINE = 8192
"""Longest unterminated line kept between chunks. IRC lines are at most 512 bytes plus 8191
bytes of tags (Modern IRC, "Message format"); anything longer is a broken server."""

SETUP_FAILURES = frozenset(
    {
        b"ERROR",
        b"FAIL",  # IRCv3 standard replies
        b"431",  # ERR_NONICKNAMEGIVEN
        b"432",  # ERR_ERRONEUSNICKNAME
        b"433",  # ERR_NICKNAMEINUSE
        b"436",  # ERR_NICKCOLLISION
        b"461",  # ERR_NEEDMOREPARAMS
        b"464",  # ERR_PASSWDMISMATCH
        b"465",  # ERR_YOUREBANNEDCREEP
        b"403",  # ERR_NOSUCHCHANNEL
        b"405",  # ERR_TOOMANYCHANNELS
        b"471",  # ERR_CHANNELISFULL
        b"473",  # ERR_INVITEONLYCHAN
        b"474",  # ERR_BANNEDFROMCHAN
        b"475",  # ERR_BADCHANNELKEY
        b"476",  # ERR_BADCHANMASK
        b"477",  # ERR_NEEDREGGEDNICK (several servers)
        b"902",  # ERR_NICKLOCKED
        b"904",  # ERR_SASLFAIL
        b"905",  # ERR_SASLTOOLONG
        b"906",  # ERR_SASLABORTED
        b"907",  # ERR_SASLALREADY
    }
)
"""Replies that end a setup step in failure; the benchmark stops with the server's line."""


class Mode(enum.Enum):
    SETUP = "setup"
    COUNT = "count"
    PARSE = "parse"


class SetupFailed(Exception):
    """A client could not connect, register or join; the message quotes the server."""


class Tally:
    """Counters shared by every client of one load generator (one event loop, no locks), and
    by the C counter's sockets when there is one."""

    __slots__ = ("_counted_before", "counter", "deliveries", "lost")

    def __init__(self) -> None:
        self.deliveries = 0
        """``PRIVMSG`` lines received by clients in ``COUNT`` or ``PARSE`` mode, in Python."""
        self.lost = 0
        """Connections that closed after setup (a server kills slow or flooding clients)."""
        self.counter: Counter | None = None
        """The C counter reading the handed-over listeners, if any."""
        self._counted_before = 0

    def reset_deliveries(self) -> None:
        """Count deliveries from zero again (the start of a window)."""
        self.deliveries = 0
        self._counted_before = self.counter.deliveries() if self.counter is not None else 0

    def delivered(self) -> int:
        """Deliveries since ``reset_deliveries``, in Python and in the C counter."""
        if self.counter is None:
            return self.deliveries
        return self.deliveries + self.counter.deliveries() - self._counted_before

    def lost_so_far(self) -> int:
        """Connections lost after setup, in Python and in the C counter."""
        return self.lost + (self.counter.lost() if self.counter is not None else 0)


def command_of(line: bytes) -> tuple[bytes, list[bytes]]:
    """The command (or numeric) of a line, and its words, skipping tags and the source."""
    words = line.split(b" ")
    start = 0
    if words and words[0].startswith(b"@"):
        start += 1
    if len(words) > start and words[start].startswith(b":"):
        start += 1
    if len(words) <= start:
        return b"", words
    return words[start].upper(), words[start:]


class IrcClient(asyncio.Protocol):
    """One connection of the load generator. See the module docstring for the modes."""

    def __init__(self, nick: str, tally: Tally) -> None:
        self.nick = nick
        self.tally = tally
        self.mode = Mode.SETUP
        self.transport: asyncio.Transport | None = None
        self.partial = b""
        self.inbox: deque[bytes] = deque()
        self.wakeup: asyncio.Future[None] | None = None
        self.closed = False
        self.close_reason = ""
        self.on_privmsg: Callable[[bytes], None] | None = None

    # --- asyncio.Protocol -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.close_reason = self.close_reason or (repr(exc) if exc else "closed by the server")
        if self.mode is not Mode.SETUP:
            self.tally.lost += 1
        self._wake()

    def data_received(self, data: bytes) -> None:
        mode = self.mode
        if mode is Mode.COUNT:
            self._count(data)
        elif mode is Mode.PARSE:
            self._parse(data)
        else:
            self._setup(data)

    # --- sending ----------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queue bytes on the transport (no-op once the connection is gone)."""
        if self.transport is not None and not self.closed:
            self.transport.write(data)

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    # --- the three modes ----------------------------------------------------------------------

    def _count(self, data: bytes) -> None:
        partial = self.partial
        found = data.count(b"PRIVMSG")
        if partial:
            # A "PRIVMSG" cut in two by the chunk boundary: neither count above saw it whole.
            found += (partial[-6:] + data[:6]).count(b"PRIVMSG")
        self.tally.deliveries += found
        # PING lines are rare: look for them only when "PING" may be in a complete line.
        if b"PING" in data or b"PING" in partial + data[:4]:
            self._answer_pings(partial + data)
        end = data.rfind(b"\n")
        self.partial = data[end + 1 :] if end >= 0 else self._grow_partial(partial + data)

    def _parse(self, data: bytes) -> None:
        lines = (self.partial + data).split(b"\n")
        self.partial = self._grow_partial(lines.pop())
        handler = self.on_privmsg
        for line in lines:
            if b" PRIVMSG " in line:
                self.tally.deliveries += 1
                if handler is not None:
                    handler(line)
            elif line.startswith(b"PING"):
                self._pong(line)

    def _setup(self, data: bytes) -> None:
        lines = (self.partial + data).split(b"\n")
        self.partial = self._grow_partial(lines.pop())
        for line in lines:
            line = line.rstrip(b"\r")
            if line.startswith(b"PING"):
                self._pong(line)
            elif line:
                self.inbox.append(line)
        self._wake()

    def _answer_pings(self, buffer: bytes) -> None:
        for line in buffer.split(b"\n")[:-1]:  # complete lines only
            if line.startswith(b"PING"):
                self._pong(line)

    def _pong(self, line: bytes) -> None:
        # Modern IRC, PING: "the receiver ... MUST send a PONG message back with the same token"
        self.send(b"PONG" + line.rstrip(b"\r")[4:] + b"\r\n")

    def _grow_partial(self, partial: bytes) -> bytes:
        if len(partial) > MAX_PARTIAL_LINE:
            self.close_reason = "a line longer than any IRC line"
            self.abort()
            return b""
        return partial

    def _wake(self) -> None:
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)

    # --- setup steps ----------------------------------------------------------------------------

    def start_counting(self) -> None:
        """Leave setup: drop queued replies and only count deliveries from now on."""
        self.inbox.clear()
        self.mode = Mode.COUNT

    def hand_over(self, counter: Counter) -> None:
        """Leave setup: the C counter reads this socket from now on, counting as ``COUNT``
        does; the event loop no longer reads it (writes still go through the transport)."""
        assert self.transport is not None
        self.inbox.clear()
        self.transport.pause_reading()
        socket = self.transport.get_extra_info("socket")
        # What was read before ends a line ("\n"), or with an unfinished one (the partial).
        counter.add(socket.fileno(), b"\n" + self.partial)
        self.partial = b""
        self.mode = Mode.COUNT

    def start_parsing(self, on_privmsg: Callable[[bytes], None]) -> None:
        """Leave setup: hand every ``PRIVMSG`` line to ``on_privmsg`` from now on."""
        self.inbox.clear()
        self.on_privmsg = on_privmsg
        self.mode = Mode.PARSE

    async def expect(self, wanted: Iterable[bytes]) -> list[bytes]:
        """Wait for a line whose command is in ``wanted``; return its words (from the command).

        Lines before it are dropped. An error reply or a closed connection raises
        ``SetupFailed`` quoting the server.
        """
        wanted = frozenset(wanted)
        while True:
            while self.inbox:
                line = self.inbox.popleft()
                command, words = command_of(line)
                if command in wanted:
                    return words
                if command in SETUP_FAILURES:
                    raise SetupFailed(f"{self.nick}: {line.decode(errors='replace')}")
            if self.closed:
                raise SetupFailed(f"{self.nick}: connection lost ({self.close_reason})")
            self.wakeup = asyncio.get_running_loop().create_future()
            await self.wakeup

    async def register(self) -> None:
        """NICK and USER, then wait for 001 (RPL_WELCOME)."""
        nick = self.nick.encode()
        self.send(b"NICK %s\r\nUSER %s 0 * :%s\r\n" % (nick, nick, nick))
        await self.expect({b"001"})

    async def register_with_sasl(self, password: str) -> None:
        """Register and log in with SASL PLAIN (IRCv3 sasl-3.1), then wait for 001."""
        nick = self.nick.encode()
        self.send(
            b"CAP LS 302\r\nNICK %s\r\nUSER %s 0 * :%s\r\nCAP REQ :sasl\r\n" % (nick, nick, nick)
        )
        while True:
            words = await self.expect({b"CAP"})
            # CAP <target> <subcommand> ...: LS replies come first, then ACK or NAK.
            if len(words) > 2 and words[2].upper() == b"ACK":
                break
            if len(words) > 2 and words[2].upper() == b"NAK":
                raise SetupFailed(f"{self.nick}: the server refused the sasl capability")
        self.send(b"AUTHENTICATE PLAIN\r\n")
        while (await self.expect({b"AUTHENTICATE"}))[1:2] != [b"+"]:
            pass
        # RFC 4616 PLAIN: authzid NUL authcid NUL passwd; an empty authzid.
        credentials = base64.b64encode(b"\0" + nick + b"\0" + password.encode())
        self.send(b"AUTHENTICATE " + credentials + b"\r\n")
        await self.expect({b"903"})  # RPL_SASLSUCCESS
        self.send(b"CAP END\r\n")
        await self.expect({b"001"})

    async def join(self, channel: str) -> None:
        """JOIN and wait for the end of the names list (366, RPL_ENDOFNAMES), which Modern IRC
        sends after a successful JOIN."""
        self.send(b"JOIN " + channel.encode() + b"\r\n")
        await self.expect({b"366"})


async def connect(
    host: str, port: int, nick: str, tally: Tally, *, password: str | None
) -> IrcClient:
    """Open a connection and register (with SASL PLAIN when ``password`` is given)."""
    loop = asyncio.get_running_loop()
    client = IrcClient(nick, tally)
    try:
        await loop.create_connection(lambda: client, host, port)
    except OSError as error:
        raise SetupFailed(f"{nick}: could not connect: {error}") from error
    if password is None:
        await client.register()
    else:
        await client.register_with_sasl(password)
    return client
