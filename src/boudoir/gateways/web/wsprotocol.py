"""uvicorn's wsproto WebSocket protocol, with a frame writer for the hot path.

uvicorn's ASGI ``send`` costs an await, a wsproto encoding and a ``write`` per message per
connection. Room speech is the same bytes for every browser in the room, so
``BoudoirWSProtocol`` hands the app, as the ASGI scope extension ``boudoir.frames``, a
``FrameWriter`` that writes frames encoded once (``boudoir.wire.webjson.frames``) straight to
the connection's transport. The handshake, reading, pings and the close handshake stay
uvicorn's. An app finds no extension on other ASGI servers and uses plain ``send`` there.

Imports uvicorn, wsproto and ``boudoir.wire``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Final, cast

import wsproto
from uvicorn.protocols.websockets.wsproto_impl import FrameTooLargeError, WSProtocol
from wsproto import events

from boudoir.wire.webjson import close_reason, render_error, text_frame
from boudoir.wire.webjson.frames import (
    MAX_CONTROL_PAYLOAD,
    OPCODE_CLOSE,
    OPCODE_PING,
    OPCODE_PONG,
    FrameHeader,
    read_header,
    unmask,
)

if TYPE_CHECKING:
    from uvicorn._types import WebSocketEvent


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

    def receive_with(self, receiver: Callable[[str], None]) -> None:
        """From now on, hand each text message to ``receiver`` as it arrives, in
        ``data_received``, instead of queueing it for the app's ``receive`` (which still gets
        binary messages and the disconnect). Text messages already queued go first, in
        order."""
        protocol = self._protocol
        queued: list[dict[str, object]] = []
        while not protocol.queue.empty():
            queued.append(cast(dict[str, object], protocol.queue.get_nowait()))
        rest = False
        for message in queued:
            text = message.get("text")
            if not rest and message["type"] == "websocket.receive" and isinstance(text, str):
                receiver(text)
            else:
                # A binary message or the disconnect, and whatever came after: the app's
                # ``receive`` still gets them, in order.
                rest = True
                protocol.queue.put_nowait(cast("WebSocketEvent", message))
        protocol.receiver = receiver
        if protocol.read_paused and protocol.queue.empty():
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

    receiver: Callable[[str], None] | None = None
    on_lost: Callable[[], None] | None = None
    """Called once the socket is closed (``guard`` uncounts the connection)."""
    _fast = True
    """Read whole text frames here rather than through wsproto; off for good once anything
    else arrives (a fragmented or compressed message, a protocol error)."""
    _unread = b""
    """The start of a frame not yet whole (fast path only)."""

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
                super().data_received(frame)
                if self.close_sent or self.transport.is_closing():
                    return
                continue
            try:
                text = unmask(header.mask or b"", buffer[header.payload_start : header.end])
                message = text.decode()
            except UnicodeDecodeError:
                # Not UTF-8: wsproto closes with 1007 (RFC 6455 section 8.1).
                self._leave_fast_path(frame + buffer[position:])
                return
            assert self.receiver is not None
            self.receiver(message)
            if self.close_sent:
                return
        self._unread = buffer[position:]

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
            if self.receiver is not None and text is not None:
                # No queue and no task switch: the app runs or queues it itself, and reading
                # goes on (the app's own limits stop a flood).
                self.buffer.clear()
                self.receiver(text)
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
