"""The HTTP JSON API's endpoints (docs/http-api.md), over one ``World``.

Which method and path reach which handler is declared once, in ``endpoints.ENDPOINTS``; the
OpenAPI document comes from the same table.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.commands import Context, run
from boudoir.core.ports import LoginSession
from boudoir.core.world import PASSWORD_CHANGED, World
from boudoir.domain.entities import Account
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents import Block, Intent, ListBlocks, ListRooms, Unblock
from boudoir.domain.names import name_key
from boudoir.gateways.web import automod as automod_api
from boudoir.gateways.web import log_api
from boudoir.gateways.web.decoding import (
    AttestRequest,
    CharacterChangeRequest,
    EraseRequest,
    LoginRequest,
    NewCharacterRequest,
    PasswordChangeRequest,
    RegisterRequest,
    SettingsRequest,
    account_json,
    character_json,
    login_json,
    profile_json,
    read_json_object,
)
from boudoir.gateways.web.endpoints import openapi_document
from boudoir.gateways.web.moderation import ModerationApi
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.sessions import (
    clear_session_cookie,
    current_login,
    describe_client,
    set_session_cookie,
)
from boudoir.wire.webjson.replies import fields

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
        login = current_login(request)
        logins = await self._world.logins.of_account(login.account_id)
        return JSONResponse({"sessions": [login_json(each, login) for each in logins]})

    async def end_session(self, request: Request) -> Response:
        login = current_login(request)
        login_id = request.path_params["id"]
        await self._world.logins.end(login.account_id, login_id)
        self._closed([login_id], LOGGED_OUT if login_id == login.id else LOGGED_OUT_ELSEWHERE)
        response = _no_content()
        if login_id == login.id:
            clear_session_cookie(response, self._options)
        return response

    # --- the account -----------------------------------------------------------------------

    async def account(self, request: Request) -> Response:
        _, account = await self._account(request)
        return JSONResponse(account_json(account))

    async def attest(self, request: Request) -> Response:
        login = current_login(request)
        AttestRequest.from_json(await read_json_object(request))
        return JSONResponse(account_json(await self._world.accounts.attest(login.account_id)))

    async def settings(self, request: Request) -> Response:
        login = current_login(request)
        wanted = SettingsRequest.from_json(await read_json_object(request))
        account = await self._world.accounts.update_settings(
            login.account_id,
            dm_policy=wanted.dm_policy,
            presence_visibility=wanted.presence_visibility,
            ratings=wanted.ratings,
        )
        return JSONResponse(account_json(account))

    async def change_password(self, request: Request) -> Response:
        login = current_login(request)
        wanted = PasswordChangeRequest.from_json(await read_json_object(request))
        await self._world.accounts.change_password(
            login.account_id, wanted.new_password, old_password=wanted.old_password
        )
        # Whoever held the old password may be logged in elsewhere: those sessions end on
        # every gateway, this browser login (and its sockets) goes on.
        ended = await self._world.end_other_sessions(
            login.account_id,
            keep_login=login.id,
            spare=lambda session: getattr(session, "login_id", None) == login.id,
        )
        self._closed(ended, PASSWORD_CHANGED)  # sockets still opening
        return _no_content()

    async def export(self, request: Request) -> Response:
        _, account = await self._account(request)
        await self._world.logs.flush()  # lines logged a moment ago are part of it
        document = await self._world.accounts.export(account.id)
        body = json.dumps(document, ensure_ascii=False, indent=2).encode()
        return Response(
            body,
            media_type="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="boudoir-account.json"',
                "Cache-Control": "no-store",
            },
        )

    async def erase(self, request: Request) -> Response:
        _, account = await self._account(request)
        wanted = EraseRequest.from_json(await read_json_object(request))
        address = client_address(request)
        # Checked (and throttled) as a log-in: a browser left open must not be enough.
        await self._world.accounts.authenticate(account.name, wanted.password, address=address)
        logins = [each.id for each in await self._world.logins.of_account(account.id)]
        await self._world.accounts.erase(account.id)
        self._closed(logins, "Your account was erased.")
        response = _no_content()
        clear_session_cookie(response, self._options)
        return response

    # --- characters and profiles -----------------------------------------------------------

    async def characters(self, request: Request) -> Response:
        login = current_login(request)
        characters = await self._world.characters.of_account(login.account_id)
        return JSONResponse({"characters": [character_json(c) for c in characters]})

    async def create_character(self, request: Request) -> Response:
        login = current_login(request)
        wanted = NewCharacterRequest.from_json(await read_json_object(request))
        character = await self._world.characters.create(login.account_id, wanted.name)
        return JSONResponse(character_json(character), 201)

    async def change_character(self, request: Request) -> Response:
        login = current_login(request)
        name = request.path_params["name"]
        wanted = CharacterChangeRequest.from_json(await read_json_object(request))
        current = await self._world.characters.owned(login.account_id, name)
        if wanted.name is not None and name_key(wanted.name) != name_key(current.name):
            raise InvalidInput(
                "A character's name cannot be changed, only the case of its letters; "
                "create another one."
            )
        if wanted.created_at is not None and wanted.created_at != current.created_at.isoformat():
            raise InvalidInput("A character's creation time cannot be changed.")
        if wanted.clears_age and current.declared_age is not None:
            raise InvalidInput("A declared age can be changed but not removed.")
        character = await self._world.update_character(
            login.account_id,
            name,
            pronouns=wanted.pronouns,
            short_description=wanted.short_description,
            long_description=wanted.long_description,
            declared_age=wanted.declared_age,
            interests=wanted.interests,
            hard_limits=wanted.hard_limits,
            profile_audience=wanted.profile_audience,
        )
        if wanted.name is not None and wanted.name != character.name:
            # The same name in another case: shown so from now on, everywhere. Checked for
            # look-alikes as a new name would be; changed after the profile.
            character = await self._world.recase_character(
                login.account_id, character.name, wanted.name
            )
        return JSONResponse(character_json(character))

    async def delete_character(self, request: Request) -> Response:
        login = current_login(request)
        await self._world.delete_character(login.account_id, request.path_params["name"])
        return _no_content()

    async def profile(self, request: Request) -> Response:
        _, viewer = await self._account(request)
        profile = await self._world.profile(viewer, request.path_params["name"])
        return JSONResponse(profile_json(profile))

    # --- friends and blocks ----------------------------------------------------------------

    async def friends(self, request: Request) -> Response:
        login = current_login(request)
        names = await self._world.relations.friends_of(login.account_id)
        return JSONResponse({"friends": [{"name": name} for name in names]})

    async def add_friend(self, request: Request) -> Response:
        login = current_login(request)
        shown = await self._world.relations.befriend(login.account_id, request.path_params["name"])
        return JSONResponse({"name": shown})

    async def remove_friend(self, request: Request) -> Response:
        login = current_login(request)
        await self._world.relations.unfriend(login.account_id, request.path_params["name"])
        return _no_content()

    async def blocks(self, request: Request) -> Response:
        return await self._run(request, ListBlocks())

    async def block(self, request: Request) -> Response:
        return await self._run(request, Block(request.path_params["name"]))

    async def unblock(self, request: Request) -> Response:
        return await self._run(request, Unblock(request.path_params["name"]))

    async def _run(self, request: Request, intent: Intent) -> Response:
        """Run ``intent`` as the request's account; its reply as the answer (204 when the
        reply has no body)."""
        context = Context.of_account(self._world, current_login(request).account_id)
        reply = await run(context, intent)
        body = None if reply is None else fields(reply)
        return _no_content() if body is None else JSONResponse(body)

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
