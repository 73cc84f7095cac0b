"""Moderation as data: the moderators' queue, actions and who may take them.

A ``QueueItem`` is something for moderators to look at (a report, a message automod held or
flagged); an ``Action`` is what a moderator did (warn, mute, kick, ban, suspend, and the ways
back). Every action is kept in the audit log, which nobody edits.

The permission rules are pure functions in the style of ``consent``: server operators and
moderators act anywhere; a room's owner and moderators act in their own room only, and only
with the room's tools (warn, mute, kick, room ban and clearing those). Nobody's role lets them
read a private scene or someone else's direct messages: moderators act on what is reported.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace

from boudoir.domain.consent import ALLOW, Decision, Person, Reason, refuse
from boudoir.domain.entities import Role, Room
from boudoir.domain.ids import AccountId

MAX_REASON = 500
"""Characters of a report's or an action's reason: a few sentences, as a moderator writes."""
MAX_EVIDENCE_LINES = 50
"""Lines a report may attach: enough for a conversation, not an archive."""
MAX_RESOLUTION_NOTE = 500
ERASED = "(erased)"
"""Stands for a reporter whose account was erased, wherever the report named them."""
REPORTER = "reporter"
"""A report's evidence key: the character the reporter reported as."""
LINE_NAMES = ("to", "from")
"""The fields of an evidence line that name a character."""


class QueueKind(enum.Enum):
    REPORT = "report"
    AUTOMOD_HOLD = "automod_hold"
    """A message automod stopped until a moderator releases or drops it."""
    AUTOMOD_FLAG = "automod_flag"
    """A message automod let through but wants a moderator to look at."""


class QueueStatus(enum.Enum):
    OPEN = "open"
    RESOLVED = "resolved"


class Resolution(enum.Enum):
    RELEASE = "release"
    """A held message goes out after all."""
    DROP = "drop"
    """A held message is thrown away."""
    DISMISS = "dismiss"
    """Nothing to do: a false positive or an unfounded report."""
    ACTIONED = "actioned"
    """A moderator acted (the action is in the audit log)."""


class ActionKind(enum.Enum):
    WARN = "warn"
    MUTE = "mute"
    KICK = "kick"
    ROOM_BAN = "room_ban"
    SUSPEND = "suspend"
    ACCOUNT_BAN = "account_ban"
    UNSUSPEND = "unsuspend"
    UNBAN = "unban"
    CLEAR = "clear"
    """Lift a mute or a room ban before it expires."""
    REMOVE_LINE = "remove_line"
    """Someone else's line removed from a room (``remove_line``): recorded as it happens, with
    the line's id and never its text; not an action one takes by name (``TAKEN``)."""
    REMOVE_IMAGE = "remove_image"
    """Remove a character's profile image (a report may name it)."""


TAKEN = tuple(kind for kind in ActionKind if kind is not ActionKind.REMOVE_LINE)
"""The actions a moderator takes by name against someone (``act``)."""
ROOM_ACTIONS = frozenset(
    {ActionKind.WARN, ActionKind.MUTE, ActionKind.KICK, ActionKind.ROOM_BAN, ActionKind.CLEAR}
)
"""What a room's owner and moderators may do, in their own room."""
NEEDS_ROOM = frozenset({ActionKind.MUTE, ActionKind.KICK, ActionKind.ROOM_BAN, ActionKind.CLEAR})
EXPIRING = frozenset(
    {ActionKind.MUTE, ActionKind.ROOM_BAN, ActionKind.SUSPEND, ActionKind.ACCOUNT_BAN}
)
"""Actions that may carry an expiry; the others happen once."""
ACCOUNT_WIDE = frozenset(
    {ActionKind.SUSPEND, ActionKind.ACCOUNT_BAN, ActionKind.UNSUSPEND, ActionKind.UNBAN}
)


class RestrictionKind(enum.Enum):
    """What an action leaves in force until it expires or is lifted."""

    MUTE = "mute"
    ROOM_BAN = "room_ban"
    SUSPENSION = "suspension"
    ACCOUNT_BAN = "account_ban"

    @property
    def locks_out(self) -> bool:
        """Refuses every login of the account while in force."""
        return self in (RestrictionKind.SUSPENSION, RestrictionKind.ACCOUNT_BAN)


@dataclass(frozen=True, slots=True)
class QueueItem:
    id: str
    kind: QueueKind
    created_at: dt.datetime
    subject_account: AccountId | None
    """The account behind the subject; ``None`` once it was erased."""
    subject_name: str
    place: str
    """A room's name, ``direct`` for direct messages, or empty."""
    summary: str
    evidence: Mapping[str, object]
    """JSON-able: for a report, the reason and the lines attached, each marked genuine or not."""
    status: QueueStatus = QueueStatus.OPEN
    resolution: Resolution | None = None
    note: str = ""
    resolved_by: str = ""
    resolved_at: dt.datetime | None = None
    reporter_account: AccountId | None = None
    """For a report, the reporter's account (their export finds it; erasing it forgets them);
    ``None`` for automod's items and once the reporter was erased."""


@dataclass(frozen=True, slots=True)
class Action:
    """One entry of the audit log."""

    id: str
    at: dt.datetime
    actor: str
    """Who did it: an account name, or ``operator`` for the command line on the server."""
    kind: ActionKind
    target: str
    """The character (or account) name it was taken against."""
    target_account: AccountId | None
    room: str = ""
    reason: str = ""
    expires_at: dt.datetime | None = None
    item_id: str = ""
    """The queue item it answered, if any."""


@dataclass(frozen=True, slots=True)
class Restriction:
    """A mute, room ban, suspension or account ban in force."""

    account_id: AccountId
    kind: RestrictionKind
    room: str = ""
    """The room's name key, for mutes and room bans; empty otherwise."""
    expires_at: dt.datetime | None = None
    reason: str = ""
    action_id: str = ""

    def in_force(self, now: dt.datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


def reported_by(item: QueueItem, account_id: AccountId) -> bool:
    """Is ``item`` a report that ``account_id`` made?"""
    return item.kind is QueueKind.REPORT and item.reporter_account == account_id


def without_reporter(item: QueueItem) -> QueueItem:
    """``item`` (a report) once its reporter's account is erased: the reporter's account and
    character name are gone from the evidence, the summary and the lines they attached (where
    a line was to or from them); the subject, the reason and the lines themselves stay, so that
    moderators can still act on it."""
    name = item.evidence.get(REPORTER)
    evidence = {**item.evidence, REPORTER: ERASED}
    lines = item.evidence.get("lines")
    if isinstance(lines, list) and isinstance(name, str):
        evidence["lines"] = [_without_name(line, name) for line in lines]
    summary = item.summary
    if isinstance(name, str) and summary.startswith(f"{name} reports "):
        summary = ERASED + summary[len(name) :]
    return replace(item, evidence=evidence, summary=summary, reporter_account=None)


def _without_name(line: object, name: str) -> object:
    if not isinstance(line, dict):
        return line
    return {k: ERASED if k in LINE_NAMES and v == name else v for k, v in line.items()}


def is_staff(person: Person) -> bool:
    return person.role in (Role.MODERATOR, Role.OPERATOR)


def see_queue(person: Person) -> Decision:
    """May ``person`` read and resolve the moderators' queue? Server staff only."""
    return ALLOW if is_staff(person) else refuse(Reason.NOT_PERMITTED)


def admit_accounts(person: Person) -> Decision:
    """May ``person`` approve accounts waiting for approval and make invitation codes? Server
    staff only, as the operator at the command line may."""
    return ALLOW if is_staff(person) else refuse(Reason.NOT_PERMITTED)


def read_audit(person: Person) -> Decision:
    """May ``person`` read the audit log? Operators only; nobody may change it."""
    return ALLOW if person.role is Role.OPERATOR else refuse(Reason.NOT_PERMITTED)


def report(reporter: Person, subject: AccountId) -> Decision:
    """May ``reporter`` report a character of ``subject``? Anyone, about anyone else, blocks
    included: a block is often what comes right before a report."""
    if reporter.account_id == subject:
        return refuse(Reason.SELF)
    return ALLOW


def act(actor: Person, kind: ActionKind, target: Person, room: Room | None = None) -> Decision:
    """May ``actor`` take the action ``kind`` against ``target`` (in ``room``, for the actions
    that need one)?

    - Server operators act anywhere, on anyone but themselves.
    - Server moderators act anywhere, on members only (not on other staff).
    - A room's owner and moderators warn, mute, kick, ban from the room and clear those, in
      their room only, on members who are not server staff; the owner is out of reach, and a
      room moderator only within reach of the owner.
    """
    if actor.account_id == target.account_id:
        return refuse(Reason.SELF)
    if kind in NEEDS_ROOM and room is None:
        return refuse(Reason.NOT_IN_ROOM)
    if actor.role is Role.OPERATOR:
        return ALLOW
    if is_staff(target):
        return refuse(Reason.NOT_PERMITTED)
    if actor.role is Role.MODERATOR:
        return ALLOW
    if room is None or kind not in ROOM_ACTIONS or not room.is_manager(actor.account_id):
        return refuse(Reason.NOT_PERMITTED)
    if target.account_id == room.owner_id:
        return refuse(Reason.OWNER_PROTECTED)
    if target.account_id in room.moderator_ids and actor.account_id != room.owner_id:
        return refuse(Reason.MANAGER_PROTECTED)
    return ALLOW


def expiry_allowed(kind: ActionKind, expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    """An expiry is only for actions that last, and lies in the future."""
    if expires_at is None:
        return True
    return kind in EXPIRING and expires_at > now


def change_automod(person: Person) -> Decision:
    """May ``person`` add, change or remove automod rules? Operators only."""
    return ALLOW if person.role is Role.OPERATOR else refuse(Reason.NOT_PERMITTED)


def review_automod(person: Person) -> Decision:
    """May ``person`` read automod rules, test text against them and clear a false positive
    (which adds an exception to a rule)? Server moderators and operators."""
    if person.role in (Role.MODERATOR, Role.OPERATOR):
        return ALLOW
    return refuse(Reason.NOT_PERMITTED)


def remove_line(actor: Person, room: Room | None) -> Decision:
    """May ``actor`` remove someone else's line said in ``room`` (``None``: a direct message)?
    Server staff anywhere a room heard it, and a room's owner and moderators in their room.
    Nobody removes someone else's direct message: staff see those only when reported."""
    if room is None:
        return refuse(Reason.NOT_PERMITTED)
    if is_staff(actor) or room.is_manager(actor.account_id):
        return ALLOW
    return refuse(Reason.NOT_PERMITTED)
