"""Intents about moderation: reports, the moderators' queue, actions, the audit log, and
admitting accounts (approvals and invitation codes).

Anyone may report; the rest is for staff, and the core refuses everyone else
(``domain.moderation`` decides who may do what).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from boudoir.domain.moderation import QueueStatus


class ModerationIntent:
    """Base of the intents about reports and moderation."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Report(ModerationIntent):
    """Report the character ``subject`` to the moderators, attaching the lines one received
    from them (each a message as the reporter's client received it, with its seal), and the
    metadata of a ``call`` with them (its id)."""

    subject: str
    reason: str
    evidence: tuple[Mapping[str, object], ...] = ()
    call: str | None = None
    image: bool = False
    """The report is about the subject's profile image (moderators may remove it)."""


@dataclass(frozen=True, slots=True)
class ShowQueue(ModerationIntent):
    """The moderators' queue, oldest first: open items, resolved ones, or all (None)."""

    status: QueueStatus | None = QueueStatus.OPEN


@dataclass(frozen=True, slots=True)
class ShowItem(ModerationIntent):
    """One item of the queue, open or not, with its evidence."""

    item_id: str


@dataclass(frozen=True, slots=True)
class ResolveItem(ModerationIntent):
    """Close an open item: ``release``, ``drop`` (held messages), ``dismiss`` or ``actioned``."""

    item_id: str
    resolution: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class TakeAction(ModerationIntent):
    """A moderation action (``ActionKind`` by value) against the character ``target``, in
    ``room`` for the room's tools. It lasts until ``expires_at``, or for ``lasting`` from now,
    or until lifted (both None). ``item_id`` resolves that queue item as actioned."""

    kind: str
    target: str
    room: str = ""
    reason: str = ""
    expires_at: dt.datetime | None = None
    lasting: dt.timedelta | None = None
    item_id: str = ""


@dataclass(frozen=True, slots=True)
class ShowAudit(ModerationIntent):
    """The audit log, newest first (operators)."""


@dataclass(frozen=True, slots=True)
class ListPendingAccounts(ModerationIntent):
    """Accounts waiting for an operator's approval."""


@dataclass(frozen=True, slots=True)
class ApproveAccount(ModerationIntent):
    """Let a waiting account log in; ``name`` is the account's or one of its characters'."""

    name: str


@dataclass(frozen=True, slots=True)
class CreateInvitation(ModerationIntent):
    """A new invitation code, usable ``uses`` times, expiring after ``expires_in_days`` (never
    when None)."""

    uses: int = 1
    expires_in_days: float | None = None


@dataclass(frozen=True, slots=True)
class ConfirmStaff(ModerationIntent):
    """Take up one's staff role by proving one's password (IRC's OPER): ``name`` is one's own
    account's name or one of its characters'."""

    name: str
    password: str = field(repr=False)


ModerationIntents = (
    Report
    | ShowQueue
    | ShowItem
    | ResolveItem
    | TakeAction
    | ShowAudit
    | ListPendingAccounts
    | ApproveAccount
    | CreateInvitation
    | ConfirmStaff
)
