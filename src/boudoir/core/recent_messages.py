"""The index of recent messages: who said which message, where and when, for the edit window.

The server keeps no message text; to let a sender edit or delete their own line, and a
moderator remove one, each node keeps, for every message it delivered in the last
``window`` (at most ``MAX_RECENT`` of them), its id, sender, place and time: one dict
insert per message on the hot path, and the expired ones dropped a few at a time as new ones
arrive. A node fills it from what it says itself and from what it delivers for other nodes
(``ClusterNode``), so a message said on another node can be edited or removed here.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    MessageDeleted,
    MessageEdited,
    MessageKind,
    RoomMessageSent,
    RoomRef,
)
from boudoir.domain.ids import AccountId

EDIT_WINDOW_SECONDS: Final = 600.0
"""How long one may edit or delete one's own message, by default: ten minutes catch a typo
or a line sent to the wrong room, and a conversation has moved on long before."""
MAX_RECENT: Final = 200_000
"""Messages remembered at most: about 200 bytes each with their refs shared, some 40 MB at
worst; a busier server forgets the oldest before their window ends."""
EXPIRED_PER_INSERT: Final = 2
"""Expired entries dropped with each new one: more than one, so the index shrinks when the
traffic falls, and few, so no message pays for a sweep."""


@dataclass(frozen=True, slots=True)
class Recent:
    """What the server remembers of one message: never its text."""

    at: dt.datetime
    sender: CharacterRef
    account: AccountId | None
    """The sender's account, when this node knows it (for the log, whose lines are by
    account)."""
    kind: MessageKind
    room: RoomRef | None
    recipient: CharacterRef | None
    place: str
    """The room's name, or a direct message's recipient's: what its seal covers."""


ChangeObserver = Callable[[MessageEdited | MessageDeleted], None]
"""Told of every message edited or deleted that this node learns of: decided here, or
delivered here from another node (a replay buffer of recent lines edits or drops its copy)."""


class RecentMessages:
    __slots__ = ("_clock", "_entries", "limit", "observers", "window")

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        window: float = EDIT_WINDOW_SECONDS,
        limit: int = MAX_RECENT,
    ) -> None:
        self._clock = clock
        self.window = dt.timedelta(seconds=window)
        self.limit = limit
        self._entries: dict[str, Recent] = {}
        self.observers: list[ChangeObserver] = []
        """Told of each change (``changed``), in order."""

    def use_window(self, seconds: float) -> None:
        """The operator's edit window (``edit_window_seconds``), set once at start."""
        self.window = dt.timedelta(seconds=seconds)

    def __len__(self) -> int:
        return len(self._entries)

    def heard(self, event: RoomMessageSent | DirectMessageSent, account: AccountId | None) -> None:
        """Remember ``event`` (said here, or delivered here for another node)."""
        entries = self._entries
        if event.id in entries:
            return  # the same message delivered here again (to another connection)
        if isinstance(event, RoomMessageSent):
            room: RoomRef | None = event.room
            place = event.room.name
        else:
            room, place = None, event.recipient.name
        entries[event.id] = Recent(
            event.at, event.sender, account, event.kind, room, event.recipient, place
        )
        self._expire(event.at)

    def _expire(self, now: dt.datetime) -> None:
        entries = self._entries
        oldest = now - self.window
        for _ in range(EXPIRED_PER_INSERT):
            first = next(iter(entries), None)
            if first is None:
                return
            if entries[first].at >= oldest and len(entries) <= self.limit:
                return
            del entries[first]

    def find(self, message_id: str) -> Recent | None:
        """The message, while it is in the window."""
        entry = self._entries.get(message_id)
        if entry is None:
            return None
        if self._clock() - entry.at > self.window:
            del self._entries[message_id]
            return None
        return entry

    def forget(self, message_id: str) -> None:
        self._entries.pop(message_id, None)

    def changed(self, event: MessageEdited | MessageDeleted) -> None:
        """A message was edited or deleted (here, or on another node that delivered it here):
        a deleted one is forgotten, and the observers are told. A node may be told of one
        change more than once (it delivers it to several of its connections in separate
        batches): observers take it again without harm."""
        if type(event) is MessageDeleted:
            self._entries.pop(event.id, None)
        for observer in self.observers:
            observer(event)
