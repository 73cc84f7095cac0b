"""Browser sessions at the HTTP edge: the session cookie, the CSRF and Origin checks, and the
security headers every answer carries.

Imports ``boudoir.core``, ``boudoir.gateways.web``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import hmac
from typing import Final

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from boudoir.core.logins import SESSION_LIFETIME, LoginService
from boudoir.core.ports import LoginSession
from boudoir.gateways.web.errors import error_response, not_authenticated
from boudoir.gateways.web.options import WebOptions, host_allowed, origin_allowed
from boudoir.wire.webjson.endpoints import UNSAFE_METHODS

HOST_REFUSED: Final = (
    421,
    "host_refused",
    "This server does not answer to that name; its operator can add it to web_hosts.",
)
"""Without ``web_origin``, a request to a name the server was not told it has (RFC 9110
section 15.5.20: 421 Misdirected Request)."""

COOKIE_NAME: Final = "boudoir_session"
CSRF_HEADER: Final = "x-csrf-token"
COOKIE_MAX_AGE: Final = int(SESSION_LIFETIME.total_seconds())
"""The cookie lives as long as an unused session does; the server decides the real end."""

SECURITY_HEADERS: Final = (
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
        b"form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(self), geolocation=()"),
)
"""On every answer: the client's pages load only this site's own files and cannot be framed;
the camera and microphone are this site's own to ask for (calls and cams), never a frame's."""


class SecurityHeaders:
    """ASGI middleware: adds ``SECURITY_HEADERS`` to every HTTP answer, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *SECURITY_HEADERS]}
            await send(message)

        await self._app(scope, receive, send_with_headers)


class SessionGuard:
    """ASGI middleware in front of the HTTP routes.

    - A request to a host name this server does not answer to is refused (421
      ``host_refused``, ``options.host_allowed``).
    - A request whose ``Origin`` is not this site's is refused (403 ``origin_refused``).
    - Under ``/api/``, the session cookie is resolved into ``request.state.login`` (a
      ``LoginSession``, or None); a ``POST``, ``PUT``, ``PATCH`` or ``DELETE`` made with a session
      must carry its CSRF token in ``X-CSRF-Token`` (403 ``csrf_failed``).
    """

    def __init__(self, app: ASGIApp, logins: LoginService, options: WebOptions) -> None:
        self._app = app
        self._logins = logins
        self._options = options

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not host_allowed(self._options, headers):
            await error_response(*HOST_REFUSED)(scope, receive, send)
            return
        if not origin_allowed(self._options, scope["scheme"], headers):
            refusal = error_response(
                403, "origin_refused", "This request came from another site's page."
            )
            await refusal(scope, receive, send)
            return
        login: LoginSession | None = None
        if scope["path"].startswith("/api/"):
            token = Request(scope).cookies.get(COOKIE_NAME, "")
            login = await self._logins.resolve(token) if token else None
            if login is not None and scope["method"] in UNSAFE_METHODS:
                given = headers.get(CSRF_HEADER, "")
                if not hmac.compare_digest(given.encode(), login.csrf_token.encode()):
                    refusal = error_response(
                        403,
                        "csrf_failed",
                        "Send this session's token in the X-CSRF-Token header.",
                    )
                    await refusal(scope, receive, send)
                    return
        scope.setdefault("state", {})["login"] = login
        await self._app(scope, receive, send)


def current_login(request: Request) -> LoginSession:
    """The request's login session; 401 ``not_authenticated`` without one."""
    login: LoginSession | None = getattr(request.state, "login", None)
    if login is None:
        raise not_authenticated()
    return login


def set_session_cookie(response: Response, token: str, options: WebOptions) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=COOKIE_MAX_AGE,
        path="/",
        secure=options.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, options: WebOptions) -> None:
    response.delete_cookie(
        COOKIE_NAME, path="/", secure=options.secure_cookies, httponly=True, samesite="lax"
    )
