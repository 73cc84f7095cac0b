"""Calls across nodes: the two sides of a call may be on different nodes, and either side may
act from any of its connections, so every node holds every call.

Room cams likewise: the node where a room's cams change (a broadcast started, a watch
opened, anything ended) publishes them whole (``CamsHeld``).

The node where a call changes (placed, answered, media changed) publishes it whole
(``CallChanged``); the node where it ends publishes what is kept of it (``CallOver``). The
others take it without telling anyone: the deciding node told both sides, wherever they are,
through their connections (a remote one forwards to its node). A connection is named by its
node and the id its node gave it (``NodeConnectionKeys``), so each node finds it. The node
holding the caller times a ringing call out; the node holding the side that is left ends a
call whose other side's node died.

Imports ``boudoir.core`` (calls, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boudoir.core.calls import CallRecord, CallService, CallState, CallWatch, ConnectionKeys
from boudoir.core.calls.cams import CamService, CamWatch
from boudoir.core.cluster.messages import CallChanged, CallOver, CamsHeld
from boudoir.core.cluster.remote import is_remote, remote_id
from boudoir.core.registry import Connection, Registry
from boudoir.domain.ids import ConnectionId, RoomId

if TYPE_CHECKING:
    from boudoir.core.cluster.node import ClusterNode


class NodeConnectionKeys(ConnectionKeys):
    """A connection as every node names it: ``<node>/<its id there>``."""

    def __init__(self, node: str) -> None:
        self._node = node
        self._own = f"{node}/"

    def key(self, connection: Connection) -> str:
        # Another node's connection already has that id here (``remote_id``).
        return connection.id if is_remote(connection) else remote_id(self._node, connection.id)

    def find(self, registry: Registry, key: str) -> Connection | None:
        if key.startswith(self._own):
            return registry.connections.get(ConnectionId(key.removeprefix(self._own)))
        return registry.connections.get(ConnectionId(key))

    def local(self, connection: Connection) -> bool:
        return not is_remote(connection)


class CallReplica(CallWatch, CamWatch):
    """Publishes this node's changes to calls and cams and applies the others'."""

    def __init__(self, calls: CallService, cams: CamService, node: ClusterNode) -> None:
        self._calls = calls
        self._cams = cams
        self._node = node
        calls.watch = self
        cams.watch = self
        calls.keys = NodeConnectionKeys(node.node)
        node.calls = self

    def call_changed(self, state: CallState) -> None:
        self._node.publish(CallChanged(state))

    def call_gone(self, record: CallRecord) -> None:
        self._node.publish(CallOver(record))

    def cams_changed(self, room: RoomId, room_name: str) -> None:
        self._node.publish(CamsHeld(room, room_name, self._cams.held(room)))

    def states(self) -> tuple[tuple[CallState, ...], tuple[CamsHeld, ...]]:
        """Every call and every room's cams held here (for a node that joins late)."""
        return (
            tuple(self._calls.calls.values()),
            tuple(
                CamsHeld(room, here_name, self._cams.held(room))
                for room, here_name in self._cams.rooms()
            ),
        )

    def learn(self, calls: tuple[CallState, ...], cams: tuple[CamsHeld, ...]) -> None:
        """Take the calls and rooms' cams this node does not hold yet (ended ones stay ended)."""
        for state in calls:
            if state.id not in self._calls.calls and state.id not in self._calls.records:
                self._calls.taken(state)
        held = {room for room, _ in self._cams.rooms()}
        for message in cams:
            if message.room not in held:
                self._cams.take(message.room, message.room_name, message.broadcasts)

    def apply(self, message: CallChanged | CallOver | CamsHeld) -> None:
        if isinstance(message, CallChanged):
            self._calls.taken(message.state)
        elif isinstance(message, CallOver):
            self._calls.gone(message.record)
        else:
            self._cams.take(message.room, message.room_name, message.broadcasts)
