"""What every part of ``RoomService`` shares: its state (store, registry, clock, screens, the
save lock, observers, the server's rooms), finding rooms and characters, taking a connection out
of a room, and telling a room of a change as each viewer may see it.

Imports ``boudoir.core`` (ports, registry, screens, limits) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable

from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.rooms.feed import DirectoryFeed
from boudoir.core.screens import Screens
from boudoir.domain import consent
from boudoir.domain.entities import Character, Room, RoomSetting
from boudoir.domain.errors import ConsentRefused, NotFound, NotInRoom
from boudoir.domain.events import (
    CharacterRef,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    RoomSettingChanged,
    TopicChanged,
)
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.names import name_key, validate_room_name

MembershipObserver = Callable[[LiveRoom, Connection | None, bool], None]
"""Told when a character arrives in a live room (True) or its last connection there leaves
(False), after the room's members changed; ``None`` leaving when the whole room closed."""


def refused(decision: consent.Decision) -> ConsentRefused:
    reason = decision.reason or consent.Reason.NOT_PERMITTED
    return ConsentRefused(reason.value, reason.message)


def ref_of(character: Character) -> CharacterRef:
    return CharacterRef(character.id, character.name)


class RoomBase:
    """The state and helpers the parts of ``RoomService`` share."""

    def __init__(self, store: Store, registry: Registry, clock: Clock, screens: Screens) -> None:
        self._store = store
        self._registry = registry
        self._clock = clock
        self.screens = screens
        self._saving = asyncio.Lock()
        """Held while writing a room, so that the last write holds the latest settings."""
        self.feed = DirectoryFeed(registry, clock)
        """The browsers watching the directory, told of each room that changes."""
        self.observers: list[MembershipObserver] = [self.feed.membership_changed]
        """Told of every character arriving in or leaving a live room (the directory's
        watchers, logging by consent)."""
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

    def live_by_id(self, room_id: RoomId) -> LiveRoom | None:
        """The live room ``room_id``, if anyone is in it."""
        return self._registry.rooms.get(room_id)

    def rooms_of(self, connection: Connection) -> list[LiveRoom]:
        """The rooms ``connection`` is in, in a stable order."""
        rooms = self._registry.rooms
        return [rooms[room_id] for room_id in sorted(connection.rooms) if room_id in rooms]

    def live(self, connection: Connection, name: str) -> LiveRoom:
        """A room ``connection`` is in, by name."""
        key = name_key(name.removeprefix("#"))
        for room_id in connection.rooms:
            live = self._registry.rooms[room_id]
            if name_key(live.room.name) == key:
                return live
        raise NotInRoom(f"You are not in {name!r}.")

    def _send_visible(
        self,
        live: LiveRoom,
        subject: Connection,
        event: MemberJoined | MemberLeft,
        *,
        only: Callable[[Connection], bool] | None = None,
    ) -> None:
        """Tell the room's other characters about ``subject``, except across a block (and
        only the connections ``only`` picks, if given)."""
        subject_account = subject.account.id
        for character_id, conns in live.members.items():
            if character_id == subject.character.id:
                continue
            for conn in conns:
                if only is not None and not only(conn):
                    continue
                if not self._registry.blocks(conn.account.id, subject_account):
                    conn.session.deliver(event)

    def _leave(
        self,
        connection: Connection,
        live: LiveRoom,
        reason: str,
        *,
        announce: bool = True,
        quit: bool = False,
        missed: Callable[[Connection], bool] | None = None,
    ) -> None:
        """Take ``connection`` out of ``live``; when it was its character's last one there, the
        others see the character leave (unless ``announce`` is False: they were told already,
        but those ``missed`` picks)."""
        connection.left_room(live.room.id)
        conns = live.members.get(connection.character.id)
        if conns is not None:
            conns.discard(connection)
            live.membership_changed()
            if not conns:
                del live.members[connection.character.id]
                live.voiced.discard(connection.character.id)
                if announce or missed is not None:
                    event = MemberLeft(self._clock(), live.ref, connection.ref, reason, quit)
                    self._send_visible(live, connection, event, only=None if announce else missed)
            self._registry.watch.left(connection, live, reason, quit)
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
        self._registry.watch.room_updated(live)
        self.feed.touch(live)
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

    def _tell_about(
        self,
        connection: Connection,
        live: LiveRoom,
        setting: RoomSetting,
        enabled: bool,
        target: Character | Connection,
        at: dt.datetime | None = None,
    ) -> RoomSettingChanged:
        ref = target.ref if isinstance(target, Connection) else ref_of(target)
        account = target.account.id if isinstance(target, Connection) else target.account_id
        event = RoomSettingChanged(
            at or self._clock(), live.ref, connection.ref, setting, enabled, ref.name, ref
        )
        self._tell_room(live, connection, event, account)
        return event
