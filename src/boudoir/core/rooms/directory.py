"""Finding rooms and who is in them: the directory (as a connection or any account may see
it), a room by name, and its members as a viewer may see them.

Imports ``boudoir.core`` (rooms.base, authored, registry) and ``boudoir.domain``.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Final

from boudoir.core.authored import listed
from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms.base import RoomBase
from boudoir.core.rooms.feed import owner_blocked
from boudoir.domain import consent
from boudoir.domain.entities import Account, Room, Status
from boudoir.domain.events import CharacterRef
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.names import name_key

_NOBODY: Final[frozenset[AccountId]] = frozenset()


@dataclass(frozen=True, slots=True)
class RoomListing:
    room: Room
    members: int
    """Characters present that the viewer may see."""
    people: tuple[str, ...] = ()
    """Their names, by name key (filled by ``directory_for``)."""
    topic_hidden: bool = False
    """The viewer blocks who set the topic: ``room.topic`` is empty (``core.authored``)."""
    activity: int = 0
    """Messages said there lately (``feed.Activity``)."""


@dataclass(frozen=True, slots=True)
class Member:
    character: CharacterRef
    status: Status
    manager: bool
    """The room's owner or one of its moderators."""
    voiced: bool
    """Given a voice: may speak when the room is moderated."""
    owner: bool


class RoomDirectory(RoomBase):
    async def find(self, name: str) -> Room:
        """A room by name, live or stored."""
        return await self._load(name)

    async def directory(self, connection: Connection) -> list[RoomListing]:
        """The rooms this person may see listed, with how many people are in each."""
        listings = []
        me = connection.account.id
        blocking = self._registry.blocking.get(me, set())
        now = self._clock()
        for room in await self._store.rooms.list_all():
            live = self._registry.rooms.get(room.id)
            if live is not None:
                room = live.room
            member = room.id in connection.rooms
            blocked = owner_blocked(self._registry, connection, room)
            if not consent.list_room(connection.person, room, member=member, owner_blocked=blocked):
                continue
            members = len(self.members(connection, room.name, live))
            shown, hidden = await listed(self._store, self._registry, me, room, blocking)
            activity = self.feed.activity.recent(room.id, now)
            listings.append(RoomListing(shown, members, topic_hidden=hidden, activity=activity))
        return listings

    async def directory_for(self, account: Account) -> list[RoomListing]:
        """The directory as ``account`` may see it, whether or not it is connected: the same
        rules as ``directory`` (a room any of its characters is in is listed too), with the
        names of the characters present that it may see (blocked people are absent)."""
        mine = {r for c in self._registry.by_account.get(account.id, ()) for r in c.rooms}
        if account.id in self._registry.by_account:
            blocked = self._registry.blocked.get(account.id, set())
            blocking = self._registry.blocking.get(account.id, set())
        else:
            blocked = await self._store.relations.blocked_either_way(account.id)
            blocking = set(await self._store.relations.blocks_by(account.id))
        person = consent.Person.of(account)
        listings = []
        now = self._clock()
        for room in await self._store.rooms.list_all():
            live = self._registry.rooms.get(room.id)
            if live is not None:
                room = live.room
            member = room.id in mine
            if not consent.list_room(
                person, room, member=member, owner_blocked=room.owner_id in blocked
            ):
                continue
            people: list[str] = []
            if live is not None:
                for conns in live.members.values():
                    some = next(iter(conns))
                    if some.account.id not in blocked:
                        people.append(some.character.name)
            people.sort(key=name_key)
            shown, hidden = await listed(self._store, self._registry, account.id, room, blocking)
            activity = self.feed.activity.recent(room.id, now)
            listings.append(RoomListing(shown, len(people), tuple(people), hidden, activity))
        return listings

    async def relist_between(self, a: AccountId, b: AccountId) -> None:
        """A block between ``a`` and ``b`` was made or lifted: the directory's watchers are
        told again of the rooms either owns (open or not) and of those either is in."""
        self.feed.touch_between(a, b)
        if not self.feed.watched:
            return
        for room in await self._store.rooms.list_all():
            if room.owner_id in (a, b) and room.id not in self._registry.rooms:
                self.feed.touch(LiveRoom(room))

    def seen(self, connection: Connection, name: str) -> LiveRoom | None:
        """The open room named ``name`` (in any case) if this person may see who is in it:
        they are in it, or it is listed for them. Replies name it as it is spelt."""
        key = name_key(name.removeprefix("#"))
        live = next(
            (r for r in self._registry.rooms.values() if name_key(r.room.name) == key), None
        )
        if live is None:
            return None
        if live.room.id not in connection.rooms and not consent.list_room(
            connection.person,
            live.room,
            member=False,
            owner_blocked=owner_blocked(self._registry, connection, live.room),
        ):
            return None
        return live

    def members(
        self, connection: Connection, name: str, live: LiveRoom | None = None
    ) -> list[Member]:
        """Who is in a room, as this person may see them (blocked people are absent)."""
        if live is None:
            live = self.seen(connection, name)
            if live is None:
                return []
        members = []
        for character_id, conns in live.members.items():
            some = next(iter(conns))
            if self._registry.blocks(connection.account.id, some.account.id):
                continue
            members.append(self._member(live, character_id, some))
        members.sort(key=lambda m: name_key(m.character.name))
        return members

    def some_members(
        self, connection: Connection, live: LiveRoom, limit: int
    ) -> tuple[list[Member], int]:
        """At most ``limit`` of the others in ``live`` (everyone but ``connection``'s own
        character) that this person may see, the latest arrivals, in name order; and how many
        others it may see in all. Blocked people are neither named nor counted, either way.

        A look in a crowded room asks this on every arrival: it costs the people named and the
        viewer's blocks, not the room's size (``live.members`` keeps the order of arrival)."""
        me = connection.character.id
        blocked = self._registry.blocked.get(connection.account.id) or _NOBODY
        others = len(live.members) - (me in live.members)
        if blocked:
            others -= self._blocked_here(live, blocked, me)
        shown: list[Member] = []
        if limit > 0:
            for character_id in reversed(live.members):
                if character_id == me:
                    continue
                some = next(iter(live.members[character_id]))
                if some.account.id in blocked:
                    continue
                shown.append(self._member(live, character_id, some))
                if len(shown) >= limit:
                    break
        shown.sort(key=lambda m: name_key(m.character.name))
        return shown, others

    def _blocked_here(
        self, live: LiveRoom, blocked: AbstractSet[AccountId], me: CharacterId
    ) -> int:
        """How many characters in ``live`` other than ``me`` belong to an account of
        ``blocked``: by the blocked accounts' connections, or by the room when it is smaller."""
        members = live.members
        if len(blocked) >= len(members):
            return sum(
                1
                for character_id, conns in members.items()
                if character_id != me and next(iter(conns)).account.id in blocked
            )
        present = {
            conn.character.id
            for account in blocked
            for conn in self._registry.by_account.get(account, ())
            if conn.character.id in members
        }
        present.discard(me)
        return len(present)

    def _member(self, live: LiveRoom, character_id: CharacterId, some: Connection) -> Member:
        presence = self._registry.presence.get(character_id)
        return Member(
            some.ref,
            presence.status if presence else Status.ONLINE,
            manager=live.room.is_manager(some.account.id),
            voiced=character_id in live.voiced,
            owner=some.account.id == live.room.owner_id,
        )
