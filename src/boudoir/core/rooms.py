"""Rooms: create, join, leave, topic, invitations, the directory and who is here; and what a
room's managers control: its key, flags, visibility and limit, moderators and voices, kicks,
bans and the lists of exceptions.

Every setting change returns the event it emitted, or ``None`` when the setting already had that
value: nothing is sent then (the IRC convention for a mode already set). Each change is shown to
every connection in the room, the actor's included; a viewer on either side of a block with the
actor sees it without who did it (``by`` is ``None``), and a viewer on either side of a block
with the person it is about does not see it at all (that person is not there, for them).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from boudoir.core.authored import listed, topic_author
from boudoir.core.naming import room_skeleton
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.screens import Screens, Writing
from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain import consent
from boudoir.domain.entities import (
    LIST_SETTINGS,
    MAX_LIST_ENTRIES,
    MAX_ROOM_KEY,
    MAX_TOPIC,
    SERVER_OWNED,
    Account,
    Character,
    ListEntry,
    Room,
    RoomSetting,
    RoomVisibility,
    Status,
)
from boudoir.domain.errors import (
    AlreadyInRoom,
    ConsentRefused,
    InvalidInput,
    LimitExceeded,
    NameConfusable,
    NameTaken,
    NotFound,
    NotInRoom,
)
from boudoir.domain.events import (
    CharacterRef,
    InvitationSent,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    RoomInvitationReceived,
    RoomSettingChanged,
    TopicChanged,
)
from boudoir.domain.ids import AccountId, new_room_id
from boudoir.domain.names import name_key, validate_room_name
from boudoir.domain.ratings import Rating

MAX_ROOMS_PER_CONNECTION = 50
"""Also the CHANLIMIT the IRC gateway announces."""
MAX_ROOM_DESCRIPTION = 4000
MAX_MEMBER_LIMIT = 10_000
"""Highest member limit: far above what one room holds, and inside a 32-bit SQL integer."""
MAX_KICK_REASON = 255
"""Characters of a kick's reason kept; also the IRC ``KICKLEN`` (Modern IRC, RPL_ISUPPORT)."""
BANNED = "banned"
"""The reason shown when a ban puts someone out of a room."""

_LIST_NAMES = {
    RoomSetting.BAN: "ban list",
    RoomSetting.BAN_EXCEPTION: "list of ban exceptions",
    RoomSetting.INVITE_EXCEPTION: "list of invite exceptions",
}


MembershipObserver = Callable[[LiveRoom, Connection | None, bool], None]
"""Told when a character arrives in a live room (True) or its last connection there leaves
(False), after the room's members changed; ``None`` leaving when the whole room closed."""


def refused(decision: consent.Decision) -> ConsentRefused:
    reason = decision.reason or consent.Reason.NOT_PERMITTED
    return ConsentRefused(reason.value, reason.message)


@dataclass(frozen=True, slots=True)
class RoomListing:
    room: Room
    members: int
    """Characters present that the viewer may see."""
    people: tuple[str, ...] = ()
    """Their names, by name key (filled by ``directory_for``)."""
    topic_hidden: bool = False
    """The viewer blocks who set the topic: ``room.topic`` is empty (``core.authored``)."""


@dataclass(frozen=True, slots=True)
class Member:
    character: CharacterRef
    status: Status
    manager: bool
    """The room's owner or one of its moderators."""
    voiced: bool
    """Given a voice: may speak when the room is moderated."""
    owner: bool


class RoomService:
    def __init__(self, store: Store, registry: Registry, clock: Clock, screens: Screens) -> None:
        self._store = store
        self._registry = registry
        self._clock = clock
        self.screens = screens
        self._saving = asyncio.Lock()
        """Held while writing a room, so that the last write holds the latest settings."""
        self.observers: list[MembershipObserver] = []
        """Told of every character arriving in or leaving a live room (logging by consent)."""
        self.server_rooms: set[str] = set()
        """Name keys of the rooms the server owns (its default room, as the composition root
        declares it: ``PlaceService.use_default_room``): whoever makes one (arriving, or an IRC
        JOIN) makes it for the server, not for themselves."""

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
        server_room = name_key(name) in self.server_rooms
        topic, description = _topic(topic), _description(description)
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
            member_limit=_member_limit(member_limit),
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
                live.room = dataclasses.replace(live.room, owner_id=SERVER_OWNED)
        return room

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
        connection.rooms.add(room.id)
        conns = live.members.setdefault(connection.character.id, set())
        conns.add(connection)
        live.membership_changed()
        if len(conns) == 1:
            event = MemberJoined(self._clock(), live.ref, connection.ref)
            self._send_visible(live, connection, event)
            for observer in self.observers:
                observer(live, connection, True)
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

    def leave_all(self, connection: Connection, reason: str = "", *, quit: bool = False) -> None:
        """Leave every room; ``quit`` when the connection is going away altogether."""
        for room_id in list(connection.rooms):
            self._leave(connection, self._registry.rooms[room_id], reason, quit=quit)

    def _leave(
        self,
        connection: Connection,
        live: LiveRoom,
        reason: str,
        *,
        announce: bool = True,
        quit: bool = False,
    ) -> None:
        """Take ``connection`` out of ``live``; when it was its character's last one there, the
        others see the character leave (unless ``announce`` is False: they were told already)."""
        connection.rooms.discard(live.room.id)
        conns = live.members.get(connection.character.id)
        if conns is not None:
            conns.discard(connection)
            live.membership_changed()
            if not conns:
                del live.members[connection.character.id]
                live.voiced.discard(connection.character.id)
                if announce:
                    event = MemberLeft(self._clock(), live.ref, connection.ref, reason, quit)
                    self._send_visible(live, connection, event)
        if not live.members:
            del self._registry.rooms[live.room.id]
            self._registry.invited.pop(live.room.id, None)
        if conns is not None and not conns:
            for observer in self.observers:
                observer(live, connection, False)

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

    async def set_topic(self, connection: Connection, name: str, topic: str) -> TopicChanged:
        """Set a room's topic, recording who and when (IRC's RPL_TOPICWHOTIME). Managers may;
        any member may when the topic is not locked."""
        live = self.live(connection, name)
        decision = consent.change_topic(connection.person, live.room)
        if not decision:
            raise refused(decision)
        topic = _topic(topic)
        self.screens.check(connection, Writing.TOPIC, topic, room=live)
        now = self._clock()
        live.room = dataclasses.replace(
            live.room, topic=topic, topic_by=connection.character.name, topic_at=now
        )
        live.topic_author = connection.account.id
        await self._save(live)
        event = TopicChanged(now, live.ref, live.room.topic, connection.ref)
        self._tell_room(live, connection, event)
        return event

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

    # Managing a room ---------------------------------------------------------------------------

    def _managed(self, connection: Connection, name: str) -> LiveRoom:
        """A room ``connection`` is in and may manage."""
        live = self.live(connection, name)
        decision = consent.manage_room(connection.person, live.room)
        if not decision:
            raise refused(decision)
        return live

    async def _save(self, live: LiveRoom) -> None:
        # Writes queue behind each other and each writes the room as it is when its turn comes,
        # so the store ends with the latest settings whatever order the writes were made in.
        async with self._saving:
            await self._store.rooms.update(live.room)

    async def _character(self, name: str) -> Character:
        character = await self._store.characters.find_by_name(name.strip())
        if character is None:
            raise NotFound(f"No character is named {name.strip()!r}.")
        return character

    async def _present(self, connection: Connection, live: LiveRoom, name: str) -> Connection:
        """A connection of the character called ``name`` in ``live``. Someone on the other side
        of a block from ``connection`` is not there, as far as it can tell."""
        key = name_key(name.strip())
        for conns in live.members.values():
            some = next(iter(conns))
            if name_key(some.character.name) == key:
                if self._registry.blocks(connection.account.id, some.account.id):
                    break
                return some
        character = await self._character(name)
        raise NotInRoom(f"{character.name} is not in {live.room.name}.")

    def _tell_room(
        self,
        live: LiveRoom,
        actor: Connection,
        event: RoomSettingChanged | MemberKicked | TopicChanged,
        about: AccountId | None = None,
    ) -> None:
        """Deliver ``event``, done by ``actor`` (about the account ``about``, if any), to every
        connection in the room: without who did it to those on the other side of a block from
        ``actor``, and not at all to those on the other side of a block from ``about``. The
        account it is about is always told; the actor's account always sees its own setting
        changes (it named the person), but not someone hidden from it being put out. A topic
        goes to those who block ``actor`` as hidden by their block (``core.authored``)."""
        hidden: RoomSettingChanged | MemberKicked | TopicChanged | None = None
        veiled: TopicChanged | None = None
        me = actor.account.id
        for conn in live.connections():
            viewer = conn.account.id
            if viewer == me and isinstance(event, RoomSettingChanged):
                conn.session.deliver(event)
            elif about not in (None, viewer) and self._registry.blocks(viewer, about):
                continue
            elif isinstance(event, TopicChanged) and not consent.shown_as_written(
                viewer, me, self._registry.blocking.get(viewer, ())
            ):
                veiled = veiled or dataclasses.replace(event, topic="", by=None, hidden=True)
                conn.session.deliver(veiled)
            elif self._registry.blocks(viewer, me):
                hidden = hidden or dataclasses.replace(event, by=None)
                conn.session.deliver(hidden)
            else:
                conn.session.deliver(event)

    async def _set(
        self,
        connection: Connection,
        live: LiveRoom,
        room: Room,
        setting: RoomSetting,
        enabled: bool,
        value: str = "",
        previous: str = "",
    ) -> RoomSettingChanged | None:
        """Store ``room`` (``live.room`` with one setting changed) and tell the room, unless
        nothing changed."""
        if room == live.room:
            return None
        live.room = room
        await self._save(live)
        event = RoomSettingChanged(
            self._clock(), live.ref, connection.ref, setting, enabled, value, previous=previous
        )
        self._tell_room(live, connection, event)
        return event

    async def set_key(
        self, connection: Connection, name: str, key: str | None
    ) -> RoomSettingChanged | None:
        """Lock the room with ``key`` (IRC ``+k``), or unlock it with ``None`` or ``""``. A
        key is at most ``MAX_ROOM_KEY`` characters, without spaces, commas or controls."""
        live = self._managed(connection, name)
        key = _key(key)
        room = dataclasses.replace(live.room, key=key)
        return await self._set(connection, live, room, RoomSetting.KEY, bool(key), key)

    async def set_rating(
        self, connection: Connection, name: str, rating: Rating
    ) -> RoomSettingChanged | None:
        """Rate the room. Only a manager who may enter rooms of that rating sets it; whoever
        present may not see it is taken out at once (they see the room close on them; the
        others see a plain departure)."""
        live = self._managed(connection, name)
        decision = consent.enter_rating(connection.person, rating)
        if not decision:
            raise refused(decision)
        room = dataclasses.replace(live.room, rating=rating)
        event = await self._set(
            connection,
            live,
            room,
            RoomSetting.RATING,
            rating is not Rating.GENERAL,
            rating.name.lower(),
        )
        if event is not None:
            for member in list(live.connections()):
                self.enforce_ratings(member)
        return event

    async def set_moderated(
        self, connection: Connection, name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Only managers and members with a voice speak while on (IRC ``+m``)."""
        live = self._managed(connection, name)
        room = dataclasses.replace(live.room, moderated=on)
        return await self._set(connection, live, room, RoomSetting.MODERATED, on)

    async def set_topic_locked(
        self, connection: Connection, name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Only managers set the topic while on (IRC ``+t``); any member may while off."""
        live = self._managed(connection, name)
        room = dataclasses.replace(live.room, topic_locked=on)
        return await self._set(connection, live, room, RoomSetting.TOPIC_LOCKED, on)

    async def set_visibility(
        self, connection: Connection, name: str, visibility: RoomVisibility
    ) -> RoomSettingChanged | None:
        """Public, unlisted (IRC ``+s``) or private (invite only, IRC ``+i``). Nobody present
        is put out."""
        live = self._managed(connection, name)
        previous = live.room.visibility.value
        room = dataclasses.replace(live.room, visibility=visibility)
        return await self._set(
            connection, live, room, RoomSetting.VISIBILITY, True, visibility.value, previous
        )

    async def set_member_limit(
        self, connection: Connection, name: str, limit: int | None
    ) -> RoomSettingChanged | None:
        """At most ``limit`` characters (from 1 to ``MAX_MEMBER_LIMIT``) may be in the room
        (IRC ``+l``); ``None`` for no limit. Nobody present is put out."""
        live = self._managed(connection, name)
        limit = _member_limit(limit)
        room = dataclasses.replace(live.room, member_limit=limit)
        shown = "" if limit is None else str(limit)
        return await self._set(
            connection, live, room, RoomSetting.MEMBER_LIMIT, limit is not None, shown
        )

    async def set_moderator(
        self, connection: Connection, name: str, character_name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Make the account behind a character a moderator of the room (IRC ``+o``), or stop
        it being one. Any manager grants; only the owner takes the role from another moderator;
        nobody takes the owner's. The person need not be in the room."""
        live = self.live(connection, name)
        target = await self._character(character_name)
        account = target.account_id
        decision = consent.change_moderator(connection.person, live.room, account, grant=on)
        if not decision:
            raise refused(decision)
        room = live.room
        if on == room.is_manager(account):
            return None
        if on and len(room.moderator_ids) >= MAX_LIST_ENTRIES:
            raise LimitExceeded(f"A room has at most {MAX_LIST_ENTRIES} moderators.")
        moderators = room.moderator_ids | {account} if on else room.moderator_ids - {account}
        live.room = dataclasses.replace(room, moderator_ids=moderators)
        await self._save(live)
        return self._tell_about(connection, live, RoomSetting.MODERATOR, on, target)

    def _tell_about(
        self,
        connection: Connection,
        live: LiveRoom,
        setting: RoomSetting,
        enabled: bool,
        target: Character | Connection,
        at: dt.datetime | None = None,
    ) -> RoomSettingChanged:
        ref = target.ref if isinstance(target, Connection) else _ref(target)
        account = target.account.id if isinstance(target, Connection) else target.account_id
        event = RoomSettingChanged(
            at or self._clock(), live.ref, connection.ref, setting, enabled, ref.name, ref
        )
        self._tell_room(live, connection, event, account)
        return event

    async def set_voice(
        self, connection: Connection, name: str, character_name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Give a character in the room a voice (IRC ``+v``), or take it. A voice lets them
        speak while the room is moderated, and lasts until they leave."""
        live = self._managed(connection, name)
        target = await self._present(connection, live, character_name)
        if on == (target.character.id in live.voiced):
            return None
        if on:
            live.voiced.add(target.character.id)
        else:
            live.voiced.discard(target.character.id)
        return self._tell_about(connection, live, RoomSetting.VOICE, on, target)

    async def kick(
        self, connection: Connection, name: str, character_name: str, reason: str = ""
    ) -> MemberKicked:
        """Put a character out of the room (all its connections there), telling everyone in
        it, the character included. Managers kick; nobody kicks the owner; only the owner
        kicks a moderator. Kicked people may come back (ban them to keep them out)."""
        live = self._managed(connection, name)
        target = await self._present(connection, live, character_name)
        decision = consent.kick(connection.person, live.room, target.account.id)
        if not decision:
            raise refused(decision)
        event = MemberKicked(
            self._clock(), live.ref, target.ref, connection.ref, _kick_reason(reason)
        )
        self._put_out(connection, live, target, event)
        return event

    def _put_out(
        self, connection: Connection, live: LiveRoom, target: Connection, event: MemberKicked
    ) -> None:
        self._tell_room(live, connection, event, target.account.id)
        for conn in list(live.members.get(target.character.id, ())):
            self._leave(conn, live, event.reason, announce=False)

    def _put_out_banned(self, connection: Connection, live: LiveRoom, account: AccountId) -> None:
        """Every character of a banned account leaves the room, seen as kicked for ``BANNED``."""
        if not live.room.is_banned(account):
            return
        for conns in list(live.members.values()):
            some = next(iter(conns))
            if some.account.id == account:
                event = MemberKicked(self._clock(), live.ref, some.ref, connection.ref, BANNED)
                self._put_out(connection, live, some, event)

    async def ban(
        self, connection: Connection, name: str, character_name: str
    ) -> RoomSettingChanged | None:
        """Ban the account behind a character (all its characters) from the room (IRC
        ``+b``), and put it out unless it is on the ban exceptions. Managers cannot be banned:
        take their role away first."""
        live = self._managed(connection, name)
        target = await self._character(character_name)
        if target.account_id == live.room.owner_id:
            raise InvalidInput("Nobody can ban the owner of a room.")
        if live.room.is_manager(target.account_id):
            raise InvalidInput("Remove their moderator role first.")
        event = await self._add_entry(connection, live, RoomSetting.BAN, target)
        self._put_out_banned(connection, live, target.account_id)
        return event

    async def unban(
        self, connection: Connection, name: str, character_name: str
    ) -> RoomSettingChanged | None:
        """Lift a ban, named by the name on the list or by any character of the account."""
        live = self._managed(connection, name)
        removed = await self._remove_entry(connection, live, RoomSetting.BAN, character_name)
        return removed[0] if removed else None

    async def banish(
        self, connection: Connection, character_name: str, *, banned: bool = True
    ) -> list[str]:
        """Ban the account behind a character from every room this account owns (MUCK
        ``banish``), or lift those bans: a room this connection is in is changed as by
        ``ban``/``unban`` (the room sees who did it); the others as the server. Whoever is
        banned is put out of the live ones. Returns the names of the rooms owned."""
        target = await self._character(character_name)
        me = connection.account.id
        if target.account_id == me:
            raise InvalidInput("That is one of your own characters.")
        owned = {r.id: r for r in await self._store.rooms.list_all() if r.owner_id == me}
        for live in self._registry.rooms.values():
            if live.room.owner_id == me:
                owned[live.room.id] = live.room
        for room in sorted(owned.values(), key=lambda r: name_key(r.name)):
            if room.id in connection.rooms and banned:
                await self.ban(connection, room.name, target.name)
            elif room.id in connection.rooms:
                await self.unban(connection, room.name, target.name)
            else:
                await self.set_ban_by_server(room, target, banned, connection.character.name)
        return sorted((r.name for r in owned.values()), key=name_key)

    async def add_exception(
        self, connection: Connection, name: str, setting: RoomSetting, character_name: str
    ) -> RoomSettingChanged | None:
        """Put the account behind a character on the ban exceptions (IRC ``+e``: a ban does
        not keep it out) or the invite exceptions (IRC ``+I``: it enters the private room
        without an invitation)."""
        _exception_list(setting)
        live = self._managed(connection, name)
        target = await self._character(character_name)
        return await self._add_entry(connection, live, setting, target)

    async def remove_exception(
        self, connection: Connection, name: str, setting: RoomSetting, character_name: str
    ) -> RoomSettingChanged | None:
        """Take an account off a list of exceptions. Someone present who is banned without the
        exception is then put out."""
        _exception_list(setting)
        live = self._managed(connection, name)
        removed = await self._remove_entry(connection, live, setting, character_name)
        if removed is None:
            return None
        event, account = removed
        if setting is RoomSetting.BAN_EXCEPTION:
            self._put_out_banned(connection, live, account)
        return event

    def entries(self, connection: Connection, name: str, setting: RoomSetting) -> list[ListEntry]:
        """A room's list, oldest entry first. Managers read every list; members the ban list.
        Show each entry's ``name``, ``set_by`` and ``set_at``: never its account id."""
        if setting not in LIST_SETTINGS:
            raise InvalidInput("That setting is not a list.")
        live = self.live(connection, name)
        decision = consent.see_room_list(connection.person, live.room, setting)
        if not decision:
            raise refused(decision)
        return list(live.room.account_list(setting))

    async def _add_entry(
        self, connection: Connection, live: LiveRoom, setting: RoomSetting, target: Character
    ) -> RoomSettingChanged | None:
        entries = live.room.account_list(setting)
        if target.account_id in entries:
            return None
        if len(entries) >= MAX_LIST_ENTRIES:
            raise LimitExceeded(
                f"A room's {_LIST_NAMES[setting]} holds at most {MAX_LIST_ENTRIES} entries; "
                "remove one first."
            )
        now = self._clock()
        entry = ListEntry(target.account_id, target.name, connection.character.name, now)
        live.room = live.room.with_list(setting, entries.with_entry(entry))
        await self._save(live)
        return self._tell_about(connection, live, setting, True, target, now)

    async def _remove_entry(
        self, connection: Connection, live: LiveRoom, setting: RoomSetting, name: str
    ) -> tuple[RoomSettingChanged, AccountId] | None:
        """Take an account off a list, named by its entry's name or by any of its characters:
        the event and that account, or None if it was not on the list."""
        entries = live.room.account_list(setting)
        key = name_key(name.strip())
        entry = next((e for e in entries if name_key(e.name) == key), None)
        if entry is None:
            # Named by another character of the listed account.
            entry = entries.get((await self._character(name)).account_id)
            if entry is None:
                return None
        live.room = live.room.with_list(setting, entries.without(entry.account_id))
        await self._save(live)
        character = await self._store.characters.find_by_name(entry.name)
        if character is not None and character.account_id == entry.account_id:
            event = self._tell_about(connection, live, setting, False, character)
        else:
            # The character listed was deleted since: the entry's name is all there is to show.
            event = RoomSettingChanged(
                self._clock(), live.ref, connection.ref, setting, False, entry.name
            )
            self._tell_room(live, connection, event, entry.account_id)
        return event, entry.account_id

    # Server moderation (core.moderation): done by the server, shown without who did it. ------

    async def find(self, name: str) -> Room:
        """A room by name, live or stored."""
        return await self._load(name)

    def remove_by_server(self, room: Room, account_id: AccountId, reason: str) -> int:
        """Put every character of ``account_id`` out of ``room`` (if live), seen as kicked by
        the server: told to them and to everyone there not across a block with them. Returns
        how many characters left."""
        live = self._registry.rooms.get(room.id)
        if live is None:
            return 0
        removed = 0
        for conns in list(live.members.values()):
            some = next(iter(conns))
            if some.account.id != account_id:
                continue
            event = MemberKicked(self._clock(), live.ref, some.ref, None, _kick_reason(reason))
            for conn in live.connections():
                if conn.account.id == account_id or not self._registry.blocks(
                    conn.account.id, account_id
                ):
                    conn.session.deliver(event)
            for conn in list(conns):
                self._leave(conn, live, event.reason, announce=False)
            removed += 1
        return removed

    async def set_ban_by_server(
        self, room: Room, target: Character, banned: bool, set_by: str
    ) -> Room:
        """Put ``target``'s account on ``room``'s ban list (or take it off), as the server; a
        ban also puts it out. The room is told as for any change of its ban list."""
        async with self._saving:
            live = self._registry.rooms.get(room.id)
            current = live.room if live is not None else await self._store.rooms.get(room.id)
            if current is None:
                raise NotFound(f"There is no room named {room.name!r}.")
            entries = current.account_list(RoomSetting.BAN)
            if banned == (target.account_id in entries):
                return current
            if banned:
                entry = ListEntry(target.account_id, target.name, set_by, self._clock())
                entries = entries.with_entry(entry)
            else:
                entries = entries.without(target.account_id)
            current = current.with_list(RoomSetting.BAN, entries)
            if live is not None:
                live.room = current
            await self._store.rooms.update(current)
        if live is not None:
            event = RoomSettingChanged(
                self._clock(), live.ref, None, RoomSetting.BAN, banned, target.name, _ref(target)
            )
            for conn in live.connections():
                if not self._registry.blocks(conn.account.id, target.account_id):
                    conn.session.deliver(event)
            if banned:
                self.remove_by_server(current, target.account_id, BANNED)
        return current

    async def directory(self, connection: Connection) -> list[RoomListing]:
        """The rooms this person may see listed, with how many people are in each."""
        listings = []
        me = connection.account.id
        blocking = self._registry.blocking.get(me, set())
        for room in await self._store.rooms.list_all():
            live = self._registry.rooms.get(room.id)
            if live is not None:
                room = live.room
            if not consent.list_room(connection.person, room, member=room.id in connection.rooms):
                continue
            members = len(self.members(connection, room.name, live))
            shown, hidden = await listed(self._store, self._registry, me, room, blocking)
            listings.append(RoomListing(shown, members, topic_hidden=hidden))
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
        for room in await self._store.rooms.list_all():
            live = self._registry.rooms.get(room.id)
            if live is not None:
                room = live.room
            if not consent.list_room(person, room, member=room.id in mine):
                continue
            people: list[str] = []
            if live is not None:
                for conns in live.members.values():
                    some = next(iter(conns))
                    if some.account.id not in blocked:
                        people.append(some.character.name)
            people.sort(key=name_key)
            shown, hidden = await listed(self._store, self._registry, account.id, room, blocking)
            listings.append(RoomListing(shown, len(people), tuple(people), hidden))
        return listings

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
            connection.person, live.room, member=False
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
            presence = self._registry.presence.get(character_id)
            members.append(
                Member(
                    some.ref,
                    presence.status if presence else Status.ONLINE,
                    manager=live.room.is_manager(some.account.id),
                    voiced=character_id in live.voiced,
                    owner=some.account.id == live.room.owner_id,
                )
            )
        members.sort(key=lambda m: name_key(m.character.name))
        return members


def _description(description: str) -> str:
    description = description.strip()[:MAX_ROOM_DESCRIPTION]
    if has_control_characters(description, allowed="\t\r\n"):
        raise InvalidInput("A room description cannot hold control characters.")
    return balance_bidi(description)


def _topic(topic: str) -> str:
    topic = balance_bidi(" ".join(topic.split()))  # first: TOPICLEN holds for what is shown
    if len(topic) > MAX_TOPIC:
        raise InvalidInput(f"A topic is at most {MAX_TOPIC} characters long.")
    if has_control_characters(topic):
        raise InvalidInput("A topic cannot hold control characters.")
    return topic


def _ref(character: Character) -> CharacterRef:
    return CharacterRef(character.id, character.name)


def _member_limit(limit: int | None) -> int | None:
    # Modern IRC, client limit mode: any positive integer; the upper bound is Boudoir's.
    if limit is not None and not 1 <= limit <= MAX_MEMBER_LIMIT:
        raise InvalidInput(f"A member limit is a whole number from 1 to {MAX_MEMBER_LIMIT}.")
    return limit


def _key(key: str | None) -> str:
    if not key:
        return ""
    if len(key) > MAX_ROOM_KEY:
        raise InvalidInput(f"A room key is at most {MAX_ROOM_KEY} characters long.")
    # A comma separates keys in IRC's JOIN, a space separates parameters (Modern IRC, JOIN).
    if any(c.isspace() or c == "," for c in key) or has_control_characters(key):
        raise InvalidInput("A room key cannot hold spaces, commas or control characters.")
    return key


def _kick_reason(reason: str) -> str:
    """Controls dropped (IRC clients send formatting codes), spaces collapsed, cut to length:
    a kick is never refused for its reason."""
    kept = "".join(c for c in reason[: MAX_KICK_REASON * 4] if not has_control_characters(c))
    return balance_bidi(" ".join(kept.split())[:MAX_KICK_REASON])


def _exception_list(setting: RoomSetting) -> None:
    if setting not in (RoomSetting.BAN_EXCEPTION, RoomSetting.INVITE_EXCEPTION):
        raise InvalidInput("Choose the ban exceptions or the invite exceptions.")
