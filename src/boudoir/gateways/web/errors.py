"""Errors of the web gateway: one table from domain errors to HTTP statuses, one JSON shape
(``{"error": {"code": ..., "message": ...}}``) for every error, and the exception handlers
that produce it.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Final

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.throttle import WINDOW_SECONDS
from boudoir.domain.errors import (
    AlreadyInRoom,
    AuthenticationFailed,
    BoudoirError,
    ConsentRefused,
    InvalidInput,
    InvitationInvalid,
    InvitationRequired,
    LimitExceeded,
    NameTaken,
    NotAllowed,
    NotAttested,
    NotFound,
    NotInRoom,
    StoreUnavailable,
    Throttled,
)
from boudoir.wire.webjson.http import BadRequest

logger = logging.getLogger(__name__)

MAX_BODY_BYTES: Final = 64 * 1024
"""Largest JSON request body read. A whole character, the biggest request, holds descriptions
of 8000 + 4000 + 4000 characters (up to 64 KiB in UTF-8 at worst, far less in practice) and
its ratings of the kink list (some 6 KiB): 64 KiB leaves room and no more. Images have their
own limit (``domain.profiles.MAX_IMAGE_BYTES``)."""

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
    InvitationRequired: 403,
    InvitationInvalid: 403,
    StoreUnavailable: 503,
}
"""Domain error class -> HTTP status. An error takes the entry of its nearest class, walking
its class hierarchy as Starlette does for exception handlers: ``TooYoung`` (an
``InvalidInput``) is 422, ``NameConfusable`` (a ``NameTaken``) is 409. Every one is the
client's (4xx) but ``StoreUnavailable``: the server's database is away (503)."""


def status_for(error: BoudoirError) -> int:
    for cls in type(error).__mro__:
        status = ERROR_STATUSES.get(cls)
        if status is not None:
            return status
    raise AssertionError("BoudoirError is in the table")  # pragma: no cover


def error_response(status: int, code: str, message: str, **extra: str) -> JSONResponse:
    """The one shape of every error: ``{"error": {"code": ..., "message": ...}}``."""
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers=extra)


class RequestRejected(BadRequest):
    """The request itself is malformed (not JSON, a field missing, too big): the web layer
    answers it before the core is asked anything."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def bad_request(message: str) -> RequestRejected:
    return RequestRejected(400, "bad_request", message)


def not_authenticated() -> RequestRejected:
    return RequestRejected(401, "not_authenticated", "Log in first.")


async def domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, BoudoirError)
    if isinstance(error, Throttled):
        # The throttle counts failures over a sliding window and says when its oldest one
        # leaves it; without that, the whole window.
        wait = WINDOW_SECONDS if error.retry_after is None else error.retry_after
        return error_response(
            429, error.code, error.message, **{"Retry-After": str(max(1, math.ceil(wait)))}
        )
    return error_response(status_for(error), error.code, error.message)


async def rejected(request: Request, error: Exception) -> Response:
    assert isinstance(error, BadRequest)
    return error_response(error.status, error.code, error.message)


_HTTP_CODES: Final = {404: "not_found", 405: "method_not_allowed"}


async def client_gone(request: Request, error: Exception) -> Response:
    # The client hung up before sending its whole body: nobody will read this answer, and
    # it is no server error.
    logger.info("client disconnected before the end of its request")
    return Response(status_code=400)


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, "http_error")
    message = "No such endpoint." if error.status_code == 404 else str(error.detail)
    return error_response(error.status_code, code, message, **(error.headers or {}))


async def internal_error(request: Request, error: Exception) -> Response:
    # Starlette re-raises after this reply, and uvicorn logs the traceback with the
    # connection id still set; the client learns nothing of the cause.
    return error_response(500, "internal_error", "Something went wrong on the server.")
