"""The applying half of a cluster node: what another node published, applied to this node's
picture of the others' people without telling anyone (the node that made the change told
everyone concerned), and what another node decided for people here, delivered to them.

``core.cluster.node.ClusterNode`` receives the messages and applies them in order with this;
``core.cluster.publishing`` is the publishing half. Imports ``boudoir.core`` (registry, rooms,
messaging, scenes, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Protocol

from boudoir.core.cluster.activity_messages import ActivityCounted
from boudoir.core.cluster.call_messages import CallChanged, CallOver, CamsHeld
from boudoir.core.cluster.messages import (
    AccountChanged,
    CharacterChanged,
    CloseConnection,
    Closed,
    ClusterMessage,
    Cooldowns,
    Deliveries,
    Entered,
    Hello,
    InvitationsHeld,
    Invited,
    Left,
    LogState,
    MeetRequestsHeld,
    NodeLeft,
    OffersHeld,
    Opened,
    Placed,
    RequestHeld,
    RequestTaken,
    RestrictionsChanged,
    RoomUpdated,
    SceneGone,
    SceneState,
    Snapshot,
    StatusSet,
    Switched,
    Voiced,
    WentOffline,
)
from boudoir.core.cluster.publishing import Publishing
from boudoir.core.cluster.relation_messages import BlockAdded
from boudoir.core.cluster.remote import RemoteSession, deliver_arrived, remote_id
from boudoir.core.cluster.replay_messages import ReplayAnswered, ReplayAsked
from boudoir.core.cluster.topics import node_topic
from boudoir.core.registry import Connection, LiveRoom, Presence
from boudoir.core.relations import hold_block
from boudoir.core.rooms import RoomService
from boudoir.core.scenes.base import Scene
from boudoir.domain.events import (
    AdPosted,
    DiceRolled,
    DirectMessageSent,
    Event,
    MessageDeleted,
    MessageEdited,
    MessageRequestReceived,
    RoomInvitationReceived,
    RoomMessageSent,
    SceneInvitationReceived,
)
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId


class LoadRelations(Protocol):
    """Caches an account's blocks and friends (``again``: anew, changed elsewhere)."""

    def __call__(self, account_id: AccountId, *, again: bool = False) -> Awaitable[None]: ...


Disconnect = Callable[[Connection, str], None]


def _author(event: Event) -> CharacterId | None:
    """The character whose words or invitation ``event`` carries, if any."""
    match event:
        case RoomMessageSent() | DirectMessageSent() | MessageRequestReceived():
            return event.sender.id
        case MessageEdited() | MessageDeleted():
            return event.sender.id
        case SceneInvitationReceived() | RoomInvitationReceived():
            return event.by.id
        case DiceRolled():
            return event.roller.id
        case AdPosted():
            return event.poster.id
        case _:
            return None


def _needs_store(message: ClusterMessage) -> bool:
    """Whether applying ``message`` reads the store (an account's relations, the restrictions)
    or writes it (a letter still crossing when its request was accepted here is posted)."""
    if isinstance(message, RequestHeld):
        return message.letter is not None
    return isinstance(message, Opened | Snapshot | RestrictionsChanged | AccountChanged)


class Applying(Publishing):
    """How a node applies the others' messages; ``ClusterNode`` sets the state it reads and
    calls ``apply`` for each message, in the order they came."""

    _rooms: RoomService
    _load_relations: LoadRelations
    _disconnect: Disconnect
    refresh_account: Callable[[AccountId], Awaitable[None]] | None
    account_changed_anywhere: list[Callable[[AccountId], None]]
    arrived: list[Callable[[Event], None]]
    note_offline: Callable[[Connection, dt.datetime], None] | None
    sweep_restrictions: Callable[[], Awaitable[object]] | None

    async def apply(self, message: ClusterMessage) -> None:
        match message:
            case Opened():
                await self._open(message)
            case Snapshot():
                await self._resynchronise(message)
            case RestrictionsChanged():
                if self.sweep_restrictions is not None:
                    await self.sweep_restrictions()
            case RequestHeld(letter=letter) if letter is not None:
                await self._messages.letter_held_elsewhere(
                    message.recipient, message.sender, message.sender_ref, message.first, letter
                )
            case AccountChanged():
                for changed in self.account_changed_anywhere:
                    changed(message.account)
                if message.account in self._registry.by_account:
                    await self._reload(message.account)
                    if self.refresh_account is not None:
                        await self.refresh_account(message.account)
            case _:
                self.apply_now(message)

    def apply_now(self, message: ClusterMessage) -> None:
        """Apply a message that needs nothing from the store (``_needs_store`` says which)."""
        match message:
            case Deliveries():
                self._deliver(message)
            case Closed():
                self._close(message)
            case Switched():
                self._switch(message)
            case WentOffline():
                gone = self._remote(message.node, message.connection)
                if gone is not None and self.note_offline is not None:
                    self.note_offline(gone, message.at)
            case Entered():
                self._enter(message)
            case Left():
                self._leave(message)
            case RoomUpdated():
                live = self._registry.rooms.get(message.room.id)
                if live is not None:
                    live.room = message.room
                    live.topic_author = message.topic_author
                    self._rooms.feed.touch(live)
            case StatusSet():
                if message.character in self._registry.by_character:
                    self._registry.presence[message.character] = Presence(
                        message.status, message.message
                    )
            case Voiced():
                live = self._registry.rooms.get(message.room)
                if live is not None:
                    (live.voiced.add if message.voiced else live.voiced.discard)(message.character)
            case CharacterChanged():
                for conn in self._registry.character_connections(message.character.id):
                    conn.character = message.character
            case Invited():
                if message.accounts and message.room in self._registry.rooms:
                    self._registry.invited[message.room] = set(message.accounts)
                else:
                    self._registry.invited.pop(message.room, None)
            case CloseConnection():
                connection = self._registry.connections.get(message.connection)
                if connection is not None and self._local(connection):
                    connection.session.close(message.reason)
            case Hello():
                if message.node != self.node:
                    if self.replay is not None:
                        self.replay.node_up(message.node)
                    self.store_unread |= message.returning
                    self._publish(self.snapshot(message.returning), node_topic(message.node))
                    if self.limits is not None:
                        self.limits.hello_from(message.node)
            case NodeLeft():
                self._node_left(message.node, message.reason)
                if self.replay is not None:
                    self.replay.node_left(message.node)
                if self.limits is not None:
                    self.limits.node_left(message.node)
            case RequestHeld(message=held) if held is not None:
                self._messages.held_elsewhere(
                    message.recipient, message.sender, message.sender_ref, message.first, held
                )
            case RequestHeld():
                pass  # a letter (``apply``: it may be posted to the store) or nothing
            case RequestTaken():
                self._messages.taken_elsewhere(message.recipient, message.sender, message.declined)
            case SceneState():
                self._scene_state_applied(message)
            case SceneGone():
                self._scene_gone(message)
            case InvitationsHeld():
                assert self.scenes is not None
                if message.invitations:
                    self.scenes._invitations[message.character] = OrderedDict(
                        (i.id, i) for i in message.invitations
                    )
                else:
                    self.scenes._invitations.pop(message.character, None)
            case Cooldowns():
                assert self.scenes is not None
                if message.until:
                    self.scenes._cooldowns[message.account] = dict(message.until)
                else:
                    self.scenes._cooldowns.pop(message.account, None)
            case BlockAdded():
                hold_block(self._registry, message.blocker, message.blocked)
            case LogState():
                if self.logs is not None:
                    self.logs.apply(message)
            case CallChanged() | CallOver() | CamsHeld():
                if self.calls is not None:
                    self.calls.apply(message)
            case MeetRequestsHeld() | OffersHeld():
                if self.walkable is not None:
                    self.walkable.apply(message)
            case Placed():
                if self.walkable is not None:
                    self.walkable.placed(message)
            case ActivityCounted():
                if self.activity is not None:
                    self.activity.apply(message)
            case ReplayAsked():
                if self.replay is not None:
                    self.replay.asked(message)
            case ReplayAnswered():
                if self.replay is not None:
                    self.replay.answered(message)
            case _:
                # The limits every node keeps alike; then the next slices' messages (room and
                # account broadcasts).
                if self.limits is not None:
                    self.limits.apply(message)

    def _deliver(self, message: Deliveries) -> None:
        authors: dict[int, AccountId | None] = {}

        def author_of(event: Event) -> AccountId | None:
            # Asked twice of each event (its recipients' blocks, the index of recent
            # messages), and an event may come in several items: looked up once.
            key = id(event)
            if key not in authors:
                authors[key] = self._author_account(event)
            return authors[key]

        deliver_arrived(self._registry, message, author_of, self.outbox.prime)
        if self.arrived:
            # One event may come in several items (one per class of session): told once.
            for event in {id(item.event): item.event for item in message.items}.values():
                for arrived in self.arrived:
                    arrived(event)
        # What this node's people heard, it can edit or remove: the index follows it.
        self._messages.recent.delivered((item.event for item in message.items), author_of)

    def _author_account(self, event: Event) -> AccountId | None:
        author = _author(event)
        return self._account_of(author) if author is not None else None

    def _scene_state_applied(self, message: SceneState) -> None:
        assert self.scenes is not None
        room = message.room
        live = self._registry.rooms.get(room.id)
        if live is None:
            live = self._registry.rooms[room.id] = LiveRoom(room)
        scene = self.scenes._scenes.get(room.id)
        if scene is None:
            scene = self.scenes._scenes[room.id] = Scene(live, message.tags, message.note)
        scene.votes = {vote.invitee.id: vote for vote in message.votes}
        scene.paused_by = message.paused_by
        if message.paused_by is None:
            self.scenes._paused.discard(room.id)
        else:
            self.scenes._paused.add(room.id)

    def _scene_gone(self, message: SceneGone) -> None:
        """As ``SceneEnding._end``, without telling anyone (the deciding node told everyone)."""
        assert self.scenes is not None
        room = message.room
        self.scenes.remember_ended(room, message.reason)
        scene = self.scenes._scenes.pop(room, None)
        self.scenes._paused.discard(room)
        live = self._registry.rooms.pop(room, None)
        self._registry.invited.pop(room, None)
        if live is None:
            return
        for connection in live.connections():
            connection.left_room(room)
        live.members.clear()
        live.membership_changed()
        if scene is not None:
            for observer in self._rooms.observers:
                observer(live, None, False)

    def _account_of(self, character: CharacterId) -> AccountId | None:
        conns = self._registry.by_character.get(character)
        return next(iter(conns)).account.id if conns else None

    def _find(self, node: str, connection: ConnectionId) -> Connection | None:
        """The connection ``node`` calls ``connection``, here or a picture of it."""
        here = connection if node == self.node else remote_id(node, connection)
        return self._registry.connections.get(here)

    def _remote(self, node: str, connection_id: ConnectionId) -> Connection | None:
        connection = self._find(node, connection_id)
        if connection is None or self._local(connection):
            return None
        return connection

    async def _open(self, message: Opened) -> None:
        if message.node == self.node or self._find(message.node, message.connection):
            return
        await self._load_relations(message.account.id)
        session = RemoteSession(self.outbox, message.node, message.connection, message.gateway)
        connection = Connection(session, message.account, message.character, remote=True)
        connection.on_duty = message.on_duty
        self._registry.add(connection)

    def _close(self, message: Closed) -> None:
        connection = self._remote(message.node, message.connection)
        if connection is None:
            return
        for room_id in sorted(connection.rooms):
            live = self._registry.rooms.get(room_id)
            if live is not None:
                self._rooms.leave_quietly(connection, live)
        self._registry.remove(connection)

    def _switch(self, message: Switched) -> None:
        connection = self._remote(message.node, message.connection)
        if connection is not None and connection.character.id != message.character.id:
            self._registry.move_character(connection, message.character)

    def _enter(self, message: Entered, *, shown: bool = False) -> None:
        """``shown``: this node's people in the room are shown the arrival (it happened while
        they could not be told)."""
        if message.number:
            # A node's arrivals come in the order it numbered them.
            self._heard[message.node] = message.number
        connection = self._find(message.node, message.connection)
        if connection is None:
            return
        live = self._registry.rooms.get(message.room.id)
        if live is None:
            live = LiveRoom(message.room, topic_author=message.topic_author)
            self._registry.rooms[message.room.id] = live
        if message.room.id not in connection.rooms:
            if shown:
                self._rooms.enter_shown(connection, live)
            else:
                missed = self._missed(message.heard, message.room.id)
                self._rooms.enter_quietly(connection, live, missed=missed)

    def _missed(
        self, heard_there: tuple[tuple[str, int], ...], room: RoomId
    ) -> Callable[[Connection], bool]:
        """Which of this node's people the deciding node could not tell of an arrival or a
        departure in ``room``: those whose own arrival there it had not heard of when it
        decided (``heard_there``; two moves at the same moment on two nodes). They are told
        here; the others were told by it."""
        heard = dict(heard_there).get(self.node, 0)

        def missed(connection: Connection) -> bool:
            return self._numbered.get(connection.id, {}).get(room, 0) > heard

        return missed

    def _leave(self, message: Left) -> None:
        connection = self._find(message.node, message.connection)
        live = self._registry.rooms.get(message.room)
        if connection is not None and live is not None:
            self._rooms.leave_quietly(
                connection,
                live,
                missed=self._missed(message.heard, message.room),
                reason=message.reason,
                quit=message.quit,
            )

    async def _reload(self, account: AccountId) -> None:
        await self._load_relations(account, again=True)

    def _node_left(self, node: str, reason: str) -> None:
        """Every node tells its own people that ``node``'s are gone; so none tells another's."""
        gone = [
            c
            for c in self._registry.connections.values()
            if isinstance(c.session, RemoteSession) and c.session.node == node
        ]
        with self.outbox.only_here():
            for connection in gone:
                self._disconnect(connection, reason)

    async def _resynchronise(self, snapshot: Snapshot) -> None:
        """Make this node's picture of ``snapshot``'s node match it (``ClusterNode``)."""
        raise NotImplementedError
