"""The IRC gateway: listeners (plain and TLS), per-address limits, the shared flush.

One ``IrcGateway`` per listener. Clients are ``IrcClient`` protocols; the gateway owns the
task group their worker tasks run in, and flushes every client with pending output once per
loop turn.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass
from typing import Any, Final

from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain import consent
from boudoir.domain.entities import PresenceVisibility
from boudoir.gateways import FlushEachTurn
from boudoir.gateways.connections import AddressLimits
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.render import Renderer
from boudoir.gateways.tls import Certificates

logger = logging.getLogger("boudoir.irc")

CAPABILITIES: Final[Mapping[str, str | None]] = {
    "account-notify": None,
    "account-tag": None,
    "away-notify": None,
    "batch": None,
    "cap-notify": None,
    "chghost": None,
    "draft/account-registration": "before-connect,custom-account-name",
    "draft/chathistory": None,
    "echo-message": None,
    "extended-join": None,
    "invite-notify": None,
    "labeled-response": None,
    "message-tags": None,
    "multi-prefix": None,
    "sasl": "PLAIN",
    "server-time": None,
    "setname": None,
    "standard-replies": None,
    "userhost-in-names": None,
}
"""What we offer in CAP LS (IRCv3 capability negotiation), each one implemented."""

MAX_WHOWAS: Final = 1000
"""Departures remembered for WHOWAS; the oldest is forgotten first."""


async def _wait_for(task: asyncio.Task[None]) -> None:
    await task


@dataclass(frozen=True, slots=True)
class IrcLimits:
    """Per-client and per-address limits; defaults and meanings are in the README."""

    registration_timeout: float = 30.0
    command_burst: int = 20
    command_rate: float = 4.0
    sendq: int = 262144
    max_connections_per_address: int = 10
    connect_burst: int = 10
    connect_rate: float = 1.0


@dataclass(frozen=True, slots=True)
class Departure:
    """A character that went offline, for WHOWAS, with who its owner was then (so that the
    consent module decides who may still see it)."""

    name: str
    realname: str
    at: float
    person: consent.Person


class IrcGateway:
    def __init__(
        self,
        world: World,
        *,
        host: str,
        port: int,
        server_name: str,
        motd: str,
        limits: IrcLimits,
        certificates: Certificates | None = None,
        shutdown_timeout_seconds: float = 10.0,
        network: str = "Boudoir",
        version: str = "boudoir",
    ) -> None:
        self.world = world
        self._host = host
        self._port = port
        self.server_name = server_name
        self.motd = motd
        self.limits = limits
        self.certificates = certificates
        self.network = network
        self.version = version
        self.capabilities = CAPABILITIES
        self.renderer = Renderer()
        self.clients: set[IrcClient] = set()
        self.logged_in = 0
        """Clients logged in to a character (the rest are guests)."""
        self.whowas: deque[Departure] = deque(maxlen=MAX_WHOWAS)
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

    @property
    def name(self) -> str:
        return "irc-tls" if self.certificates is not None else "irc"

    @property
    def address(self) -> str:
        return f"{self._host}:{self._port}"

    async def start(self) -> str:
        loop = asyncio.get_running_loop()
        context = self.certificates.context if self.certificates is not None else None
        self._server = await loop.create_server(
            lambda: IrcClient(self),
            self._host,
            self._port,
            ssl=context,
            backlog=1024,
        )
        port = self._server.sockets[0].getsockname()[1]
        scheme = "ircs" if context is not None else "irc"
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
        # Guests are not in the world, so world.end_sessions does not reach them.
        for client in list(self.clients):
            if client.conn is None:
                client.machine.close("Server shutting down")
                client.flush()
                if client.transport is not None:
                    client.transport.close()
        if self.clients:
            self._emptied.clear()
            try:
                await asyncio.wait_for(self._emptied.wait(), self._shutdown_timeout)
            except TimeoutError:
                logger.warning("%d IRC connections did not close in time", len(self.clients))
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
        # Accepted between start() and run(): run() adopts the task into its group.
        task = asyncio.get_running_loop().create_task(work)
        self._early.append(task)
        return task

    def admit(self, client: IrcClient) -> str | None:
        """Count a new connection against its address; the reason to refuse it, if any."""
        now = asyncio.get_running_loop().time()
        if self.certificates is not None and now - self._reloaded_at >= 1.0:
            self._reloaded_at = now
            self.certificates.reload_if_changed()
        refusal = self._addresses.admit(client.address, now)
        if refusal is None:
            self.clients.add(client)
        return refusal

    def forget(self, client: IrcClient) -> None:
        if client not in self.clients:
            return
        self.clients.discard(client)
        if not self.clients:
            self._emptied.set()
        self._addresses.release(client.address)

    def remember_departure(self, conn: Connection) -> None:
        """WHOWAS remembers characters going offline, for a while, only those whose presence
        everyone may see (friends-only presence depends on lists of an offline account)."""
        if conn.account.presence_visibility is not PresenceVisibility.EVERYONE:
            return
        if len(self.world.registry.character_connections(conn.character.id)) > 1:
            return
        character = conn.character
        loop = asyncio.get_running_loop()
        departure = Departure(character.name, character.short_description, loop.time(), conn.person)
        self.whowas.append(departure)

    def may_see_departure(self, viewer: Connection, departure: Departure) -> bool:
        ties = consent.Ties(
            blocked=self.world.registry.blocks(viewer.account.id, departure.person.account_id)
        )
        return consent.see_presence(viewer.person, departure.person, ties)

    def mark_dirty(self, client: IrcClient) -> None:
        self._flusher.mark(client)
