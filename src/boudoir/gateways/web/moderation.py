"""The moderators' HTTP endpoints (docs/http-api.md, "Moderation"): the queue, resolving an
item, taking an action, the audit log. Staff only: the core refuses everyone else (403).

``WebApi`` inherits these handlers; ``endpoints.ENDPOINTS`` declares their paths and schemas.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.moderation import Actor
from boudoir.domain.moderation import Action, QueueItem, QueueStatus
from boudoir.gateways.web.decoding import read_json_object
from boudoir.gateways.web.errors import bad_request
from boudoir.gateways.web.sessions import current_login
from boudoir.wire.webjson.http import Fields

if TYPE_CHECKING:
    from boudoir.core.world import World


def _time(at: dt.datetime | None) -> str | None:
    return None if at is None else at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def item_json(item: QueueItem) -> dict[str, object]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "created_at": _time(item.created_at),
        "subject": item.subject_name,
        "place": item.place,
        "summary": item.summary,
        "evidence": dict(item.evidence),
        "status": item.status.value,
        "resolution": None if item.resolution is None else item.resolution.value,
        "note": item.note,
        "resolved_by": item.resolved_by or None,
        "resolved_at": _time(item.resolved_at),
    }


def action_json(action: Action) -> dict[str, object]:
    return {
        "id": action.id,
        "at": _time(action.at),
        "actor": action.actor,
        "kind": action.kind.value,
        "target": action.target,
        "room": action.room or None,
        "reason": action.reason,
        "expires_at": _time(action.expires_at),
        "item": action.item_id or None,
    }


def parse_expiry(text: str | None) -> dt.datetime | None:
    """An ISO 8601 time with a zone, or None."""
    if text is None or not text.strip():
        return None
    try:
        at = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_request("The field 'expires_at' must be an ISO 8601 time.") from None
    if at.tzinfo is None:
        raise bad_request("The field 'expires_at' needs a time zone (Z for UTC).")
    return at


@dataclass(frozen=True, slots=True)
class ResolveRequest:
    FIELDS: ClassVar = frozenset({"resolution", "note"})

    resolution: str
    note: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> ResolveRequest:
        fields = Fields(body, cls.FIELDS)
        return cls(fields.string("resolution"), fields.optional_string("note") or "")


@dataclass(frozen=True, slots=True)
class ActionRequest:
    FIELDS: ClassVar = frozenset({"kind", "target", "room", "reason", "expires_at", "item"})

    kind: str
    target: str
    room: str
    reason: str
    expires_at: dt.datetime | None
    item: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> ActionRequest:
        fields = Fields(body, cls.FIELDS)
        return cls(
            fields.string("kind"),
            fields.string("target"),
            fields.optional_string("room") or "",
            fields.optional_string("reason") or "",
            parse_expiry(fields.optional_string("expires_at")),
            fields.optional_string("item") or "",
        )


@dataclass(frozen=True, slots=True)
class InviteRequest:
    FIELDS: ClassVar = frozenset({"uses", "expires_in_days"})

    uses: int
    expires_in_days: float | None

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> InviteRequest:
        Fields(body, cls.FIELDS)
        uses = body.get("uses", 1)
        if isinstance(uses, bool) or not isinstance(uses, int):
            raise bad_request("The field 'uses' must be a whole number.")
        days = body.get("expires_in_days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int | float)):
            raise bad_request("The field 'expires_in_days' must be a number of days.")
        return cls(uses, None if days is None else float(days))


class ModerationApi:
    """Handlers of the moderation endpoints, mixed into ``WebApi``."""

    _world: World

    async def _actor(self, request: Request) -> Actor:
        login = current_login(request)
        return Actor.of(await self._world.accounts.get(login.account_id))

    async def moderation_queue(self, request: Request) -> Response:
        actor = await self._actor(request)
        wanted = request.query_params.get("status", "open")
        if wanted not in ("open", "resolved", "all"):
            raise bad_request("The parameter 'status' is open, resolved or all.")
        status = None if wanted == "all" else QueueStatus(wanted)
        items = await self._world.moderation.queue(actor, status)
        return JSONResponse({"items": [item_json(item) for item in items]})

    async def moderation_resolve(self, request: Request) -> Response:
        actor = await self._actor(request)
        wanted = ResolveRequest.from_json(await read_json_object(request))
        item = await self._world.moderation.resolve(
            actor, request.path_params["id"], wanted.resolution, wanted.note
        )
        return JSONResponse(item_json(item))

    async def moderation_act(self, request: Request) -> Response:
        actor = await self._actor(request)
        wanted = ActionRequest.from_json(await read_json_object(request))
        action = await self._world.moderation.act(
            actor,
            wanted.kind,
            wanted.target,
            wanted.room,
            wanted.reason,
            wanted.expires_at,
            item_id=wanted.item,
        )
        return JSONResponse(action_json(action), status_code=201)

    async def moderation_audit(self, request: Request) -> Response:
        actor = await self._actor(request)
        actions = await self._world.moderation.audit(actor)
        return JSONResponse({"actions": [action_json(action) for action in actions]})

    async def moderation_pending(self, request: Request) -> Response:
        actor = await self._actor(request)
        waiting = await self._world.accounts.awaiting_approval_as(actor)
        accounts = [{"name": a.name, "created_at": _time(a.created_at)} for a in waiting]
        return JSONResponse({"accounts": accounts})

    async def moderation_approve(self, request: Request) -> Response:
        actor = await self._actor(request)
        approved = await self._world.accounts.approve_as(actor, request.path_params["name"])
        return JSONResponse({"name": approved.name})

    async def moderation_invite(self, request: Request) -> Response:
        actor = await self._actor(request)
        wanted = InviteRequest.from_json(await read_json_object(request))
        invitation, code = await self._world.invitations.create_as(
            actor, uses=wanted.uses, expires_in_days=wanted.expires_in_days
        )
        made = {
            "id": invitation.id,
            "code": code,
            "uses": invitation.max_uses,
            "expires_at": _time(invitation.expires_at),
        }
        return JSONResponse(made, status_code=201)
