"""People on other nodes, as this node's core sees them: a ``Connection`` whose session is a
``RemoteSession``.

A remote session delivers by asking its node to: what the core decides to send to it joins
the ``Outbox`` for that node, and the outbox publishes, once per turn of the event loop, one
``Deliveries`` message per node with each event once and the connections it is for. Room speech
that every member of the room on a node hears goes to that node as the room's id instead of
their connections: the node finds its own members of the room and delivers as for speech made
there, checking each one's blocks itself (``deliver_arrived``), with the bytes this node's
gateways rendered it as (``Renderings``), so that node's gateways need not render it again.
Closing a remote session asks its node to close the connection.

Imports ``boudoir.core.cluster`` (messages, topics), ``boudoir.core`` (ports, registry) and
``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Protocol, cast

from boudoir.core.cluster.messages import (
    CloseConnection,
    ClusterMessage,
    Deliveries,
    Delivery,
)
from boudoir.core.cluster.topics import node_topic
from boudoir.core.ports import Session
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.domain import consent
from boudoir.domain.events import Event, RoomMessageSent
from boudoir.domain.ids import AccountId, ConnectionId, RoomId

Publish = Callable[[str, ClusterMessage], None]
Rendered = tuple[tuple[str, bytes], ...]
"""An event's bytes as gateways render it, each under a key only its gateway reads (its wire
and variant)."""
Pending = tuple[Event, list[ConnectionId] | RoomId, Rendered]
"""One event for a node: for these connections of it, or for its people in this room (with
its renderings)."""


class Renderings(Protocol):
    """A gateway's renderings of room speech, carried between nodes: the sending node's
    gateway gives what it rendered of an event (``rendered``); the receiving node's takes
    them (``prime``) before its members of the room who hear the event get it, so it renders
    only a variant nobody on the sending node had. Bytes depend on the event and the variant
    alone (same version on every node); who gets them is decided by the receiving node."""

    def rendered(self, event: Event) -> Rendered:
        """What this gateway rendered of ``event`` (its latest room speech), if anything."""

    def prime(self, event: Event, rendered: Rendered) -> None:
        """Take the renderings of ``event`` under this gateway's keys for its next delivery."""


class Outbox:
    """What this node decided to deliver to connections on other nodes, sent once per turn
    (or sooner, before any other message, so everything leaves in the order it was decided).
    ``rooms`` are this node's live rooms (``Registry.rooms``): room speech that all of a
    room's people on another node hear goes to that node as the room, not as a list."""

    __slots__ = (
        "_nodes_by_room",
        "_pending",
        "_publish",
        "_rooms",
        "_scheduled",
        "muted",
        "renderings",
    )

    def __init__(self, publish: Publish, rooms: Mapping[RoomId, LiveRoom]) -> None:
        self._publish = publish
        self._rooms = rooms
        self._pending: dict[str, list[Pending]] = {}
        self._scheduled = False
        self._nodes_by_room: dict[RoomId, tuple[Sequence[Session], tuple[str, ...]]] = {}
        """The nodes of each room's people elsewhere, with the list of them (in the room's
        ``LiveRoom.audience``, made anew at each change of membership) they were found in."""
        self.muted = False
        """While True, deliveries to other nodes are dropped: this node is telling its own
        people something every node tells its own (a dead node's people leaving)."""
        self.renderings: list[Renderings] = []
        """This node's gateways that carry their renderings of room speech (``Renderings``),
        registered once at start."""

    @contextmanager
    def only_here(self) -> Iterator[None]:
        """Muted meanwhile: every node is telling its own people the same thing."""
        muted, self.muted = self.muted, True
        try:
            yield
        finally:
            self.muted = muted

    def _items(self, node: str) -> list[Pending]:
        items = self._pending.get(node)
        if items is None:
            items = self._pending[node] = []
            if not self._scheduled:
                self._scheduled = True
                asyncio.get_running_loop().call_soon(self.flush)
        return items

    def deliver(self, node: str, connection: ConnectionId, event: Event) -> None:
        if self.muted:
            return
        items = self._items(node)
        if items and items[-1][0] is event and isinstance(ids := items[-1][1], list):
            ids.append(connection)
        else:
            items.append((event, [connection], ()))

    def deliver_all(
        self, sessions: Sequence[Session], event: Event, exclude: Session | None
    ) -> None:
        """``deliver`` to each of ``sessions`` (all ``RemoteSession``), but for ``exclude``.
        When they are all the room's people on other nodes (none was left out across a
        block), each of their nodes is sent the room; otherwise their ids join their node's
        batch a node at a time."""
        if self.muted or not sessions:
            return
        remote = cast("Sequence[RemoteSession]", sessions)
        # Taken now, while the gateways still hold this event's bytes (each keeps the latest
        # room speech's): the room's people here got them first, or none are rendered.
        rendered = self._rendered(event)
        whole = self._whole_room(remote, event, exclude)
        if whole is not None:
            room, members = whole
            for node in self._nodes(room, members):
                self._items(node).append((event, room, rendered))
            return
        by_node: dict[str, list[ConnectionId]] = {}
        for session in remote:
            if session is exclude:
                continue
            ids = by_node.get(session.node)
            if ids is None:
                by_node[session.node] = [session.local_id]
            else:
                ids.append(session.local_id)
        for node, found in by_node.items():
            items = self._items(node)
            if items and items[-1][0] is event and isinstance(last := items[-1][1], list):
                last.extend(found)
            else:
                items.append((event, found, rendered))

    def _whole_room(
        self, sessions: Sequence[RemoteSession], event: Event, exclude: Session | None
    ) -> tuple[RoomId, Sequence[Session]] | None:
        """The room of room speech ``event``, and its people on other nodes, when
        ``sessions`` are all of them (the core left out nobody across a block) and the speaker
        is not among them."""
        if type(event) is not RoomMessageSent or event.recipient is not None:
            return None
        if isinstance(exclude, RemoteSession):
            return None  # the speaker is elsewhere: its node must not be sent the room
        live = self._rooms.get(event.room.id)
        if live is None:
            return None
        for _, members, _ in live.audience():
            if members and type(members[0]) is RemoteSession:
                return (event.room.id, members) if len(members) == len(sessions) else None
        return None

    def _nodes(self, room: RoomId, members: Sequence[Session]) -> tuple[str, ...]:
        """The nodes of ``members``, a room's people elsewhere: found again only when the
        room's membership changed."""
        known = self._nodes_by_room.get(room)
        if known is not None and known[0] is members:
            return known[1]
        if len(self._nodes_by_room) > len(self._rooms):
            self._nodes_by_room.clear()  # rooms that ended: forget them all, and start again
        nodes = tuple({cast(RemoteSession, session).node for session in members})
        self._nodes_by_room[room] = (members, nodes)
        return nodes

    def _rendered(self, event: Event) -> Rendered:
        renderings = self.renderings
        if not renderings:
            return ()
        if len(renderings) == 1:
            return renderings[0].rendered(event)
        return tuple(item for gateway in renderings for item in gateway.rendered(event))

    def prime(self, event: Event, rendered: Rendered) -> None:
        """Give this node's gateways the renderings of ``event`` another node sent with it."""
        for gateway in self.renderings:
            gateway.prime(event, rendered)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        self._scheduled = False
        pending, self._pending = self._pending, {}
        for node, items in pending.items():
            message = Deliveries(
                tuple(
                    Delivery(event, tuple(to), None, rendered)
                    if isinstance(to, list)
                    else Delivery(event, (), to, rendered)
                    for event, to, rendered in items
                )
            )
            self._publish(node_topic(node), message)

    def close(self, node: str, connection: ConnectionId, reason: str) -> None:
        if self.muted:
            return
        self.flush()
        self._publish(node_topic(node), CloseConnection(connection, reason))


def is_remote(connection: Connection) -> bool:
    """Whether ``connection`` is on another node."""
    return isinstance(connection.session, RemoteSession)


def remote_id(node: str, connection: ConnectionId) -> ConnectionId:
    """This node's id for connection ``connection`` of ``node``: a node's ids are its own."""
    return ConnectionId(f"{node}/{connection}")


class RemoteSession:
    """A connection on another node. ``local_id`` is the id its node gave it."""

    __slots__ = ("_gateway", "_id", "_outbox", "local_id", "node")

    def __init__(self, outbox: Outbox, node: str, connection: ConnectionId, gateway: str) -> None:
        self._outbox = outbox
        self.node = node
        self.local_id = connection
        self._id = remote_id(node, connection)
        self._gateway = gateway

    @property
    def connection_id(self) -> ConnectionId:
        return self._id

    @property
    def gateway(self) -> str:
        return self._gateway

    def deliver(self, event: Event) -> None:
        self._outbox.deliver(self.node, self.local_id, event)

    def close(self, reason: str) -> None:
        self._outbox.close(self.node, self.local_id, reason)

    @staticmethod
    def deliver_to_all(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
        """Room speech to people on other nodes: their ids join each node's batch."""
        if sessions:
            cast(RemoteSession, sessions[0])._outbox.deliver_all(sessions, event, exclude)


def deliver_arrived(
    registry: Registry,
    message: Deliveries,
    author_of: Callable[[Event], AccountId | None],
    prime: Callable[[Event, Rendered], None] | None = None,
) -> None:
    """Deliver what another node decided for people here, checking each recipient's blocks
    against the event's author (``author_of``) as this node knows them now: the recipient's
    node decides too. An event for listed connections goes to those still here; room speech
    for a room's people here goes to this node's members of the room who hear it, as speech
    made here does (``LiveRoom.deliver``). One ``Session.deliver_to_all`` per event and
    class of session. Room speech's renderings go to the gateways first (``prime``)."""
    connections = registry.connections
    blocked = registry.blocked
    for item in message.items:
        event = item.event
        author = author_of(event)
        if item.room is not None:
            if item.rendered and prime is not None:
                prime(event, item.rendered)
            _deliver_to_room(registry.rooms.get(item.room), event, author, blocked)
            continue
        groups: dict[type[Session], list[Session]] = {}
        for connection_id in item.connections:
            connection = connections.get(connection_id)
            if connection is None:
                continue  # gone meanwhile
            session = connection.session
            if isinstance(session, RemoteSession):
                continue
            if author is not None:
                blocks = blocked.get(connection.account.id)
                if blocks is not None and author in blocks:
                    continue
            group = groups.get(type(session))
            if group is None:
                groups[type(session)] = [session]
            else:
                group.append(session)
        if groups and item.rendered and prime is not None:
            prime(event, item.rendered)
        for kind, sessions in groups.items():
            kind.deliver_to_all(sessions, event, None)


def _deliver_to_room(
    live: LiveRoom | None,
    event: Event,
    author: AccountId | None,
    blocked: Mapping[AccountId, set[AccountId]],
) -> None:
    """Room speech from another node to this node's own members of ``live`` who hear it:
    ``consent.hearing`` with the accounts across a block from the author as this node knows
    them (kept both ways for everyone online, here or elsewhere)."""
    if live is None:
        return  # nobody here is in the room any more
    across = blocked.get(author) if author is not None else None
    for deliver_to_all, sessions, accounts in live.audience():
        if not sessions or type(sessions[0]) is RemoteSession:
            continue  # people on other nodes: their own node tells them
        hearing = consent.hearing(sessions, accounts, across)
        if hearing:
            deliver_to_all(hearing, event, None)
