"""The HTTP JSON API's endpoints (docs/http-api.md), over one ``World``.

Which method and path reach which handler is declared once, in ``endpoints.ENDPOINTS``; the
OpenAPI document comes from the same table.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.commands import Context, run
from boudoir.core.ports import LoginSession
from boudoir.core.world import PASSWORD_CHANGED, World
from boudoir.domain.entities import Account
from boudoir.domain.intents import (
    AddFriend,
    Block,
    DeleteCharacter,
    EndSession,
    ExportAccount,
    Intent,
    ListBlocks,
    ListCharacters,
    ListFriends,
    ListRooms,
    ListSessions,
    RemoveFriend,
    ShowAccount,
    ShowProfile,
    Unblock,
)
from boudoir.domain.replies import (
    AccountErased,
    AccountExported,
    PasswordChanged,
    Reply,
    SessionEnded,
)
from boudoir.gateways.web import automod as automod_api
from boudoir.gateways.web import log_api
from boudoir.gateways.web.decoding import read_json_object
from boudoir.gateways.web.endpoints import openapi_document
from boudoir.gateways.web.moderation import ModerationApi
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.sessions import (
    clear_session_cookie,
    current_login,
    describe_client,
    set_session_cookie,
)
from boudoir.wire.webjson.http import (
    AttestRequest,
    CharacterChangeRequest,
    EraseRequest,
    LoginRequest,
    NewCharacterRequest,
    PasswordChangeRequest,
    RegisterRequest,
    SettingsRequest,
)
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.replies.account import account_json, character_json

logger = logging.getLogger(__name__)

LOGGED_OUT = "You logged out."
LOGGED_OUT_ELSEWHERE = "This browser was logged out from another one."
AWAITING = (
    "Your account is made. It waits for an operator's approval: you can log in once it is approved."
)

LoginCloser = Callable[[str, str], None]
"""Ends every socket opened with a login session: ``(login_id, reason)``."""


def _no_content() -> Response:
    return Response(status_code=204)


class WebApi(ModerationApi):
    """The HTTP endpoints, over one ``World``. ``close_login`` ends the sockets of a login
    session that is over (logged out, revoked, account erased)."""

    def __init__(self, world: World, options: WebOptions, close_login: LoginCloser) -> None:
        self._world = world
        self._options = options
        self._close_login = close_login
        self._openapi = openapi_document(options.server_name)

    # --- helpers ---------------------------------------------------------------------------

    async def _account(self, request: Request) -> tuple[LoginSession, Account]:
        login = current_login(request)
        return login, await self._world.accounts.get(login.account_id)

    async def _session_json(self, account: Account, login: LoginSession) -> dict[str, object]:
        characters = await self._world.characters.of_account(account.id)
        return {
            "account": account_json(account),
            "characters": [character_json(c) for c in characters],
            "csrf_token": login.csrf_token,
        }

    async def _log_in(self, request: Request, account: Account, status: int) -> Response:
        client = describe_client(request.headers.get("user-agent", ""))
        token, login = await self._world.logins.start(account.id, client)
        response = JSONResponse(await self._session_json(account, login), status)
        set_session_cookie(response, token, self._options)
        return response

    def _closed(self, login_ids: Iterable[str], reason: str) -> None:
        for login_id in login_ids:
            self._close_login(login_id, reason)

    # --- the service -----------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(self._openapi)

    # --- sign up, log in, log out ----------------------------------------------------------

    async def register(self, request: Request) -> Response:
        wanted = RegisterRequest.from_json(await read_json_object(request))
        address = client_address(request)
        account = await self._world.accounts.register(
            wanted.name,
            wanted.password,
            wanted.born,
            attest=wanted.attest,
            address=address,
            invitation=wanted.invitation,
        )
        if account.awaiting_approval:
            # Made, but no session: it logs in once an operator approves it.
            pending = {"name": account.name, "awaiting_approval": True, "message": AWAITING}
            return JSONResponse(pending, 202)
        return await self._log_in(request, account, 201)

    async def signup(self, request: Request) -> Response:
        return JSONResponse({"mode": self._world.accounts.signup_mode.value})

    async def login(self, request: Request) -> Response:
        wanted = LoginRequest.from_json(await read_json_object(request))
        address = client_address(request)
        account = await self._world.accounts.authenticate(
            wanted.name, wanted.password, address=address
        )
        return await self._log_in(request, account, 200)

    async def session(self, request: Request) -> Response:
        login, account = await self._account(request)
        return JSONResponse(await self._session_json(account, login))

    async def logout(self, request: Request) -> Response:
        login = current_login(request)
        await self._world.logins.end(login.account_id, login.id)
        self._closed([login.id], LOGGED_OUT)
        response = _no_content()
        clear_session_cookie(response, self._options)
        return response

    async def sessions(self, request: Request) -> Response:
        return await self._run(request, ListSessions())

    async def end_session(self, request: Request) -> Response:
        ended = await self._ask(request, EndSession(request.path_params["id"]))
        assert isinstance(ended, SessionEnded)
        self._closed([ended.login_id], LOGGED_OUT if ended.current else LOGGED_OUT_ELSEWHERE)
        response = _no_content()
        if ended.current:
            clear_session_cookie(response, self._options)
        return response

    # --- the account -----------------------------------------------------------------------

    async def account(self, request: Request) -> Response:
        return await self._run(request, ShowAccount())

    async def attest(self, request: Request) -> Response:
        return await self._run(request, AttestRequest.from_json(await self._body(request)))

    async def settings(self, request: Request) -> Response:
        return await self._run(request, SettingsRequest.from_json(await self._body(request)))

    async def change_password(self, request: Request) -> Response:
        intent = PasswordChangeRequest.from_json(await self._body(request))
        changed = await self._ask(request, intent)
        assert isinstance(changed, PasswordChanged)
        self._closed(changed.ended_logins, PASSWORD_CHANGED)  # sockets still opening
        return _no_content()

    async def export(self, request: Request) -> Response:
        exported = await self._ask(request, ExportAccount())
        assert isinstance(exported, AccountExported)
        body = json.dumps(exported.document, ensure_ascii=False, indent=2).encode()
        return Response(
            body,
            media_type="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="boudoir-account.json"',
                "Cache-Control": "no-store",
            },
        )

    async def erase(self, request: Request) -> Response:
        erased = await self._ask(request, EraseRequest.from_json(await self._body(request)))
        assert isinstance(erased, AccountErased)
        self._closed(erased.logins, "Your account was erased.")
        response = _no_content()
        clear_session_cookie(response, self._options)
        return response

    # --- characters and profiles -----------------------------------------------------------

    async def characters(self, request: Request) -> Response:
        return await self._run(request, ListCharacters())

    async def create_character(self, request: Request) -> Response:
        intent = NewCharacterRequest.from_json(await self._body(request))
        return await self._run(request, intent, 201)

    async def change_character(self, request: Request) -> Response:
        body = await self._body(request)
        return await self._run(
            request, CharacterChangeRequest.from_json(body, request.path_params["name"])
        )

    async def delete_character(self, request: Request) -> Response:
        return await self._run(request, DeleteCharacter(request.path_params["name"]))

    async def profile(self, request: Request) -> Response:
        return await self._run(request, ShowProfile(request.path_params["name"]))

    # --- friends and blocks ----------------------------------------------------------------

    async def friends(self, request: Request) -> Response:
        return await self._run(request, ListFriends())

    async def add_friend(self, request: Request) -> Response:
        return await self._run(request, AddFriend(request.path_params["name"]))

    async def remove_friend(self, request: Request) -> Response:
        return await self._run(request, RemoveFriend(request.path_params["name"]))

    async def blocks(self, request: Request) -> Response:
        return await self._run(request, ListBlocks())

    async def block(self, request: Request) -> Response:
        return await self._run(request, Block(request.path_params["name"]))

    async def unblock(self, request: Request) -> Response:
        return await self._run(request, Unblock(request.path_params["name"]))

    async def _run(self, request: Request, intent: Intent, status: int = 200) -> Response:
        """Run ``intent`` as the request's account; its reply as the answer (204 when the
        reply has no body)."""
        reply = await self._ask(request, intent)
        body = None if reply is None else fields(reply)
        return _no_content() if body is None else JSONResponse(body, status)

    @staticmethod
    async def _body(request: Request) -> Mapping[str, object]:
        """The body of a request made with a login session (without one, 401 comes first)."""
        current_login(request)
        return await read_json_object(request)

    async def _ask(self, request: Request, intent: Intent) -> Reply | None:
        """Run ``intent`` as the request's account, with its login session and address."""
        login = current_login(request)
        context = Context.of_account(
            self._world, login.account_id, login.id, client_address(request)
        )
        return await run(context, intent)

    # --- rooms -----------------------------------------------------------------------------

    async def rooms(self, request: Request) -> Response:
        return await self._run(request, ListRooms())

    # --- logs kept by consent (log_api.py) ---------------------------------------------------

    async def logs(self, request: Request) -> Response:
        return await log_api.list_logs(self._world, request)

    async def log(self, request: Request) -> Response:
        return await log_api.read_log(self._world, request)

    async def delete_log_line(self, request: Request) -> Response:
        return await log_api.delete_log_line(self._world, request)

    # --- automod rules (automod.py) ----------------------------------------------------------

    async def automod_rules(self, request: Request) -> Response:
        return await automod_api.list_rules(self._world, request)

    async def automod_add_rule(self, request: Request) -> Response:
        return await automod_api.add_rule(self._world, request)

    async def automod_change_rule(self, request: Request) -> Response:
        return await automod_api.change_rule(self._world, request)

    async def automod_remove_rule(self, request: Request) -> Response:
        return await automod_api.remove_rule(self._world, request)

    async def automod_test(self, request: Request) -> Response:
        return await automod_api.try_text(self._world, request)

    async def automod_clear(self, request: Request) -> Response:
        return await automod_api.clear_phrase(self._world, request)


def client_address(request: Request) -> str:
    """The peer's address, by which log-ins and sign-ups are throttled ("" if unknown)."""
    return request.client.host if request.client is not None else ""
