"""Room cams: members broadcast in a room whose managers turned cams on; viewers open a cam
one at a time, each watch its own media session through the relay. The broadcaster chooses
the terms (explicit, mutual only, an audience of everyone, friends or those invited), sees who
watches, and stops showing their cam to anyone without a word (the viewer reads
``camera_off``, as when the cam stops). A room's managers and server moderators cut a
broadcast. Nothing is ever shown or opened across a block (``consent.see_cam``,
``consent.watch_cam``).

In memory; a cluster node replicates each room's cams whole (``CamWatch``,
``core.cluster.calls``). Signals of a watch pass through ``CallService.relay_signal``, which
asks here for sessions it does not hold.

Imports ``boudoir.core`` (calls, registry, rooms, ports) and ``boudoir.domain``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from boudoir.core.calls.service import CallService
from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.rooms import RoomService, refused
from boudoir.domain import consent
from boudoir.domain.call_events import (
    CamChanged,
    CamViewersChanged,
    MediaSessionEnded,
    MediaSessionStarted,
    SignalRelayed,
)
from boudoir.domain.calls import CamTerms, EndReason, Role
from boudoir.domain.entities import Room
from boudoir.domain.errors import NotAllowed, NotFound
from boudoir.domain.events import Event, MessageKind
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.moderation import is_staff
from boudoir.domain.names import name_key
from boudoir.domain.refs import CharacterRef

Screen = Callable[[Connection, LiveRoom, None, MessageKind, str], None]
"""Moderation's screen (``ModerationService.screen``): raises for a muted or suspended
speaker, who may not broadcast either."""


@dataclass(frozen=True, slots=True)
class Watch:
    viewer: CharacterRef
    account: AccountId
    connection: str
    session: str


@dataclass(slots=True)
class Broadcast:
    room: RoomId
    room_name: str
    character: CharacterRef
    person: consent.Person
    connection: str
    terms: CamTerms
    invited: set[AccountId] = field(default_factory=set)
    watches: dict[AccountId, Watch] = field(default_factory=dict)
    booted: set[AccountId] = field(default_factory=set)
    """Viewers booted from this broadcast: refused if they open it again, until let in."""


@dataclass(frozen=True, slots=True)
class BroadcastState:
    """One broadcast as a cluster node publishes it."""

    character: CharacterRef
    person: consent.Person
    connection: str
    terms: CamTerms
    invited: tuple[AccountId, ...]
    watches: tuple[Watch, ...]
    booted: tuple[AccountId, ...] = ()


class CamWatch:
    """Told of every change to a room's cams (a cluster node replicates them). Does nothing."""

    def cams_changed(self, room: RoomId, room_name: str) -> None:
        pass


class CamService:
    def __init__(
        self,
        registry: Registry,
        rooms: RoomService,
        calls: CallService,
        clock: Clock,
        screen: Screen,
    ) -> None:
        self._registry = registry
        self._rooms = rooms
        self._calls = calls
        self._clock = clock
        self._screen = screen
        self._live: dict[RoomId, dict[CharacterId, Broadcast]] = {}
        self.watch = CamWatch()
        calls.cams = self

    # --- the broadcaster ------------------------------------------------------------------

    def start(self, connection: Connection, room: str, terms: CamTerms) -> None:
        """Broadcast in ``room`` on ``terms`` (again: new terms, and viewers they no longer
        admit are let go)."""
        self._calls.check_enabled()
        live = self._rooms.live(connection, room)
        self._screen(connection, live, None, MessageKind.SAY, "")
        banned = connection.account.id in live.room.cam_bans
        decision = consent.start_cam(
            connection.person, live.room, terms, cams_on=live.room.cams, banned=banned
        )
        if not decision:
            if not live.room.cams:
                raise NotAllowed("Cams are off in this room.")
            if banned:
                raise NotAllowed("You may not broadcast in this room.")
            raise NotAllowed("Explicit cams only in rooms rated adult.")
        here = self._live.setdefault(live.room.id, {})
        known = here.get(connection.character.id)
        before = set() if known is None else self._seeing(known)
        broadcast = Broadcast(
            live.room.id,
            live.room.name,
            connection.ref,
            connection.person,
            self._calls.keys.key(connection),
            terms,
            set() if known is None else known.invited,
            {} if known is None else known.watches,
            set() if known is None else known.booted,
        )
        here[connection.character.id] = broadcast
        self.watch.cams_changed(live.room.id, live.room.name)
        now = self._clock()
        seeing = self._seeing(broadcast)
        for member in seeing:
            member.session.deliver(
                CamChanged(now, live.room.name, connection.ref.name, True, terms)
            )
        gone = CamChanged(now, live.room.name, connection.ref.name, False, terms)
        self._registry.send(before - seeing, gone)
        for watch in list(broadcast.watches.values()):
            if not self._may_watch(broadcast, watch.account):
                self._end_watch(broadcast, watch, EndReason.CAMERA_OFF, EndReason.CLOSED)

    def stop(self, connection: Connection, room: str) -> None:
        self._end(self._own(connection, room), EndReason.CAMERA_OFF)

    def invite(self, connection: Connection, room: str, name: str) -> None:
        """Let ``name`` (in the room) watch a cam whose audience is ``invited``."""
        broadcast = self._own(connection, room)
        guest = self._member(connection, room, name)
        broadcast.invited.add(guest.account.id)
        broadcast.booted.discard(guest.account.id)
        self.watch.cams_changed(broadcast.room, broadcast.room_name)
        if self._sees(guest, broadcast):
            event = CamChanged(
                self._clock(), broadcast.room_name, broadcast.character.name, True, broadcast.terms
            )
            self._registry.send(self._registry.character_connections(guest.character.id), event)

    def boot(self, connection: Connection, room: str, name: str) -> None:
        """Stop showing the cam to ``name``: they read ``camera_off``, as if it stopped, and
        opening it again is refused until the broadcaster lets them watch (``invite``)."""
        broadcast = self._own(connection, room)
        watch = next((w for w in broadcast.watches.values() if _named(w.viewer, name)), None)
        if watch is None:
            raise NotFound("They are not watching.")
        broadcast.booted.add(watch.account)
        self._end_watch(broadcast, watch, EndReason.CAMERA_OFF, EndReason.CLOSED)

    # --- viewers --------------------------------------------------------------------------

    def open(self, connection: Connection, room: str, name: str) -> None:
        """Watch ``name``'s cam: both get ``MediaSessionStarted`` (the broadcaster offers).
        Refused as a direct message is, never saying why."""
        relay = self._calls.check_enabled()
        live = self._rooms.live(connection, room)
        broadcast = next(
            (b for b in self._live.get(live.room.id, {}).values() if _named(b.character, name)),
            None,
        )
        if broadcast is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        me = connection.account.id
        if me in broadcast.watches:
            return
        if me in broadcast.booted or not self._may_watch(broadcast, me, connection):
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        owner = self._calls.keys.find(self._registry, broadcast.connection)
        if owner is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        watch = Watch(
            connection.ref, me, self._calls.keys.key(connection), "m-" + secrets.token_urlsafe(12)
        )
        broadcast.watches[me] = watch
        self.watch.cams_changed(broadcast.room, broadcast.room_name)
        now = self._clock()
        for side, peer, role in (
            (owner, connection.ref, Role.OFFERER),
            (connection, broadcast.character, Role.ANSWERER),
        ):
            side.session.deliver(
                MediaSessionStarted(
                    now,
                    watch.session,
                    peer,
                    role,
                    (self._calls.mint(relay),),
                    cam_room=broadcast.room_name,
                    cam_name=broadcast.character.name,
                )
            )
        self._tell_viewers(broadcast)

    def close(self, connection: Connection, room: str, name: str) -> None:
        """Stop watching ``name``'s cam."""
        live = self._rooms.live(connection, room)
        for broadcast in self._live.get(live.room.id, {}).values():
            watch = broadcast.watches.get(connection.account.id)
            if watch is not None and _named(broadcast.character, name):
                self._end_watch(broadcast, watch, EndReason.CLOSED, EndReason.CLOSED)
                return
        raise NotFound("You are not watching that cam.")

    # --- moderators -----------------------------------------------------------------------

    def cut(self, connection: Connection, room: str, name: str) -> None:
        """A room manager or server moderator ends ``name``'s broadcast."""
        live = self._rooms.live(connection, room)
        if not (consent.manage_room(connection.person, live.room) or is_staff(connection.person)):
            raise NotAllowed("Only the room's managers and moderators cut a cam.")
        here = self._live.get(live.room.id, {})
        broadcast = next((b for b in here.values() if _named(b.character, name)), None)
        if broadcast is None:
            raise NotFound("Nobody by that name broadcasts here.")
        self._end(broadcast, EndReason.CUT)

    def cams_off(self, room: RoomId) -> None:
        """The room's managers turned cams off: every broadcast there ends."""
        for broadcast in list(self._live.get(room, {}).values()):
            self._end(broadcast, EndReason.CUT)

    def ban_applied(self, room: Room) -> None:
        """Someone was banned from broadcasting in ``room``: their broadcast ends."""
        for broadcast in list(self._live.get(room.id, {}).values()):
            if broadcast.person.account_id in room.cam_bans:
                self._end(broadcast, EndReason.CUT)

    # --- what the browser shows -----------------------------------------------------------

    def shown(self, connection: Connection, room: RoomId) -> list[tuple[str, CamTerms]]:
        """The cams live in ``room`` that ``connection`` may see: (name, terms)."""
        return [
            (b.character.name, b.terms)
            for b in self._live.get(room, {}).values()
            if self._sees(connection, b)
        ]

    def relay(self, connection: Connection, session: str, kind: str, data: str) -> bool:
        """Pass a signal within a watch this connection is a side of; False if none."""
        mine = self._calls.keys.key(connection)
        for broadcast, watch in self._watches():
            if watch.session != session or mine not in (broadcast.connection, watch.connection):
                continue
            other = watch.connection if mine == broadcast.connection else broadcast.connection
            found = self._calls.keys.find(self._registry, other)
            if found is not None:
                found.session.deliver(
                    SignalRelayed(self._clock(), session, connection.ref, kind, data)
                )
            return True
        return False

    # --- what ends cams -------------------------------------------------------------------

    def forget(self, connection: Connection) -> None:
        """``connection`` goes away: its broadcasts and watches end."""
        key = self._calls.keys.key(connection)
        for broadcast in self._broadcasts():
            if broadcast.connection == key:
                self._end(broadcast, EndReason.CAMERA_OFF, own=EndReason.UNAVAILABLE)
        for broadcast, watch in self._watches():
            if watch.connection == key:
                self._end_watch(broadcast, watch, EndReason.UNAVAILABLE, EndReason.UNAVAILABLE)

    def held(self, room: RoomId) -> tuple[BroadcastState, ...]:
        """The cams live in ``room``, as a cluster node publishes them."""
        return tuple(
            BroadcastState(b.character, b.person, b.connection, b.terms,
                           tuple(sorted(b.invited)), tuple(b.watches.values()),
                           tuple(sorted(b.booted)))
            for b in self._live.get(room, {}).values()
        )  # fmt: skip

    def rooms(self) -> list[tuple[RoomId, str]]:
        """The rooms with a cam live, and their names."""
        return [(room, next(iter(here.values())).room_name) for room, here in self._live.items()]

    def take(self, room: RoomId, room_name: str, held: tuple[BroadcastState, ...]) -> None:
        """Another node changed ``room``'s cams: hold them as they are (nobody is told)."""
        if not held:
            self._live.pop(room, None)
            return
        self._live[room] = {
            state.character.id: Broadcast(
                room, room_name, state.character, state.person, state.connection, state.terms,
                set(state.invited), {w.account: w for w in state.watches}, set(state.booted),
            )
            for state in held
        }  # fmt: skip

    def membership_changed(
        self, live: LiveRoom, connection: Connection | None, arrived: bool
    ) -> None:
        """The rooms' observer: leaving a room ends one's broadcast and watches there (decided
        by the node of whoever left)."""
        if arrived or (connection is not None and not self._calls.keys.local(connection)):
            return
        here = self._live.get(live.room.id, {})
        if connection is None:
            for broadcast in list(here.values()):
                owner = self._calls.keys.find(self._registry, broadcast.connection)
                if owner is not None and self._calls.keys.local(owner):
                    self._end(broadcast, EndReason.CAMERA_OFF)
            return
        key = self._calls.keys.key(connection)
        for broadcast in list(here.values()):
            if broadcast.connection == key:
                self._end(broadcast, EndReason.CAMERA_OFF)
            elif (
                watch := broadcast.watches.get(connection.account.id)
            ) and watch.connection == key:
                self._end_watch(broadcast, watch, EndReason.CLOSED, EndReason.CLOSED)

    def blocked(self, blocker: AccountId, blocked: AccountId) -> None:
        """A block ends every watch between the two (``unavailable`` to both)."""
        pair = {blocker, blocked}
        for broadcast, watch in self._watches():
            if {broadcast.person.account_id, watch.account} == pair:
                self._end_watch(broadcast, watch, EndReason.UNAVAILABLE, EndReason.UNAVAILABLE)

    def safeword(self, accounts: Iterable[AccountId]) -> None:
        """A safeword ends every watch among the scene's members."""
        members = set(accounts)
        for broadcast, watch in self._watches():
            if broadcast.person.account_id in members and watch.account in members:
                self._end_watch(broadcast, watch, EndReason.SAFEWORD, EndReason.SAFEWORD)

    # --- internals ------------------------------------------------------------------------

    def _broadcasts(self) -> list[Broadcast]:
        return [b for here in self._live.values() for b in here.values()]

    def _watches(self) -> list[tuple[Broadcast, Watch]]:
        return [(b, w) for b in self._broadcasts() for w in list(b.watches.values())]

    def _own(self, connection: Connection, room: str) -> Broadcast:
        live = self._rooms.live(connection, room)
        broadcast = self._live.get(live.room.id, {}).get(connection.character.id)
        if broadcast is None:
            raise NotFound("You are not broadcasting here.")
        return broadcast

    def _member(self, connection: Connection, room: str, name: str) -> Connection:
        live = self._rooms.live(connection, room)
        for conns in live.members.values():
            for member in conns:
                if _named(member.ref, name):
                    return member
        raise NotFound("Nobody by that name is here.")

    def _sees(self, viewer: Connection, broadcast: Broadcast) -> bool:
        ties = self._registry.ties(viewer.account.id, broadcast.person.account_id)
        return consent.see_cam(
            viewer.person,
            broadcast.person,
            ties,
            broadcast.terms,
            invited=viewer.account.id in broadcast.invited,
        )

    def _seeing(self, broadcast: Broadcast) -> set[Connection]:
        live = self._registry.rooms.get(broadcast.room)
        if live is None:
            return set()
        return {c for c in live.connections() if self._sees(c, broadcast)}

    def _may_watch(
        self, broadcast: Broadcast, account: AccountId, connection: Connection | None = None
    ) -> bool:
        viewer = connection
        if viewer is None:
            watch = broadcast.watches.get(account)
            viewer = (
                None if watch is None else self._calls.keys.find(self._registry, watch.connection)
            )
        if viewer is None:
            return False
        ties = self._registry.ties(account, broadcast.person.account_id)
        own = self._live.get(broadcast.room, {}).get(viewer.character.id)
        decision = consent.watch_cam(
            viewer.person,
            broadcast.person,
            ties,
            broadcast.terms,
            invited=account in broadcast.invited,
            viewer_broadcasting=own is not None,
        )
        return decision.allowed

    def _tell_viewers(self, broadcast: Broadcast) -> None:
        owner = self._calls.keys.find(self._registry, broadcast.connection)
        if owner is not None:
            names = tuple(
                sorted((w.viewer.name for w in broadcast.watches.values()), key=str.casefold)
            )
            owner.session.deliver(CamViewersChanged(self._clock(), broadcast.room_name, names))

    def _deliver(self, key: str, event: Event) -> None:
        found = self._calls.keys.find(self._registry, key)
        if found is not None:
            found.session.deliver(event)

    def _end_watch(
        self, broadcast: Broadcast, watch: Watch, to_viewer: EndReason, to_owner: EndReason
    ) -> None:
        if broadcast.watches.pop(watch.account, None) is None:
            return
        self.watch.cams_changed(broadcast.room, broadcast.room_name)
        now = self._clock()
        self._deliver(watch.connection, MediaSessionEnded(now, watch.session, to_viewer))
        self._deliver(broadcast.connection, MediaSessionEnded(now, watch.session, to_owner))
        self._tell_viewers(broadcast)

    def _end(
        self, broadcast: Broadcast, reason: EndReason, *, own: EndReason | None = None
    ) -> None:
        """End a broadcast: each viewer reads ``camera_off``, its broadcaster ``reason``."""
        here = self._live.get(broadcast.room, {})
        if here.get(broadcast.character.id) is not broadcast:
            return
        seeing = self._seeing(broadcast)
        del here[broadcast.character.id]
        if not here:
            self._live.pop(broadcast.room, None)
        self.watch.cams_changed(broadcast.room, broadcast.room_name)
        now = self._clock()
        for watch in list(broadcast.watches.values()):
            self._deliver(
                watch.connection, MediaSessionEnded(now, watch.session, EndReason.CAMERA_OFF)
            )
            self._deliver(
                broadcast.connection, MediaSessionEnded(now, watch.session, own or reason)
            )
        broadcast.watches.clear()
        event = CamChanged(
            now, broadcast.room_name, broadcast.character.name, False, broadcast.terms
        )
        self._registry.send(seeing, event)


def _named(character: CharacterRef, name: str) -> bool:
    return name_key(character.name) == name_key(name)
