"""The index of recent messages: who said which message, where and when, for the edit window.

The server keeps no message text; to let a sender edit or delete their own line, and a
moderator remove one, each node keeps, for every message it delivered in the last
``window`` (at most ``MAX_RECENT`` of them), its id, sender, place and time. On the hot path
that is one tuple appended to a ring, oldest first, the expired ones dropped a few at a time
as new ones arrive; the index by id is made only when an edit or a deletion needs it, for the
messages heard since it was last made (most lines are never edited, so most are never
indexed). A node fills it from what it says itself and from what it delivers for other nodes
(``ClusterNode``), so a message said on another node can be edited or removed here.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable
from itertools import islice
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


_Heard = tuple[
    str, dt.datetime, CharacterRef, AccountId | None, MessageKind, RoomRef | None,
    CharacterRef | None, str,
]  # fmt: skip
"""A message as the ring keeps it: its id, then ``Recent``'s fields in order (a plain tuple,
the cheapest record to build on the hot path)."""

NEVER: Final = dt.datetime.min.replace(tzinfo=dt.UTC)
"""No horizon yet: the first insert looks."""

ChangeObserver = Callable[[MessageEdited | MessageDeleted], None]
"""Told of every message edited or deleted that this node learns of: decided here, or
delivered here from another node (a replay buffer of recent lines edits or drops its copy)."""


class RecentMessages:
    __slots__ = (
        "_clock", "_entries", "_heard", "_horizon", "_indexed", "_ring", "limit", "observers",
        "window",
    )  # fmt: skip

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        window: float = EDIT_WINDOW_SECONDS,
        limit: int = MAX_RECENT,
    ) -> None:
        self._clock = clock
        self.window = dt.timedelta(seconds=window)
        self.limit = limit
        self._ring: deque[_Heard] = deque()
        """The messages in the order they came: the oldest leaves first."""
        self._heard = 0
        """Messages put in the ring so far."""
        self._indexed = 0
        """Of those, how many the index has seen: the ring's last ``_heard - _indexed`` are
        not in it yet."""
        self._entries: dict[str, _Heard] = {}
        """The index by id, made on demand (``_index``)."""
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
        """Messages remembered (one delivered here twice counts twice until it expires)."""
        return len(self._ring)

    def heard(self, event: RoomMessageSent | DirectMessageSent, account: AccountId | None) -> None:
        """Remember ``event`` (said here, or delivered here for another node)."""
        at = event.at
        if isinstance(event, RoomMessageSent):
            room: RoomRef | None = event.room
            place = event.room.name
        else:
            room, place = None, event.recipient.name
        ring = self._ring
        ring.append((event.id, at, event.sender, account, event.kind, room, event.recipient, place))
        self._heard += 1
        if at >= self._horizon or len(ring) > self.limit:
            self._expire(at)

    def _expire(self, now: dt.datetime) -> None:
        """Drop a few of the oldest that are past the window (or past the count)."""
        ring, entries = self._ring, self._entries
        oldest = now - self.window
        for _ in range(EXPIRED_PER_INSERT):
            first = ring[0]
            if first[1] >= oldest and len(ring) <= self.limit:
                self._horizon = first[1] + self.window
                return
            ring.popleft()
            if entries:
                entries.pop(first[0], None)
            if not ring:
                self._horizon = NEVER
                return
        self._horizon = now  # maybe more to drop: look again on the next insert

    def _index(self) -> None:
        """Index the messages heard since the last time (those still in the ring)."""
        fresh = min(self._heard - self._indexed, len(self._ring))
        self._indexed = self._heard
        entries = self._entries
        # Newest first, so that of a message heard twice the first one stays.
        for heard in islice(reversed(self._ring), fresh):
            entries[heard[0]] = heard

    def find(self, message_id: str) -> Recent | None:
        """The message, while it is in the window."""
        if self._indexed != self._heard:
            self._index()
        entry = self._entries.get(message_id)
        if entry is None:
            return None
        if self._clock() - entry[1] > self.window:
            del self._entries[message_id]
            return None
        return Recent(*entry[1:])

    def forget(self, message_id: str) -> None:
        if self._indexed != self._heard:
            self._index()  # else indexing later would bring it back
        self._entries.pop(message_id, None)

    def delivered(
        self, events: Iterable[Event], account_of: Callable[[Event], AccountId | None]
    ) -> None:
        """Events another node decided and this node delivered to its connections: messages
        are remembered (``account_of`` names their sender's account), changes applied."""
        previous: Event | None = None
        for event in events:
            if event is previous:
                continue  # the same event for another class of session here
            previous = event
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
            self.forget(event.id)
        for observer in self.observers:
            observer(event)
