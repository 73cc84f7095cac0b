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

The applying of each message is ``core.cluster.applying``; the publishing of this node's own
changes, ``core.cluster.publishing``. Imports ``boudoir.core`` (registry, rooms, ports, cluster)
and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from boudoir.core.cluster import Bus
from boudoir.core.cluster.applying import Applying, Disconnect, LoadRelations, _needs_store
from boudoir.core.cluster.calls import CallReplica
from boudoir.core.cluster.logs import LogReplica
from boudoir.core.cluster.messages import ClusterMessage, Hello, Placed, Snapshot
from boudoir.core.cluster.publishing import _applying_elsewhere
from boudoir.core.cluster.reconcile import resynchronise
from boudoir.core.cluster.remote import Outbox
from boudoir.core.cluster.topics import node_topic
from boudoir.core.cluster.walkable import WalkableReplica
from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Clock
from boudoir.core.presence import PresenceService
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import RoomService
from boudoir.core.scenes import SceneService
from boudoir.domain.events import Event
from boudoir.domain.ids import AccountId

if TYPE_CHECKING:
    from boudoir.core.cluster.activity import ActivityReplica
    from boudoir.core.cluster.limits import SharedLimits
    from boudoir.core.cluster.replay import ReplayReplica

logger = logging.getLogger(__name__)


class ClusterNode(Applying):
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
        self.account_changed_anywhere: list[Callable[[AccountId], None]] = []
        """Told of every account another node changed, whether or not anyone of it is here
        (the passwords verified here for it are forgotten)."""
        self.scenes: SceneService | None = None
        """The scenes, replicated by key (set by the world once it is built)."""
        self.logs: LogReplica | None = None
        """The logs' consent, replicated by room (set by the world once it is built)."""
        self.arrived: list[Callable[[Event], None]] = []
        """Told of each event another node decided for people here, once delivered (the
        replay keeps what reached them: ``core.replay``)."""
        self.walkable: WalkableReplica | None = None
        """``meetme`` requests and hand offers, replicated by character (set by the world)."""
        self.calls: CallReplica | None = None
        """Every call, and each room's cams, replicated whole (set by the world)."""
        self.note_offline: Callable[[Connection, dt.datetime], None] | None = None
        """Remembers when a character went offline on another node (``World.went_offline``)."""
        self.sweep_restrictions: Callable[[], Awaitable[object]] | None = None
        """Reads the moderators' restrictions anew (``ModerationService.sweep``)."""
        """Picks up an account changed on another node (``World.account_changed_elsewhere``)."""
        self.presence: PresenceService | None = None
        """Who went offline lately (WHOWAS), taken by a node that joins late; set by the world."""
        self.replay: ReplayReplica | None = None
        """Asks the others for a person's replay as they log in here, set by the world."""
        self.activity: ActivityReplica | None = None
        """The rooms' activity counted on every node, set by the world."""
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
        if self._applying or len(self._incoming) > 1 or _needs_store(message):
            self._arrived.set()  # behind another, or it awaits the store: ``run`` takes it
        else:
            # The common case (room speech, a status): applied at once, in the bus reader's
            # turn, rather than a task switch later.
            self.apply_ready()

    async def run(self) -> None:
        """Apply what the other nodes send, in order, until cancelled."""
        if self.replay is not None:
            self.replay.running = True
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

    async def _resynchronise(self, snapshot: Snapshot) -> None:
        if snapshot.node != self.node:
            if self.replay is not None:
                self.replay.node_up(snapshot.node)
            await resynchronise(self, self._messages, snapshot)
