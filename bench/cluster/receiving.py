"""The receiving node's share of room speech across two nodes in one process, alone: the
``Deliveries`` of one turn (``batch`` lines said on node a) encoded, then decoded and applied
on node b and its clients flushed, again and again. ``bench.cluster.hotpath`` measures the
whole path, where the garbage collector's full collections and the machine's other load move
its figures from run to run; this loop holds still enough to compare two versions.

    .venv/bin/python -m bench.cluster.receiving                 # 50 in the room, 21 on b

Each figure is CPU µs per line, the fastest of 7 rounds of 300 turns. Applying the same
lines again and again delivers them again: the receiving node's work per line is the same.

Imports ``bench.cluster.hotpath``, ``boudoir`` and the standard library.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable

from bench.cluster.hotpath import SPEAKERS, TEXT, Nodes, _login, _places

from boudoir.bus import codec
from boudoir.core.cluster.messages import ClusterMessage, Deliveries
from boudoir.core.cluster.topics import node_topic

TURNS = 300
ROUNDS = 7


def _fastest(work: Callable[[], object], lines: int) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(TURNS):
            work()
        best = min(best, time.process_time() - started)
    return 1e6 * best / TURNS / lines


async def run(members: int, batch: int) -> dict[str, float]:
    nodes = Nodes()
    async with nodes.running():
        clients = [
            await _login(nodes, node, f"m{number:04d}")
            for number, node in enumerate(_places(members, True))
        ]
        await nodes.turn()
        sent: list[Deliveries] = []
        carry = nodes.hub.carry

        def keep(sender: object, topic: str, message: ClusterMessage) -> None:
            if topic == node_topic("b") and isinstance(message, Deliveries):
                sent.append(message)
            carry(sender, topic, message)  # type: ignore[arg-type]

        nodes.hub.carry = keep  # type: ignore[method-assign]
        line = f"PRIVMSG #lobby :{TEXT}\r\n".encode()
        for number in range(batch):
            clients[number % SPEAKERS].data_received(line)
        await nodes.turn()
        message = sent[-1]
        data = codec.encode(message)
        receiving = nodes.worlds[1].cluster
        assert receiving is not None
        flush = nodes.gateways[1].flusher._flush
        lines = len(message.items)
        decoded = iter([codec.decode(data) for _ in range(TURNS * ROUNDS)])
        return {
            "encode": _fastest(lambda: codec.encode(message), lines),
            "decode": _fastest(lambda: codec.decode(data), lines),
            "apply and flush": _fastest(
                lambda: (receiving.apply_now(next(decoded)), flush()), lines
            ),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cluster.receiving", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--members", type=int, default=50, help="IRC clients in the room")
    parser.add_argument("--batch", type=int, default=8, help="lines per turn")
    arguments = parser.parse_args(argv)
    figures = asyncio.run(run(arguments.members, arguments.batch))
    print(", ".join(f"{name} {value:.2f} us" for name, value in figures.items()) + " per line")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
