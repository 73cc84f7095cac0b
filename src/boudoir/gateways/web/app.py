"""The web gateway's ASGI app: routes, exception handlers and middleware.

Imports ``boudoir.core``, ``boudoir.gateways`` and Starlette.
"""

from __future__ import annotations

import logging
import time

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from boudoir.core.world import World
from boudoir.domain.errors import (
    BoudoirError,
)
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
                "%s %s -> %s (%.0f ms)", scope["method"], scope["path"], status or "-", elapsed
            )


def create_app(world: World, options: WebOptions | None = None) -> ASGIApp:
    """The web gateway's ASGI app, over ``world``."""
    api = WebApi(world)
    app = Starlette(
        routes=[
            Route("/healthz", api.health, methods=["GET"]),
            Route("/api/v1/accounts", api.register, methods=["POST"]),
            Route("/api/v1/login", api.login, methods=["POST"]),
        ],
        exception_handlers={
            BoudoirError: domain_error,
            RequestRejected: rejected,
            ClientDisconnect: client_gone,
            HTTPException: http_error,
            Exception: internal_error,
        },
    )
    return RequestLog(app)
