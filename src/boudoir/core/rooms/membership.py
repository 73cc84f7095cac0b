"""Who is in a room: creating a room, joining, leaving, rooms closing on their members,
invitations, and what members see change across a block as it is made or lifted.

Imports ``boudoir.core`` (rooms.base, registry, screens, authored, naming) and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from boudoir.core.authored import topic_author
from boudoir.core.naming import room_skeleton
from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms.base import RoomBase, refused
from boudoir.core.rooms.limits import (
    MAX_ROOMS_PER_CONNECTION,
    check_member_limit,
    clean_description,
    clean_topic,
)
from boudoir.core.screens import Writing
from boudoir.domain import consent
from boudoir.domain.directory import ServerRoom
from boudoir.domain.entities import SERVER_OWNED, Room, RoomVisibility
from boudoir.domain.errors import AlreadyInRoom, InvalidInput, NameConfusable, NameTaken, NotFound
from boudoir.domain.events import (
    InvitationSent,
    MemberJoined,
    MemberLeft,
    RoomInvitationReceived,
    TopicChanged,
)
from boudoir.domain.ids import AccountId, new_room_id
from boudoir.domain.names import name_key, validate_room_name
from boudoir.domain.ratings import Rating


class RoomMembership(RoomBase):
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
        server_room = name_key(name) in self.server_rooms
        topic, description = clean_topic(topic), clean_description(description)
        self.screens.check(connection, Writing.BUILDING, name, description)
        self.screens.check(connection, Writing.TOPIC, topic)
        room = Room(
            id=new_room_id(),
            name=name,
            owner_id=SERVER_OWNED if server_room else connection.account.id,
            created_at=self._clock(),
            rating=rating,
            visibility=visibility,
            topic=topic,
            description=description,
            member_limit=check_member_limit(member_limit),
        )
        # The store refuses a look-alike of another room's name ("AIice" for "Alice").
        await self._store.rooms.add(room, room_skeleton(name))
        return room

    async def give_to_server(self, name: str) -> Room:
        """Make ``name`` one of the server's own rooms (``server_rooms``): created if missing,
        and taken from the account that owned it if any (as the first visitor to a default
        room did before the server owned it). Its settings and lists stay as they are."""
        self.server_rooms.add(name_key(validate_room_name(name)))
        try:
            room = await self._load(name)
        except NotFound:
            room = Room(new_room_id(), validate_room_name(name), SERVER_OWNED, self._clock())
            try:
                await self._store.rooms.add(room, room_skeleton(room.name))
                return room
            except NameTaken as error:
                if isinstance(error, NameConfusable):
                    raise
                room = await self._load(name)  # made meanwhile, by its first visitor
        if room.owner_id != SERVER_OWNED:
            await self._store.rooms.give_to_server(room.id)
            room = dataclasses.replace(room, owner_id=SERVER_OWNED)
            live = self._registry.rooms.get(room.id)
            if live is not None:
                self._registry.set_room(live, dataclasses.replace(live.room, owner_id=SERVER_OWNED))
        return room

    async def open_server_rooms(
        self, rooms: Sequence[ServerRoom], *, only_when_empty: bool = False
    ) -> list[Room]:
        """Make those of ``rooms`` that do not exist, as the server's own (no account owns
        them), with their rating, topic and tags; the rooms made. A room by that name that
        exists is left as it is, whoever changed it. With ``only_when_empty``, nothing is made
        unless no room exists at all (a first start). Each name becomes one of
        ``server_rooms``: whoever makes one later makes it for the server."""
        for planned in rooms:
            self.server_rooms.add(name_key(validate_room_name(planned.name)))
        if only_when_empty and await self._store.rooms.list_all():
            return []
        made = []
        for planned in rooms:
            try:
                await self._load(planned.name)
                continue
            except NotFound:
                pass
            now = self._clock()
            room = Room(
                new_room_id(),
                validate_room_name(planned.name),
                SERVER_OWNED,
                now,
                rating=planned.rating,
                topic=clean_topic(planned.topic),
                topic_at=now if planned.topic else None,
                tags=planned.tags,
            )
            try:
                await self._store.rooms.add(room, room_skeleton(room.name))
            except NameTaken as error:
                if isinstance(error, NameConfusable):
                    raise
                continue  # made meanwhile, by its first visitor: theirs stands
            made.append(room)
        return made

    async def join(
        self, connection: Connection, name: str, *, create: bool = False, key: str | None = None
    ) -> LiveRoom:
        """Enter a room (creating it first, as its owner, if ``create`` and it does not exist),
        giving its ``key`` if it has one. Refusals are ``ConsentRefused`` with the reason of
        ``consent.join_room``."""
        try:
            room = await self._load(name)
        except NotFound:
            if not create:
                raise
            try:
                room = await self.create(connection, name)
            except NameTaken as error:
                if isinstance(error, NameConfusable):
                    raise
                # Someone else created it while we looked: join theirs.
                room = await self._load(name)
        author = None
        if room.id not in self._registry.rooms:
            author = await topic_author(self._store, self._registry, room)
        # Nothing awaits from here on: the connection may have closed while the store answered.
        self._registry.check_connected(connection)
        live = self._registry.rooms.get(room.id)
        if room.id in connection.rooms:
            raise AlreadyInRoom(f"You are already in {room.name}.")
        if len(connection.rooms) >= MAX_ROOMS_PER_CONNECTION:
            raise InvalidInput(f"You can be in at most {MAX_ROOMS_PER_CONNECTION} rooms at once.")
        members = len(live.members) if live is not None else 0
        already_here = live is not None and connection.character.id in live.members
        invited = connection.account.id in self._registry.invited.get(room.id, ())
        decision = consent.join_room(
            connection.person, room, invited=invited, members=members, key=key
        )
        if not decision and not already_here:
            raise refused(decision)
        if live is None:
            live = self._registry.rooms[room.id] = LiveRoom(room, topic_author=author)
        if invited:
            # An invitation lets its holder in once, as IRC's INVITE does.
            self._registry.invited[room.id].discard(connection.account.id)
            self._registry.watch.invited_changed(room.id)
        self._enter(connection, live)
        return live

    def _enter(self, connection: Connection, live: LiveRoom) -> None:
        if self._registry.enter(connection, live):
            event = MemberJoined(self._clock(), live.ref, connection.ref)
            self._send_visible(live, connection, event)
            for observer in self.observers:
                observer(live, connection, True)

    def enter_shown(self, connection: Connection, live: LiveRoom) -> None:
        """Someone on another node entered ``live`` while this node could not be told (Redis
        was away): the others here see them arrive now."""
        self._enter(connection, live)

    def enter_quietly(
        self,
        connection: Connection,
        live: LiveRoom,
        *,
        missed: Callable[[Connection], bool] | None = None,
    ) -> None:
        """Someone on another node is in ``live`` now; their node told everyone concerned it
        knew of. Those it could not know of (``missed``) are told here, as a join tells."""
        if self._registry.enter(connection, live):
            if missed is not None:
                event = MemberJoined(self._clock(), live.ref, connection.ref)
                self._send_visible(live, connection, event, only=missed)
            for observer in self.observers:
                observer(live, connection, True)

    def leave_quietly(
        self,
        connection: Connection,
        live: LiveRoom,
        *,
        missed: Callable[[Connection], bool] | None = None,
        reason: str = "",
        quit: bool = False,
    ) -> None:
        """Someone on another node left ``live``; their node told everyone concerned it knew
        of. Those it could not know of (``missed``) are told here, as a departure tells."""
        self._leave(connection, live, reason, announce=False, missed=missed, quit=quit)

    def leave_shown(self, connection: Connection, live: LiveRoom) -> None:
        """Someone on another node left ``live`` while this node could not be told (Redis was
        away): the others here see them leave now."""
        self._leave(connection, live, "")

    def leave(self, connection: Connection, name: str, reason: str = "") -> None:
        self._leave(connection, self.live(connection, name), reason)

    def leave_all(self, connection: Connection, reason: str = "", *, quit: bool = False) -> None:
        """Leave every room; ``quit`` when the connection is going away altogether."""
        for room_id in list(connection.rooms):
            self._leave(connection, self._registry.rooms[room_id], reason, quit=quit)

    def close_owned_by(self, account_id: AccountId, reason: str) -> None:
        """The rooms of an erased account are gone: whoever is still in one is told they are
        out of it (no one is told of anyone else leaving: the room is gone for all)."""
        for live in [r for r in self._registry.rooms.values() if r.room.owner_id == account_id]:
            now = self._clock()
            for connection in live.connections():
                connection.session.deliver(MemberLeft(now, live.ref, connection.ref, reason))
                connection.left_room(live.room.id)
            del self._registry.rooms[live.room.id]
            self._registry.invited.pop(live.room.id, None)
            for observer in self.observers:
                observer(live, None, False)

    def hide_pair(self, a: AccountId, b: AccountId) -> None:
        """Before a block: in every room both are in, each sees the other's characters leave."""
        self._tell_pair(a, b, MemberLeft)

    def show_pair(self, a: AccountId, b: AccountId) -> None:
        """After a block is lifted: in every room both are in, each sees the other's characters
        join, as if they had just arrived."""
        self._tell_pair(a, b, MemberJoined)

    def retell_topics(self, viewer: AccountId, author: AccountId) -> None:
        """After ``viewer`` blocked or unblocked ``author``: in each room the viewer is in whose
        topic ``author`` set, the viewer is told the topic as it may now see it (hidden by its
        block, or as written again), without who set it."""
        shown = consent.shown_as_written(viewer, author, self._registry.blocking.get(viewer, ()))
        for conn in self._registry.by_account.get(viewer, set()):
            for room_id in sorted(conn.rooms):
                live = self._registry.rooms[room_id]
                if live.topic_author != author or not live.room.topic:
                    continue
                at = live.room.topic_at or self._clock()
                topic = live.room.topic if shown else ""
                conn.session.deliver(TopicChanged(at, live.ref, topic, None, hidden=not shown))

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

    async def invite(self, connection: Connection, name: str, invitee_name: str) -> None:
        """Invite someone into a room: they may enter once, without the key, even if the room
        is private. In a private or locked room only its managers invite. Refusals never say
        why."""
        live = self.live(connection, name)
        if live.room.visibility is RoomVisibility.PRIVATE or live.room.key:
            # An invitation opens a private room and stands in for the key (Modern IRC, INVITE:
            # on an invite-only channel only its operators invite), so only managers give one.
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
        self._registry.watch.invited_changed(live.room.id)
        now = self._clock()
        event = RoomInvitationReceived(now, live.ref, connection.ref)
        self._registry.send(self._registry.character_connections(target.character.id), event)
        notice = InvitationSent(now, live.ref, target.ref, connection.ref)
        for conn in live.connections():
            account = conn.account.id
            if (
                conn is connection
                or not live.room.is_manager(account)
                or self._registry.blocks(account, connection.account.id)
                or self._registry.blocks(account, target.account.id)
            ):
                continue
            conn.session.deliver(notice)
