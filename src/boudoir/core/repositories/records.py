"""The repositories of records: logs kept by consent, automod rules, and moderation (the
queue, the audit log, restrictions, the sealing key).

Protocols only; ``storage/`` and ``testing/fakes.py`` implement them. Imports ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from boudoir.domain.automod import Rule
from boudoir.domain.ids import AccountId
from boudoir.domain.moderation import (
    Action,
    QueueItem,
    QueueStatus,
    Resolution,
    Restriction,
    RestrictionKind,
)


@dataclass(frozen=True, slots=True)
class LogSegment:
    """One stretch of a room's log during which the same people were present, all consenting
    (``core.logs``). Only its ``readers`` may read its lines."""

    id: str
    room_name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    """None while it is still being written."""
    readers: frozenset[AccountId]


@dataclass(frozen=True, slots=True)
class LogLine:
    """One room message kept in a log segment."""

    message_id: str
    segment_id: str
    at: dt.datetime
    sender_account: AccountId
    sender_name: str
    kind: str
    """A ``MessageKind`` value (say, pose, ooc, notice)."""
    text: str


class LogRepository(Protocol):
    """Logs kept by consent: the only message text the store holds. Erasing an account
    deletes its lines and its place among readers; a segment nobody may read any more goes."""

    async def write(self, segments: Sequence[LogSegment], lines: Sequence[LogLine]) -> None:
        """Insert or update ``segments`` (their end; readers are set once, on insert), then
        insert ``lines``, in one transaction. Lines of an account erased meanwhile, and
        readers erased meanwhile, are skipped."""
        ...

    async def segments_for(self, reader: AccountId) -> list[LogSegment]:
        """The segments ``reader`` is among the readers of, oldest first."""
        ...

    async def segment(self, segment_id: str) -> LogSegment | None: ...

    async def line(self, message_id: str) -> LogLine | None: ...

    async def lines(
        self,
        reader: AccountId,
        *,
        segment_id: str | None = None,
        room_name: str | None = None,
        after: dt.datetime | None = None,
        before: dt.datetime | None = None,
        limit: int = 1000,
        newest: bool = False,
    ) -> list[LogLine]:
        """Lines of the segments ``reader`` may read (optionally one segment, or one room by
        name key), strictly between ``after`` and ``before``, oldest first: the first
        ``limit`` of them, or the last ``limit`` when ``newest``."""
        ...

    async def delete_line(self, message_id: str, sender: AccountId) -> bool:
        """Delete the line if ``sender`` sent it; whether one was deleted."""
        ...

    async def replace_text(self, message_id: str, sender: AccountId, text: str) -> bool:
        """Change the line's text if ``sender`` sent it (they edited it); whether one was."""
        ...


class AutomodRepository(Protocol):
    """Automod rules (``domain.automod.Rule``), oldest first. No message text: held messages
    live in the moderators' queue."""

    async def list_rules(self) -> list[Rule]: ...

    async def add_rule(self, rule: Rule, created_at: dt.datetime) -> None:
        """Insert. Raises ``NameTaken`` if a rule with that id exists."""
        ...

    async def update_rule(self, rule: Rule) -> None:
        """Replace every field but the id; does nothing if the rule is gone."""
        ...

    async def delete_rule(self, rule_id: str) -> bool:
        """Delete; whether there was such a rule."""
        ...


class ModerationRepository(Protocol):
    """The moderators' queue, the audit log (append-only: no method changes an entry),
    restrictions in force and the server's sealing key."""

    async def seal_key(self, new_key: bytes, created_at: dt.datetime) -> bytes:
        """The stored sealing key; ``new_key`` is stored and returned when there is none yet.
        Every node calling at once gets the same key."""
        ...

    async def add_item(self, item: QueueItem) -> None: ...

    async def get_item(self, item_id: str) -> QueueItem | None: ...

    async def list_items(self, status: QueueStatus | None, limit: int) -> list[QueueItem]:
        """Oldest first; every status when ``status`` is None."""
        ...

    async def reports_by(self, account_id: AccountId) -> list[QueueItem]:
        """The reports ``account_id`` made, oldest first."""
        ...

    async def resolve_item(
        self, item_id: str, resolution: Resolution, note: str, by: str, at: dt.datetime
    ) -> QueueItem | None:
        """Mark an open item resolved; the item as it is now, or None if there was no open
        item of that id (it was resolved meanwhile, or never existed)."""
        ...

    async def add_action(self, action: Action) -> None:
        """Append to the audit log."""
        ...

    async def list_actions(self, limit: int) -> list[Action]:
        """The audit log, newest first."""
        ...

    async def put_restriction(self, restriction: Restriction) -> None:
        """Insert, or replace the one of the same account, kind and room."""
        ...

    async def remove_restriction(
        self, account_id: AccountId, kind: RestrictionKind, room: str = ""
    ) -> bool:
        """Lift one; False if there was none."""
        ...

    async def restrictions_of(self, account_id: AccountId) -> list[Restriction]: ...

    async def restrictions(self, kind: RestrictionKind | None = None) -> list[Restriction]:
        """Every restriction of ``kind`` (of every kind when None), expired ones included."""
        ...
