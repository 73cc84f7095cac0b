"""The live room directory: how busy each room is (messages over the last minutes, counted
without keeping any text), and the browsers that watch the directory, told of each room that
changed at most once a second, as each of them may see it.

Who may see a room listed is ``consent.list_room``'s to say; this module only asks it, for each
watcher, each time a room changed. A watcher is told a room left its directory only when it had
been shown that room: the name of a room one may not see is never sent.

Imports ``boudoir.core`` (registry, ports) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable
from typing import Final

from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.domain import consent
from boudoir.domain.directory import ACTIVITY_MINUTES, DirectoryUpdated, RoomListing
from boudoir.domain.entities import Room
from boudoir.domain.events import DiceRolled, RoomMessageSent
from boudoir.domain.ids import AccountId, ConnectionId, RoomId
from boudoir.domain.names import name_key

logger = logging.getLogger(__name__)

PUSH_INTERVAL_SECONDS: Final = 1.0
"""The feed tells watchers of the rooms that changed once per this interval: a room busy with
arrivals, departures and speech costs each watcher at most one update a second."""

_Bucket = list[int]
"""[minute since the epoch, messages said in it]."""


_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MINUTE: Final = dt.timedelta(minutes=1)

Counted = tuple[RoomId, int, int]
"""A room, a minute since the epoch, and how many messages were said there in that minute."""


class Activity:
    """Messages said in each room per minute, over the last ``ACTIVITY_MINUTES``: a count and
    nothing else. At most ``ACTIVITY_MINUTES`` small buckets per room that spoke lately.

    On several nodes (``shared``), each node counts what was said through it, hands the
    minutes that changed to the others now and then (``fresh``), and adds theirs
    (``counted_elsewhere``): each minute's count is its whole so far, so one heard twice
    counts once."""

    def __init__(self) -> None:
        self._rooms: dict[RoomId, list[_Bucket]] = {}
        self.shared = False
        """Whether the counts are handed to other nodes (else nothing is kept for them)."""
        self._fresh: set[tuple[RoomId, int]] = set()
        self._elsewhere: dict[RoomId, dict[tuple[str, int], int]] = {}
        """Each room's counts from each other node, by (node, minute)."""
        self._minute = 0
        self._minute_starts = self._minute_ends = _EPOCH
        """The minute of the last message heard and when it starts and ends: the next message
        is nearly always in the same minute, which two comparisons tell."""

    def heard(self, room: RoomId, at: dt.datetime) -> None:
        if self._minute_starts <= at < self._minute_ends:
            minute = self._minute
        else:
            minute = self._minute = int(at.timestamp()) // 60
            self._minute_starts = _EPOCH + dt.timedelta(minutes=minute)
            self._minute_ends = self._minute_starts + _MINUTE
        if self.shared:
            self._fresh.add((room, minute))
        buckets = self._rooms.get(room)
        if buckets is None:
            buckets = self._rooms[room] = []
        elif buckets[-1][0] == minute:
            buckets[-1][1] += 1  # a count in place: nothing made
            return
        buckets.append([minute, 1])
        if len(buckets) > ACTIVITY_MINUTES:
            del buckets[0]

    def recent(self, room: RoomId, now: dt.datetime) -> int:
        """Messages said in ``room`` over the last ``ACTIVITY_MINUTES`` minutes (the current
        minute included), through every node."""
        oldest = int(now.timestamp()) // 60 - ACTIVITY_MINUTES + 1
        total = 0
        buckets = self._rooms.get(room)
        if buckets:
            while buckets and buckets[0][0] < oldest:
                del buckets[0]
            if not buckets:
                del self._rooms[room]
            total = sum(count for _, count in buckets)
        elsewhere = self._elsewhere.get(room)
        if elsewhere:
            for key in [key for key in elsewhere if key[1] < oldest]:
                del elsewhere[key]
            if not elsewhere:
                del self._elsewhere[room]
            total += sum(elsewhere.values())
        return total

    def fresh(self) -> tuple[Counted, ...]:
        """The minutes counted here since the last call, each with its whole count."""
        fresh, self._fresh = self._fresh, set()
        return tuple(
            (room, minute, count)
            for room, minute in sorted(fresh)
            for at, count in self._rooms.get(room, ())
            if at == minute
        )

    def own(self) -> tuple[Counted, ...]:
        """Every minute counted here still kept (for a node that joins late)."""
        return tuple(
            (room, minute, count)
            for room, buckets in sorted(self._rooms.items())
            for minute, count in buckets
        )

    def counted_elsewhere(self, node: str, counts: Iterable[Counted]) -> None:
        """``node``'s counts, each minute's whole so far; minutes older than the window are
        forgotten, in every room, as newer ones come."""
        newest = 0
        for room, minute, count in counts:
            self._elsewhere.setdefault(room, {})[node, minute] = count
            newest = max(newest, minute)
        oldest = newest - ACTIVITY_MINUTES + 1
        for room, elsewhere in list(self._elsewhere.items()):
            for key in [key for key in elsewhere if key[1] < oldest]:
                del elsewhere[key]
            if not elsewhere:
                del self._elsewhere[room]


def owner_blocked(registry: Registry, viewer: Connection, room: Room) -> bool:
    """A block stands between ``viewer``'s account and ``room``'s owner, either way."""
    return room.owner_id in registry.blocked.get(viewer.account.id, ())


class DirectoryFeed:
    """The browsers watching the directory (``watch``), and the rooms changed since they were
    last told (``touch``); ``run`` tells them, ``flush`` once."""

    def __init__(self, registry: Registry, clock: Clock) -> None:
        self._registry = registry
        self._clock = clock
        self.activity = Activity()
        self._shown: dict[ConnectionId, tuple[Connection, set[RoomId]]] = {}
        """Each watcher, with the rooms its directory shows."""
        self._changed: dict[RoomId, LiveRoom] = {}
        self._wake = asyncio.Event()

    def watch(self, connection: Connection, shown: Iterable[RoomId]) -> None:
        """``connection`` was just sent the directory, showing ``shown``: tell it of changes."""
        self._shown[connection.id] = (connection, set(shown))

    def unwatch(self, connection: Connection) -> None:
        self._shown.pop(connection.id, None)

    @property
    def watched(self) -> bool:
        """Someone watches the directory (else changes are not even noted)."""
        return bool(self._shown)

    def touch(self, live: LiveRoom) -> None:
        """``live`` changed (its members, settings, topic or activity): tell the watchers."""
        if not self._shown:
            return
        self._changed[live.room.id] = live
        self._wake.set()

    def membership_changed(self, live: LiveRoom, _connection: Connection | None, _: bool) -> None:
        """A ``MembershipObserver``: someone arrived in or left ``live``."""
        self.touch(live)

    def heard(self, live: LiveRoom, event: RoomMessageSent | DiceRolled) -> None:
        """A ``SpeechObserver``: something was said (or rolled) in ``live`` (at the message's
        own time: no second reading of the clock on the hot path)."""
        self.activity.heard(live.room.id, event.at)
        if self._shown:
            self.touch(live)

    def touch_between(self, a: AccountId, b: AccountId) -> None:
        """A block between ``a`` and ``b`` was made or lifted: the open rooms either owns may
        show or hide, and the counts of those either is in change."""
        accounts = (a, b)
        present = {
            room
            for account in accounts
            for connection in self._registry.by_account.get(account, ())
            for room in connection.rooms
        }
        for live in self._registry.rooms.values():
            if live.room.owner_id in accounts or live.room.id in present:
                self.touch(live)

    async def run(self) -> None:
        """Tell the watchers of changed rooms, at most once per ``PUSH_INTERVAL_SECONDS``."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                self.flush()
            except Exception:
                # A bug in one update must not stop the server; the next change tries again.
                logger.exception("telling the directory's watchers failed")
            await asyncio.sleep(PUSH_INTERVAL_SECONDS)

    def flush(self) -> None:
        """Tell every watcher of each room changed since the last flush, as it may see it.
        Watchers who see a room alike are handed the same event, one after the other, so that
        each gateway renders it once (``gateways.variants``) rather than once per watcher."""
        changed, self._changed = self._changed, {}
        if not changed:
            return
        now = self._clock()
        watchers = []
        for connection_id, (connection, shown) in list(self._shown.items()):
            if self._registry.connections.get(connection_id) is connection:
                watchers.append((connection, shown))
            else:
                del self._shown[connection_id]  # logged out: nobody to tell
        for room_id, live in changed.items():
            room = live.room
            gone = DirectoryUpdated(now, room.name, None)
            last: DirectoryUpdated = gone
            for connection, shown in watchers:
                member = room_id in connection.rooms
                blocked = owner_blocked(self._registry, connection, room)
                if consent.list_room(connection.person, room, member=member, owner_blocked=blocked):
                    shown.add(room_id)
                    listing = listing_of(self._registry, self.activity, connection, live, now)
                    if listing != last.listing:
                        last = DirectoryUpdated(now, room.name, listing)
                    connection.session.deliver(last)
                elif room_id in shown:
                    shown.discard(room_id)
                    connection.session.deliver(gone)


def listing_of(
    registry: Registry, activity: Activity, viewer: Connection, live: LiveRoom, now: dt.datetime
) -> RoomListing:
    """``live`` as ``viewer``'s directory lists it: only the people it may see (not across a
    block), the topic hidden when the viewer blocks who set it (``consent.shown_as_written``)."""
    room = live.room
    me = viewer.account.id
    people = sorted(
        (
            next(iter(conns)).character.name
            for conns in live.members.values()
            if not registry.blocks(me, next(iter(conns)).account.id)
        ),
        key=name_key,
    )
    blocking = registry.blocking.get(me, ())
    hidden = bool(room.topic) and not consent.shown_as_written(me, live.topic_author, blocking)
    return RoomListing(
        room.name,
        room.rating,
        "" if hidden else room.topic,
        hidden,
        len(people),
        tuple(people),
        room.tags,
        activity.recent(room.id, now),
    )
