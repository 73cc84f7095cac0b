"""The outbox: one connection's output on its way to the socket, and the send-queue limit
that drops a reader too slow for it.

Every gateway writes once per loop turn (``stream.FlushEachTurn``) to a sink that buffers what
the peer has not taken yet: the WebSocket's frame writer, or a queue a sender task drains (a
WebSocket on an ASGI server without ``boudoir.frames``), through an ``Outbox``; an IRC or
telnet client applies the same rule to its one sink, the transport (``TcpClient.flush``). The
kernel's own buffer is kept small (``connections.KERNEL_SEND_BUFFER``), so what waits in the
sink is the reader's whole backlog; past ``limit`` bytes the reader is too slow, and the
gateway closes it with its own words (IRC "SendQ exceeded", the web's 4008) rather than let
memory grow or wait for it.

Imports the standard library only.
"""

from __future__ import annotations

from collections import deque
from typing import Protocol


class Sink(Protocol):
    """Where an outbox writes: an ``asyncio.Transport`` has this shape."""

    def write(self, data: bytes) -> None: ...

    def get_write_buffer_size(self) -> int:
        """Bytes written and not yet taken by the peer (or the kernel)."""
        ...


class Outbox:
    """One connection's output, bounded: ``send`` writes to the sink and says whether the
    reader still keeps up with ``limit`` bytes unsent."""

    __slots__ = ("limit", "sink")

    def __init__(self, sink: Sink, limit: int) -> None:
        self.sink = sink
        self.limit = limit

    def send(self, data: bytes) -> bool:
        """Write ``data``; False when more than ``limit`` bytes now wait unsent: the caller
        drops the connection, saying why (what is written stays queued before its close)."""
        sink = self.sink
        sink.write(data)
        return sink.get_write_buffer_size() <= self.limit

    @property
    def unsent(self) -> int:
        """Bytes written and not yet taken by the peer."""
        return self.sink.get_write_buffer_size()


class SendQueue:
    """A ``Sink`` for a connection whose writes must be awaited (ASGI ``send``): messages wait
    here, counted, until its sender task takes them (``popleft``)."""

    __slots__ = ("_messages", "_size")

    def __init__(self) -> None:
        self._messages: deque[bytes] = deque()
        self._size = 0

    def write(self, data: bytes) -> None:
        self._messages.append(data)
        self._size += len(data)

    def get_write_buffer_size(self) -> int:
        return self._size

    def __bool__(self) -> bool:
        return bool(self._messages)

    def popleft(self) -> bytes:
        data = self._messages.popleft()
        self._size -= len(data)
        return data

    def clear(self) -> None:
        self._messages.clear()
        self._size = 0
