"""Replies about moderation: a report filed, the queue, actions taken, the audit log, and
accounts admitted.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.entities import Account, Role
from boudoir.domain.invitations import Invitation
from boudoir.domain.moderation import Action, QueueItem


class ModerationReply:
    """Base of the replies about reports and moderation."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ReportFiled(ModerationReply):
    """A report is in the queue as ``item_id``; ``genuine`` says, for each line it attached,
    whether its seal proved it genuine."""

    item_id: str
    genuine: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class QueueShown(ModerationReply):
    """Items of the moderators' queue, oldest first."""

    items: tuple[QueueItem, ...]


@dataclass(frozen=True, slots=True)
class ItemShown(ModerationReply):
    """One item of the queue, with its evidence."""

    item: QueueItem


@dataclass(frozen=True, slots=True)
class ItemResolved(ModerationReply):
    """An item is resolved (its ``resolution`` says how)."""

    item: QueueItem


@dataclass(frozen=True, slots=True)
class ActionTaken(ModerationReply):
    """An action was carried out and written in the audit log."""

    action: Action


@dataclass(frozen=True, slots=True)
class AuditShown(ModerationReply):
    """The audit log, newest first."""

    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class PendingAccounts(ModerationReply):
    """Accounts waiting for approval."""

    accounts: tuple[Account, ...]


@dataclass(frozen=True, slots=True)
class AccountApproved(ModerationReply):
    """The account ``name`` may log in now."""

    name: str


@dataclass(frozen=True, slots=True)
class InvitationCreated(ModerationReply):
    """A new invitation, and its code: shown this once, kept nowhere."""

    invitation: Invitation
    code: str


@dataclass(frozen=True, slots=True)
class StaffConfirmed(ModerationReply):
    """The password proved it: one acts with ``role`` (a moderator's or an operator's)."""

    role: Role


ModerationReplies = (
    ReportFiled
    | QueueShown
    | ItemShown
    | ItemResolved
    | ActionTaken
    | AuditShown
    | PendingAccounts
    | AccountApproved
    | InvitationCreated
    | StaffConfirmed
)
