"""People on other nodes, as this node's core sees them: a ``Connection`` whose session is a
``RemoteSession``.

A remote session delivers by asking its node to: what the core decides to send to it joins
the ``Outbox`` for that node, and the outbox publishes, once per turn of the event loop, one
``Deliveries`` message per node with each event once and the connections it is for. Closing it
asks its node to close the connection.

Imports ``boudoir.core.cluster`` (messages, topics), ``boudoir.core.ports`` and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import cast

from boudoir.core.cluster.messages import (
    CloseConnection,
    ClusterMessage,
    Deliveries,
    Delivery,
)
from boudoir.core.cluster.topics import node_topic
from boudoir.core.ports import Session
from boudoir.core.registry import Connection, Registry
from boudoir.domain.events import Event
from boudoir.domain.ids import AccountId, ConnectionId

Publish = Callable[[str, ClusterMessage], None]


class Outbox:
    """What this node decided to deliver to connections on other nodes, sent once per turn
    (or sooner, before any other message, so everything leaves in the order it was decided)."""

    __slots__ = ("_pending", "_publish", "_scheduled", "muted")

    def __init__(self, publish: Publish) -> None:
        self._publish = publish
        self._pending: dict[str, list[tuple[Event, list[ConnectionId]]]] = {}
        self._scheduled = False
        self.muted = False
        """While True, deliveries to other nodes are dropped: this node is telling its own
        people something every node tells its own (a dead node's people leaving)."""

    @contextmanager
    def only_here(self) -> Iterator[None]:
        """Muted meanwhile: every node is telling its own people the same thing."""
        muted, self.muted = self.muted, True
        try:
            yield
        finally:
            self.muted = muted

    def deliver(self, node: str, connection: ConnectionId, event: Event) -> None:
        if self.muted:
            return
        items = self._pending.get(node)
        if items is None:
            items = self._pending[node] = []
        if items and items[-1][0] is event:
            items[-1][1].append(connection)
        else:
            items.append((event, [connection]))
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def deliver_all(
        self, sessions: Sequence[Session], event: Event, exclude: Session | None
    ) -> None:
        """``deliver`` to each of ``sessions`` (all ``RemoteSession``), but for ``exclude``:
        the connection ids join their node's batch a node at a time."""
        if self.muted:
            return
        by_node: dict[str, list[ConnectionId]] = {}
        for session in cast("Sequence[RemoteSession]", sessions):
            if session is exclude:
                continue
            ids = by_node.get(session.node)
            if ids is None:
                by_node[session.node] = [session.local_id]
            else:
                ids.append(session.local_id)
        for node, ids in by_node.items():
            items = self._pending.get(node)
            if items is None:
                items = self._pending[node] = []
            if items and items[-1][0] is event:
                items[-1][1].extend(ids)
            else:
                items.append((event, ids))
        if by_node and not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        self._scheduled = False
        pending, self._pending = self._pending, {}
        for node, items in pending.items():
            message = Deliveries(tuple(Delivery(event, tuple(ids)) for event, ids in items))
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
) -> None:
    """Deliver what another node decided for connections here: each event to those of its
    connections still here whose person does not block its author (``author_of``), as this
    node knows their blocks now: the recipient's node decides too. One
    ``Session.deliver_to_all`` per event and class of session."""
    connections = registry.connections
    blocked = registry.blocked
    for item in message.items:
        event = item.event
        author = author_of(event)
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
        for kind, sessions in groups.items():
            kind.deliver_to_all(sessions, event, None)
