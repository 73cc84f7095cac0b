"""The telnet gateway: listeners (plain and TLS), per-address limits, the shared flush, MSSP.

One ``TelnetGateway`` per listener, shaped like the IRC one: clients are ``TelnetClient``
protocols, the gateway owns the task group their worker tasks run in, and flushes every client
with pending output once per loop turn.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from boudoir import __version__
from boudoir.core.world import World
from boudoir.domain.events import MessageKind, RoomMessageSent
from boudoir.gateways import FlushEachTurn
from boudoir.gateways.connections import AddressLimits
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.render import render_event
from boudoir.gateways.tls import Certificates
from boudoir.wire.telnet import encode_text

logger = logging.getLogger("boudoir.telnet")


async def _wait_for(task: asyncio.Task[None]) -> None:
    await task


@dataclass(frozen=True, slots=True)
class TelnetLimits:
    """Per-client and per-address limits; defaults and meanings are in the README."""

    login_timeout: float = 300.0
    """A connection that has not logged in within this time is closed (people read the
    welcome screen and type slowly; a bot that never logs in is dropped)."""
    command_burst: int = 40
    """Lines run at once: a client's auto-login and its start-up triggers send a burst."""
    command_rate: float = 4.0
    """Lines per second once the burst is spent; later lines wait their turn (type-ahead)."""
    typeahead: int = 200
    """Lines waiting their turn; past this the socket is not read until the queue drains, so
    nothing is dropped and memory stays bounded."""
    sendq: int = 262144
    max_connections_per_address: int = 10
    connect_burst: int = 10
    connect_rate: float = 1.0


class TelnetGateway:
    def __init__(
        self,
        world: World,
        *,
        host: str,
        port: int,
        server_name: str,
        welcome: str,
        limits: TelnetLimits,
        certificates: Certificates | None = None,
        shutdown_timeout_seconds: float = 10.0,
        home_room: str = "lobby",
        news: str = "",
    ) -> None:
        self.world = world
        self._host = host
        self._port = port
        self.server_name = server_name
        self.welcome = welcome
        self.news = news
        self.home_room = home_room
        self.limits = limits
        self.certificates = certificates
        self.version = __version__
        self.started = time.time()
        self.clients: set[TelnetClient] = set()
        self.logged_in = 0
        self._shutdown_timeout = shutdown_timeout_seconds
        self._addresses = AddressLimits(
            limits.max_connections_per_address, limits.connect_burst, limits.connect_rate
        )
        self._flusher = FlushEachTurn()
        self._server: asyncio.Server | None = None
        self._tasks: asyncio.TaskGroup | None = None
        self._closed = asyncio.Event()
        self._early: list[asyncio.Task[None]] = []
        self._finished = False
        self._emptied = asyncio.Event()
        self._reloaded_at = 0.0
        self.cached_event: RoomMessageSent | None = None
        self._variants: dict[tuple[int, bool, bool, int, bool, bool, bool], bytes | None] = {}

    @property
    def name(self) -> str:
        return "telnet-tls" if self.certificates is not None else "telnet"

    @property
    def address(self) -> str:
        return f"{self._host}:{self._port}"

    @property
    def tls(self) -> bool:
        return self.certificates is not None

    async def start(self) -> str:
        loop = asyncio.get_running_loop()
        context = self.certificates.context if self.certificates is not None else None
        self._server = await loop.create_server(
            lambda: TelnetClient(self), self._host, self._port, ssl=context, backlog=1024
        )
        port = self._server.sockets[0].getsockname()[1]
        scheme = "telnets" if context is not None else "telnet"
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"{scheme}://{host}:{port}"

    async def run(self) -> None:
        async with asyncio.TaskGroup() as tasks:
            self._tasks = tasks
            for task in self._early:
                tasks.create_task(_wait_for(task))
            self._early.clear()
            await self._closed.wait()
            await self._finish()
            self._tasks = None
            self._finished = True

    async def _finish(self) -> None:
        if self._server is not None:
            self._server.close()
        # Guests at the login screen are not in the world: world.end_sessions misses them.
        for client in list(self.clients):
            if client.conn is None:
                client.close("The server is shutting down.")
        if self.clients:
            self._emptied.clear()
            try:
                await asyncio.wait_for(self._emptied.wait(), self._shutdown_timeout)
            except TimeoutError:
                logger.warning("%d telnet connections did not close in time", len(self.clients))
        for client in list(self.clients):
            if client.transport is not None:
                client.transport.abort()

    def close(self, reason: str) -> None:
        if self._server is not None:
            self._server.close()
        self._closed.set()

    # --- used by clients ----------------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
        """Run a client's command in the gateway's task group; ``None`` (and the work
        dropped) once the gateway has finished."""
        if self._tasks is not None:
            return self._tasks.create_task(work)
        if self._finished:
            work.close()
            return None
        task = asyncio.get_running_loop().create_task(work)
        self._early.append(task)
        return task

    def admit(self, client: TelnetClient) -> str | None:
        """Count a new connection against its address; the reason to refuse it, if any."""
        now = asyncio.get_running_loop().time()
        if self.certificates is not None and now - self._reloaded_at >= 1.0:
            self._reloaded_at = now
            self.certificates.reload_if_changed()
        refusal = self._addresses.admit(client.address, now)
        if refusal is None:
            self.clients.add(client)
        return refusal

    def forget(self, client: TelnetClient) -> None:
        if client not in self.clients:
            return
        self.clients.discard(client)
        if not self.clients:
            self._emptied.set()
        self._addresses.release(client.address)

    def cache_event(self, event: RoomMessageSent) -> None:
        """Start rendering ``event``: its variants are rendered once each, on first need."""
        if self.cached_event is not event:
            self.cached_event = event
            self._variants.clear()

    def cached(self, client: TelnetClient) -> bytes | None:
        """The bytes of the cached event for ``client``'s variant (colours, screen reader,
        here or a channel, width, own line or another's), rendered on first need."""
        event = self.cached_event
        assert event is not None
        view = client.view
        here = event.room.id == view.location
        own = event.sender.id == view.viewer
        ascii_only = client.machine.capabilities.ascii_only
        key = (
            view.colours,
            view.screen_reader,
            here,
            client.width,
            own,
            ascii_only,
            view.show_emitter and event.kind is MessageKind.EMIT,
        )
        try:
            return self._variants[key]
        except KeyError:
            pass
        text = render_event(event, view)
        data = None if text is None else encode_text(client.wrapped(text), ascii_only=ascii_only)
        self._variants[key] = data
        return data

    def mark_dirty(self, client: TelnetClient) -> None:
        self._flusher.mark(client)

    def mssp(self) -> dict[str, str | list[str]]:
        """MSSP variables (tintin.mudhalla.net/protocols/mssp): what MUD lists show."""
        return {
            "NAME": self.server_name,
            "PLAYERS": str(len(self.world.registry.by_character)),
            "UPTIME": str(int(self.started)),
            "CODEBASE": f"Boudoir {self.version}",
            "FAMILY": "Custom",
            "GENRE": "Adult roleplay",
            "SUBGENRE": "Social",
            "GAMEPLAY": "Roleplaying",
            "STATUS": "Live",
            "MINIMUM AGE": "18",
            "ANSI": "1",
            "UTF-8": "1",
            "GMCP": "1",
            "MCCP": "0" if self.tls else "1",
            "SSL": "1" if self.tls else "0",
            "PAY TO PLAY": "0",
            "PAY FOR PERKS": "0",
        }
