"""Live state of one node: who is connected as whom, and who is in which room.

Nothing here is stored: it is rebuilt as people connect. Services share one ``Registry``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TypeVar

from boudoir.core.ports import DeliverToAll, Session
from boudoir.domain import consent
from boudoir.domain.entities import Account, Character, Room, Status
from boudoir.domain.errors import NotFound
from boudoir.domain.events import CharacterRef, Event, RoomRef
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.names import name_key

K = TypeVar("K")

NO_ROOMS: frozenset[RoomId] = frozenset()


@dataclass(eq=False, slots=True)
class Connection:
    """One session, logged in to an account and acting as one of its characters."""

    session: Session
    account: Account
    character: Character
    address: str = ""
    rooms: AbstractSet[RoomId] = NO_ROOMS
    """The rooms this connection is in: one shared empty set until it enters its first
    (``entered_room``), since an empty set per idle connection is a few hundred bytes each."""
    on_duty: bool = False
    """Staff who took up their role on this connection (IRC ``OPER``): shown as an operator
    while their account keeps a staff role."""
    remote: bool = False
    """A picture of a connection on another node of a cluster (``core.cluster``)."""
    # Derived values, kept while the account and character objects they came from are the
    # ones in place (both are frozen: a change replaces them). Every message needs them.
    _ref: CharacterRef | None = field(default=None, init=False, repr=False)
    _person: consent.Person | None = field(default=None, init=False, repr=False)
    _derived_from: tuple[Account, Character] | None = field(default=None, init=False, repr=False)
    context: object = field(default=None, init=False, repr=False)
    """The command layer's context for this connection (``core.commands.Context.of``), made on
    its first command and kept: every line said asks for it."""

    @property
    def id(self) -> ConnectionId:
        return self.session.connection_id

    def entered_room(self, room: RoomId) -> None:
        rooms = self.rooms
        if isinstance(rooms, set):
            rooms.add(room)
        else:
            self.rooms = {room}

    def left_room(self, room: RoomId) -> None:
        rooms = self.rooms
        if isinstance(rooms, set):
            rooms.discard(room)

    def _derive(self) -> None:
        self._ref = CharacterRef(self.character.id, self.character.name)
        self._person = consent.Person.of(self.account, self.character)
        self._derived_from = (self.account, self.character)

    @property
    def ref(self) -> CharacterRef:
        # Made again when the account or character object was replaced; asked of every message.
        source = self._derived_from
        if source is None or source[0] is not self.account or source[1] is not self.character:
            self._derive()
        assert self._ref is not None
        return self._ref

    @property
    def person(self) -> consent.Person:
        source = self._derived_from
        if source is None or source[0] is not self.account or source[1] is not self.character:
            self._derive()
        assert self._person is not None
        return self._person


Audience = tuple[DeliverToAll, list[Session], list[AccountId]]
"""One class of sessions in a room: how to deliver to all of them, them, and their accounts."""


@dataclass(slots=True)
class Presence:
    status: Status = Status.ONLINE
    message: str = ""


@dataclass(eq=False, slots=True)
class LiveRoom:
    """A room with at least one member on this node."""

    room: Room
    members: dict[CharacterId, set[Connection]] = field(default_factory=dict)
    """Each character present, with the connections through which it is here."""
    voiced: set[CharacterId] = field(default_factory=set)
    """Characters present that were given a voice (they may speak when the room is moderated).
    Live only, as IRC's ``+v``: forgotten when the character leaves."""
    topic_author: AccountId | None = None
    """The account that set the topic (``Room.topic_by`` names only the character): whom a
    viewer's block hides it from (``core.authored``)."""

    _audience: list[Audience] | None = field(default=None, init=False, repr=False)
    _ref: tuple[Room, RoomRef] | None = field(default=None, init=False, repr=False)

    @property
    def ref(self) -> RoomRef:
        """The room as events name it: made once per version of ``room`` (a frozen value
        replaced on every change), not once per message."""
        room = self.room
        cached = self._ref
        if cached is None or cached[0] is not room:
            cached = self._ref = (room, RoomRef(room.id, room.name, room.rating))
        return cached[1]

    def connections(self) -> list[Connection]:
        return [c for conns in self.members.values() for c in conns]

    def audience(self) -> list[Audience]:
        """Everyone here, grouped by session class, for the hot path: room speech makes one
        call per group (``Session.deliver_to_all``), built once per change of membership."""
        audience = self._audience
        if audience is None:
            groups: dict[type[Session], Audience] = {}
            for conns in self.members.values():
                for c in conns:
                    kind = type(c.session)
                    group = groups.get(kind)
                    if group is None:
                        group = groups[kind] = (kind.deliver_to_all, [], [])
                    group[1].append(c.session)
                    group[2].append(c.account.id)
            audience = self._audience = list(groups.values())
        return audience

    def deliver(
        self,
        event: Event,
        exclude: Session | None,
        across_a_block: Collection[AccountId] | None,
    ) -> None:
        """Room speech to everyone here who hears it (``consent.hearing``: all but those
        across a block from the speaker, ``across_a_block``), except ``exclude``: one
        ``Session.deliver_to_all`` per class of session that has someone hearing it."""
        audience = self._audience
        if audience is None:
            audience = self.audience()
        if not across_a_block:
            # The hot path: with no block, ``consent.hearing`` is everyone (tested so).
            for deliver_to_all, sessions, _ in audience:
                deliver_to_all(sessions, event, exclude)
            return
        for deliver_to_all, sessions, accounts in audience:
            hearing = consent.hearing(sessions, accounts, across_a_block)
            if hearing:
                deliver_to_all(hearing, event, exclude)

    def membership_changed(self) -> None:
        """Call after adding or removing a connection in ``members``."""
        self._audience = None


class Watch:
    """Told of every change to the live state of this node's own connections, after it is
    made: a cluster replicates them to the other nodes (``core.cluster.node``). This one does
    nothing, which is all a node alone needs."""

    def opened(self, connection: Connection) -> None:
        pass

    def closed(self, connection: Connection) -> None:
        pass

    def switched(self, connection: Connection) -> None:
        pass

    def went_offline(self, connection: Connection, at: dt.datetime) -> None:
        """``connection`` was its character's last: the character went offline at ``at``."""

    def entered(self, connection: Connection, live: LiveRoom) -> None:
        pass

    def left(
        self, connection: Connection, live: LiveRoom, reason: str = "", quit: bool = False
    ) -> None:
        """``connection`` left ``live``; its character's departure, if it was its last there,
        was shown with ``reason`` (``quit``: it left the server)."""

    def room_updated(self, live: LiveRoom) -> None:
        pass

    def status_set(self, connection: Connection) -> None:
        pass

    def voiced(self, live: LiveRoom, character: CharacterId, on: bool) -> None:
        pass

    def relations_changed(self, *accounts: AccountId) -> None:
        """Blocks or friends of ``accounts`` changed (in the store and this node's caches)."""

    def block_added(self, blocker: AccountId, blocked: AccountId) -> None:
        """``blocker`` blocked ``blocked`` (stored, and in this node's caches)."""

    def character_changed(self, character: Character) -> None:
        """``character``'s profile or the case of its name changed; its connections have it."""

    def invited_changed(self, room: RoomId) -> None:
        """The invitations held to private room ``room`` changed (one given, or used)."""


class Registry:
    def __init__(self) -> None:
        self.watch = Watch()
        """Told of every change (a cluster node replicates them)."""
        self.connections: dict[ConnectionId, Connection] = {}
        self.remote: dict[ConnectionId, Connection] = {}
        """The connections of other nodes (pictures of them, ``Connection.remote``): their
        own node decides what they show, so whoever tells a presence change visits them all."""
        self.by_account: dict[AccountId, set[Connection]] = {}
        self.by_character: dict[CharacterId, set[Connection]] = {}
        self.by_name: dict[str, CharacterId] = {}
        """Online characters by name key: finding someone by name is one lookup."""
        self.rooms: dict[RoomId, LiveRoom] = {}
        self.presence: dict[CharacterId, Presence] = {}
        self.blocked: dict[AccountId, set[AccountId]] = {}
        """For each online account, the accounts it blocks or is blocked by: the hot path's
        per-recipient check is one set lookup in here. In this and the three caches below,
        an online account with none has no entry (``core.relations``): read with ``get``."""
        self.blocking: dict[AccountId, set[AccountId]] = {}
        """For each online account, the accounts it blocks itself (one way): what they wrote
        in a room is shown to it as hidden by its block (``core.authored``)."""
        self.friends: dict[AccountId, set[AccountId]] = {}
        """For each online account, the accounts on its friend list."""
        self.contacts: dict[AccountId, set[AccountId]] = {}
        """For each online account, the accounts it accepts direct messages from."""
        self.invited: dict[RoomId, set[AccountId]] = {}
        """Invitations to private rooms, held until used or the inviter's room empties."""
        self.guest_nicks: dict[str, tuple[ConnectionId, str]] = {}
        """Nicks held by guests (connected, not logged in: IRC clients past NICK and USER), by
        name key, with the holder and the nick as typed (``core.naming.claim_guest_nick``)."""
        self.guest_shapes: dict[str, str] = {}
        """The skeleton of each guest nick, to the nick's name key: no guest passes for another."""
        self.guest_of: dict[ConnectionId, tuple[str, str]] = {}
        """Each guest connection's nick, as its name key and skeleton."""
        self.unregistered = 0
        """Connections open that have not registered yet (IRC clients before their welcome), on
        every listener: IRC's LUSERS counts them apart from users (RPL_LUSERUNKNOWN)."""
        self.most_users = 0
        """The most users (characters online and guests) seen at once since the start, for
        IRC's LUSERS (Modern IRC, RPL_LOCALUSERS and RPL_GLOBALUSERS)."""

    def add(self, connection: Connection) -> None:
        self.connections[connection.id] = connection
        if connection.remote:
            self.remote[connection.id] = connection
        self.by_account.setdefault(connection.account.id, set()).add(connection)
        self.by_character.setdefault(connection.character.id, set()).add(connection)
        self.by_name[name_key(connection.character.name)] = connection.character.id
        self.presence.setdefault(connection.character.id, Presence())
        self.release_guest_nick(connection.id)
        self._count_users()
        self.watch.opened(connection)

    def users(self) -> int:
        """Users now: characters online (each once, however many connections act as it, from
        any gateway) and guests holding a nick."""
        return len(self.by_character) + len(self.guest_of)

    def _count_users(self) -> None:
        users = self.users()
        if users > self.most_users:
            self.most_users = users

    def guest_nick_holder(
        self, nick: str, shape: str, asker: ConnectionId | None = None
    ) -> tuple[str, bool] | None:
        """The nick of another guest that is ``nick`` (by name key) or looks like it (by
        skeleton ``shape``), and whether it is the same name; None if no other guest holds one."""
        for key in (name_key(nick), self.guest_shapes.get(shape)):
            held = self.guest_nicks.get(key) if key is not None else None
            if held is not None and held[0] != asker:
                return held[1], key == name_key(nick)
        return None

    def hold_guest_nick(self, connection_id: ConnectionId, nick: str, shape: str) -> None:
        """``connection_id`` holds ``nick`` now (instead of the nick it held)."""
        self.release_guest_nick(connection_id)
        key = name_key(nick)
        self.guest_nicks[key] = (connection_id, nick)
        self.guest_shapes[shape] = key
        self.guest_of[connection_id] = (key, shape)
        self._count_users()

    def release_guest_nick(self, connection_id: ConnectionId) -> None:
        """The guest logged in, or left: its nick is free."""
        held = self.guest_of.pop(connection_id, None)
        if held is not None:
            key, shape = held
            if self.guest_nicks.get(key, (None,))[0] == connection_id:
                del self.guest_nicks[key]
            if self.guest_shapes.get(shape) == key:
                del self.guest_shapes[shape]

    def remove(self, connection: Connection) -> None:
        was_here = self.connections.pop(connection.id, None) is not None
        self.remote.pop(connection.id, None)
        self._discard(self.by_account, connection.account.id, connection)
        if not self._discard(self.by_character, connection.character.id, connection):
            self.presence.pop(connection.character.id, None)
            self.by_name.pop(name_key(connection.character.name), None)
        if connection.account.id not in self.by_account:
            for cache in (self.blocked, self.blocking, self.friends, self.contacts):
                cache.pop(connection.account.id, None)
        if was_here:
            self.watch.closed(connection)

    def check_connected(self, connection: Connection) -> None:
        """``NotFound`` if ``connection`` has logged out. A use case that awaited (the store)
        calls this before it puts the connection anywhere: a connection closed meanwhile was
        already taken out of everything, and one added now would stay there as a ghost."""
        if self.connections.get(connection.id) is not connection:
            raise NotFound("That connection is not logged in.")

    def move_character(self, connection: Connection, character: Character) -> None:
        if not self._discard(self.by_character, connection.character.id, connection):
            self.presence.pop(connection.character.id, None)
            self.by_name.pop(name_key(connection.character.name), None)
        connection.character = character
        self.by_character.setdefault(character.id, set()).add(connection)
        self.by_name[name_key(character.name)] = character.id
        self.presence.setdefault(character.id, Presence())
        self._count_users()
        self.watch.switched(connection)

    def enter(self, connection: Connection, live: LiveRoom) -> bool:
        """Put ``connection`` in ``live`` (which must be in ``rooms``); True when it is its
        character's first connection there."""
        connection.entered_room(live.room.id)
        conns = live.members.setdefault(connection.character.id, set())
        conns.add(connection)
        live.membership_changed()
        self.watch.entered(connection, live)
        return len(conns) == 1

    def set_room(self, live: LiveRoom, room: Room) -> None:
        """``live`` stands as ``room`` now (its settings or topic changed)."""
        live.room = room
        self.watch.room_updated(live)

    def set_voice(self, live: LiveRoom, character: CharacterId, on: bool) -> None:
        if on:
            live.voiced.add(character)
        else:
            live.voiced.discard(character)
        self.watch.voiced(live, character, on)

    @staticmethod
    def _discard(index: dict[K, set[Connection]], key: K, connection: Connection) -> bool:
        """Remove ``connection`` under ``key``; True if others remain there."""
        conns = index.get(key)
        if conns is None:
            return False
        conns.discard(connection)
        if not conns:
            del index[key]
            return False
        return True

    def blocks(self, a: AccountId, b: AccountId) -> bool:
        blocked = self.blocked.get(a)
        return blocked is not None and b in blocked

    def share_room(self, a: AccountId, b: AccountId) -> bool:
        # Asked on every direct message: set intersections in C, nothing allocated.
        others = self.by_account.get(b)
        if not others:
            return False
        for mine in self.by_account.get(a, ()):
            rooms = mine.rooms
            for other in others:
                if not rooms.isdisjoint(other.rooms):
                    return True
        return False

    def ties(self, actor: AccountId, subject: AccountId) -> consent.Ties:
        """The facts between two online accounts, from the subject's side."""
        return consent.ties_of(
            self.blocks(actor, subject),
            actor in self.friends.get(subject, ()),
            self.share_room(actor, subject),
            actor in self.contacts.get(subject, ()),
        )

    def find_character(self, name: str) -> set[Connection] | None:
        """The connections of the online character called ``name`` (compared by name key)."""
        character_id = self.by_name.get(name_key(name.strip()))
        if character_id is None:
            return None
        return self.by_character.get(character_id) or None

    def character_connections(self, character_id: CharacterId) -> set[Connection]:
        return self.by_character.get(character_id, set())

    def online_characters(self) -> list[Connection]:
        """One connection per online character."""
        return [next(iter(conns)) for conns in self.by_character.values() if conns]

    @staticmethod
    def send(connections: set[Connection] | list[Connection], event: Event) -> None:
        for connection in connections:
            connection.session.deliver(event)
