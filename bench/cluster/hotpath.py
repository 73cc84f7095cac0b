"""Room speech across two nodes in one process: the CPU a delivery to someone on another node
costs beside a local one, on the hot path alone.

``bench.cluster`` measures real nodes on Redis under a load generator, where a node's batches,
and with them its CPU per delivery, follow the load and whatever else the machine runs. This
one has no sockets, no Redis and no load generator: two Worlds over one in-memory store,
linked by a ``MemoryHub`` (every message through the real codec), with real IRC gateways on
counting transports. Speakers on node a say ``batch`` lines; then node a's clients are
flushed, its outbox is sent, the hub hands everything over, node b applies it and its
clients are flushed. Two arrangements of the same room, alternating: every member on a
(``local``), and the listeners alternately on a and b (``split``). What crosses costs what
the split run costs beyond the local one, per crossing delivery; the figure is that cost over
a local delivery's. The fastest of ``ROUNDS`` rounds of process CPU time, as ``bench.hotpath``.

    .venv/bin/python -m bench.cluster.hotpath                    # 50 in the room, batches of 8
    .venv/bin/python -m bench.cluster.hotpath --members 100 --batch 1

Imports ``boudoir`` (its in-memory store, ``boudoir.testing``) and the standard library.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from bench.hotpath import irc_gateway, irc_member

from boudoir.bus.memory import MemoryHub
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.ports import utc_now
from boudoir.core.world import World
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING, TestWorld

ROUNDS = 5
SPEAKERS = 8
TEXT = "x" * 64


@dataclass(frozen=True, slots=True)
class Result:
    arrangement: str
    members: int
    on_b: int
    messages: int
    batch: int
    us_per_message: float
    us_per_delivery: float


class Nodes:
    """Two Worlds over one store, linked by a hub, each with an IRC gateway."""

    def __init__(self) -> None:
        self.hub = MemoryHub()
        store = MemoryStore()
        self.worlds = [
            World(store, Argon2Hasher(FAST_HASHING), utc_now, bus=self.hub.bus(name))
            for name in ("a", "b")
        ]
        self.gateways = [irc_gateway(world) for world in self.worlds]
        for world, gateway in zip(self.worlds, self.gateways, strict=True):
            assert world.cluster is not None
            world.cluster.outbox.renderings.append(gateway)  # as app.assembly does
        self.registrar = TestWorld(self.worlds[0])

    async def turn(self) -> None:
        """What a turn of both nodes' loops does with what was said: a's clients flushed and its
        outbox sent, the hub's messages handed over and applied on b, b's clients flushed; then
        the loop runs what was scheduled meanwhile (the hub's and the outbox's hand-overs, by
        then with nothing left to do), as a real turn would, instead of letting it pile up."""
        a, b = self.gateways
        a.flusher._flush()
        cluster = self.worlds[0].cluster
        assert cluster is not None
        cluster.outbox.flush()
        self.hub.hand_over_all()
        receiving = self.worlds[1].cluster
        assert receiving is not None
        receiving.apply_ready()
        b.flusher._flush()
        await asyncio.sleep(0)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Nodes]:
        """Both nodes applying what the other sends (a login, a join), and said hello."""
        tasks = []
        for world in self.worlds:
            assert world.cluster is not None
            tasks.append(asyncio.create_task(world.cluster.run()))
            world.cluster.hello()
        try:
            yield self
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


async def _login(nodes: Nodes, node: int, name: str) -> Any:
    await nodes.registrar.register(name)
    # Between steps, the other node learns of the connection and of the join.
    return await irc_member(nodes.gateways[node], name, lambda: asyncio.sleep(0.01))


def _places(members: int, split: bool) -> Iterator[int]:
    """The node of each member: speakers on a; the others alternately, when split."""
    for number in range(members):
        yield 1 if split and number >= SPEAKERS and number % 2 else 0


async def run(split: bool, members: int, messages: int, batch: int) -> Result:
    nodes = Nodes()
    async with nodes.running():
        clients = [
            await _login(nodes, node, f"m{number:04d}")
            for number, node in enumerate(_places(members, split))
        ]
        await nodes.turn()
        on_b = sum(_places(members, split))
        speakers = clients[:SPEAKERS]
        line = f"PRIVMSG #lobby :{TEXT}\r\n".encode()
        last = clients[-1].transport
        before = last.writes
        best = float("inf")
        for _ in range(ROUNDS):
            gc.collect()
            started = time.process_time()
            for number in range(messages):
                speakers[number % SPEAKERS].data_received(line)
                if number % batch == batch - 1:
                    await nodes.turn()
            await nodes.turn()
            best = min(best, time.process_time() - started)
        if last.writes == before:
            raise RuntimeError("the last member received nothing")
    per_message = 1e6 * best / messages
    return Result(
        "split" if split else "local",
        members,
        on_b,
        messages,
        batch,
        per_message,
        per_message / (members - 1),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cluster.hotpath", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--members", type=int, default=50, help="IRC clients in the room")
    parser.add_argument("--messages", type=int, default=4000, help="lines said per round")
    parser.add_argument("--batch", type=int, default=8, help="lines per turn")
    parser.add_argument("--pairs", type=int, default=2, help="local/split pairs, alternating")
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    parser.add_argument(
        "--only",
        choices=("local", "split"),
        help="run one arrangement once (for counting instructions with perf stat)",
    )
    arguments = parser.parse_args(argv)
    if arguments.only:
        asyncio.run(
            run(arguments.only == "split", arguments.members, arguments.messages, arguments.batch)
        )
        return 0
    local: list[Result] = []
    split: list[Result] = []
    for _ in range(arguments.pairs):
        for is_split, results in ((False, local), (True, split)):
            result = asyncio.run(
                run(is_split, arguments.members, arguments.messages, arguments.batch)
            )
            results.append(result)
            if arguments.json:
                print(json.dumps(asdict(result)))
            else:
                print(
                    f"{result.arrangement}: {result.members} in the room ({result.on_b} on b), "
                    f"batches of {result.batch}: {result.us_per_message:.2f} us CPU/message, "
                    f"{result.us_per_delivery:.3f} us CPU/delivery"
                )
    low = min(r.us_per_message for r in local)
    high = min(r.us_per_message for r in split)
    crossing = split[0].on_b
    per_local = low / (arguments.members - 1)
    extra = (high - low) / crossing
    print(
        f"a crossing delivery: {per_local + extra:.3f} us against {per_local:.3f} us local: "
        f"{(per_local + extra) / per_local:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
