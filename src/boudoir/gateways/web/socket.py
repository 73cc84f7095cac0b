"""The WebSocket endpoint (``boudoir.v1``, see docs/websocket.md): placeholder until it is built.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.types import Receive, Scope, Send

from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.gateways.web.options import WebOptions

LoginResolver = Callable[[str], Awaitable[tuple[str, Account] | None]]
"""The session cookie's value -> (the login session's id, its account), or None when the cookie
names no live login session."""


class SocketEndpoint:
    """The ASGI app behind ``WebSocketRoute("/api/v1/socket", ...)``."""

    def __init__(self, world: World, resolve_login: LoginResolver, options: WebOptions) -> None:
        self._world = world
        self._resolve_login = resolve_login
        self._options = options

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.close", "code": 1013})

    def close_login(self, login_id: str, reason: str) -> None:
        """End every socket opened with the login session ``login_id`` (logged out)."""
