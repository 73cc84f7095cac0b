"""Serving the web gateway: uvicorn inside Boudoir's own event loop.

Imports ``boudoir.core``, ``boudoir.gateways``, and uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
import math
import socket

import uvicorn

from boudoir.core.world import World
from boudoir.gateways.web.app import create_app
from boudoir.gateways.web.errors import LISTEN_BACKLOG, MAX_HEADER_BYTES
from boudoir.gateways.web.options import WebOptions

logger = logging.getLogger(__name__)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


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
    ) -> None:
        self._app = create_app(world, options or WebOptions())
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
            config = uvicorn.Config(
                self._app,
                http="h11",
                ws="none",  # the WebSocket endpoint arrives with the web issue
                lifespan="off",
                log_config=None,  # app.configure_logging has set logging up
                access_log=False,  # RequestLog logs requests, with their connection id
                server_header=False,
                proxy_headers=False,  # behind a proxy, trusting X-Forwarded-* is a setting
                h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                timeout_graceful_shutdown=math.ceil(self._shutdown_timeout),
            )
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
        # Plain HTTP has no sessions to tell; uvicorn finishes the requests in flight and
        # closes idle keep-alive connections.
        if self._server is not None:
            self._server.should_exit = True
