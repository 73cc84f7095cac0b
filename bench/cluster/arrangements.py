"""Where the nodes run and which node each client connects to.

The fan-out of ``bench.irc`` puts client ``i`` in room ``i % rooms`` and makes clients
``0 .. speakers - 1`` its speakers; ``i // rooms`` is a client's place in its room's list. So:

- ``fanout-one``: two nodes, every client on node a (node b idles: heartbeats only);
- ``fanout-split``: two nodes, the speakers on node a, the listeners of each room alternately
  on a and b (by place in the room), so about half of every message's deliveries cross;
- ``scale-one``: one node, pinned to one core;
- ``scale-two``: two nodes, each pinned to a core of its own, every room's members (speakers
  too) alternately on a and b, so each node decides half the messages and delivers half of
  every message.

Imports the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Place = Callable[[int, int, int], int]
"""(client, rooms, speakers) -> the index of the node the client connects to."""


def _all_on_a(client: int, rooms: int, speakers: int) -> int:
    return 0


def _speakers_on_a(client: int, rooms: int, speakers: int) -> int:
    return 0 if client < speakers else (client // rooms) % 2


def _alternate(client: int, rooms: int, speakers: int) -> int:
    return (client // rooms) % 2


@dataclass(frozen=True, slots=True)
class Arrangement:
    name: str
    nodes: int
    pinned: bool
    place: Place
    what: str

    def cpus(self, available: Sequence[int]) -> list[int | None]:
        """The core of each node: the first ones of ``available`` when pinned (and there are
        enough of them), else None (the scheduler's choice)."""
        if not self.pinned or len(available) < self.nodes:
            return [None] * self.nodes
        return list(available[: self.nodes])

    def ports(
        self, node_ports: Sequence[int], clients: int, rooms: int, speakers: int
    ) -> tuple[int, ...]:
        return tuple(node_ports[self.place(i, rooms, speakers)] for i in range(clients))


ARRANGEMENTS = (
    Arrangement("fanout-one", 2, False, _all_on_a, "2 nodes, every client on a"),
    Arrangement("fanout-split", 2, False, _speakers_on_a, "speakers on a, listeners on a and b"),
    Arrangement("scale-one", 1, True, _all_on_a, "1 node on 1 core"),
    Arrangement("scale-two", 2, True, _alternate, "2 nodes, 1 core each, rooms across both"),
)
BY_NAME = {arrangement.name: arrangement for arrangement in ARRANGEMENTS}


def cross_share(place: Place, clients: int, rooms: int, speakers: int) -> float:
    """The share of deliveries that go to a node other than the speaker's, every speaker
    sending as many messages (each message reaches every other member of its room)."""
    node = [place(i, rooms, speakers) for i in range(clients)]
    members = [[i for i in range(clients) if i % rooms == room] for room in range(rooms)]
    crossing = total = 0
    for speaker in range(speakers):
        others = [i for i in members[speaker % rooms] if i != speaker]
        total += len(others)
        crossing += sum(1 for i in others if node[i] != node[speaker])
    return crossing / total if total else 0.0
