"""Several nodes in one process: Worlds over one in-memory store, linked by a ``MemoryHub``
(every message through the real codec), each with its people, as ``TestWorld`` has them."""

from __future__ import annotations

import asyncio

from boudoir.bus.memory import HubBus, MemoryHub
from boudoir.core.cluster.messages import NodeLeft
from boudoir.core.cluster.node import ClusterNode
from boudoir.core.cluster.topics import EVERY_NODE
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING, TestPerson, TestWorld

MAX_TURNS = 10_000
"""Turns of the event loop the nodes get to agree; far more than any exchange here takes."""


class Nodes:
    def __init__(self) -> None:
        self.hub = MemoryHub()
        self.store = MemoryStore()
        self.worlds: dict[str, TestWorld] = {}
        self.buses: dict[str, HubBus] = {}
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self, name: str) -> TestWorld:
        """A node joining the cluster: it says hello and learns who is where."""
        bus = self.hub.bus(name)
        world = World(self.store, Argon2Hasher(FAST_HASHING), bus=bus)
        node = self.cluster(world)
        self._tasks.append(asyncio.create_task(node.run(), name=f"node {name}"))
        self.worlds[name] = TestWorld(world)
        self.buses[name] = bus
        node.hello()
        await self.settle()
        return self.worlds[name]

    @staticmethod
    def cluster(world: World) -> ClusterNode:
        assert world.cluster is not None
        return world.cluster

    async def settle(self) -> None:
        """Return once every message sent has been applied everywhere."""
        for _ in range(MAX_TURNS):
            nodes = [self.cluster(w.world) for w in self.worlds.values()]
            if self.hub.in_flight == 0 and all(node.idle for node in nodes):
                return
            await asyncio.sleep(0)  # a turn of the loop, not a wait for time
        raise AssertionError("the nodes never settled")

    async def kill(self, name: str) -> None:
        """``name`` dies (kill -9): it hears and says nothing more, and the others find out
        at their next beat."""
        self.buses[name].attached = False
        self.worlds.pop(name)
        for world in self.worlds.values():
            self.cluster(world.world)._received(EVERY_NODE, NodeLeft(name, "Connection closed"))
        await self.settle()

    async def cut_off(self, *names: str) -> None:
        """Redis goes away for ``names`` (every node by default): each keeps serving its own
        people and tells them so; what it says meanwhile reaches no other node, and it hears
        nothing."""
        for name in names or list(self.worlds):
            self.buses[name].linked = False
            self.cluster(self.worlds[name].world).reachable(False)
        await self.settle()

    async def reconnect(self, *names: str) -> None:
        """Redis is back for ``names`` (every node by default): each says hello again and the
        nodes catch up."""
        for name in names or list(self.worlds):
            self.buses[name].linked = True
            self.cluster(self.worlds[name].world).reachable(True)
        await self.settle()

    async def two_in_the_lobby(self) -> tuple[TestPerson, TestPerson]:
        """Alice on node a and Bob on node b, both in the lobby, each knowing the other is."""
        a = await self.start("a")
        b = await self.start("b")
        await a.register("bob")
        alice = await a.person("alice")
        bob = await b.login("bob")
        await alice.join("lobby")
        await self.settle()
        await bob.join("lobby")
        await self.settle()
        return alice, bob

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


async def strangers(nodes: Nodes, *bob_on: str) -> tuple[TestPerson, list[TestPerson]]:
    """Alice on node a; Bob, who has not accepted her, on each of the nodes ``bob_on``."""
    a = await nodes.start("a")
    for name in bob_on:
        await nodes.start(name)
    await a.register("bob")
    alice = await a.person("alice")
    bobs = [await nodes.worlds[name].login("bob") for name in bob_on]
    await nodes.settle()
    return alice, bobs
