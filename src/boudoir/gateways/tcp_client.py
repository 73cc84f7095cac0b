"""One client of a ``TcpListener`` (IRC, telnet): the ``asyncio.Protocol`` around a sans-I/O
wire machine, on the connection glue every gateway shares (``stream.StreamClient``). Here:
admission when the connection is made, input fed to the machine, output written once per
loop turn within its SendQ, cutting a client off with a last line that says why, and the core's
connection once logged in (counted by the listener).

Imports the standard library, ``boudoir.core`` and ``boudoir.gateways``.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, Protocol, TypeVar, cast

from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.gateways import connection_id as current_connection_id
from boudoir.gateways.connections import TcpLimits, peer_address, tune_socket
from boudoir.gateways.pacing import CommandPacer
from boudoir.gateways.proxied import client_address, header_timed_out
from boudoir.gateways.stream import FlushEachTurn, StreamClient
from boudoir.wire.proxy import ProxyHeaderReader

Item = TypeVar("Item")


class WireMachine(Protocol):
    """The part of a sans-I/O connection (``IrcConnection``, ``TelnetConnection``) used here."""

    def receive_data(self, data: bytes) -> None: ...

    def receive_eof(self) -> None: ...

    def data_to_send(self) -> bytes: ...

    def close_expected(self) -> bool: ...


class ClientListener(Protocol):
    """What a client needs of its ``TcpListener``: the world it logs in to, the count of
    clients logged in (kept as they log in and out, so LUSERS and WHO cost nothing), and
    whether a connection must begin with a PROXY header, sent within how long."""

    world: World
    logged_in: int
    handshake_timeout: float

    @property
    def name(self) -> str: ...

    def awaits_proxy_header(self, address: str) -> bool: ...


class TcpClient(StreamClient[Item], asyncio.Protocol):
    """The server side of one TCP connection. A gateway's client supplies its ``machine``,
    ``admit`` (count it with the listener), ``connected`` (greet it, start its timers),
    ``take_events`` (the machine's new events to the queue) and ``last_words`` (the bytes that
    say why it is refused or cut), besides what ``StreamClient`` asks for."""

    __slots__ = ("_conn", "address", "proxy_header", "proxy_timer", "quit_reason", "sendq")

    machine: WireMachine
    server: ClientListener
    too_slow: ClassVar[str] = "SendQ exceeded"
    """The reason a reader too slow for its send queue is cut with."""
    close_when_expected: ClassVar[bool] = False
    """Close the connection once the machine expects it (it answered QUIT or an end of file)
    and the commands queued before that have run."""

    def __init__(self, flusher: FlushEachTurn, limits: TcpLimits, typeahead: int) -> None:
        super().__init__(
            flusher, CommandPacer(limits.command_burst, limits.command_rate), typeahead
        )
        self.sendq = limits.sendq
        """Bytes the transport may hold unsent (the kernel's buffer is kept small,
        ``connections.KERNEL_SEND_BUFFER``): past it the reader is cut (``too_slow``)."""
        self.address = ""
        self.quit_reason = ""
        self._conn: Connection | None = None
        self.proxy_header: ProxyHeaderReader | None = None
        """Reads a trusted balancer's PROXY header until it names the client; None after."""
        self.proxy_timer: asyncio.TimerHandle | None = None

    # --- the core's connection ------------------------------------------------------------------

    @property
    def conn(self) -> Connection | None:
        """The core's connection once logged in; ``None`` for a guest (or at a login screen)."""
        return self._conn

    @conn.setter
    def conn(self, conn: Connection | None) -> None:
        self.server.logged_in += (conn is not None) - (self._conn is not None)
        self._conn = conn
        self.logged_in_changed()

    def logged_in_changed(self) -> None:
        """``conn`` was set (logged in, switched, logged out)."""

    def log_out(self) -> bool:
        """The connection is closing: leave the core (those who see this character are told
        it went, with the quit reason). False for a guest, who had nothing to leave."""
        conn = self._conn
        if conn is None:
            return False
        self.conn = None
        self.server.world.disconnect(conn, self.quit_reason or "Connection closed")
        return True

    # --- for subclasses -------------------------------------------------------------------------

    def admit(self) -> str | None:
        """Count this connection with the listener; the reason to refuse it, if any."""
        raise NotImplementedError

    def connected(self) -> None:
        """The connection is made and admitted."""

    def take_events(self) -> None:
        """Take the machine's new events after input (``StreamClient.input_arrived``)."""
        raise NotImplementedError

    def last_words(self, reason: str, *, refused: bool) -> bytes:
        """What the client is told before it is refused (``refused``) or cut for ``reason``."""
        raise NotImplementedError

    # --- asyncio.Protocol -----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        transport = cast(asyncio.Transport, transport)
        self.transport = transport
        tune_socket(transport)
        self.address = peer_address(transport)
        if self.server.awaits_proxy_header(self.address):
            # A trusted balancer: admitted once its PROXY header names the client.
            self.proxy_header = ProxyHeaderReader()
            self.proxy_timer = asyncio.get_running_loop().call_later(
                self.server.handshake_timeout, self._proxy_header_timed_out
            )
            return
        self._begin()

    def _begin(self) -> None:
        """Admit the connection from ``address``, and greet it, or refuse it."""
        transport = self.transport
        assert transport is not None
        refusal = self.admit()
        if refusal is not None:
            self.closing = True
            transport.write(self.last_words(refusal, refused=True))
            transport.close()
            return
        self.connected()

    def _read_proxy_header(self, reader: ProxyHeaderReader, data: bytes) -> bytes | None:
        """Feed ``data`` to the PROXY header; once it is whole, admit the client it names and
        return what followed it (None while it is incomplete, or once the connection is
        closed for a bad header)."""
        if data:
            reader.receive_data(data)
        else:
            reader.receive_eof()
        if not reader.done:
            return None
        self.proxy_header = None
        if self.proxy_timer is not None:
            self.proxy_timer.cancel()
            self.proxy_timer = None
        named = client_address(reader, self.address, self.server.name)
        if named is None:
            self._close_unadmitted()
            return None
        self.address = named
        self._begin()
        return None if self.closing else reader.trailing_data()

    def _proxy_header_timed_out(self) -> None:
        self.proxy_timer = None
        transport = self.transport
        if self.proxy_header is not None and transport is not None and not transport.is_closing():
            self.proxy_header = None
            header_timed_out(self.server.name, self.address, self.server.handshake_timeout)
            self._close_unadmitted()

    def _close_unadmitted(self) -> None:
        self.closing = True
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        if self.closing:
            return
        reader = self.proxy_header
        if reader is not None:
            rest = self._read_proxy_header(reader, data)
            if not rest:
                return
            data = rest
        token = current_connection_id.set(self.connection_id)
        try:
            self.machine.receive_data(data)
            self.take_events()
        except Exception:
            self.logger.exception("error handling input")
            self.abort(self.internal_error)
        finally:
            current_connection_id.reset(token)

    def eof_received(self) -> bool | None:
        if self.proxy_header is not None:
            self._read_proxy_header(self.proxy_header, b"")
            return None
        self.machine.receive_eof()
        self.take_events()
        return None

    def pause_writing(self) -> None:
        # The kernel's send buffer is full; the SendQ check in flush() bounds what piles up.
        pass

    # --- output ---------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write what the machine has for the socket; drop a reader too slow for its SendQ."""
        self.dirty = False
        transport = self.transport
        if transport is None:
            return
        data = self.machine.data_to_send()
        if data and not transport.is_closing():
            # The outbox's rule (``gateways.outbox``) on the transport itself, the one sink a
            # TCP client has: this runs for every client with output, every loop turn.
            transport.write(data)
            if transport.get_write_buffer_size() > self.sendq:
                self.abort(self.too_slow)
                return
        if (
            self.close_when_expected
            and self.worker is None
            and not self.queue
            and self.machine.close_expected()
            and not transport.is_closing()
        ):
            self.closing = True
            transport.close()

    def abort(self, reason: str) -> None:
        """Close now with ``reason`` (told to the client and, as a quit reason, to others)."""
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        self.closing = True
        self.quit_reason = reason
        transport.write(self.last_words(reason, refused=False))
        transport.abort()
