"""Benchmark WebSocket clients of ``boudoir.v1``: one asyncio ``Protocol`` per connection.

A client logs in over HTTP (``POST /api/v1/session``, docs/http-api.md) for the session
cookie, opens ``/api/v1/socket`` with it (subprotocol ``boudoir.v1``, ``Origin`` the site's own,
docs/websocket.md), waits for ``welcome``, joins its room, and then goes through the modes:

- ``SETUP``: every text message is queued; ``command`` sends one with a ``ref`` and waits for
  the reply with that ``ref``, raising ``SetupFailed`` on an ``error``.
- ``COUNT``: a listener that only counts. It walks frame headers (``complete_prefix``) and
  counts ``"type":"message"`` in the chunk with ``bytes.count``: no JSON, no copies. Anything
  but plain text frames (a ping, a close) goes through the full decoder.
- ``PARSE``: each ``message`` goes to ``on_message`` (latency probes, monitors, speakers).

Imports the standard library and ``bench``.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections import deque
from collections.abc import Callable
from typing import Any, cast

from bench.irc.clients import SetupFailed
from bench.web import frames

SUBPROTOCOL = "boudoir.v1"
SOCKET_PATH = "/api/v1/socket"
LOGIN_PATH = "/api/v1/session"
SESSION_COOKIE = "boudoir_session"

MAX_LOGIN_RESPONSE_BYTES = 65536
"""Longest login answer read: a session (account and characters) is well under 4 KiB."""

NORMAL_CLOSURE = 1000
"""RFC 6455 7.4.1: the close code the load generator sends when it is done."""


class Mode(enum.Enum):
    HANDSHAKE = "handshake"
    SETUP = "setup"
    COUNT = "count"
    PARSE = "parse"


class Tally:
    """Counters shared by every client of one load generator (one event loop, no locks)."""

    __slots__ = ("deliveries", "early_events", "echoes", "errors", "first_error", "lost")

    def __init__(self) -> None:
        self.deliveries = 0
        """``message`` events received from another member (counting and parsing clients)."""
        self.echoes = 0
        """A speaker's own messages sent back to it (docs/websocket.md: the browser always
        gets its own message back); counted apart so a delivery means the same as on IRC."""
        self.errors = 0
        """``error`` replies after setup: a say the server refused."""
        self.first_error = ""
        self.lost = 0
        """Connections that closed after setup (too slow, flooding, a protocol error)."""
        self.early_events = 0
        """Messages that came before ``welcome``, which docs/websocket.md says comes first."""


def json_style(message: bytes, wanted: bytes) -> bytes | None:
    """The separator after a key (``:`` or ``: ``) in the server's JSON, if ``message`` is of
    type ``wanted``; else None. Markers are then spelt as the server spells them."""
    for separator in (b":", b": "):
        if b'"type"' + separator + b'"' + wanted + b'"' in message:
            return separator
    return None


class WebClient(asyncio.Protocol):
    """One WebSocket connection of the load generator. See the module docstring for modes."""

    def __init__(self, name: str, tally: Tally) -> None:
        self.name = name
        self.tally = tally
        self.mode = Mode.HANDSHAKE
        self.transport: asyncio.Transport | None = None
        self.key = frames.new_key()
        self.head = b""
        self.partial = b""
        self.decoder = frames.FrameDecoder()
        self.message_marker = b"\0"
        self.error_marker = b"\0"
        self.inbox: deque[bytes] = deque()
        self.wakeup: asyncio.Future[None] | None = None
        self.closed = False
        self.close_sent = False
        self.close_reason = ""
        self.on_message: Callable[[bytes], bool] | None = None

    # --- asyncio.Protocol -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.close_reason = self.close_reason or (repr(exc) if exc else "closed by the server")
        if self.mode in (Mode.COUNT, Mode.PARSE):
            self.tally.lost += 1
        self._wake()

    def data_received(self, data: bytes) -> None:
        if self.mode is Mode.COUNT:
            self._count(data)
        elif self.mode is Mode.HANDSHAKE:
            self._handshake(data)
        else:
            self._decode(data)

    # --- sending ----------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queue raw bytes (encoded frames) on the transport; no-op once closed."""
        if self.transport is not None and not self.closed:
            self.transport.write(data)

    def send_json(self, message: dict[str, Any]) -> None:
        self.send(frames.encode_frame(frames.OPCODE_TEXT, json.dumps(message).encode()))

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        """Start the closing handshake (RFC 6455 7.1.2); the server then closes TCP."""
        if not self.close_sent:
            self.close_sent = True
            self.send(frames.encode_close(NORMAL_CLOSURE))

    # --- receiving ----------------------------------------------------------------------------

    def _handshake(self, data: bytes) -> None:
        try:
            found = frames.split_http_head(self.head + data)
            if found is None:
                self.head += data
                return
            head, rest = found
            frames.check_handshake_response(head, self.key, SUBPROTOCOL)
        except frames.HandshakeFailed as error:
            self._fail(f"handshake: {error}")
            return
        self.head = b""
        self.mode = Mode.SETUP
        self._wake()
        if rest:
            self._decode(rest)

    def _count(self, data: bytes) -> None:
        if not self.decoder.idle:
            self._decode(data)
            return
        buffer = self.partial + data if self.partial else data
        end = frames.complete_prefix(buffer)
        if end is None:
            self.partial = b""
            self._decode(buffer)
            return
        tally = self.tally
        tally.deliveries += buffer.count(self.message_marker, 0, end)
        if self.error_marker in buffer:
            self._count_errors(buffer[:end])
        self.partial = buffer[end:]

    def _count_errors(self, complete: bytes) -> None:
        found = complete.count(self.error_marker)
        if found and not self.tally.first_error:
            start = complete.find(self.error_marker)
            self.tally.first_error = f"{self.name}: {complete[start : start + 200]!r}"
        self.tally.errors += found

    def _decode(self, data: bytes) -> None:
        try:
            received = self.decoder.receive_data(data)
        except frames.ProtocolError as error:
            self._fail(f"protocol error: {error}")
            return
        for frame in received:
            opcode = frame.opcode
            if opcode == frames.OPCODE_TEXT:
                self._text(frame.payload)
            elif opcode == frames.OPCODE_PING:
                # RFC 6455 5.5.2: answer a ping with a pong carrying the same data.
                self.send(frames.encode_frame(frames.OPCODE_PONG, frame.payload))
            elif opcode == frames.OPCODE_CLOSE:
                code, reason = frames.close_code_and_reason(frame.payload)
                self.close_reason = self.close_reason or f"closed by the server: {code} {reason}"
                self.close()  # RFC 6455 5.5.1: echo the close; the server closes TCP
            elif opcode == frames.OPCODE_BINARY:
                self._fail("a binary message: boudoir.v1 sends text only")
                return
        if self.mode is Mode.COUNT and self.decoder.idle:
            self.partial = b""  # the fast path takes over from a frame boundary

    def _text(self, payload: bytes) -> None:
        mode = self.mode
        if mode is Mode.SETUP:
            self.inbox.append(payload)
            self._wake()
        elif self.message_marker in payload:
            handler = self.on_message
            if mode is Mode.COUNT or handler is None or handler(payload):
                self.tally.deliveries += 1
            else:
                self.tally.echoes += 1
        elif self.error_marker in payload:
            self._count_errors(payload)

    def _fail(self, reason: str) -> None:
        self.close_reason = reason
        self.abort()

    def _wake(self) -> None:
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)

    async def _wait(self) -> None:
        if self.closed:
            raise SetupFailed(f"{self.name}: connection lost ({self.close_reason})")
        self.wakeup = asyncio.get_running_loop().create_future()
        await self.wakeup

    # --- setup steps ----------------------------------------------------------------------------

    def start_counting(self) -> None:
        """Leave setup: drop queued messages and only count deliveries from now on."""
        self.inbox.clear()
        self.mode = Mode.COUNT

    def start_parsing(self, on_message: Callable[[bytes], bool]) -> None:
        """Leave setup: hand every ``message`` event's JSON text to ``on_message``, which
        says whether it is a delivery (True) or the client's own message echoed (False)."""
        self.inbox.clear()
        self.on_message = on_message
        self.mode = Mode.PARSE

    async def opened(self) -> None:
        """Wait for the 101 and the ``welcome`` message; learn the server's JSON spelling."""
        while self.mode is Mode.HANDSHAKE:
            await self._wait()
        while True:
            first = await self.next_message()
            separator = json_style(first, b"welcome")
            if separator is not None:
                break
            if json_style(first, b"error") is not None:
                raise SetupFailed(f"{self.name}: refused: {first[:200]!r}")
            # Not what the protocol promises; counted and reported, then passed over.
            self.tally.early_events += 1
        self.message_marker = b'"type"' + separator + b'"message"'
        self.error_marker = b'"type"' + separator + b'"error"'

    async def next_message(self) -> bytes:
        while not self.inbox:
            await self._wait()
        return self.inbox.popleft()

    async def command(self, message: dict[str, Any], ref: str) -> dict[str, Any]:
        """Send ``message`` with ``ref``; return the ``ok`` reply, skipping events on the way.

        An ``error`` reply raises ``SetupFailed`` with its code and message."""
        self.send_json({**message, "ref": ref})
        while True:
            reply = json.loads(await self.next_message())
            if not isinstance(reply, dict) or reply.get("ref") != ref:
                continue
            if reply.get("type") == "error":
                raise SetupFailed(
                    f"{self.name}: {message['type']}: {reply.get('code')}: {reply.get('message')}"
                )
            return reply

    async def join(self, room: str, *, create: bool) -> None:
        await self.command({"type": "join", "room": room, "create": create}, "join")


async def log_in(host: str, port: int, name: str, password: str, origin: str) -> str:
    """``POST /api/v1/session`` and return the ``Cookie`` header value it grants."""
    body = json.dumps({"name": name, "password": password}).encode()
    request = (
        f"POST {LOGIN_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {origin}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError as error:
        raise SetupFailed(f"{name}: could not connect to log in: {error}") from error
    try:
        writer.write(request)
        response = await reader.read(MAX_LOGIN_RESPONSE_BYTES)
        while chunk := await reader.read(MAX_LOGIN_RESPONSE_BYTES):
            response += chunk
            if len(response) > MAX_LOGIN_RESPONSE_BYTES:
                raise SetupFailed(f"{name}: a login answer over {MAX_LOGIN_RESPONSE_BYTES} bytes")
    finally:
        writer.close()
    found = frames.split_http_head(response)
    if found is None:
        raise SetupFailed(f"{name}: an incomplete login answer: {response[:200]!r}")
    head, rest = found
    status, _ = frames.parse_http_head(head)
    if status not in (200, 201):
        raise SetupFailed(f"{name}: log in: HTTP {status}: {rest[:300].decode(errors='replace')}")
    for line in head.decode("latin-1").split("\r\n")[1:]:
        header, _, value = line.partition(":")
        if header.strip().lower() == "set-cookie":
            cookie = value.strip().split(";", 1)[0]
            if cookie.startswith(SESSION_COOKIE + "="):
                return cookie
    raise SetupFailed(f"{name}: log in: HTTP {status} without a {SESSION_COOKIE} cookie")


async def connect(host: str, port: int, name: str, password: str, tally: Tally) -> WebClient:
    """Log in, open the socket with the session cookie, and wait for ``welcome``."""
    origin = f"http://{host}:{port}"
    cookie = await log_in(host, port, name, password, origin)
    return await open_socket(host, port, name, cookie, tally)


async def resume(host: str, port: int, name: str, token: str, tally: Tally) -> WebClient:
    """Open the socket with the session cookie of an earlier login (``bench.web.tokens``), as
    a browser coming back does: no password, no argon2id; wait for ``welcome``."""
    return await open_socket(host, port, name, f"{SESSION_COOKIE}={token}", tally)


async def open_socket(host: str, port: int, name: str, cookie: str, tally: Tally) -> WebClient:
    """Open the socket with ``cookie`` (a ``Cookie`` header value) and wait for ``welcome``."""
    origin = f"http://{host}:{port}"
    loop = asyncio.get_running_loop()
    client = WebClient(name, tally)
    try:
        await loop.create_connection(lambda: client, host, port)
    except OSError as error:
        raise SetupFailed(f"{name}: could not connect: {error}") from error
    client.send(
        frames.handshake_request(
            host,
            port,
            SOCKET_PATH,
            client.key,
            cookie=cookie,
            origin=origin,
            subprotocol=SUBPROTOCOL,
        )
    )
    await client.opened()
    return client
