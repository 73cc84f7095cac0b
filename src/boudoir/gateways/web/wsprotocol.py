"""uvicorn's wsproto WebSocket protocol, with a frame writer for the hot path.

uvicorn's ASGI ``send`` costs an await, a wsproto encoding and a ``write`` per message per
connection. Room speech is the same bytes for every browser in the room, so
``BoudoirWSProtocol`` hands the app, as the ASGI scope extension ``boudoir.frames``, a
``FrameWriter`` that writes frames encoded once (``boudoir.wire.webjson.frames``) straight to
the connection's transport. An app finds no extension on other ASGI servers and uses plain
``send`` there.

Once the app has logged the browser in, it detaches the connection (``FrameWriter.detach``):
the protocol hands each message to the session as it arrives and the ASGI task ends. A
detached socket keeps little: whole text frames, pings and pongs are read here; wsproto's frame
machine is made only for a close or an unusual frame (fragmented, binary, not UTF-8); the
handshake's machine, scope, queue and most of uvicorn's attributes are dropped. The handshake,
the keepalive timers and the close handshake stay uvicorn's.

Imports uvicorn, wsproto and ``boudoir.wire``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Protocol, cast

import wsproto
from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.wsproto_impl import FrameTooLargeError, WSProtocol
from wsproto import ConnectionType, events
from wsproto.connection import Connection, ConnectionState

from boudoir.wire.webjson import close_reason, render_error, text_frame
from boudoir.wire.webjson.frames import (
    MAX_CONTROL_PAYLOAD,
    OPCODE_CLOSE,
    OPCODE_PING,
    OPCODE_PONG,
    FrameHeader,
    control_frame,
    read_header,
    unmask,
)

if TYPE_CHECKING:
    from uvicorn._types import WebSocketScope


def _is_control(header: FrameHeader) -> bool:
    """A ping, pong or close frame as a client must send it (RFC 6455 sections 5.3, 5.5)."""
    return (
        header.fin
        and header.rsv == 0
        and header.opcode in (OPCODE_PING, OPCODE_PONG, OPCODE_CLOSE)
        and header.mask is not None
        and header.length <= MAX_CONTROL_PAYLOAD
    )


FRAMES_EXTENSION: Final = "boudoir.frames"
"""The ASGI scope extension (``scope["extensions"]``) holding the connection's ``FrameWriter``."""

KERNEL_SEND_BUFFER: Final = 65536
"""Bytes the kernel may hold for a browser's socket: enough for a fast reader, small enough
that a stuck one shows in the transport's buffer, which the outbox limit checks (as IRC)."""

TOO_LARGE: Final = "A message is at most 32 KiB."


def _idle(conn: wsproto.WSConnection) -> bool:
    """Whether ``conn`` is open with nothing half-read: a fresh frame machine can replace it."""
    frames = conn.connection
    if frames is None or conn.state is not ConnectionState.OPEN:
        return False
    try:  # wsproto 1.x's private parts: no frame or message begun, no byte unread
        decoder = frames._proto._frame_decoder
        return (
            decoder.header is None
            and not decoder.buffer.buffer
            and frames._proto._message_decoder.opcode is None
        )
    except AttributeError:  # another wsproto: keep the machine
        return False


class Receiver(Protocol):
    """What a detached connection hands its input to (``browser.WebSession``)."""

    def receive_now(self, text: str) -> None:
        """A text message, as it arrives."""

    def receive_binary(self) -> None:
        """A binary message (the protocol has none)."""

    def lost(self) -> None:
        """The socket has closed."""


class _Discard(asyncio.Queue[Any]):
    """The queue of every detached connection: nothing reads it, so nothing is kept."""

    def put_nowait(self, item: Any) -> None:
        pass


class _AlwaysWritable(asyncio.Event):
    """The ``writable`` event of every detached connection: nothing awaits it (frames are
    written straight to the transport, and the outbox limit watches its buffer)."""

    def clear(self) -> None:
        pass


_DISCARD: Final = _Discard()
_ALWAYS_WRITABLE: Final = _AlwaysWritable()
_ALWAYS_WRITABLE.set()
_NO_SCOPE: Final = cast("WebSocketScope", {})


_UVICORN_LOGGER: Final = logging.getLogger("uvicorn.error")
_HANDSHAKE_ONLY: Final = frozenset(
    {
        "app", "app_state", "asgi_version", "client", "default_headers", "queue", "root_path",
        "scheme", "scope", "server", "writable",
    }
)  # fmt: skip
"""What uvicorn's ``WSProtocol`` reads only during the handshake or through the ASGI app."""


def _is_default(name: str, value: object) -> bool:
    """Whether ``value`` is what ``BoudoirWSProtocol`` itself holds for ``name``."""
    default = getattr(BoudoirWSProtocol, name, _is_default)
    return default is value or (type(default) is type(value) and default == value)


class FrameWriter:
    """Writes ready-made frames to one WebSocket connection."""

    __slots__ = ("_protocol",)

    def __init__(self, protocol: BoudoirWSProtocol) -> None:
        self._protocol = protocol

    @property
    def open(self) -> bool:
        """True while frames can be written: handshake done, no close sent, socket open."""
        protocol = self._protocol
        return (
            protocol.handshake_complete
            and not protocol.close_sent
            and not protocol.transport.is_closing()
        )

    def write(self, data: bytes) -> None:
        """Write ``data`` (whole frames) now; dropped when the connection is no longer open."""
        protocol = self._protocol
        if protocol.handshake_complete and not protocol.close_sent:
            transport = protocol.transport
            if not transport.is_closing():
                transport.write(data)

    def get_write_buffer_size(self) -> int:
        """Bytes written and not yet taken by the kernel (an ``outbox.Sink``, as a transport)."""
        return self._protocol.transport.get_write_buffer_size()

    def detach(self, receiver: Receiver) -> None:
        """From now on the connection is ``receiver``'s alone: each text message goes to
        ``receiver.receive_now`` as it arrives, in ``data_received``, a binary one to
        ``receive_binary``, and the socket's end to ``lost``; the app's ASGI task may return
        without closing the socket. Messages already queued go first, in order. What only
        the handshake and the ASGI task needed is let go, so an idle socket holds little."""
        protocol = self._protocol
        queued: list[dict[str, object]] = []
        while not protocol.queue.empty():
            queued.append(cast(dict[str, object], protocol.queue.get_nowait()))
        protocol.receiver = receiver
        protocol.let_go()
        for message in queued:
            if message["type"] != "websocket.receive" or protocol.close_sent:
                break  # the disconnect: ``lost`` follows, now or when the socket closes
            text = message.get("text")
            if isinstance(text, str):
                receiver.receive_now(text)
            else:
                receiver.receive_binary()
        if protocol.disconnected:
            protocol.receiver = None
            receiver.lost()
        elif protocol.read_paused and not protocol.close_sent:
            protocol.read_paused = False
            protocol.transport.resume_reading()

    def close(self, code: int, reason: str = "") -> None:
        """Start the close handshake with ``code``. The app's ``receive`` then returns a
        ``websocket.disconnect``; the socket is cut if the peer has not answered within
        uvicorn's close timeout (a reader that stopped reading never answers)."""
        self._protocol.close_with(code, reason)


class BoudoirWSProtocol(WSProtocol):
    """``WSProtocol`` that offers a ``FrameWriter``, hands text messages straight to the app's
    receiver once it has one, and tells the client why a message was too large before
    closing with 1009."""

    receiver: Receiver | None = None
    """Set by ``FrameWriter.detach``: the session the connection now belongs to."""
    on_lost: Callable[[], None] | None = None
    """Called once the socket is closed (``guard`` uncounts the connection)."""
    _conn: wsproto.WSConnection | Connection | None = None
    detached = False
    # What a detached socket reads from the class (``let_go``): uvicorn's own starting
    # values, and shared stand-ins for what only the handshake and the ASGI app used.
    queue = _DISCARD
    writable = _ALWAYS_WRITABLE
    scope = _NO_SCOPE
    server = None
    client = None
    logger = _UVICORN_LOGGER
    handshake_complete = False
    close_sent = False
    disconnected = False
    response_started = False
    read_paused = False
    close_timer = None
    close_timeout = 10.0
    ping_timer = None
    pong_timer = None
    pending_ping_payload = None
    ping_sent_at = 0.0
    last_ping_rtt = 0.0
    _unread = b""
    """True once ``FrameWriter.detach`` gave the connection to a session, for good."""
    _fast = True
    """Read whole text frames here rather than through wsproto; off for good once anything
    else arrives (a fragmented or compressed message, a protocol error)."""
    """``_unread``: the start of a frame not yet whole (fast path only)."""

    def data_received(self, data: bytes) -> None:
        # Once the app has a receiver, a whole, masked text frame (all a browser sends) is
        # read here: wsproto reads frames in pure Python, several times slower, which counts
        # for every message a room hears. Control frames go to wsproto whole, one at a time,
        # so its state is never mid-frame; anything else goes to it from then on.
        if self.receiver is None or not self._fast or self.close_sent:
            if self._unread:
                data, self._unread = self._unread + data, b""
            super().data_received(data)
            return
        buffer = self._unread + data if self._unread else data
        position = 0
        while (header := read_header(buffer, position)) is not None:
            whole_text = header.is_plain_text and header.length <= self.config.ws_max_size
            control_frame = _is_control(header)
            if not (whole_text or control_frame):
                self._leave_fast_path(buffer[position:])
                return
            if header.end > len(buffer):
                break  # the rest of this frame is still on its way
            frame, position = buffer[position : header.end], header.end
            if control_frame:
                if header.opcode == OPCODE_CLOSE:
                    super().data_received(frame)
                    if self.close_sent or self.transport.is_closing():
                        return
                else:
                    # Pings and pongs are answered here: wsproto's frame machine is made only
                    # for a close or an unusual frame, and most sockets never need one.
                    self._ping_or_pong(header, buffer[header.payload_start : header.end])
                continue
            try:
                text = unmask(header.mask or b"", buffer[header.payload_start : header.end])
                message = text.decode()
            except UnicodeDecodeError:
                # Not UTF-8: wsproto closes with 1007 (RFC 6455 section 8.1).
                self._leave_fast_path(frame + buffer[position:])
                return
            assert self.receiver is not None
            self.receiver.receive_now(message)
            if self.close_sent:
                return
        self._unread = buffer[position:]

    def _ping_or_pong(self, header: FrameHeader, masked: bytes) -> None:
        payload = unmask(header.mask or b"", masked)
        if header.opcode == OPCODE_PING:
            # RFC 6455 section 5.5.3: a pong with the ping's payload.
            self.transport.write(control_frame(OPCODE_PONG, payload))
        elif payload == self.pending_ping_payload:
            self.handle_pong(events.Pong(payload))

    def send_keepalive_ping(self) -> None:
        # uvicorn's, with the ping frame written here rather than by wsproto.
        self.ping_timer = None
        if self.close_sent or self.transport.is_closing():
            return
        self.pending_ping_payload = struct.pack("!I", random.getrandbits(32))
        self.ping_sent_at = self.loop.time()
        self.transport.write(control_frame(OPCODE_PING, self.pending_ping_payload))
        if self.ping_timeout is not None:
            self.pong_timer = self.loop.call_later(self.ping_timeout, self.keepalive_timeout)
        else:
            self.schedule_ping()

    @property
    def ping_interval(self) -> float | None:
        return self.config.ws_ping_interval

    @ping_interval.setter
    def ping_interval(self, value: float | None) -> None:
        pass  # uvicorn sets it from the config, which the property reads

    @property
    def ping_timeout(self) -> float | None:
        return self.config.ws_ping_timeout

    @ping_timeout.setter
    def ping_timeout(self, value: float | None) -> None:
        pass

    @property
    def conn(self) -> wsproto.WSConnection:
        """wsproto's machine: the handshake's until the connection is detached, then one for
        the frames alone, made when a close or an unusual frame needs it."""
        conn = self._conn
        if conn is None:
            conn = self._conn = Connection(ConnectionType.SERVER)
        return cast(wsproto.WSConnection, conn)

    @conn.setter
    def conn(self, value: wsproto.WSConnection) -> None:
        self._conn = value

    def _leave_fast_path(self, rest: bytes) -> None:
        self._fast = False
        self._unread = b""
        super().data_received(rest)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError, AttributeError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, KERNEL_SEND_BUFFER)
        super().connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if self.on_lost is not None:
            on_lost, self.on_lost = self.on_lost, None
            on_lost()
        if self.receiver is not None:
            receiver, self.receiver = self.receiver, None
            receiver.lost()

    def let_go(self) -> None:
        """Drop what only the handshake and the ASGI app needed: on ten thousand idle
        sockets, each one's HTTP handshake machine, scope, queue and events cost more than
        the rest of the connection. Nothing reads the queue once the connection is
        detached; what uvicorn still puts there is dropped."""
        conn = self._conn
        if isinstance(conn, wsproto.WSConnection) and _idle(conn):
            # Made again when needed (``conn``): a close, or a frame the fast path leaves to
            # wsproto; pings and pongs are answered without it.
            self._conn = None
        # The instance's attributes rebuilt without what only the handshake and the ASGI app
        # read, nor any that holds its class's value: uvicorn sets about 35, a table of 1.5 KiB
        # per socket; a detached socket keeps about 15.
        kept = {
            name: value
            for name, value in vars(self).items()
            if name not in _HANDSHAKE_ONLY and not _is_default(name, value)
        }
        kept["detached"] = True
        self.__dict__ = kept

    async def run_asgi(self) -> None:
        # uvicorn's, except that a detached connection stays open when the app returns.
        try:
            result = await self.app(self.scope, self.receive, self.send)  # type: ignore[func-returns-value]
        except ClientDisconnected:
            pass
        except BaseException:
            self.logger.exception("Exception in ASGI application\n")
            self.send_500_response()
        else:
            if not self.handshake_complete:
                self.logger.error("ASGI callable returned without completing handshake.")
                self.send_500_response()
            elif result is not None:
                self.logger.error("ASGI callable should return None, but returned '%s'.", result)
        if self.close_timer is None and not self.detached:
            self.transport.close()

    def handle_connect(self, event: events.Request) -> None:
        super().handle_connect(event)
        # The app's task is created but has not run yet: it sees the extension.
        extensions = cast(dict[str, object], self.scope.get("extensions"))
        extensions[FRAMES_EXTENSION] = FrameWriter(self)

    def handle_message(self, event: events.TextMessage | events.BytesMessage) -> None:
        # uvicorn's, but the client is told ``too_large`` (docs/websocket.md) before 1009.
        try:
            self.buffer.extend(event)
        except FrameTooLargeError:
            self.buffer.clear()
            self.transport.write(text_frame(render_error(None, "too_large", TOO_LARGE)))
            self.close_with(1009, TOO_LARGE)
            return
        if event.message_finished:
            message = self.buffer.to_message()
            text = message.get("text")
            if self.receiver is not None:
                # No queue and no task switch: the app runs or queues it itself, and reading
                # goes on (the app's own limits stop a flood).
                self.buffer.clear()
                if text is not None:
                    self.receiver.receive_now(text)
                else:
                    self.receiver.receive_binary()
                return
            self.queue.put_nowait(message)
            self.buffer.clear()
            if not self.read_paused:
                self.read_paused = True
                self.transport.pause_reading()

    def close_with(self, code: int, reason: str) -> None:
        """Send a close frame (as the ASGI ``websocket.close`` does), without an await."""
        if self.close_sent or self.disconnected or not self.handshake_complete:
            return
        self.close_sent = True
        self.queue.put_nowait({"type": "websocket.disconnect", "code": code, "reason": reason})
        if self.transport.is_closing():
            return
        reason = close_reason(reason)
        self.transport.write(self.conn.send(wsproto.events.CloseConnection(code, reason)))
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(self.close_timeout, self.transport.abort)
