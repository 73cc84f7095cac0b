"""The browser protocol's shapes for replies about moderation: the WebSocket ``report``'s
``ok`` and the bodies of the moderation endpoints (docs/http-api.md, "Moderation").

Times are ISO 8601 in UTC, to the microsecond the store kept (``2026-11-26T04:13:50.123456Z``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_never

from boudoir.domain.moderation import Action, QueueItem
from boudoir.domain.replies.moderation import (
    AccountApproved,
    ActionTaken,
    AuditShown,
    InvitationCreated,
    ItemResolved,
    ItemShown,
    ModerationReplies,
    PendingAccounts,
    QueueShown,
    ReportFiled,
    StaffConfirmed,
)


def fields(reply: ModerationReplies) -> dict[str, object]:
    match reply:
        case ReportFiled(item_id, genuine):
            return {"report": item_id, "genuine": list(genuine)}
        case QueueShown(items):
            return {"items": [item_json(item) for item in items]}
        case ItemShown(item) | ItemResolved(item):
            return item_json(item)
        case ActionTaken(action):
            return action_json(action)
        case AuditShown(actions):
            return {"actions": [action_json(action) for action in actions]}
        case PendingAccounts(accounts):
            return {
                "accounts": [{"name": a.name, "created_at": time(a.created_at)} for a in accounts]
            }
        case AccountApproved(name):
            return {"name": name}
        case InvitationCreated(invitation, code):
            return {
                "id": invitation.id,
                "code": code,
                "uses": invitation.max_uses,
                "expires_at": time(invitation.expires_at),
            }
        case StaffConfirmed(role):
            return {"role": role.value}
        case _:
            assert_never(reply)


def time(at: dt.datetime | None) -> str | None:
    return None if at is None else at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def item_json(item: QueueItem) -> dict[str, object]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "created_at": time(item.created_at),
        "subject": item.subject_name,
        "place": item.place,
        "summary": item.summary,
        "evidence": dict(item.evidence),
        "status": item.status.value,
        "resolution": None if item.resolution is None else item.resolution.value,
        "note": item.note,
        "resolved_by": item.resolved_by or None,
        "resolved_at": time(item.resolved_at),
    }


def action_json(action: Action) -> dict[str, object]:
    return {
        "id": action.id,
        "at": time(action.at),
        "actor": action.actor,
        "kind": action.kind.value,
        "target": action.target,
        "room": action.room or None,
        "reason": action.reason,
        "expires_at": time(action.expires_at),
        "item": action.item_id or None,
    }
