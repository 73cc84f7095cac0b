"""The moderation endpoints' requests as intents (docs/http-api.md, "Moderation"), sans-I/O.

Each body's class names the fields it reads (``FIELDS``, which the OpenAPI schema must list
exactly) and makes the intent; a mistake raises ``BadRequest``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar, Final

from boudoir.domain.intents.moderation import (
    CreateInvitation,
    ResolveItem,
    ShowQueue,
    TakeAction,
)
from boudoir.domain.moderation import QueueStatus
from boudoir.wire.webjson.http import BadRequest, Fields

QUEUE_STATUSES: Final = ("open", "resolved", "all")


def queue_intent(wanted: str) -> ShowQueue:
    """``GET /moderation/queue?status=...`` (``open`` when not given)."""
    if wanted not in QUEUE_STATUSES:
        raise BadRequest("The parameter 'status' is open, resolved or all.")
    return ShowQueue(None if wanted == "all" else QueueStatus(wanted))


def parse_expiry(text: str | None) -> dt.datetime | None:
    """An ISO 8601 time with a zone, or None."""
    if text is None or not text.strip():
        return None
    try:
        at = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest("The field 'expires_at' must be an ISO 8601 time.") from None
    if at.tzinfo is None:
        raise BadRequest("The field 'expires_at' needs a time zone (Z for UTC).")
    return at


class ResolveBody:
    """``POST /moderation/queue/{id}/resolve``."""

    FIELDS: ClassVar = frozenset({"resolution", "note"})

    @classmethod
    def intent(cls, item_id: str, body: Mapping[str, object]) -> ResolveItem:
        fields = Fields(body, cls.FIELDS)
        return ResolveItem(
            item_id, fields.string("resolution"), fields.optional_string("note") or ""
        )


class ActionBody:
    """``POST /moderation/actions``."""

    FIELDS: ClassVar = frozenset({"kind", "target", "room", "reason", "expires_at", "item"})

    @classmethod
    def intent(cls, body: Mapping[str, object]) -> TakeAction:
        fields = Fields(body, cls.FIELDS)
        return TakeAction(
            fields.string("kind"),
            fields.string("target"),
            fields.optional_string("room") or "",
            fields.optional_string("reason") or "",
            parse_expiry(fields.optional_string("expires_at")),
            item_id=fields.optional_string("item") or "",
        )


class InviteBody:
    """``POST /moderation/invitations``."""

    FIELDS: ClassVar = frozenset({"uses", "expires_in_days"})

    @classmethod
    def intent(cls, body: Mapping[str, object]) -> CreateInvitation:
        Fields(body, cls.FIELDS)
        uses = body.get("uses", 1)
        if isinstance(uses, bool) or not isinstance(uses, int):
            raise BadRequest("The field 'uses' must be a whole number.")
        days = body.get("expires_in_days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int | float)):
            raise BadRequest("The field 'expires_in_days' must be a number of days.")
        return CreateInvitation(uses, None if days is None else float(days))
