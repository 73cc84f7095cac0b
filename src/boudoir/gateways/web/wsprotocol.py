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
from typing import Final, cast

import wsproto
from uvicorn.protocols.websockets.wsproto_impl import FrameTooLargeError, WSProtocol
from wsproto import events

from boudoir.wire.webjson import close_reason, render_error, text_frame

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

    @property
    def buffered(self) -> int:
        """Bytes written and not yet taken by the kernel."""
        return self._protocol.transport.get_write_buffer_size()

    def close(self, code: int, reason: str = "") -> None:
        """Start the close handshake with ``code``. The app's ``receive`` then returns a
        ``websocket.disconnect``; the socket is cut if the peer has not answered within
        uvicorn's close timeout (a reader that stopped reading never answers)."""
        self._protocol.close_with(code, reason)


class BoudoirWSProtocol(WSProtocol):
    """``WSProtocol`` that offers a ``FrameWriter`` and tells the client why a message was too
    large before closing with 1009."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError, AttributeError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, KERNEL_SEND_BUFFER)
        super().connection_made(transport)

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
            self.queue.put_nowait(self.buffer.to_message())
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
