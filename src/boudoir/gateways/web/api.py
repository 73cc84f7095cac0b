"""The HTTP JSON API (docs/http-api.md), over one ``World``.

``wire.webjson.endpoints.ENDPOINTS`` declares every endpoint. One declared with an intent is
answered by ``WebApi.answer``: the login session, the body read into the intent, the one core
handler run as the login's account, the reply's fields as the answer. The others are methods
here: the service's own, signing up and logging in (not intents), and the downloads.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from boudoir.core.account_sync import PASSWORD_CHANGED
from boudoir.core.commands import Context, run
from boudoir.core.images import reencode
from boudoir.core.ports import LoginSession
from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.domain.intents import ExportAccount, Intent, ReadLog
from boudoir.domain.profiles import MAX_IMAGE_BYTES
from boudoir.domain.replies import (
    AccountErased,
    AccountExported,
    LogRead,
    PasswordChanged,
    Reply,
    SessionEnded,
)
from boudoir.gateways.web.decoding import read_json_object, read_limited
from boudoir.gateways.web.errors import RequestRejected
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.sessions import (
    clear_session_cookie,
    current_login,
    set_session_cookie,
)
from boudoir.wire.webjson.answers import (
    Download,
    export_download,
    log_download,
    log_format,
    pending_json,
    session_json,
)
from boudoir.wire.webjson.endpoints import ENDPOINTS, IMAGE_UPLOADS, Call, Endpoint
from boudoir.wire.webjson.http import LoginRequest, RegisterRequest
from boudoir.wire.webjson.openapi import openapi_document
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.replies.account import character_json
from boudoir.wire.webjson.replies.profiles import kinks_json
from boudoir.wire.webjson.user_agents import describe_client

LOGGED_OUT = "You logged out."
LOGGED_OUT_ELSEWHERE = "This browser was logged out from another one."
ERASED = "Your account was erased."

LoginCloser = Callable[[str, str], None]
"""Ends every socket opened with a login session: ``(login_id, reason)``."""
Handler = Callable[[Request], Awaitable[Response]]


def _no_content() -> Response:
    return Response(status_code=204)


def _download(download: Download) -> Response:
    return Response(download.body, media_type=download.media_type, headers=download.headers)


class WebApi:
    """The HTTP endpoints, over one ``World``. ``close_login`` ends the sockets of a login
    session that is over (logged out, revoked, account erased)."""

    def __init__(self, world: World, options: WebOptions, close_login: LoginCloser) -> None:
        self._world = world
        self._options = options
        self._close_login = close_login
        self._openapi = openapi_document(options.server_name)

    def routes(self) -> list[Route]:
        """A route per path of ``ENDPOINTS``, so that a wrong method answers 405 with every
        allowed method."""
        by_path: dict[str, dict[str, Handler]] = {}
        for endpoint in ENDPOINTS:
            handler: Handler = (
                getattr(self, endpoint.handler)
                if endpoint.intent is None
                else functools.partial(self.answer, endpoint)
            )
            by_path.setdefault(endpoint.path, {})[endpoint.method] = handler
        return [_route(path, handlers) for path, handlers in by_path.items()]

    async def answer(self, endpoint: Endpoint, request: Request) -> Response:
        """Run the ``endpoint``'s intent as the request's account: the reply's fields with
        the endpoint's status, or 204 when the reply has no body. Asks for a login first
        (401 before any 400)."""
        assert endpoint.intent is not None
        login = current_login(request)
        body = {} if endpoint.body is None else await read_json_object(request)
        intent = endpoint.intent(Call(request.path_params, request.query_params, body))
        reply = await self._ask(request, login, intent)
        shape = None if reply is None else fields(reply)
        response = _no_content() if shape is None else JSONResponse(shape, endpoint.status)
        self._settle(reply, response)
        return response

    def _settle(self, reply: Reply | None, response: Response) -> None:
        """What an answer does beyond its body: the sockets of log-in sessions that ended
        close, and this browser's cookie is cleared when its own session ended."""
        match reply:
            case SessionEnded(login_id, current):
                self._close_login(login_id, LOGGED_OUT if current else LOGGED_OUT_ELSEWHERE)
                if current:
                    clear_session_cookie(response, self._options)
            case PasswordChanged(ended):  # sockets still opening
                for login_id in ended:
                    self._close_login(login_id, PASSWORD_CHANGED)
            case AccountErased(logins):
                for login_id in logins:
                    self._close_login(login_id, ERASED)
                clear_session_cookie(response, self._options)

    async def _ask(self, request: Request, login: LoginSession, intent: Intent) -> Reply | None:
        """Run ``intent`` as the request's account, with its login session and address."""
        context = Context.of_account(
            self._world, login.account_id, login.id, client_address(request)
        )
        return await run(context, intent)

    async def _log_in(self, request: Request, account: Account, status: int) -> Response:
        client = describe_client(request.headers.get("user-agent", ""))
        token, login = await self._world.logins.start(account.id, client)
        characters = await self._world.characters.of_account(account.id)
        response = JSONResponse(session_json(account, characters, login.csrf_token), status)
        set_session_cookie(response, token, self._options)
        return response

    # --- the endpoints without an intent ----------------------------------------------------

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(self._openapi)

    async def signup(self, request: Request) -> Response:
        # ``arrival``: the room a new account is brought to first, where the others arrive too
        # (the server's default room; telnet users arrive there on connecting).
        return JSONResponse(
            {
                "mode": self._world.accounts.signup_mode.value,
                "arrival": self._world.places.default_room,
            }
        )

    async def register(self, request: Request) -> Response:
        wanted = RegisterRequest.from_json(await read_json_object(request))
        account = await self._world.accounts.register(
            wanted.name,
            wanted.password,
            wanted.born,
            attest=wanted.attest,
            address=client_address(request),
            invitation=wanted.invitation,
        )
        if account.awaiting_approval:
            # Made, but no session: it logs in once an operator approves it.
            return JSONResponse(pending_json(account.name), 202)
        return await self._log_in(request, account, 201)

    async def login(self, request: Request) -> Response:
        wanted = LoginRequest.from_json(await read_json_object(request))
        account = await self._world.accounts.authenticate(
            wanted.name, wanted.password, address=client_address(request)
        )
        return await self._log_in(request, account, 200)

    async def session(self, request: Request) -> Response:
        login = current_login(request)
        account = await self._world.accounts.get(login.account_id)
        characters = await self._world.characters.of_account(account.id)
        return JSONResponse(session_json(account, characters, login.csrf_token))

    async def logout(self, request: Request) -> Response:
        login = current_login(request)
        await self._world.logins.end(login.account_id, login.id)
        self._close_login(login.id, LOGGED_OUT)
        response = _no_content()
        clear_session_cookie(response, self._options)
        return response

    async def export(self, request: Request) -> Response:
        exported = await self._ask(request, current_login(request), ExportAccount())
        assert isinstance(exported, AccountExported)
        return _download(export_download(exported))

    async def log(self, request: Request) -> Response:
        """``?format=json`` or ``?format=text`` make it a download (Content-Disposition)."""
        login = current_login(request)
        wanted = log_format(request.query_params.get("format"))
        read = await self._ask(request, login, ReadLog(request.path_params["id"]))
        assert isinstance(read, LogRead)
        return _download(log_download(read, wanted))

    # --- profiles: the kink list and images ------------------------------------------------

    async def kinks(self, request: Request) -> Response:
        """No session needed: the list is the same for everyone."""
        return JSONResponse(kinks_json(self._world.characters.kink_list))

    async def profile_image(self, request: Request) -> Response:
        login = current_login(request)
        viewer = await self._world.accounts.get(login.account_id)
        profile = await self._world.profile(viewer, request.path_params["name"])
        content_type, data = await self._world.profiles.image(profile)
        # Private: a visibility may change, and what one viewer may see another may not.
        return Response(
            data, media_type=content_type, headers={"Cache-Control": "private, no-cache"}
        )

    async def put_character_image(self, request: Request) -> Response:
        login = current_login(request)
        if not self._options.profile_images:
            raise RequestRejected(
                403, "images_disabled", "This server does not take profile images."
            )
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in IMAGE_UPLOADS:
            raise RequestRejected(
                415, "unsupported_media_type", "Send the image as PNG, JPEG or WebP."
            )
        character = await self._world.characters.owned(
            login.account_id, request.path_params["name"]
        )
        data = await read_limited(request, MAX_IMAGE_BYTES, "An image is at most 2 MiB.")
        content_type, image = reencode(data)
        await self._world.profiles.set_image(character, content_type, image)
        changed = await self._world.characters.owned(login.account_id, character.name)
        return JSONResponse(character_json(changed))

    async def delete_character_image(self, request: Request) -> Response:
        login = current_login(request)
        character = await self._world.characters.owned(
            login.account_id, request.path_params["name"]
        )
        await self._world.profiles.remove_image(character)
        return _no_content()


def _route(path: str, handlers: dict[str, Handler]) -> Route:
    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    return Route(path, dispatch, methods=list(handlers))


def client_address(request: Request) -> str:
    """The peer's address, by which log-ins and sign-ups are throttled ("" if unknown)."""
    return request.client.host if request.client is not None else ""
