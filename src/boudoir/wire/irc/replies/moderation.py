"""ModServ's words for replies about moderation (and the ``REPORT`` command's).

Times are UTC, to the minute. Queue items and audit entries are shown ``SHOWN`` at a time;
the browser's view shows them all.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, assert_never

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

SHOWN: Final = 20
"""Queue items and audit entries shown per command."""


def service_text(reply: ModerationReplies) -> str:
    match reply:
        case ReportFiled(item_id, genuine):
            return f"Report {item_id} filed; {sum(genuine)} line(s) verified."
        case QueueShown(items):
            shown = [item_line(item) for item in items[:SHOWN]]
            more = f"\n...and {len(items) - SHOWN} more." if len(items) > SHOWN else ""
            return "\n".join(shown) + more if shown else "The queue is empty."
        case ItemShown(item):
            return _item_full(item)
        case ItemResolved(item):
            how = item.resolution.value if item.resolution else item.status.value
            return f"Resolved {item.id}: {how}."
        case ActionTaken(action):
            return f"Done: {action_line(action)}"
        case AuditShown(actions):
            return "\n".join(action_line(a) for a in actions[:SHOWN]) or "The audit log is empty."
        case PendingAccounts(accounts):
            names = ", ".join(a.name for a in accounts)
            return f"Waiting for approval: {names}." if names else "Nobody is waiting."
        case AccountApproved(name):
            return f"Approved {name}: they can log in now."
        case InvitationCreated(invitation, code):
            expires = invitation.expires_at
            until = f", until {_time(expires)} UTC" if expires else ""
            return f"Invitation {invitation.id} (usable {invitation.max_uses}x{until}): {code}"
        case StaffConfirmed(role):
            return f"You are now an IRC operator ({role.value})"  # OPER's 381 RPL_YOUREOPER
        case _:
            assert_never(reply)


def _time(at: dt.datetime | None) -> str:
    return "-" if at is None else f"{at:%Y-%m-%d %H:%M}"


def item_line(item: QueueItem) -> str:
    state = item.resolution.value if item.resolution else item.status.value
    return f"{item.id} {_time(item.created_at)} {item.kind.value} [{state}] {item.summary}"


def _item_full(item: QueueItem) -> str:
    lines = [item_line(item)]
    evidence = item.evidence.get("lines")
    for line in evidence if isinstance(evidence, list) else []:
        mark = "genuine" if line.get("genuine") else "unverified"
        where = line.get("room") or line.get("to") or "?"
        lines.append(
            f"  [{mark}] {line.get('at', '?')} {where} <{line.get('from', '?')}> "
            f"{line.get('text', '(no text: id ' + str(line.get('id', '?')) + ')')}"
        )
    if item.note:
        lines.append(f"  note: {item.note} ({item.resolved_by})")
    return "\n".join(lines)


def action_line(action: Action) -> str:
    room = f" in {action.room}" if action.room else ""
    until = f" until {_time(action.expires_at)}" if action.expires_at else ""
    why = f": {action.reason}" if action.reason else ""
    return (
        f"{_time(action.at)} {action.actor} {action.kind.value} {action.target}{room}{until}{why}"
    )
