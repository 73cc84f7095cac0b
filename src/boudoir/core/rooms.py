"""Rooms: create, join, leave, topic, invitations, bans, the directory and who is here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from boudoir.core.naming import room_skeleton
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.text import has_control_characters
from boudoir.domain import consent
from boudoir.domain.entities import MAX_TOPIC, Room, RoomVisibility, Status
from boudoir.domain.errors import (
    AlreadyInRoom,
    ConsentRefused,
    InvalidInput,
    NotFound,
    NotInRoom,
)
from boudoir.domain.events import (
    CharacterRef,
    MemberJoined,
    MemberLeft,
    RoomInvitationReceived,
    TopicChanged,
)
from boudoir.domain.ids import AccountId, new_room_id
from boudoir.domain.names import name_key, validate_room_name
from boudoir.domain.ratings import Rating

MAX_ROOMS_PER_CONNECTION = 50
"""Also the CHANLIMIT the IRC gateway announces."""
MAX_ROOM_DESCRIPTION = 4000


def refused(decision: consent.Decision) -> ConsentRefused:
    reason = decision.reason or consent.Reason.NOT_PERMITTED
    return ConsentRefused(reason.value, reason.message)


@dataclass(frozen=True, slots=True)
class RoomListing:
    room: Room
    members: int
    """Characters present that the viewer may see."""


@dataclass(frozen=True, slots=True)
class Member:
    character: CharacterRef
    status: Status
    manager: bool


class RoomService:
    def __init__(self, store: Store, registry: Registry, clock: Clock) -> None:
        self._store = store
        self._registry = registry
        self._clock = clock

    async def _load(self, name: str) -> Room:
        validate_room_name(name)
        key = name_key(name.removeprefix("#"))
        for live in self._registry.rooms.values():
            if name_key(live.room.name) == key:
                return live.room
        room = await self._store.rooms.find_by_name(name.removeprefix("#"))
        if room is None:
            raise NotFound(f"There is no room named {name!r}.")
        return room

    def live(self, connection: Connection, name: str) -> LiveRoom:
        """A room ``connection`` is in, by name."""
        key = name_key(name.removeprefix("#"))
        for room_id in connection.rooms:
            live = self._registry.rooms[room_id]
            if name_key(live.room.name) == key:
                return live
        raise NotInRoom(f"You are not in {name!r}.")

    async def create(
        self,
        connection: Connection,
        name: str,
        *,
        rating: Rating = Rating.GENERAL,
        visibility: RoomVisibility = RoomVisibility.PUBLIC,
        topic: str = "",
        description: str = "",
        member_limit: int | None = None,
    ) -> Room:
        name = validate_room_name(name)
        decision = consent.enter_rating(connection.person, rating)
        if not decision:
            raise refused(decision)
        if member_limit is not None and member_limit < 2:
            raise InvalidInput("A member limit is at least 2.")
        room = Room(
            id=new_room_id(),
            name=name,
            owner_id=connection.account.id,
            created_at=self._clock(),
            rating=rating,
            visibility=visibility,
            topic=_topic(topic),
            description=_description(description),
            member_limit=member_limit,
        )
        # The store refuses a look-alike of another room's name ("AIice" for "Alice").
        await self._store.rooms.add(room, room_skeleton(name))
        return room

    async def join(self, connection: Connection, name: str, *, create: bool = False) -> LiveRoom:
        """Enter a room (creating it first, as its owner, if ``create`` and it does not exist)."""
        try:
            room = await self._load(name)
        except NotFound:
            if not create:
                raise
            room = await self.create(connection, name)
        live = self._registry.rooms.get(room.id)
        if room.id in connection.rooms:
            raise AlreadyInRoom(f"You are already in {room.name}.")
        if len(connection.rooms) >= MAX_ROOMS_PER_CONNECTION:
            raise InvalidInput(f"You can be in at most {MAX_ROOMS_PER_CONNECTION} rooms at once.")
        members = len(live.members) if live is not None else 0
        already_here = live is not None and connection.character.id in live.members
        invited = connection.account.id in self._registry.invited.get(room.id, ())
        decision = consent.join_room(connection.person, room, invited=invited, members=members)
        if not decision and not already_here:
            raise refused(decision)
        if live is None:
            live = self._registry.rooms[room.id] = LiveRoom(room)
        if invited:
            # An invitation lets its holder in once, as IRC's INVITE does.
            self._registry.invited[room.id].discard(connection.account.id)
        connection.rooms.add(room.id)
        conns = live.members.setdefault(connection.character.id, set())
        conns.add(connection)
        if len(conns) == 1:
            event = MemberJoined(self._clock(), live.ref, connection.ref)
            self._send_visible(live, connection, event)
        return live

    def _send_visible(
        self, live: LiveRoom, subject: Connection, event: MemberJoined | MemberLeft
    ) -> None:
        """Tell the room's other characters about ``subject``, except across a block."""
        subject_account = subject.account.id
        for character_id, conns in live.members.items():
            if character_id == subject.character.id:
                continue
            for conn in conns:
                if not self._registry.blocks(conn.account.id, subject_account):
                    conn.session.deliver(event)

    def leave(self, connection: Connection, name: str, reason: str = "") -> None:
        self._leave(connection, self.live(connection, name), reason)

    def leave_all(self, connection: Connection, reason: str = "") -> None:
        for room_id in list(connection.rooms):
            self._leave(connection, self._registry.rooms[room_id], reason)

    def _leave(self, connection: Connection, live: LiveRoom, reason: str) -> None:
        connection.rooms.discard(live.room.id)
        conns = live.members.get(connection.character.id)
        if conns is not None:
            conns.discard(connection)
            if not conns:
                del live.members[connection.character.id]
                event = MemberLeft(self._clock(), live.ref, connection.ref, reason)
                self._send_visible(live, connection, event)
        if not live.members:
            del self._registry.rooms[live.room.id]
            self._registry.invited.pop(live.room.id, None)

    def _remove(
        self, connection: Connection, live: LiveRoom, reason: str, shown: str | None = None
    ) -> None:
        """Take ``connection`` out of a room it did not choose to leave, and tell it why (those
        who leave by themselves are not sent their own departure: their gateway echoes it).
        The others see ``shown`` as the reason, by default the same."""
        connection.session.deliver(MemberLeft(self._clock(), live.ref, connection.ref, reason))
        self._leave(connection, live, reason if shown is None else shown)

    def enforce_ratings(self, connection: Connection) -> None:
        """Take ``connection`` out of the rooms its account may no longer enter (a rating
        withdrawn, an attestation revoked): consent withdrawn holds at once. The others see a
        plain departure; why is nobody's business."""
        for room_id in sorted(connection.rooms):
            live = self._registry.rooms[room_id]
            decision = consent.enter_rating(connection.person, live.room.rating)
            if not decision:
                self._remove(connection, live, refused(decision).message, shown="")

    def close_owned_by(self, account_id: AccountId, reason: str) -> None:
        """The rooms of an erased account are gone: whoever is still in one is told they are
        out of it (no one is told of anyone else leaving: the room is gone for all)."""
        for live in [r for r in self._registry.rooms.values() if r.room.owner_id == account_id]:
            now = self._clock()
            for connection in live.connections():
                connection.session.deliver(MemberLeft(now, live.ref, connection.ref, reason))
                connection.rooms.discard(live.room.id)
            del self._registry.rooms[live.room.id]
            self._registry.invited.pop(live.room.id, None)

    def hide_pair(self, a: AccountId, b: AccountId) -> None:
        """Before a block: in every room both are in, each sees the other's characters leave."""
        self._tell_pair(a, b, MemberLeft)

    def show_pair(self, a: AccountId, b: AccountId) -> None:
        """After a block is lifted: in every room both are in, each sees the other's characters
        join, as if they had just arrived."""
        self._tell_pair(a, b, MemberJoined)

    def _tell_pair(
        self, a: AccountId, b: AccountId, kind: type[MemberJoined] | type[MemberLeft]
    ) -> None:
        now = self._clock()
        rooms = {r for c in self._registry.by_account.get(a, ()) for r in c.rooms}
        for room_id in sorted(rooms):
            live = self._registry.rooms[room_id]
            for viewer_account, subject_account in ((a, b), (b, a)):
                viewers = [c for c in live.connections() if c.account.id == viewer_account]
                for conns in live.members.values():
                    subject = next(iter(conns))
                    if subject.account.id == subject_account:
                        self._registry.send(viewers, kind(now, live.ref, subject.ref))

    async def set_topic(self, connection: Connection, name: str, topic: str) -> TopicChanged:
        live = self.live(connection, name)
        decision = consent.manage_room(connection.person, live.room)
        if not decision:
            raise refused(decision)
        live.room = dataclasses.replace(live.room, topic=_topic(topic))
        await self._store.rooms.update(live.room)
        event = TopicChanged(self._clock(), live.ref, live.room.topic, connection.ref)
        self._registry.send(live.connections(), event)
        return event

    async def invite(self, connection: Connection, name: str, invitee_name: str) -> None:
        """Invite someone into a room (needed for private rooms). Refusals never say why."""
        live = self.live(connection, name)
        if live.room.visibility is RoomVisibility.PRIVATE:
            decision = consent.manage_room(connection.person, live.room)
            if not decision:
                raise refused(decision)
        targets = [
            c
            for c in self._registry.online_characters()
            if name_key(c.character.name) == name_key(invitee_name)
        ]
        target = targets[0] if targets else None
        ties = (
            self._registry.ties(connection.account.id, target.account.id)
            if target is not None
            else consent.NO_TIES
        )
        decision = consent.invite(
            connection.person,
            target.person if target is not None else connection.person,
            ties,
            rating=live.room.rating,
            online=target is not None,
        )
        if not decision or target is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        self._registry.invited.setdefault(live.room.id, set()).add(target.account.id)
        event = RoomInvitationReceived(self._clock(), live.ref, connection.ref)
        self._registry.send(self._registry.character_connections(target.character.id), event)

    async def ban(self, connection: Connection, name: str, character_name: str) -> None:
        """Ban the account behind a character (all its characters) and remove it from the room."""
        live = self.live(connection, name)
        decision = consent.manage_room(connection.person, live.room)
        if not decision:
            raise refused(decision)
        target = await self._store.characters.find_by_name(character_name)
        if target is None:
            raise NotFound(f"No character is named {character_name!r}.")
        if live.room.is_manager(target.account_id):
            raise InvalidInput("Remove their moderator role first.")
        live.room = dataclasses.replace(
            live.room, banned_ids=live.room.banned_ids | {target.account_id}
        )
        await self._store.rooms.update(live.room)
        for conn in list(self._registry.by_account.get(target.account_id, ())):
            if live.room.id in conn.rooms:
                self._remove(conn, live, "banned")

    async def unban(self, connection: Connection, name: str, character_name: str) -> None:
        live = self.live(connection, name)
        decision = consent.manage_room(connection.person, live.room)
        if not decision:
            raise refused(decision)
        target = await self._store.characters.find_by_name(character_name)
        if target is None:
            raise NotFound(f"No character is named {character_name!r}.")
        live.room = dataclasses.replace(
            live.room, banned_ids=live.room.banned_ids - {target.account_id}
        )
        await self._store.rooms.update(live.room)

    async def directory(self, connection: Connection) -> list[RoomListing]:
        """The rooms this person may see listed, with how many people are in each."""
        listings = []
        for room in await self._store.rooms.list_all():
            live = self._registry.rooms.get(room.id)
            if live is not None:
                room = live.room
            if not consent.list_room(connection.person, room, member=room.id in connection.rooms):
                continue
            listings.append(RoomListing(room, len(self.members(connection, room.name, live))))
        return listings

    def members(
        self, connection: Connection, name: str, live: LiveRoom | None = None
    ) -> list[Member]:
        """Who is in a room, as this person may see them (blocked people are absent)."""
        if live is None:
            key = name_key(name.removeprefix("#"))
            live = next(
                (r for r in self._registry.rooms.values() if name_key(r.room.name) == key), None
            )
            if live is None:
                return []
            if live.room.id not in connection.rooms and not consent.list_room(
                connection.person, live.room, member=False
            ):
                return []
        members = []
        for character_id, conns in live.members.items():
            some = next(iter(conns))
            if self._registry.blocks(connection.account.id, some.account.id):
                continue
            presence = self._registry.presence.get(character_id)
            members.append(
                Member(
                    some.ref,
                    presence.status if presence else Status.ONLINE,
                    live.room.is_manager(some.account.id),
                )
            )
        members.sort(key=lambda m: name_key(m.character.name))
        return members


def _description(description: str) -> str:
    description = description.strip()[:MAX_ROOM_DESCRIPTION]
    if has_control_characters(description, allowed="\t\r\n"):
        raise InvalidInput("A room description cannot hold control characters.")
    return description


def _topic(topic: str) -> str:
    topic = " ".join(topic.split())
    if len(topic) > MAX_TOPIC:
        raise InvalidInput(f"A topic is at most {MAX_TOPIC} characters long.")
    if has_control_characters(topic):
        raise InvalidInput("A topic cannot hold control characters.")
    return topic
