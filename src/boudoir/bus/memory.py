"""Several nodes in one process, for tests: a ``MemoryHub`` links ``HubBus`` es as Redis
links nodes, with every message encoded and decoded by the codec on the way (so what cannot
cross between real nodes cannot cross here either) and handed over on a later turn of the event
loop, in the order it was published (or at once, when a test asks: ``hand_over_all``).

Imports ``boudoir.bus.codec`` and ``boudoir.core.cluster``.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque

from boudoir.bus.codec import decode, encode
from boudoir.core.cluster import ClusterMessage, Receiver
from boudoir.core.cluster.topics import EVERY_NODE


class MemoryHub:
    def __init__(self) -> None:
        self.buses: list[HubBus] = []
        self._flying: deque[tuple[HubBus, str, bytes]] = deque()
        self.reachable = True
        """False: every bus is cut off (as when Redis is down)."""

    def bus(self, node: str) -> HubBus:
        bus = HubBus(self, node)
        self.buses.append(bus)
        return bus

    @property
    def in_flight(self) -> int:
        """Messages published and not handed over yet."""
        return len(self._flying)

    def carry(self, sender: HubBus, topic: str, message: ClusterMessage) -> None:
        data = encode(message)
        loop = asyncio.get_running_loop()
        for bus in self.buses:
            if bus is not sender and (topic == EVERY_NODE or bus.topics[topic] > 0):
                self._flying.append((bus, topic, data))
                loop.call_soon(self._hand_over)

    def _hand_over(self) -> None:
        """Hand over the oldest message in flight (none left: ``hand_over_all`` took them)."""
        if self._flying:
            bus, topic, data = self._flying.popleft()
            if bus.receiver is not None and bus.attached and bus.linked:
                bus.receiver(topic, decode(data))

    def hand_over_all(self) -> None:
        """Hand over every message in flight now, in order, as if the turns had passed."""
        while self._flying:
            self._hand_over()


class HubBus:
    def __init__(self, hub: MemoryHub, node: str) -> None:
        self._hub = hub
        self._node = node
        self.topics: Counter[str] = Counter()
        self.receiver: Receiver | None = None
        self.attached = True
        """False once this node is "killed": it hears nothing more."""
        self.linked = True
        """False while this node is cut off the hub (its Redis is away): it hears and says
        nothing, what was in flight to it is lost, and it comes back when set True again."""

    @property
    def node(self) -> str:
        return self._node

    @property
    def clustered(self) -> bool:
        return True

    @property
    def reachable(self) -> bool:
        return self._hub.reachable and self.attached and self.linked

    def attach(self, receiver: Receiver) -> None:
        self.receiver = receiver

    def publish(self, topic: str, message: ClusterMessage) -> None:
        if self.reachable:
            self._hub.carry(self, topic, message)

    def subscribe(self, topic: str) -> None:
        self.topics[topic] += 1

    def unsubscribe(self, topic: str) -> None:
        self.topics[topic] -= 1
        if self.topics[topic] <= 0:
            del self.topics[topic]
