"""Several nodes as one world: the port to the bus between nodes, and what travels on it.

A node runs alone with ``LocalBus`` (nothing leaves the process). In a cluster, ``bus.redis``
carries ``ClusterMessage``s between nodes over Redis pub/sub: a node subscribes only to the
topics its own connections need (a room someone here is in, an account logged in here) and
publishes what happens on it; the receiving node fans out to its own connections and decides
consent for them itself, from the same rules and the same store.

Imports ``boudoir.core.cluster.messages`` and ``boudoir.domain``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from boudoir.core.cluster.messages import ClusterMessage
from boudoir.core.cluster.topics import account_topic, character_topic, room_topic

__all__ = [
    "Bus",
    "ClusterMessage",
    "LocalBus",
    "Receiver",
    "account_topic",
    "character_topic",
    "room_topic",
]

Receiver = Callable[[str, ClusterMessage], None]
"""Told of every message another node published on a topic this node subscribes to."""


class Bus(Protocol):
    """The link between nodes. Publishing never blocks and never raises: a bus that cannot
    reach the others keeps what it can and says so through ``reachable``."""

    @property
    def node(self) -> str:
        """This node's name."""
        ...

    @property
    def clustered(self) -> bool:
        """Whether other nodes may exist (False: the node runs alone)."""
        ...

    @property
    def reachable(self) -> bool:
        """Whether the other nodes are reachable now."""
        ...

    def attach(self, receiver: Receiver) -> None:
        """Hand every message from other nodes to ``receiver`` (once, before starting)."""
        ...

    def publish(self, topic: str, message: ClusterMessage) -> None:
        """Send ``message`` to every other node subscribed to ``topic``; in order per topic."""
        ...

    def subscribe(self, topic: str) -> None:
        """Receive ``topic``. Counted: each ``subscribe`` needs its ``unsubscribe``."""
        ...

    def unsubscribe(self, topic: str) -> None: ...


class LocalBus:
    """A node alone: there is nobody to tell, so publishing costs nothing."""

    __slots__ = ("_node",)

    def __init__(self, node: str = "local") -> None:
        self._node = node

    @property
    def node(self) -> str:
        return self._node

    @property
    def clustered(self) -> bool:
        return False

    @property
    def reachable(self) -> bool:
        return True

    def attach(self, receiver: Receiver) -> None:
        pass

    def publish(self, topic: str, message: ClusterMessage) -> None:
        pass

    def subscribe(self, topic: str) -> None:
        pass

    def unsubscribe(self, topic: str) -> None:
        pass
