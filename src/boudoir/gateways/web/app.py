"""The web gateway's ASGI app: routes, exception handlers and middleware.

Imports ``boudoir.core``, ``boudoir.gateways`` and Starlette.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.domain.errors import BoudoirError
from boudoir.domain.logtext import log_safe
from boudoir.gateways import connection_id, new_connection_id
from boudoir.gateways.web.api import WebApi
from boudoir.gateways.web.errors import (
    RequestRejected,
    client_gone,
    domain_error,
    http_error,
    internal_error,
    rejected,
)
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.sessions import SecurityHeaders, SessionGuard
from boudoir.gateways.web.socket import LoginResolver, SocketEndpoint
from boudoir.gateways.web.static import DEFAULT_WEB_ROOT, StaticSite
from boudoir.wire.webjson.http import BadRequest

logger = logging.getLogger(__name__)


class RequestLog:
    """ASGI middleware: gives each HTTP request a connection id for every log line it causes,
    and logs one line when it is answered. No address, no query string: logs keep no more
    about people than the store does."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        connection_id.set(new_connection_id("web"))
        started = time.perf_counter()
        status = 0

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._app(scope, receive, send_noting_status)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            logger.info(
                "%s %s -> %s (%.0f ms)",
                scope["method"],
                log_safe(scope["path"]),  # decoded: %0a would be a line break
                status or "-",
                elapsed,
            )


def login_resolver(world: World) -> LoginResolver:
    """The socket's way from a session cookie to a login session and its account."""

    async def resolve_login(token: str) -> tuple[str, Account] | None:
        login = await world.logins.resolve(token)
        if login is None:
            return None
        account = await world.store.accounts.get(login.account_id)
        return None if account is None else (login.id, account)

    return resolve_login


def create_app(
    world: World,
    options: WebOptions | None = None,
    *,
    web_root: Path = DEFAULT_WEB_ROOT,
    socket: SocketEndpoint | None = None,
) -> ASGIApp:
    """The web gateway's ASGI app, over ``world``: the HTTP API, the WebSocket endpoint
    (``socket``, by default a new one) and the browser client's files from ``web_root`` (by
    default the package's own)."""
    options = options or WebOptions()
    if socket is None:
        socket = SocketEndpoint(world, login_resolver(world), options)
    api = WebApi(world, options, socket.close_login)
    site = StaticSite(web_root)
    app = Starlette(
        routes=[
            *api.routes(),
            WebSocketRoute("/api/v1/socket", socket),
            Route("/", site.index, methods=["GET"]),
            Route("/static/{path:path}", site.file, methods=["GET"]),
        ],
        exception_handlers={
            BoudoirError: domain_error,
            RequestRejected: rejected,
            BadRequest: rejected,
            ClientDisconnect: client_gone,
            HTTPException: http_error,
            Exception: internal_error,
        },
    )
    return RequestLog(SecurityHeaders(SessionGuard(app, world.logins, options)))
