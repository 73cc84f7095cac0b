"""The publishing half of a cluster node: every change to this node's live state, made by
a decision here, goes to every node (``registry.Watch``, ``RequestWatch``, ``SceneWatch``), in
the order it was made; and what a node tells the others when it (re)joins or loses them.

``core.cluster.node.ClusterNode`` adds the applying half. Imports ``boudoir.core`` (registry,
messaging, scenes, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextvars import ContextVar
from typing import TYPE_CHECKING

from boudoir.core.cluster import Bus
from boudoir.core.cluster.calls import CallReplica
from boudoir.core.cluster.logs import LogReplica
from boudoir.core.cluster.messages import (
    AccountChanged,
    CharacterChanged,
    Closed,
    ClusterMessage,
    Cooldowns,
    Entered,
    Hello,
    InvitationsHeld,
    Invited,
    Left,
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
    WentOffline,
)
from boudoir.core.cluster.remote import Outbox, RemoteSession, is_remote
from boudoir.core.cluster.shared import shared_state
from boudoir.core.cluster.topics import EVERY_NODE, node_topic
from boudoir.core.cluster.walkable import WalkableReplica
from boudoir.core.messaging import MessagingService, RequestWatch
from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Presence, Registry, Watch
from boudoir.core.scenes import SceneService
from boudoir.core.scenes.base import Scene, SceneWatch
from boudoir.domain.entities import Character
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    MessageRequestReceived,
    ServerNotice,
)
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.mail import Mail

if TYPE_CHECKING:
    from boudoir.core.cluster.limits import SharedLimits


_applying_elsewhere: ContextVar[bool] = ContextVar("applying_elsewhere", default=False)
"""True in the task applying another node's change, which is not published again. A context
variable, not a flag: while that task waits for the store, this node's own people act in
their own tasks, and what they change must be published."""


class Publishing(Watch, RequestWatch, SceneWatch):
    """What a node publishes of its own changes; ``ClusterNode`` sets the state it reads."""

    bus: Bus
    node: str
    outbox: Outbox
    scenes: SceneService | None
    logs: LogReplica | None
    walkable: WalkableReplica | None
    calls: CallReplica | None
    limits: SharedLimits | None
    _joined: bool
    """Whether this node said hello before: its next hello is a return after a gap."""
    store_unread: bool
    _registry: Registry
    _messages: MessagingService
    _clock: Clock
    _arrivals: int
    """How many arrivals of its own people this node decided (the last one's number)."""
    _numbered: dict[ConnectionId, dict[RoomId, int]]
    """The number of each own connection's arrival in each room it is in."""
    _heard: dict[str, int]
    """For each other node, the number of its latest arrival applied here."""

    # --- Publishing this node's changes ----------------------------------------------------

    def _publish(self, message: ClusterMessage, topic: str = EVERY_NODE) -> None:
        if _applying_elsewhere.get():
            return
        self.outbox.flush()  # what was decided before this leaves before it
        self.bus.publish(topic, message)

    def publish(self, message: ClusterMessage) -> None:
        """Publish a change made here to every node (nothing while applying another's)."""
        self._publish(message)

    def tell(self, node: str, message: ClusterMessage) -> None:
        """Send ``node`` what was decided here for its own people."""
        self._publish(message, node_topic(node))

    def own_connection(self, connection: ConnectionId) -> Connection | None:
        """This node's own connection ``connection``, if it is still open."""
        found = self._registry.connections.get(connection)
        return found if found is not None and self._local(found) else None

    @property
    def quiet(self) -> bool:
        """Whether this task is applying another node's change."""
        return _applying_elsewhere.get()

    def _address(self, connection: Connection) -> tuple[str, ConnectionId]:
        """``connection`` as every node names it: its node, and the id its node gave it."""
        session = connection.session
        if isinstance(session, RemoteSession):
            return session.node, session.local_id
        return self.node, connection.id

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
            self._numbered.pop(connection.id, None)
            self._publish(Closed(*self._address(connection)))

    def switched(self, connection: Connection) -> None:
        self._publish(Switched(*self._address(connection), connection.character))

    def went_offline(self, connection: Connection, at: dt.datetime) -> None:
        if self._local(connection):
            self._publish(WentOffline(*self._address(connection), at))

    def entered(self, connection: Connection, live: LiveRoom) -> None:
        number = 0
        if self._local(connection) and not self.quiet:
            self._arrivals += 1
            number = self._arrivals
            self._numbered.setdefault(connection.id, {})[live.room.id] = number
        heard = tuple(sorted(self._heard.items()))
        address = self._address(connection)
        self._publish(Entered(*address, live.room, live.topic_author, number, heard))

    def left(self, connection: Connection, live: LiveRoom) -> None:
        if self._local(connection):
            self._numbered.get(connection.id, {}).pop(live.room.id, None)
        self._publish(Left(*self._address(connection), live.room.id))

    def room_updated(self, live: LiveRoom) -> None:
        self._publish(RoomUpdated(live.room, live.topic_author))

    def character_changed(self, character: Character) -> None:
        self._publish(CharacterChanged(character))

    def invited_changed(self, room: RoomId) -> None:
        self._publish(Invited(room, tuple(sorted(self._registry.invited.get(room, ())))))

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
            reason = self.scenes.ended(room)
            self._publish(SceneGone(room) if reason is None else SceneGone(room, reason))
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
        """Say this node (re)joined: the others answer with their people, and learn ours; back
        after a gap, each side reconciles what changed on the other meanwhile."""
        returning, self._joined = self._joined, True
        self.store_unread |= returning
        self._publish(Hello(self.node, returning))
        self._publish(self.snapshot(returning))
        if self.limits is not None:
            self.limits.joined()

    def snapshot(self, returning: bool = False) -> Snapshot:
        local = [c for c in self._registry.connections.values() if self._local(c)]
        characters = {c.character.id for c in local}
        rooms = self._registry.rooms
        return Snapshot(
            self.node,
            tuple(self._opened(c) for c in local),
            tuple(
                Entered(
                    self.node,
                    c.id,
                    rooms[r].room,
                    rooms[r].topic_author,
                    self._numbered.get(c.id, {}).get(r, 0),
                )
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
            shared_state(self, self._messages),
            returning,
        )
