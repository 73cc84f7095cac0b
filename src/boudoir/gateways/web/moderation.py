"""The moderators' HTTP endpoints (docs/http-api.md, "Moderation"): the queue, resolving an
item, taking an action, the audit log, approvals and invitations. Staff only: the core refuses
everyone else (403).

Each builds its intent (bodies decoded by ``wire.webjson.moderation_bodies``), runs it as the
login's account and answers with ``wire.webjson.replies``. ``WebApi`` inherits these handlers;
``endpoints.ENDPOINTS`` declares their paths and schemas.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from boudoir.domain.intents import ApproveAccount, ListPendingAccounts, ShowAudit
from boudoir.gateways.web.errors import bad_request
from boudoir.gateways.web.intent_answers import answer, decode
from boudoir.gateways.web.sessions import current_login
from boudoir.wire.webjson.http import BadRequest
from boudoir.wire.webjson.moderation_bodies import ActionBody, InviteBody, ResolveBody, queue_intent

if TYPE_CHECKING:
    from boudoir.core.world import World


class ModerationApi:
    """Handlers of the moderation endpoints, mixed into ``WebApi``."""

    _world: World

    async def moderation_queue(self, request: Request) -> Response:
        current_login(request)
        try:
            intent = queue_intent(request.query_params.get("status", "open"))
        except BadRequest as error:
            raise bad_request(error.message) from None
        return await answer(self._world, request, intent)

    async def moderation_resolve(self, request: Request) -> Response:
        read = functools.partial(ResolveBody.intent, request.path_params["id"])
        return await answer(self._world, request, await decode(request, read))

    async def moderation_act(self, request: Request) -> Response:
        intent = await decode(request, ActionBody.intent)
        return await answer(self._world, request, intent, 201)

    async def moderation_audit(self, request: Request) -> Response:
        return await answer(self._world, request, ShowAudit())

    async def moderation_pending(self, request: Request) -> Response:
        return await answer(self._world, request, ListPendingAccounts())

    async def moderation_approve(self, request: Request) -> Response:
        intent = ApproveAccount(request.path_params["name"])
        return await answer(self._world, request, intent)

    async def moderation_invite(self, request: Request) -> Response:
        intent = await decode(request, InviteBody.intent)
        return await answer(self._world, request, intent, 201)
