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
  the sender match it;
- a node that stops beating (``NodeLeft``) takes its people with it: each node shows its own
  people their departure, with the words of a dropped connection.

Incoming messages are applied in the order they came, by one task (``run``): one that needs the
store (a remote account's blocks and friends, to answer consent questions about it) holds the
ones behind it until it is done.

Imports ``boudoir.core`` (registry, rooms, ports, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Protocol

from boudoir.core.cluster import Bus
from boudoir.core.cluster.messages import (
    AccountChanged,
    CloseConnection,
    Closed,
    ClusterMessage,
    Cooldowns,
    Deliveries,
    Entered,
    Hello,
    InvitationsHeld,
    Left,
    NodeLeft,
    Opened,
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
)
from boudoir.core.cluster.remote import (
    Outbox,
    RemoteSession,
    deliver_arrived,
    is_remote,
    remote_id,
)
from boudoir.core.cluster.topics import EVERY_NODE, node_topic
from boudoir.core.messaging import MessagingService, RequestWatch
from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Presence, Registry, Watch
from boudoir.core.rooms import RoomService
from boudoir.core.scenes import SceneService
from boudoir.core.scenes.base import Scene, SceneWatch
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    Event,
    MessageRequestReceived,
    RoomMessageSent,
    ServerNotice,
)
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.mail import Mail

logger = logging.getLogger(__name__)


class LoadRelations(Protocol):
    """Caches an account's blocks and friends (``again``: anew, changed elsewhere)."""

    def __call__(self, account_id: AccountId, *, again: bool = False) -> Awaitable[None]: ...


Disconnect = Callable[[Connection, str], None]


def _author(event: Event) -> CharacterId | None:
    """The character whose words ``event`` carries, if it carries someone's words."""
    match event:
        case RoomMessageSent() | DirectMessageSent():
            return event.sender.id
        case MessageRequestReceived():
            return event.sender.id
        case _:
            return None


class ClusterNode(Watch, RequestWatch, SceneWatch):
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
        self.outbox = Outbox(bus.publish)
        self.refresh_account: Callable[[AccountId], Awaitable[None]] | None = None
        self.scenes: SceneService | None = None
        """The scenes, replicated by key (set by the world once it is built)."""
        self.sweep_restrictions: Callable[[], Awaitable[object]] | None = None
        """Reads the moderators' restrictions anew (``ModerationService.sweep``)."""
        """Picks up an account changed on another node (``World.account_changed_elsewhere``)."""
        self._incoming: asyncio.Queue[tuple[str, ClusterMessage]] = asyncio.Queue()
        self._applying = False
        self._quiet: ContextVar[bool] = ContextVar(f"quiet-{self.node}", default=False)
        """True inside the applying of another node's change: what it changes is not published
        again. Per task, not per node: applying may wait (for an account's blocks), and a
        change of this node's own people meanwhile is published as usual."""
        registry.watch = self
        messages.watch = self
        messages.reachable = self.reaches
        bus.attach(self._received)
        bus.subscribe(node_topic(self.node))

    # --- Publishing this node's changes ----------------------------------------------------

    def _publish(self, message: ClusterMessage, topic: str = EVERY_NODE) -> None:
        if self._quiet.get():
            return
        self.outbox.flush()  # what was decided before this leaves before it
        self.bus.publish(topic, message)

    @staticmethod
    def _local(connection: Connection) -> bool:
        return not is_remote(connection)

    def _opened(self, connection: Connection) -> Opened:
        return Opened(
            self.node,
            connection.id,
            connection.session.gateway,
            dataclasses.replace(connection.account, password_hash=""),
            connection.character,
            connection.on_duty,
        )

    # A change decided here is published whoever it concerns: a kick decided here takes
    # someone on another node out of a room, and their own node applies it too.

    def opened(self, connection: Connection) -> None:
        if self._local(connection):
            self._publish(self._opened(connection))

    def closed(self, connection: Connection) -> None:
        if self._local(connection):
            self._publish(Closed(*self._address(connection)))

    def switched(self, connection: Connection) -> None:
        self._publish(Switched(*self._address(connection), connection.character))

    def entered(self, connection: Connection, live: LiveRoom) -> None:
        self._publish(Entered(*self._address(connection), live.room, live.topic_author))

    def left(self, connection: Connection, live: LiveRoom) -> None:
        self._publish(Left(*self._address(connection), live.room.id))

    def room_updated(self, live: LiveRoom) -> None:
        self._publish(RoomUpdated(live.room, live.topic_author))

    def status_set(self, connection: Connection) -> None:
        if self._local(connection):
            presence = self._registry.presence.get(connection.character.id, Presence())
            self._publish(StatusSet(connection.character.id, presence.status, presence.message))

    def voiced(self, live: LiveRoom, character: CharacterId, on: bool) -> None:
        self._publish(Voiced(live.room.id, character, on))

    def held(
        self,
        recipient: AccountId,
        sender: AccountId,
        sender_ref: CharacterRef,
        first: MessageRequestReceived,
        message: DirectMessageSent | None,
        letter: Mail | None,
    ) -> None:
        self._publish(RequestHeld(recipient, sender, sender_ref, first, message, letter))

    def taken(self, recipient: AccountId, sender: AccountId, declined: bool) -> None:
        self._publish(RequestTaken(recipient, sender, declined))

    # Scenes: each change publishes the state under its key, whole.

    def scene_changed(self, room: RoomId) -> None:
        assert self.scenes is not None
        scene = self.scenes._scenes.get(room)
        if scene is None:
            self._publish(SceneGone(room))
        else:
            self._publish(self._scene_state(scene))

    @staticmethod
    def _scene_state(scene: Scene) -> SceneState:
        return SceneState(
            scene.live.room, scene.tags, scene.note, tuple(scene.votes.values()), scene.paused_by
        )

    def invitations_changed(self, character: CharacterId) -> None:
        assert self.scenes is not None
        held = self.scenes._invitations.get(character)
        self._publish(InvitationsHeld(character, tuple(held.values()) if held else ()))

    def cooldowns_changed(self, account: AccountId) -> None:
        assert self.scenes is not None
        until = self.scenes._cooldowns.get(account, {})
        self._publish(Cooldowns(account, tuple(sorted(until.items()))))

    def reaches(self, connection: Connection) -> bool:
        """Whether what this node sends to ``connection`` can reach it now."""
        return self.bus.reachable or self._local(connection)

    def restrictions_changed(self) -> None:
        self._publish(RestrictionsChanged())

    def account_changed(self, account: AccountId) -> None:
        """This node changed ``account`` (its settings, its password, its erasure)."""
        self._publish(AccountChanged(account))

    def relations_changed(self, *accounts: AccountId) -> None:
        for account in accounts:
            self._publish(AccountChanged(account))

    def reachable(self, up: bool) -> None:
        """Redis came back (say hello again, to catch up) or went away (tell our people)."""
        text = (
            "The other nodes of this server are reachable again."
            if up
            else "The other nodes of this server are unreachable for now: you can talk with "
            "people connected here; the others will be back when they are."
        )
        now = self._clock()
        for connection in list(self._registry.connections.values()):
            if self._local(connection):
                connection.session.deliver(ServerNotice(now, text))
        if up:
            self.hello()

    def hello(self) -> None:
        """Say this node (re)joined: the others answer with their people, and learn ours."""
        self._publish(Hello(self.node))
        self._publish(self.snapshot())

    def snapshot(self) -> Snapshot:
        local = [c for c in self._registry.connections.values() if self._local(c)]
        characters = {c.character.id for c in local}
        rooms = self._registry.rooms
        return Snapshot(
            self.node,
            tuple(self._opened(c) for c in local),
            tuple(
                Entered(self.node, c.id, rooms[r].room, rooms[r].topic_author)
                for c in local
                for r in sorted(c.rooms)
                if r in rooms
            ),
            tuple(
                StatusSet(character, presence.status, presence.message)
                for character, presence in self._registry.presence.items()
                if character in characters
            ),
            tuple(
                Voiced(live.room.id, character, True)
                for live in rooms.values()
                for character in sorted(live.voiced)
                if character in characters
            ),
        )

    # --- Applying the others' ---------------------------------------------------------------

    def _received(self, topic: str, message: ClusterMessage) -> None:
        self._incoming.put_nowait((topic, message))

    async def run(self) -> None:
        """Apply what the other nodes send, in order, until cancelled."""
        while True:
            _, message = await self._incoming.get()
            self._applying = True
            try:
                await self.apply_quietly(message)
            except Exception:
                logger.exception("cluster: applying %s failed", type(message).__name__)
            finally:
                self._applying = False

    @property
    def idle(self) -> bool:
        """Nothing received is waiting to be applied, and nothing decided waits to be sent."""
        return self._incoming.empty() and not self._applying and not self.outbox.pending

    async def apply_quietly(self, message: ClusterMessage) -> None:
        """Apply another node's message without publishing the changes it makes (answers to a
        ``Hello`` still go out)."""
        if isinstance(message, Hello):
            await self.apply(message)
            return
        token = self._quiet.set(True)
        try:
            await self.apply(message)
        finally:
            self._quiet.reset(token)

    async def apply(self, message: ClusterMessage) -> None:
        match message:
            case Deliveries():
                self._deliver(message)
            case Opened():
                await self._open(message)
            case Closed():
                self._close(message)
            case Switched():
                self._switch(message)
            case Entered():
                self._enter(message)
            case Left():
                self._leave(message)
            case RoomUpdated():
                live = self._registry.rooms.get(message.room.id)
                if live is not None:
                    live.room = message.room
                    live.topic_author = message.topic_author
            case StatusSet():
                if message.character in self._registry.by_character:
                    self._registry.presence[message.character] = Presence(
                        message.status, message.message
                    )
            case Voiced():
                live = self._registry.rooms.get(message.room)
                if live is not None:
                    (live.voiced.add if message.voiced else live.voiced.discard)(message.character)
            case CloseConnection():
                connection = self._registry.connections.get(message.connection)
                if connection is not None and self._local(connection):
                    connection.session.close(message.reason)
            case Hello():
                if message.node != self.node:
                    self._publish(self.snapshot(), node_topic(message.node))
            case Snapshot():
                await self._resynchronise(message)
            case NodeLeft():
                self._node_left(message.node, message.reason)
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
                self._scene_gone(message.room)
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
            case RestrictionsChanged():
                if self.sweep_restrictions is not None:
                    await self.sweep_restrictions()
            case AccountChanged():
                if message.account in self._registry.by_account:
                    await self._reload(message.account)
                    if self.refresh_account is not None:
                        await self.refresh_account(message.account)
            case _:
                pass  # messages of the next slices (room and account broadcasts)

    def _deliver(self, message: Deliveries) -> None:
        deliver_arrived(self._registry, message, self._author_account)

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

    def _scene_gone(self, room: RoomId) -> None:
        """As ``SceneEnding._end``, without telling anyone (the deciding node told everyone)."""
        assert self.scenes is not None
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

    def _address(self, connection: Connection) -> tuple[str, ConnectionId]:
        """``connection`` as every node names it: its node, and the id its node gave it."""
        session = connection.session
        if isinstance(session, RemoteSession):
            return session.node, session.local_id
        return self.node, connection.id

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

    def _enter(self, message: Entered) -> None:
        connection = self._find(message.node, message.connection)
        if connection is None:
            return
        live = self._registry.rooms.get(message.room.id)
        if live is None:
            live = LiveRoom(message.room, topic_author=message.topic_author)
            self._registry.rooms[message.room.id] = live
        if message.room.id not in connection.rooms:
            self._rooms.enter_quietly(connection, live)

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
        self.outbox.muted = True
        try:
            for connection in gone:
                self._disconnect(connection, reason)
        finally:
            self.outbox.muted = False

    async def _resynchronise(self, snapshot: Snapshot) -> None:
        """Make this node's picture of ``snapshot.node`` match it: who left meanwhile leaves
        (shown to this node's people as a dropped connection), who came is added."""
        if snapshot.node == self.node:
            return
        listed = {o.connection for o in snapshot.opened}
        stale = [
            c
            for c in self._registry.connections.values()
            if isinstance(c.session, RemoteSession)
            and c.session.node == snapshot.node
            and c.session.local_id not in listed
        ]
        self.outbox.muted = True
        try:
            for connection in stale:
                self._disconnect(connection, "Connection closed")
        finally:
            self.outbox.muted = False
        for opened in snapshot.opened:
            await self._open(opened)
        for entered in snapshot.entered:
            self._enter(entered)
        for status in snapshot.statuses:
            await self.apply(status)
        for voiced in snapshot.voiced:
            await self.apply(voiced)
