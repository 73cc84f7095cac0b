"""One node of a cluster: keeping this node's picture of the others' people, and handing what
they send to this node's own people.

The rule is the one IRC networks have kept for decades, with consent added: the node where a
command arrives decides it, with the same rules, the same store and a live picture of every
node's people (their connections, characters, rooms and statuses); what it decides to send to
someone on another node goes to that node, which checks its own person's blocks once more
before delivering. So every node keeps:

- its own connections, and a ``Connection`` for each connection on another node, whose session
  is a ``RemoteSession`` (``core.cluster.remote``); a remote connection is in the rooms and the
  presence lists as any other, so who is where, NAMES and WHO, and every consent question about
  it, are answered here as for local people;
- in step with the others through replication: every change to the live state of a local
  connection (``registry.Watch``) is published to every node, which applies it to its remote
  connection without telling anyone (the node that made the change told everyone concerned);
- in step after a gap: a node that (re)joins the bus says ``Hello`` and publishes a
  ``Snapshot`` of its own people; the others answer with theirs, and each makes its picture of
  the sender match it (after Redis was away, merging the shared state both sides changed:
  ``core.cluster.reconcile``);
- a node that stops beating (``NodeLeft``) takes its people with it: each node shows its own
  people their departure, with the words of a dropped connection.

Incoming messages are applied in the order they came, by one task (``run``): one that needs the
store (a remote account's blocks and friends, to answer consent questions about it) holds the
ones behind it until it is done.

Imports ``boudoir.core`` (registry, rooms, ports, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from boudoir.core.cluster import Bus
from boudoir.core.cluster.logs import LogReplica
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
from boudoir.core.cluster.publishing import Publishing, _applying_elsewhere
from boudoir.core.cluster.reconcile import resynchronise
from boudoir.core.cluster.remote import Outbox, RemoteSession, deliver_arrived, remote_id
from boudoir.core.cluster.topics import node_topic
from boudoir.core.cluster.walkable import WalkableReplica
from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Presence, Registry
from boudoir.core.rooms import RoomService
from boudoir.core.scenes import SceneService
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
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId

if TYPE_CHECKING:
    from boudoir.core.cluster.limits import SharedLimits

logger = logging.getLogger(__name__)


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
    """Whether applying ``message`` reads the store (an account's relations, the restrictions)."""
    return isinstance(message, Opened | Snapshot | RestrictionsChanged | AccountChanged)


class ClusterNode(Publishing):
    def __init__(
        self,
        bus: Bus,
        registry: Registry,
        rooms: RoomService,
        messages: MessagingService,
        load_relations: LoadRelations,
        disconnect: Disconnect,
        clock: Clock,
    ) -> None:
        self.bus = bus
        self._clock = clock
        self.node = bus.node
        self._registry = registry
        self._rooms = rooms
        self._messages = messages
        self._load_relations = load_relations
        self._disconnect = disconnect
        self.outbox = Outbox(bus.publish, registry.rooms)
        self.refresh_account: Callable[[AccountId], Awaitable[None]] | None = None
        self.scenes: SceneService | None = None
        """The scenes, replicated by key (set by the world once it is built)."""
        self.logs: LogReplica | None = None
        """The logs' consent, replicated by room (set by the world once it is built)."""
        self.arrived: list[Callable[[Event], None]] = []
        """Told of each event another node decided for people here, once delivered (the
        replay keeps what reached them: ``core.replay``)."""
        self.walkable: WalkableReplica | None = None
        """``meetme`` requests and hand offers, replicated by character (set by the world)."""
        self.note_offline: Callable[[Connection, dt.datetime], None] | None = None
        """Remembers when a character went offline on another node (``World.went_offline``)."""
        self.sweep_restrictions: Callable[[], Awaitable[object]] | None = None
        """Reads the moderators' restrictions anew (``ModerationService.sweep``)."""
        """Picks up an account changed on another node (``World.account_changed_elsewhere``)."""
        self.limits: SharedLimits | None = None
        """The limits every node keeps alike (``core.cluster.limits``), set by the world."""
        self._arrivals = 0
        self._numbered = {}
        self._heard = {}
        self._joined = False
        self.catching_up = False
        """True while this node shows its people who came and went on another node during a
        gap (``core.cluster.reconcile``): what their moves did to a log, that node decided."""
        self.store_unread = False
        """True from a gap (this node back, or another's returning ``Hello``) until the next
        returning snapshot reads what lives in the store anew (``core.cluster.reconcile``)."""
        self._incoming: deque[ClusterMessage] = deque()
        self._arrived = asyncio.Event()
        self._applying = False
        registry.watch = self
        messages.watch = self
        messages.reachable = self.reaches
        bus.attach(self._received)
        bus.subscribe(node_topic(self.node))

    # --- Applying the others' ---------------------------------------------------------------

    def _received(self, topic: str, message: ClusterMessage) -> None:
        self._incoming.append(message)
        self._arrived.set()

    async def run(self) -> None:
        """Apply what the other nodes send, in order, until cancelled."""
        while True:
            if not self._incoming:
                self._arrived.clear()
                await self._arrived.wait()
            await self.apply_next()

    async def apply_next(self) -> None:
        """Apply the oldest message received, if any (and none is being applied)."""
        if self._incoming and not self._applying:
            message = self._incoming.popleft()
            self._applying = True
            try:
                await self.apply_quietly(message)
            except Exception:
                logger.exception("cluster: applying %s failed", type(message).__name__)
            finally:
                self._applying = False

    def apply_ready(self) -> None:
        """Apply at once, in order, what was received and needs nothing from the store;
        stops at the first message that does (``apply_next`` takes it)."""
        while self._incoming and not self._applying and not _needs_store(self._incoming[0]):
            message = self._incoming.popleft()
            self._applying = True
            try:
                with self._quietly(message):
                    self.apply_now(message)
            except Exception:
                logger.exception("cluster: applying %s failed", type(message).__name__)
            finally:
                self._applying = False

    @property
    def idle(self) -> bool:
        """Nothing received is waiting to be applied, and nothing decided waits to be sent."""
        return not self._incoming and not self._applying and not self.outbox.pending

    async def apply_quietly(self, message: ClusterMessage) -> None:
        """Apply another node's message without publishing the changes it makes (answers to a
        ``Hello`` still go out)."""
        with self._quietly(message):
            await self.apply(message)

    @contextmanager
    def _quietly(self, message: ClusterMessage) -> Iterator[None]:
        """While another node's message is applied, by this task only, what it changes is not
        published again (a ``Hello``'s answer is, and what a ``Placed`` decides here)."""
        quiet = _applying_elsewhere.set(not isinstance(message, Hello | Placed))
        try:
            yield
        finally:
            _applying_elsewhere.reset(quiet)

    async def apply(self, message: ClusterMessage) -> None:
        match message:
            case Opened():
                await self._open(message)
            case Snapshot():
                await self._resynchronise(message)
            case RestrictionsChanged():
                if self.sweep_restrictions is not None:
                    await self.sweep_restrictions()
            case AccountChanged():
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
                    self.store_unread |= message.returning
                    self._publish(self.snapshot(message.returning), node_topic(message.node))
                    if self.limits is not None:
                        self.limits.hello_from(message.node)
            case NodeLeft():
                self._node_left(message.node, message.reason)
                if self.limits is not None:
                    self.limits.node_left(message.node)
            case RequestHeld():
                self._messages.held_elsewhere(
                    message.recipient,
                    message.sender,
                    message.sender_ref,
                    message.first,
                    message.message,
                    message.letter,
                )
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
            case LogState():
                if self.logs is not None:
                    self.logs.apply(message)
            case MeetRequestsHeld() | OffersHeld():
                if self.walkable is not None:
                    self.walkable.apply(message)
            case Placed():
                if self.walkable is not None:
                    self.walkable.placed(message)
            case _:
                # The limits every node keeps alike; then the next slices' messages (room and
                # account broadcasts).
                if self.limits is not None:
                    self.limits.apply(message)

    def _deliver(self, message: Deliveries) -> None:
        deliver_arrived(self._registry, message, self._author_account)
        if self.arrived:
            # One event may come in several items (one per class of session): told once.
            for event in {id(item.event): item.event for item in message.items}.values():
                for arrived in self.arrived:
                    arrived(event)
        # What this node's people heard, it can edit or remove: the index follows it.
        self._messages.recent.delivered(
            (item.event for item in message.items), self._author_account
        )

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
            connection.rooms.discard(room)
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
        connection = Connection(session, message.account, message.character)
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
                self._rooms.enter_quietly(connection, live, missed=self._missed(message))

    def _missed(self, message: Entered) -> Callable[[Connection], bool]:
        """Which of this node's people ``message``'s node could not tell of the arrival: those
        whose own arrival in the room it had not heard of when it decided (two arrivals at the
        same moment on two nodes). They are told here; the others were told by it."""
        heard = dict(message.heard).get(self.node, 0)
        room = message.room.id

        def missed(connection: Connection) -> bool:
            return self._numbered.get(connection.id, {}).get(room, 0) > heard

        return missed

    def _leave(self, message: Left) -> None:
        connection = self._find(message.node, message.connection)
        live = self._registry.rooms.get(message.room)
        if connection is not None and live is not None:
            self._rooms.leave_quietly(connection, live)

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
        if snapshot.node != self.node:
            await resynchronise(self, self._messages, snapshot)
