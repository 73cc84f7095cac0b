"""Serving the web gateway: uvicorn inside Boudoir's own event loop.

Imports ``boudoir.core``, ``boudoir.gateways``, and uvicorn.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import socket

import uvicorn
from starlette.types import ASGIApp

from boudoir.core.world import World
from boudoir.gateways.web.app import create_app, login_resolver
from boudoir.gateways.web.errors import LISTEN_BACKLOG, MAX_HEADER_BYTES
from boudoir.gateways.web.guard import GuardedH11Protocol, WebAdmission
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.socket import MAX_MESSAGE_BYTES, SocketEndpoint
from boudoir.gateways.web.wsprotocol import BoudoirWSProtocol

logger = logging.getLogger(__name__)

WS_PING_INTERVAL = 30.0
WS_PING_TIMEOUT = 30.0
"""Seconds: a WebSocket is pinged every 30 s and closed (1011) when a pong takes 30 s more, so
a browser that vanished (a laptop lid shut) goes offline within a minute; idle proxies, which
often cut connections silent for 60 s, see traffic."""


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def uvicorn_config(
    app: ASGIApp, graceful_shutdown_seconds: int, admission: WebAdmission | None = None
) -> uvicorn.Config:
    """uvicorn's settings for the web gateway: h11 for HTTP, admitted by ``admission`` (default:
    the default limits, no ceiling), ``BoudoirWSProtocol`` for the WebSocket endpoint."""
    admission = admission or WebAdmission(32, 10.0)
    return uvicorn.Config(
        app,
        # uvicorn calls this with (config=, server_state=, app_state=), as it would the class.
        http=functools.partial(GuardedH11Protocol, admission=admission),  # type: ignore[arg-type]
        ws=BoudoirWSProtocol,  # uvicorn's wsproto, plus the shared-frame writer
        ws_max_size=MAX_MESSAGE_BYTES,  # larger messages close with 1009
        ws_per_message_deflate=False,  # one encoded frame serves every recipient
        ws_ping_interval=WS_PING_INTERVAL,
        ws_ping_timeout=WS_PING_TIMEOUT,
        lifespan="off",
        log_config=None,  # app.configure_logging has set logging up
        access_log=False,  # RequestLog logs requests, with their connection id
        server_header=False,
        # X-Forwarded-For names the client only on a trusted balancer's connections
        # (``trusted_proxies``); uvicorn's middleware takes the nearest address not trusted.
        proxy_headers=bool(admission.proxies),
        forwarded_allow_ips=admission.proxies.as_strings(),
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_graceful_shutdown=graceful_shutdown_seconds,
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=LISTEN_BACKLOG)


class WebGateway:
    """Implements ``boudoir.gateways.Gateway``: the HTTP listener.

    uvicorn's ``Server`` runs inside Boudoir's loop through its ``startup``, ``main_loop`` and
    ``shutdown`` steps, not ``serve()``, which would install its own SIGINT and SIGTERM handlers:
    ``app.serve`` owns the signals.
    """

    name = "web"

    def __init__(
        self,
        world: World,
        *,
        host: str,
        port: int,
        shutdown_timeout_seconds: float,
        options: WebOptions | None = None,
        admission: WebAdmission | None = None,
    ) -> None:
        options = options or WebOptions()
        self._admission = admission
        self._sockets = SocketEndpoint(world, login_resolver(world), options)
        self._app = create_app(world, options, socket=self._sockets)
        self._host = host
        self._port = port
        self._shutdown_timeout = shutdown_timeout_seconds
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None

    @property
    def address(self) -> str:
        return f"[{self._host}]:{self._port}" if ":" in self._host else f"{self._host}:{self._port}"

    async def start(self) -> str:
        listener = bind(self._host, self._port)
        try:
            config = uvicorn_config(self._app, math.ceil(self._shutdown_timeout), self._admission)
            config.load()
            server = uvicorn.Server(config)
            server.lifespan = config.lifespan_class(config)
            await server.startup(sockets=[listener])
        except BaseException:
            listener.close()
            raise
        self._socket, self._server = listener, server
        host, port = listener.getsockname()[:2]
        return _url(host, port)

    async def run(self) -> None:
        server, listener = self._server, self._socket
        if server is None or listener is None:
            raise RuntimeError("WebGateway.run() before start()")
        try:
            await server.main_loop()
        except asyncio.CancelledError:
            # Cut, not drained: the task group is failing or the operator insisted.
            server.force_exit = True
            for running in server.servers:
                running.close()
            listener.close()
            raise
        await server.shutdown(sockets=[listener])

    def close(self, reason: str) -> None:
        # Browsers are told ``reason`` when the world ends their sessions, and reconnect
        # later: a server going away is not a session ended. uvicorn finishes the HTTP
        # requests in flight and closes idle keep-alive connections.
        self._sockets.going_away()
        if self._server is not None:
            self._server.should_exit = True
