"""The web gateway: a Starlette app, served by uvicorn inside Boudoir's own event loop.

For now it holds the HTTP API's first endpoints (health, registration, login); the browser
client, its WebSocket and session cookies come with the web issue. Requests are JSON, decoded
here into typed requests before the core sees them; every domain error becomes a JSON error
whose HTTP status comes from one table, ``ERROR_STATUSES``.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.gateways``, Starlette and uvicorn.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import re
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.domain.errors import (
    AlreadyInRoom,
    AuthenticationFailed,
    BoudoirError,
    ConsentRefused,
    InvalidInput,
    LimitExceeded,
    NameTaken,
    NotAllowed,
    NotAttested,
    NotFound,
    NotInRoom,
    Throttled,
)
from boudoir.gateways import connection_id, new_connection_id

logger = logging.getLogger(__name__)

MAX_BODY_BYTES: Final = 16 * 1024
"""Largest request body read. Registration, the biggest request, holds a name, a password of at
most 1024 characters (up to 4 KiB in UTF-8) and a date: 16 KiB leaves room and no more."""

MAX_HEADER_BYTES: Final = 16 * 1024
"""Largest request head (request line and headers) h11 buffers before answering 431."""

LISTEN_BACKLOG: Final = 512
"""Pending connections the kernel queues: enough for a burst of test clients or reconnects."""

ERROR_STATUSES: Final[Mapping[type[BoudoirError], int]] = {
    BoudoirError: 400,
    InvalidInput: 422,
    NameTaken: 409,
    NotFound: 404,
    AuthenticationFailed: 401,
    Throttled: 429,
    NotAllowed: 403,
    NotAttested: 403,
    ConsentRefused: 403,
    NotInRoom: 409,
    AlreadyInRoom: 409,
    LimitExceeded: 422,
}
"""Domain error class -> HTTP status. An error takes the entry of its nearest class, walking
its class hierarchy as Starlette does for exception handlers: ``TooYoung`` (an
``InvalidInput``) is 422, ``NameConfusable`` (a ``NameTaken``) is 409."""


def status_for(error: BoudoirError) -> int:
    for cls in type(error).__mro__:
        status = ERROR_STATUSES.get(cls)
        if status is not None:
            return status
    raise AssertionError("BoudoirError is in the table")  # pragma: no cover


def error_response(status: int, code: str, message: str, **extra: str) -> JSONResponse:
    """The one shape of every error: ``{"error": {"code": ..., "message": ...}}``."""
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers=extra)


class RequestRejected(Exception):
    """The request itself is malformed (not JSON, a field missing, too big): the web layer
    answers it before the core is asked anything."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _bad_request(message: str) -> RequestRejected:
    return RequestRejected(400, "bad_request", message)


_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- Requests, decoded at the edge --------------------------------------------------------


class _Fields:
    """Typed access to a JSON object's fields, with one clear message per mistake."""

    def __init__(self, body: Mapping[str, object], allowed: frozenset[str]) -> None:
        unknown = sorted(set(body) - allowed)
        if unknown:
            # Refused rather than ignored: a misspelt "atest" must not pass silently.
            raise _bad_request(f"Unknown field {unknown[0]!r}.")
        self._body = body

    def string(self, name: str) -> str:
        value = self._body.get(name)
        if value is None:
            raise _bad_request(f"The field {name!r} is required.")
        if not isinstance(value, str):
            raise _bad_request(f"The field {name!r} must be a string.")
        return value

    def date(self, name: str) -> dt.date:
        text = self.string(name)
        problem = _bad_request(f"The field {name!r} must be a date as YYYY-MM-DD.")
        # fromisoformat alone would also take 19900517 and week dates such as 1990-W20-4.
        if not _DATE.fullmatch(text):
            raise problem
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise problem from None

    def boolean(self, name: str, default: bool) -> bool:
        value = self._body.get(name, default)
        if not isinstance(value, bool):
            raise _bad_request(f"The field {name!r} must be true or false.")
        return value


@dataclass(frozen=True, slots=True)
class RegisterRequest:
    name: str
    password: str
    born: dt.date
    attest: bool
    """The person affirms ``entities.ATTESTATION_STATEMENT``; false unless sent as true."""

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> RegisterRequest:
        fields = _Fields(body, frozenset({"name", "password", "born", "attest"}))
        return cls(
            name=fields.string("name"),
            password=fields.string("password"),
            born=fields.date("born"),
            attest=fields.boolean("attest", default=False),
        )


@dataclass(frozen=True, slots=True)
class LoginRequest:
    name: str
    password: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> LoginRequest:
        fields = _Fields(body, frozenset({"name", "password"}))
        return cls(name=fields.string("name"), password=fields.string("password"))


async def read_json_object(request: Request) -> Mapping[str, object]:
    """The request's body as a JSON object, read up to ``MAX_BODY_BYTES``.

    Only ``application/json`` is accepted: a browser cannot send that cross-site without a
    CORS preflight, which this server never grants, so forms on other sites cannot post here.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise RequestRejected(
            415, "unsupported_media_type", "Send the request body as application/json."
        )
    too_large = RequestRejected(
        413, "body_too_large", f"The request body is over {MAX_BODY_BYTES} bytes."
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    try:
        value = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        raise _bad_request("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise _bad_request("The request body must be a JSON object.")
    return value


def _account_json(account: Account) -> dict[str, object]:
    return {"name": account.name, "attested": account.attested}


# --- The app ------------------------------------------------------------------------------


class WebApi:
    """The HTTP endpoints, over one ``World``."""

    def __init__(self, world: World) -> None:
        self._world = world

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def register(self, request: Request) -> Response:
        wanted = RegisterRequest.from_json(await read_json_object(request))
        account = await self._world.accounts.register(
            wanted.name, wanted.password, wanted.born, attest=wanted.attest
        )
        return JSONResponse(_account_json(account), 201)

    async def login(self, request: Request) -> Response:
        wanted = LoginRequest.from_json(await read_json_object(request))
        address = request.client.host if request.client is not None else ""
        account = await self._world.accounts.authenticate(
            wanted.name, wanted.password, address=address
        )
        return JSONResponse(_account_json(account))


async def _domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, BoudoirError)
    return error_response(status_for(error), error.code, error.message)


async def _rejected(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestRejected)
    return error_response(error.status, error.code, error.message)


_HTTP_CODES: Final = {404: "not_found", 405: "method_not_allowed"}


async def _client_gone(request: Request, error: Exception) -> Response:
    # The client hung up before sending its whole body: nobody will read this answer, and
    # it is no server error.
    logger.info("client disconnected before the end of its request")
    return Response(status_code=400)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, "http_error")
    message = "No such endpoint." if error.status_code == 404 else str(error.detail)
    return error_response(error.status_code, code, message, **(error.headers or {}))


async def _internal_error(request: Request, error: Exception) -> Response:
    # Starlette re-raises after this reply, and uvicorn logs the traceback with the
    # connection id still set; the client learns nothing of the cause.
    return error_response(500, "internal_error", "Something went wrong on the server.")


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


def create_app(world: World) -> ASGIApp:
    """The web gateway's ASGI app, over ``world``."""
    api = WebApi(world)
    app = Starlette(
        routes=[
            Route("/healthz", api.health, methods=["GET"]),
            Route("/api/v1/accounts", api.register, methods=["POST"]),
            Route("/api/v1/login", api.login, methods=["POST"]),
        ],
        exception_handlers={
            BoudoirError: _domain_error,
            RequestRejected: _rejected,
            ClientDisconnect: _client_gone,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
    return RequestLog(app)


# --- Serving ------------------------------------------------------------------------------


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
        self, world: World, *, host: str, port: int, shutdown_timeout_seconds: float
    ) -> None:
        self._app = create_app(world)
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
