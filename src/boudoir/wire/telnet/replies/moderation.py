"""Telnet's words for replies about moderation. Only ``report`` is a telnet command; staff
work on IRC (ModServ) or the web, so the rest are said plainly, in one line each.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

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
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean


def render(reply: ModerationReplies) -> Told:
    match reply:
        case ReportFiled(item_id, genuine):
            return Told(
                f"Report {item_id} filed with {len(genuine)} line(s) you received "
                f"({sum(genuine)} verified). Thank you; the moderators will look at it."
            )
        case QueueShown(items):
            return Told(f"{len(items)} item(s) in the queue.")
        case ItemShown(item) | ItemResolved(item):
            return Told(f"{item.id} [{item.status.value}] {clean(item.summary)}")
        case ActionTaken(action):
            return Told(f"Done: {action.kind.value} {action.target}.")
        case AuditShown(actions):
            return Told(f"{len(actions)} action(s) in the audit log.")
        case PendingAccounts(accounts):
            names = ", ".join(a.name for a in accounts)
            return Told(f"Waiting for approval: {names}." if names else "Nobody is waiting.")
        case AccountApproved(name):
            return Told(f"Approved {name}: they can log in now.")
        case InvitationCreated(invitation, code):
            return Told(f"Invitation {invitation.id} (usable {invitation.max_uses}x): {code}")
        case StaffConfirmed(role):
            return Told(f"You act as a server {role.value}.")
        case _:
            assert_never(reply)
