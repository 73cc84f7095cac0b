"""A real uvicorn (the web gateway's own settings) on 127.0.0.1 serving only the WebSocket
endpoint, over an in-memory world, in the test's loop; and browsers as the ``websockets``
client library, each keeping every message the server sent it.

Log-in sessions are a dict (cookie value -> account), so these tests need nothing from the HTTP
API.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import uvicorn
import websockets
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from websockets.asyncio.client import ClientConnection

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import Account, Role
from boudoir.gateways.irc import IrcGateway, IrcLimits
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.server import uvicorn_config
from boudoir.gateways.web.socket import SocketEndpoint
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING

PASSWORD = "correct-horse-battery"
"""The IRC suite's password, so that an IRC client of that suite can log in as these people."""
BORN = dt.date(1990, 1, 1)
WAIT = 10.0
"""Seconds to wait for a message before failing; only a failing test waits this long."""
PATH = "/api/v1/socket"


@dataclass
class Browser:
    """One WebSocket client, logged in as ``name``."""

    name: str
    socket: ClientConnection
    received: list[dict[str, Any]] = field(default_factory=list)
    _refs: int = 0

    async def send(self, command: str, /, **fields: object) -> str:
        """Send a command with a fresh ``ref``; return the ref."""
        self._refs += 1
        ref = str(self._refs)
        await self.socket.send(json.dumps({"type": command, "ref": ref, **fields}))
        return ref

    async def expect(self, kind: str, /, **fields: object) -> dict[str, Any]:
        """The next message of type ``kind`` whose fields include ``fields`` (skipping
        others, which stay in ``received``)."""
        async with asyncio.timeout(WAIT):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                self.received.append(message)
                if message["type"] == kind and all(message.get(k) == v for k, v in fields.items()):
                    return message

    async def expect_any(self, *kinds: str) -> dict[str, Any]:
        """The next message whose type is one of ``kinds``."""
        async with asyncio.timeout(WAIT):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                self.received.append(message)
                if message["type"] in kinds:
                    return message

    async def call(self, command: str, /, **fields: object) -> dict[str, Any]:
        """Send a command and return its reply (``ok`` or ``error``)."""
        ref = await self.send(command, **fields)
        async with asyncio.timeout(WAIT):
            while True:
                message: dict[str, Any] = json.loads(await self.socket.recv())
                self.received.append(message)
                if message.get("ref") == ref and message["type"] in ("ok", "error"):
                    return message

    async def closed_with(self, within: float = WAIT) -> int | None:
        """Read until the server closes; the close code it sent."""
        async with asyncio.timeout(within):
            with contextlib.suppress(websockets.ConnectionClosed):
                while True:
                    self.received.append(json.loads(await self.socket.recv()))
        return self.socket.close_code


@dataclass
class Site:
    world: World
    endpoint: SocketEndpoint
    port: int
    logins: dict[str, tuple[str, Account]]
    cleanups: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """Run (in order) when the site closes, before the server stops."""

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{PATH}"

    async def person(self, name: str, **settings: Any) -> str:
        """Register ``name`` (attested, a first character of the same name); the cookie value
        of a login session for it."""
        account = await self.world.accounts.register(name, PASSWORD, BORN, attest=True)
        if settings:
            account = await self.world.accounts.update_settings(account.id, **settings)
        token = f"token-{name}"
        self.logins[token] = (f"login-{name}", account)
        return token

    async def browser(
        self,
        name: str,
        *,
        origin: str | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Browser:
        """A logged-in browser for ``name`` (registered first if needed) that has read its
        ``welcome``."""
        browser = await self.open_socket(name, origin=origin, headers=headers, **options)
        await browser.expect("welcome")
        return browser

    async def open_socket(
        self,
        name: str,
        *,
        origin: str | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Browser:
        """A socket opened with ``name``'s login cookie (registered first if needed), before
        anything is read from it."""
        token = f"token-{name}"
        if token not in self.logins:
            token = await self.person(name)
        connection = await websockets.connect(
            self.url,
            subprotocols=[websockets.Subprotocol("boudoir.v1")],
            additional_headers={"Cookie": f"boudoir_session={token}", **(headers or {})},
            origin=websockets.Origin(origin) if origin else None,
            **options,
        )
        return Browser(name, connection)


@contextlib.asynccontextmanager
async def serve_site(options: WebOptions | None = None) -> AsyncIterator[Site]:
    """The endpoint on a free port of 127.0.0.1 until the block ends."""
    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    logins: dict[str, tuple[str, Account]] = {}

    async def resolve(token: str) -> tuple[str, Account] | None:
        return logins.get(token)

    endpoint = SocketEndpoint(world, resolve, options or WebOptions())
    app = Starlette(routes=[WebSocketRoute(PATH, endpoint)])
    listener = socket.create_server(("127.0.0.1", 0))
    config = uvicorn_config(app, 1)
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    await server.startup(sockets=[listener])
    running = asyncio.create_task(server.main_loop())
    try:
        site = Site(world, endpoint, listener.getsockname()[1], logins)
        yield site
    finally:
        for cleanup in site.cleanups:
            await cleanup()
        server.should_exit = True
        await running
        await server.shutdown(sockets=[listener])
        listener.close()


@dataclass
class Both:
    """The WebSocket site and an IRC gateway (``irc_port``) over the same world."""

    site: Site
    irc_port: int
    irc: IrcGateway | None = None

    async def staff(self, name: str, role: Role) -> None:
        """Register ``name`` (browser password) with a server role."""
        await self.site.person(name)
        account = await self.site.world.accounts.find(name)
        account = await self.site.world.accounts.set_role(account.id, role)
        token = f"token-{name}"
        self.site.logins[token] = (self.site.logins[token][0], account)


@contextlib.asynccontextmanager
async def serve_site_and_irc() -> AsyncIterator[Both]:
    """``serve_site`` plus a plain IRC listener on a free port, until the block ends."""
    async with serve_site() as site:
        gateway = IrcGateway(
            site.world,
            host="127.0.0.1",
            port=0,
            server_name="boudoir.local",
            motd="welcome",
            limits=IrcLimits(),
            shutdown_timeout_seconds=1,
        )
        port = urlsplit(await gateway.start()).port
        assert port is not None
        running = asyncio.create_task(gateway.run())
        try:
            yield Both(site, port, gateway)
        finally:
            gateway.close("test over")
            await running
