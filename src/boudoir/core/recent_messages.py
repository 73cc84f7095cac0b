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
from collections import deque
from collections.abc import Callable, Iterable
from typing import Final, NamedTuple

from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    Event,
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


class Recent(NamedTuple):
    """What the server remembers of one message: never its text. A named tuple, built on the
    hot path: cheaper to make than a frozen dataclass."""

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


NEVER: Final = dt.datetime.min.replace(tzinfo=dt.UTC)
"""No horizon yet: the first insert looks."""

ChangeObserver = Callable[[MessageEdited | MessageDeleted], None]
"""Told of every message edited or deleted that this node learns of: decided here, or
delivered here from another node (a replay buffer of recent lines edits or drops its copy)."""


class RecentMessages:
    __slots__ = ("_clock", "_entries", "_horizon", "_order", "limit", "observers", "window")

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
        self._order: deque[tuple[dt.datetime, str]] = deque()
        """Ids in the order they came, with their time: the oldest leaves first (a deque,
        since removing a dict's first keys one by one makes finding the next one slow)."""
        self._horizon = NEVER
        """Until when nothing needs dropping (the oldest's time plus the window): the common
        insert compares one time and drops nothing."""
        self.observers: list[ChangeObserver] = []
        """Told of each change (``changed``), in order."""

    def use_window(self, seconds: float) -> None:
        """The operator's edit window (``edit_window_seconds``), set once at start."""
        self.window = dt.timedelta(seconds=seconds)
        self._horizon = NEVER

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
        order = self._order
        order.append((event.at, event.id))
        if event.at >= self._horizon or len(order) > self.limit:
            self._expire(event.at)

    def _expire(self, now: dt.datetime) -> None:
        """Drop a few of the oldest that are past the window (or past the count)."""
        order, entries = self._order, self._entries
        oldest = now - self.window
        for _ in range(EXPIRED_PER_INSERT):
            at, message_id = order[0]
            if at >= oldest and len(order) <= self.limit:
                self._horizon = at + self.window
                return
            order.popleft()
            entries.pop(message_id, None)
            if not order:
                self._horizon = NEVER
                return
        self._horizon = now  # maybe more to drop: look again on the next insert

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

    def delivered(
        self, events: Iterable[Event], account_of: Callable[[Event], AccountId | None]
    ) -> None:
        """Events another node decided and this node delivered to its connections: messages
        are remembered (``account_of`` names their sender's account), changes applied."""
        for event in events:
            if type(event) is RoomMessageSent or type(event) is DirectMessageSent:
                self.heard(event, account_of(event))
            elif type(event) is MessageEdited or type(event) is MessageDeleted:
                self.changed(event)

    def changed(self, event: MessageEdited | MessageDeleted) -> None:
        """A message was edited or deleted (here, or on another node that delivered it here):
        a deleted one is forgotten, and the observers are told. A node may be told of one
        change more than once (it delivers it to several of its connections in separate
        batches): observers take it again without harm."""
        if type(event) is MessageDeleted:
            self._entries.pop(event.id, None)
        for observer in self.observers:
            observer(event)
