"""The single-node suites, with their people spread over several nodes.

``SpreadWorld`` is a ``TestWorld`` whose nodes are Worlds over one ``MemoryStore``, linked by a
``MemoryHub``: each login is made on the next node in turn, so two people who log in one after
the other are on different nodes. A test written for one World runs unchanged on it:

- a person's ``world``, and the test world's ``world``, are ``Routed``: a call made with a
  person's connection runs on that person's node (as a command arrives at the node its
  connection is on), any other on the person's own node (the first node for the test world);
- every call settles the nodes before it returns: what it published is handed over and
  applied everywhere, so what a person sees right after is what they see once a real cluster
  has caught up. Nothing runs in the background: settling drives the nodes, synchronously
  for what needs nothing from the store (a call such as ``say`` cannot wait), and by awaiting
  the rest (a login, a block) after an awaited call.
"""

from __future__ import annotations

import dataclasses
import inspect
import itertools
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar, cast

from boudoir.bus.memory import MemoryHub
from boudoir.core.cluster.node import ClusterNode
from boudoir.core.commands import Context, run
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.ports import Clock, utc_now
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.ids import ConnectionId
from boudoir.domain.intents import Intent
from boudoir.domain.replies import Reply
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import (
    FAST_HASHING,
    PASSWORD,
    RecordingSession,
    TestPerson,
    TestWorld,
)

NODES = ("a", "b")
MAX_ROUNDS = 10_000
"""Rounds of handing over and applying; far more than any exchange here takes."""

T = TypeVar("T")

EVERY_NODES_OWN = frozenset({("sync_accounts",), ("moderation", "sweep")})
"""What each node does for itself, on a timer: run on every node, in turn."""


class Spread:
    """Several nodes in one process, driven step by step (no background task)."""

    def __init__(self, clock: Clock, names: tuple[str, ...] = NODES) -> None:
        self.hub = MemoryHub()
        self.store = MemoryStore()
        self.worlds = [
            World(self.store, Argon2Hasher(FAST_HASHING), clock, bus=self.hub.bus(name))
            for name in names
        ]
        self.homes: dict[ConnectionId, World] = {}
        """Each connection made by a login, and the node it was made on."""

    @property
    def nodes(self) -> list[ClusterNode]:
        return [_cluster(world) for world in self.worlds]

    def settle_now(self) -> None:
        """Hand over and apply what can be without the store, until nothing moves."""
        for _ in range(MAX_ROUNDS):
            for node in self.nodes:
                if node.outbox.pending:
                    node.outbox.flush()
            moved = self.hub.in_flight > 0
            self.hub.hand_over_all()
            for node in self.nodes:
                node.apply_ready()
            if not moved and not any(node.outbox.pending for node in self.nodes):
                return
        raise AssertionError("the nodes never settled")

    async def settle(self) -> None:
        """Return once every message sent has been applied everywhere."""
        for _ in range(MAX_ROUNDS):
            self.settle_now()
            waiting = [node for node in self.nodes if not node.idle]
            if not waiting:
                return
            for node in waiting:
                await node.apply_next()
        raise AssertionError("the nodes never settled")

    async def settled(self, result: Awaitable[T]) -> T:
        try:
            return await result
        finally:
            await self.settle()

    def world_for(self, args: tuple[object, ...], kwargs: dict[str, object]) -> World | None:
        """The node of the first connection (or its session) among ``args`` and ``kwargs``."""
        for value in itertools.chain(args, kwargs.values()):
            if isinstance(value, RecordingSession):
                return self.homes.get(value.connection_id)
            if isinstance(value, Connection):
                home = self.homes.get(value.id)
                if home is not None:
                    return home
                for world in self.worlds:
                    if world.registry.connections.get(value.id) is value:
                        return world
                return None
        return None

    async def hello(self) -> None:
        for node in self.nodes:
            node.hello()
        await self.settle()


def _cluster(world: World) -> ClusterNode:
    assert world.cluster is not None
    return world.cluster


def _is_service(value: object) -> bool:
    """A part of the core to look into further (not a value such as a dict or a dataclass)."""
    return (
        type(value).__module__.startswith("boudoir.core")
        and not dataclasses.is_dataclass(value)
        and not callable(value)
    )


class Routed:
    """A World, or a service of it, seen across the nodes (see the module's docstring)."""

    __slots__ = ("_home", "_path", "_spread")

    def __init__(self, spread: Spread, home: World, path: tuple[str, ...] = ()) -> None:
        self._spread = spread
        self._home = home
        self._path = path

    def _on(self, world: World) -> Any:
        target: Any = world
        for name in self._path:
            target = getattr(target, name)
        return target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._on(self._home), name)
        if _is_service(value):
            return Routed(self._spread, self._home, (*self._path, name))
        if callable(value) and (inspect.ismethod(value) or inspect.isfunction(value)):
            return self._routed(name)
        return value

    def _routed(self, name: str) -> Callable[..., Any]:
        spread = self._spread

        if (*self._path, name) in EVERY_NODES_OWN:
            return self._on_every_node(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            world = spread.world_for(args, kwargs) or self._home
            try:
                result = getattr(self._on(world), name)(*args, **kwargs)
            except BaseException:
                spread.settle_now()
                raise
            if inspect.isawaitable(result):
                return spread.settled(result)
            spread.settle_now()
            return result

        return call

    def _on_every_node(self, name: str) -> Callable[..., Any]:
        spread = self._spread

        async def call(*args: Any, **kwargs: Any) -> Any:
            results = []
            for world in spread.worlds:
                results.append(await getattr(self._on(world), name)(*args, **kwargs))
                await spread.settle()
            return results[0]

        return call


@dataclasses.dataclass(eq=False)
class SpreadPerson(TestPerson):
    """A ``TestPerson`` on one node of a ``SpreadWorld``."""

    __test__: ClassVar[bool] = False

    node: World = dataclasses.field(kw_only=True)
    spread: Spread = dataclasses.field(kw_only=True)

    async def do(self, intent: Intent) -> Reply | None:
        return await self.spread.settled(run(Context.of(self.node, self.connection), intent))


class SpreadWorld(TestWorld):
    """A ``TestWorld`` over several nodes; each login is on the next node."""

    __test__: ClassVar[bool] = False

    def __init__(self, spread: Spread) -> None:
        super().__init__(cast(World, Routed(spread, spread.worlds[0])))
        self.spread = spread
        self._next = itertools.cycle(spread.worlds)

    @classmethod
    async def start(cls, clock: Clock = utc_now) -> TestWorld:
        spread = Spread(clock)
        for world in spread.worlds:
            await world.moderation.start()  # as each node starts: the store's sealing key
        await spread.hello()
        return cls(spread)

    async def login(
        self, name: str, *, character: str | None = None, address: str = "127.0.0.1"
    ) -> TestPerson:
        spread = self.spread
        node = next(self._next)
        account = await node.accounts.authenticate(name, PASSWORD, address=address)
        session = RecordingSession()
        connection = await node.connect(session, account, character=character, address=address)
        spread.homes[connection.id] = node
        await spread.settle()
        world = cast(World, Routed(spread, node))
        return SpreadPerson(world, account, session, connection, node=node, spread=spread)
