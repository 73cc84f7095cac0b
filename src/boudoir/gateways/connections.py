"""What the IRC and telnet listeners share about raw TCP connections: the listener itself
(``TcpListener``: binding, the task group, graceful shutdown) with the per-address limits of
``admission``, and the socket options that bound a slow reader and notice a
vanished one.

A TLS listener accepts connections itself (``sock_accept``) and counts each against its address
and the server's ceiling before its handshake starts, so that one address cannot hold hundreds
of half-made handshakes (each costs a task, buffers and TLS state) before any limit applies.
A connection from a trusted balancer is counted against the address its PROXY header names
(``gateways.proxied``): read off the socket before the handshake on a TLS listener, and by the
client before anything else on a plain one.

Imports the standard library, ``gateways.admission``, ``gateways.proxied``, ``gateways.stream``
and ``boudoir.tls``.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import logging
import socket
import sys
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, Final, Generic, Protocol, Required, TypedDict, TypeVar, Unpack, cast

from boudoir.gateways.admission import AddressLimits, ConnectionCeiling
from boudoir.gateways.proxied import TrustedProxies, read_proxy_header
from boudoir.gateways.stream import FlushEachTurn
from boudoir.tls import Certificates

logger = logging.getLogger("boudoir.gateways")

KERNEL_SEND_BUFFER: Final = 65536
"""Bytes the kernel may hold for a client's socket (it doubles this for bookkeeping): enough
for a fast reader, small enough that a stuck one is caught by the gateway's SendQ quickly."""

KEEPALIVE_IDLE: Final = 120
KEEPALIVE_INTERVAL: Final = 30
KEEPALIVE_PROBES: Final = 4
"""TCP keepalive: a silent connection is probed after 2 minutes, then every 30 s; after 4
unanswered probes (4 minutes in all) the kernel closes it."""

LISTEN_BACKLOG: Final = 1024
"""Connections the kernel queues for a listener before they are accepted."""

ACCEPT_RETRY_DELAY: Final = 1.0
"""Seconds a TLS listener stops accepting after the system ran out of descriptors or memory
(asyncio's own listeners wait as long): the queued connections wait in the backlog."""

_OUT_OF_RESOURCES: Final = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


def tune_socket(transport: asyncio.Transport) -> None:
    """Cap the kernel's send buffer, so that SendQ (which counts what waits in user space)
    bounds a slow reader's whole backlog; and turn keepalive on, so that a client that vanished
    (a phone out of coverage) goes offline with no timer per connection here."""
    sock = transport.get_extra_info("socket")
    if sock is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, KERNEL_SEND_BUFFER)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPALIVE_IDLE)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPALIVE_INTERVAL)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPALIVE_PROBES)


def peer_address(transport: asyncio.BaseTransport) -> str:
    """The client's IP address, interned: thousands of connections from one address share one
    string."""
    return _address_of(transport.get_extra_info("peername"))


def _address_of(peer: object) -> str:
    return sys.intern(str(peer[0])) if isinstance(peer, tuple) and peer else "local"


async def bind_listening_sockets(host: str, port: int) -> list[socket.socket]:
    """Non-blocking listening sockets for ``host`` and ``port`` (0: a free port), one per address
    the host name resolves to, as ``loop.create_server`` binds them: ``SO_REUSEADDR``, and IPv6
    sockets IPv6-only so that an IPv4 socket on the same port does not clash. Raises ``OSError``
    naming the address that could not be bound."""
    loop = asyncio.get_running_loop()
    found = await loop.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )
    bound: list[socket.socket] = []
    try:
        for family, kind, proto, _, address in dict.fromkeys(found):
            sock = socket.socket(family, kind, proto)
            bound.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as error:
                raise OSError(
                    error.errno,
                    f"error while attempting to bind on address {address!r}: {error.strerror}",
                ) from None
            sock.listen(LISTEN_BACKLOG)
            sock.setblocking(False)
    except BaseException:
        for sock in bound:
            sock.close()
        raise
    return bound


class ListenerClient(Protocol):
    """What a ``TcpListener`` needs of its clients."""

    address: str
    transport: asyncio.Transport | None

    @property
    def conn(self) -> object | None:
        """The core connection once logged in; None for a guest."""
        ...


C = TypeVar("C", bound=ListenerClient)


async def _wait_for(task: asyncio.Task[None]) -> None:
    await task


@dataclass(frozen=True, slots=True)
class TcpLimits:
    """What the IRC and telnet gateways bound per client and per address (``IrcLimits`` and
    ``TelnetLimits`` add their own); defaults and meanings are in the README."""

    command_burst: int = 20
    """Commands run at once; then ``command_rate`` a second (``pacing.CommandPacer``)."""
    command_rate: float = 4.0
    sendq: int = 262144
    """Bytes of unsent output past which the client is cut (``TcpClient.too_slow``)."""
    max_connections_per_address: int = 10
    connect_burst: int = 10
    """Connections one address opens at once; then ``connect_rate`` a second."""
    connect_rate: float = 1.0


class Listening(TypedDict, total=False):
    """Where a listener listens and how it ends, as every gateway is given it: its address,
    its TLS certificates (none: plain), the one connection ceiling every listener shares, the
    balancers whose connections begin with a PROXY header (none by default), the TLS
    handshake's deadline (the PROXY header's too), and how long a shutdown waits for its
    clients (10 s each)."""

    host: Required[str]
    port: Required[int]
    certificates: Certificates | None
    ceiling: ConnectionCeiling | None
    trusted_proxies: TrustedProxies | None
    tls_handshake_timeout: float
    shutdown_timeout_seconds: float


class TcpListener(Generic[C]):
    """One TCP listener (plain or TLS) and its clients, as ``app.serve`` drives a gateway:
    ``start`` binds, ``run`` owns the task group the clients' commands run in until ``close``,
    then lets connections finish within the grace period. Per-address limits, certificate
    reloads and the per-turn flush live here; each gateway adds its protocol.

    A plain listener is asyncio's server, and a client counts itself when it is made
    (``admit``). A TLS listener runs its own accept loop: each connection is counted when it is
    accepted, closed at once if refused, and otherwise handshaken in a task of the listener's
    group; the client made by the handshake takes over the counted slot, and a handshake that
    fails or times out gives it back."""

    scheme = "tcp"
    """The URL scheme of the plain listener (``irc``, ``telnet``); TLS adds an ``s``."""

    def __init__(self, *, limits: TcpLimits, **listening: Unpack[Listening]) -> None:
        self._host = listening["host"]
        self._port = listening["port"]
        self.certificates = listening.get("certificates")
        self.clients: set[C] = set()
        self.logged_in = 0
        """Clients logged in to a character (the rest are guests)."""
        self._shutdown_timeout = listening.get("shutdown_timeout_seconds", 10.0)
        self._addresses = AddressLimits(
            limits.max_connections_per_address,
            limits.connect_burst,
            limits.connect_rate,
            listening.get("ceiling"),
        )
        self.handshake_timeout = listening.get("tls_handshake_timeout", 10.0)
        """Seconds a TLS client has to complete its handshake before it is cut, and a trusted
        balancer to send its PROXY header."""
        self.trusted_proxies = listening.get("trusted_proxies") or TrustedProxies()
        self.flusher = FlushEachTurn()
        """Flushes the clients with output once per loop turn."""
        self._server: asyncio.Server | None = None
        self._listening: list[socket.socket] = []
        """A TLS listener's sockets (a plain one's belong to ``_server``)."""
        self._accepting: list[asyncio.Task[None]] = []
        self._handshakes: set[asyncio.Task[None]] = set()
        self._counted: dict[C, str] = {}
        """Clients whose TLS handshake is under way, each with the address its slot was
        counted against when it was accepted."""
        self._tasks: asyncio.TaskGroup | None = None
        self._closed = asyncio.Event()
        self._early: list[asyncio.Task[None]] = []
        self._finished = False
        self._emptied = asyncio.Event()
        self._reloaded_at = 0.0

    # --- for subclasses ------------------------------------------------------------------------

    def new_client(self) -> asyncio.Protocol:
        """The protocol object of a new connection."""
        raise NotImplementedError

    def close_guest(self, client: C) -> None:
        """Tell a client that never logged in that the server is stopping, and close it
        (``world.end_sessions`` reaches only those in the world)."""
        raise NotImplementedError

    # --- the Gateway shape ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        return f"{self.scheme}-tls" if self.certificates is not None else self.scheme

    @property
    def address_limits(self) -> AddressLimits:
        """This listener's connections per address (a cluster counts them on every node)."""
        return self._addresses

    @property
    def address(self) -> str:
        return f"{self._host}:{self._port}"

    @property
    def tls(self) -> bool:
        return self.certificates is not None

    async def start(self) -> str:
        if self.certificates is not None:
            self._listening = await bind_listening_sockets(self._host, self._port)
            port = self._listening[0].getsockname()[1]
        else:
            loop = asyncio.get_running_loop()
            self._server = await loop.create_server(
                self.new_client, self._host, self._port, backlog=LISTEN_BACKLOG
            )
            port = self._server.sockets[0].getsockname()[1]
        scheme = f"{self.scheme}s" if self.certificates is not None else self.scheme
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"{scheme}://{host}:{port}"

    async def run(self) -> None:
        async with asyncio.TaskGroup() as tasks:
            self._tasks = tasks
            for task in self._early:
                tasks.create_task(_wait_for(task))
            self._early.clear()
            if not self._closed.is_set():
                self._accepting = [
                    tasks.create_task(self._accept_forever(sock), name=f"{self.name} accept")
                    for sock in self._listening
                ]
            await self._closed.wait()
            await self._finish()
            self._tasks = None
            self._finished = True

    async def _finish(self) -> None:
        if self._server is not None:
            self._server.close()
        await self._stop_accepting()
        for client in list(self.clients):
            if client.conn is None:
                self.close_guest(client)
        if self.clients:
            self._emptied.clear()
            try:
                await asyncio.wait_for(self._emptied.wait(), self._shutdown_timeout)
            except TimeoutError:
                logger.warning(
                    "%d %s connections did not close in time", len(self.clients), self.name
                )
        for client in list(self.clients):
            if client.transport is not None:
                client.transport.abort()

    def close(self, reason: str) -> None:
        if self._server is not None:
            self._server.close()
        for task in self._accepting:
            task.cancel()
        self._closed.set()

    # --- TLS: counted at accept, then the handshake --------------------------------------------

    async def _accept_forever(self, listening: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                sock, peer = await loop.sock_accept(listening)
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                continue  # the client gave up while it was queued
            except OSError as error:
                # Out of descriptors or memory (or worse): the queued connections wait in the
                # backlog meanwhile, as asyncio's own listeners do.
                logger.log(
                    logging.WARNING if error.errno in _OUT_OF_RESOURCES else logging.ERROR,
                    "%s cannot accept connections: %s; trying again in %.0f s",
                    self.name,
                    error.strerror or error,
                    ACCEPT_RETRY_DELAY,
                )
                await asyncio.sleep(ACCEPT_RETRY_DELAY)
                continue
            address = _address_of(peer)
            if address in self.trusted_proxies:
                # Counted once its PROXY header names the client (``_handshake``).
                self._start_handshake(sock, address, counted=False)
                continue
            if not self._counted_before_tls(address):
                sock.close()
                continue
            self._start_handshake(sock, address, counted=True)

    def _counted_before_tls(self, address: str) -> bool:
        refusal = self.count_address(address)
        if refusal is not None:
            # Nothing can be said before a handshake, and the handshake is what a flood
            # would make the server pay for: the connection is closed unanswered.
            logger.debug("%s refused %s before TLS: %s", self.name, address, refusal)
        return refusal is None

    def _start_handshake(self, sock: socket.socket, peer: str, *, counted: bool) -> None:
        assert self._tasks is not None
        made: list[C] = []
        slot = [peer] if counted else []
        task = self._tasks.create_task(self._handshake(sock, peer, slot, made))
        self._handshakes.add(task)
        # A callback rather than ``finally``: it runs even for a task cancelled before it began.
        task.add_done_callback(functools.partial(self._handshake_ended, sock, slot, made))

    async def _handshake(
        self, sock: socket.socket, peer: str, slot: list[str], made: list[C]
    ) -> None:
        """Make a client of ``sock``, whose slot is counted against the address in ``slot``
        (empty for a trusted balancer's connection: counted once its PROXY header, read here
        before the handshake, names the client): the client takes the slot over when its
        connection is made (``admit``)."""
        assert self.certificates is not None
        if not slot:
            named = await read_proxy_header(sock, peer, self.name, self.handshake_timeout)
            if named is None or not self._counted_before_tls(named):
                return
            slot.append(named)
        address = slot[0]

        def counted_client() -> asyncio.Protocol:
            protocol = self.new_client()
            client = cast(C, protocol)
            self._counted[client] = address
            made.append(client)
            return protocol

        try:
            transport, _ = await asyncio.get_running_loop().connect_accepted_socket(
                counted_client,
                sock,
                ssl=self.certificates.context,
                ssl_handshake_timeout=self.handshake_timeout,
            )
        except OSError as error:  # ssl.SSLError, ConnectionError and TimeoutError among them
            logger.debug("%s TLS handshake with %s failed: %s", self.name, address, error)
            return
        except Exception:  # logged here: raised, it would end the listener's task group
            logger.exception("%s TLS handshake with %s failed", self.name, address)
            return
        if made and made[0] in self._counted:
            # The handshake ended without making a connection (the peer left as it finished):
            # nothing will use this transport.
            transport.abort()

    def _handshake_ended(
        self, sock: socket.socket, slot: list[str], made: list[C], task: asyncio.Task[None]
    ) -> None:
        """Release the slot of a handshake that made no client: it failed, timed out, or was
        cancelled at shutdown. A client that was made releases its own when it closes."""
        self._handshakes.discard(task)
        if not made:
            sock.close()  # no transport took the socket over
            if slot:
                self._addresses.release(slot[0])
        elif self._counted.pop(made[0], None) is not None:
            self._addresses.release(slot[0])

    async def _stop_accepting(self) -> None:
        """Stop the accept loops, close their sockets, and end the handshakes under way (their
        clients would connect to a listener that is going away)."""
        for task in self._accepting:
            task.cancel()
        if self._accepting:
            await asyncio.wait(self._accepting)
        for sock in self._listening:
            sock.close()
        handshakes = list(self._handshakes)
        for task in handshakes:
            task.cancel()
        if handshakes:
            await asyncio.wait(handshakes)

    # --- used by clients -----------------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
        """Run a client's command in the listener's task group; ``None`` (and the work
        dropped) once the listener has finished."""
        if self._tasks is not None:
            return self._tasks.create_task(work)
        if self._finished:
            work.close()
            return None
        # Accepted between start() and run(): run() adopts the task into its group.
        task = asyncio.get_running_loop().create_task(work)
        self._early.append(task)
        return task

    def awaits_proxy_header(self, address: str) -> bool:
        """Must a client connected from ``address`` begin with a PROXY header? (A TLS
        listener has read it before the handshake.)"""
        return self.certificates is None and address in self.trusted_proxies

    def count_address(self, address: str) -> str | None:
        """Count a new connection against its address and the server's ceiling; the reason to
        refuse it, if any."""
        now = asyncio.get_running_loop().time()
        if self.certificates is not None and now - self._reloaded_at >= 1.0:
            self._reloaded_at = now
            self.certificates.reload_if_changed()
        return self._addresses.admit(address, now)

    def admit(self, client: C) -> str | None:
        """Count a new connection against its address; the reason to refuse it, if any. A
        client made by a TLS handshake takes over the slot counted when it was accepted."""
        counted = self._counted.pop(client, None)
        if counted is not None:
            client.address = counted  # what ``forget`` releases: the address that was counted
            self.clients.add(client)
            return None
        refusal = self.count_address(client.address)
        if refusal is None:
            self.clients.add(client)
        return refusal

    def forget(self, client: C) -> None:
        if client not in self.clients:
            return
        self.clients.discard(client)
        if not self.clients:
            self._emptied.set()
        self._addresses.release(client.address)
