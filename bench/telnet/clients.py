"""Benchmark telnet clients: one asyncio ``Protocol`` per connection, cheap on the hot path.

A client refuses every telnet option (RFC 854's negotiation, RFC 1143's rules): ``DO x`` gets
``WONT x``, ``WILL x`` gets ``DONT x``, and ``DONT``/``WONT`` get nothing, since the client never
enabled anything; subnegotiations are skipped. Servers then send plain text (no compression,
no GMCP, no MXP), which is what a MU* client that says no to everything gets.

A client goes through three modes:

- ``SETUP``: text is split into lines, escape sequences (SGR colour) taken out, and queued;
  ``expect`` waits for a line that holds a fragment (the login reply, a sync token).
- ``COUNT``: a listener that only counts deliveries: ``MARKER`` in each received chunk (plus
  one cut by the chunk boundary), with no line splitting. Negotiation is still answered.
- ``PARSE``: a receiver that needs the fields (the monitor, latency probes, speakers telling
  their own echo apart). Each line with the marker goes to ``on_line``, which returns whether
  it is a delivery (else an echo).

Imports the standard library and ``bench.irc`` (for ``SetupFailed``).
"""

from __future__ import annotations

import asyncio
import enum
import re
from collections import deque
from collections.abc import Callable
from typing import cast

from bench.irc.clients import SetupFailed

MARKER = b"QZJ"
"""Starts every bench message's text: letters only, so no server's markup touches it, and in
no login screen, room description or name (names are ``u0001``...)."""

FIELDS = re.compile(rb"QZJ(\d+)\.(\d+)\.(\d+)")
"""``QZJ<send stamp ns>.<speaker>.<sequence>``: one word, so a server that wraps lines to the
window never cuts it."""

MAX_PARTIAL_LINE = 65536
"""Longest unterminated line kept between chunks: a MU* server's room description or help
page is a few KiB; more than this without a newline is a broken server."""

IAC = 255
DONT = 254
DO = 253
WONT = 252
WILL = 251
SB = 250
SE = 240
"""Telnet command bytes (RFC 854, "The TELNET command structure")."""

_NEGOTIATION = re.compile(rb"\xff([\xfb\xfd])(.)", re.DOTALL)
"""``IAC WILL x`` or ``IAC DO x``: the requests a refusing client answers."""

_IAC_SEQUENCE = re.compile(rb"\xff(?:\xff|\xfa.*?\xff\xf0|[\xfb-\xfe].|[^\xff])", re.DOTALL)
"""Any telnet command: ``IAC IAC`` (a literal 255), a subnegotiation up to ``IAC SE``, an
option command, or a two-byte one (``GA``, ``NOP``...)."""


def _without_command(found: re.Match[bytes]) -> bytes:
    return b"\xff" if found[0] == b"\xff\xff" else b""


_ESCAPE = re.compile(rb"\x1b\[[0-9;:?]*[ -/]*[@-~]")
"""ECMA-48 CSI sequences (the servers' SGR colour): taken out of setup lines before matching."""


class Mode(enum.Enum):
    SETUP = "setup"
    COUNT = "count"
    PARSE = "parse"


class Tally:
    """Counters shared by every client of one load generator (one event loop, no locks)."""

    __slots__ = ("deliveries", "echoes", "lost")

    def __init__(self) -> None:
        self.deliveries = 0
        """Bench messages received by another member of the room."""
        self.echoes = 0
        """A speaker's own messages shown back to it (both servers echo says and poses)."""
        self.lost = 0
        """Connections that closed after setup."""


def refusals(data: bytes) -> bytes:
    """What a client that wants no option answers to the requests in ``data``."""
    answer = bytearray()
    for verb, option in _NEGOTIATION.findall(data):
        answer += bytes((IAC, WONT if verb == b"\xfd" else DONT)) + option
    return bytes(answer)


def plain_text(data: bytes) -> bytes:
    """``data`` without telnet commands (``IAC IAC`` becomes one 255) and escape sequences."""
    return _ESCAPE.sub(b"", _IAC_SEQUENCE.sub(_without_command, data))


def fields(line: bytes) -> tuple[int, int, int] | None:
    """(stamp, speaker, sequence) of a bench message in ``line``, or None."""
    found = FIELDS.search(line)
    if found is None:
        return None
    return int(found[1]), int(found[2]), int(found[3])


def complete_commands(buffer: bytes) -> int:
    """Where ``buffer`` stops holding whole telnet commands: at an ``IAC`` whose command (or
    subnegotiation) has not fully arrived, else at its end. A command is never split."""
    end = len(buffer)
    start = buffer.rfind(b"\xff", max(0, end - 2))
    if start >= 0 and buffer[start - 1 : start] != b"\xff":
        if end - start == 1:
            return start
        if end - start == 2 and buffer[start + 1] in (WILL, WONT, DO, DONT):
            return start
    opened = buffer.rfind(b"\xff\xfa")
    if opened >= 0 and buffer.find(b"\xff\xf0", opened) < 0:
        return opened
    return end


class TelnetClient(asyncio.Protocol):
    """One connection of the load generator. See the module docstring for the modes."""

    def __init__(self, name: str, tally: Tally) -> None:
        self.name = name
        self.tally = tally
        self.mode = Mode.SETUP
        self.transport: asyncio.Transport | None = None
        self.pending = b""
        """SETUP and PARSE: bytes after the last newline, or a telnet command cut short."""
        self.tail = b""
        """COUNT: the last bytes of the previous chunk, for a marker or a command cut in two."""
        self.inbox: deque[bytes] = deque()
        self.wakeup: asyncio.Future[None] | None = None
        self.closed = False
        self.close_reason = ""
        self.on_line: Callable[[bytes], bool] | None = None

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
        if self.mode is Mode.COUNT:
            self._count(data)
        else:
            self._lines(data)

    # --- sending ----------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queue bytes on the transport (no-op once the connection is gone)."""
        if self.transport is not None and not self.closed:
            self.transport.write(data)

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    # --- the modes ----------------------------------------------------------------------------

    def _count(self, data: bytes) -> None:
        tail = self.tail
        found = data.count(MARKER)
        if tail:
            # A marker cut in two by the chunk boundary: neither count saw it whole.
            found += (tail + data[: len(MARKER) - 1]).count(MARKER)
        self.tally.deliveries += found
        if b"\xff" in data or b"\xff" in tail:
            joined = tail + data
            answer = refusals(joined[: complete_commands(joined)])
            if answer:
                self.send(answer)
        # Two bytes cover a marker's first two, and an IAC plus its verb waiting for an option.
        self.tail = data[-2:] if len(data) >= 2 else (tail + data)[-2:]

    def _lines(self, data: bytes) -> None:
        buffer = self.pending + data
        usable = len(buffer)
        if b"\xff" in buffer:
            # Answer and drop whole commands now, so what stays pending is never answered twice.
            usable = complete_commands(buffer)
            answer = refusals(buffer[:usable])
            if answer:
                self.send(answer)
            whole = _IAC_SEQUENCE.sub(_without_command, buffer[:usable])
            buffer, usable = whole + buffer[usable:], len(whole)
        end = buffer.rfind(b"\n", 0, usable)
        if end < 0:
            self._keep(buffer)
            return
        self._keep(buffer[end + 1 :])
        lines = buffer[: end + 1].split(b"\n")[:-1]
        if self.mode is Mode.PARSE:
            handler = self.on_line
            tally = self.tally
            for line in lines:
                if MARKER in line:
                    if handler is None or handler(line):
                        tally.deliveries += 1
                    else:
                        tally.echoes += 1
            return
        for line in lines:
            text = plain_text(line).strip()
            if text:
                self.inbox.append(text)
        self._wake()

    def _keep(self, partial: bytes) -> None:
        if len(partial) > MAX_PARTIAL_LINE:
            self.close_reason = "a line longer than any MU* server sends"
            self.abort()
            partial = b""
        self.pending = partial

    def _wake(self) -> None:
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)

    # --- setup steps ----------------------------------------------------------------------------

    def start_counting(self) -> None:
        """Leave setup: drop queued lines and only count deliveries from now on."""
        self.inbox.clear()
        self.tail = self.pending[-2:]
        self.pending = b""
        self.mode = Mode.COUNT

    def start_parsing(self, on_line: Callable[[bytes], bool]) -> None:
        """Leave setup: hand every line with the marker to ``on_line`` from now on."""
        self.inbox.clear()
        self.on_line = on_line
        self.mode = Mode.PARSE

    def line(self, text: str) -> None:
        """Send one command line (telnet's end of line is CR LF, RFC 854)."""
        self.send(text.encode() + b"\r\n")

    async def expect(self, wanted: bytes, failures: tuple[bytes, ...] = ()) -> bytes:
        """Wait for a line holding ``wanted`` and return it (lines before it are dropped). A
        line holding one of ``failures``, or a closed connection, raises ``SetupFailed``."""
        while True:
            while self.inbox:
                line = self.inbox.popleft()
                if wanted in line:
                    return line
                if any(failure in line for failure in failures):
                    raise SetupFailed(f"{self.name}: {line.decode(errors='replace')}")
            if self.closed:
                raise SetupFailed(f"{self.name}: connection lost ({self.close_reason})")
            self.wakeup = asyncio.get_running_loop().create_future()
            await self.wakeup

    async def sync(self, token: str, failures: tuple[bytes, ...] = ()) -> None:
        """Send ``think <token>`` and wait until the token comes back: every command sent
        before it has then been handled (a reply holding one of ``failures`` raises). Boudoir's
        ``think`` shows the text to its writer; Evennia answers an unknown command by quoting
        it. Either way the token comes back."""
        self.line(f"think {token}")
        await self.expect(token.encode(), failures)


async def open_client(host: str, port: int, name: str, tally: Tally) -> TelnetClient:
    """Open a connection; the server's greeting lands in the inbox."""
    loop = asyncio.get_running_loop()
    client = TelnetClient(name, tally)
    try:
        await loop.create_connection(lambda: client, host, port)
    except OSError as error:
        raise SetupFailed(f"{name}: could not connect: {error}") from error
    return client
