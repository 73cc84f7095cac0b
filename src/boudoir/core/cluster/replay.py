"""The replay across nodes: a browser that reconnects to another node gets its replay as it
would from the node it was on.

Each node keeps the lines it delivered to its own people (``core.replay``). When someone logs
in, their node asks the others (``ReplayAsked``); each answers on the asker's topic with what
that person may see again there (``consent.hear_again`` decides, there as here), bounded as
its buffers are and at most ``MAX_ROOMS`` rooms, and with the times the person was in each
room (``ReplayAnswered``). The asking node keeps it in its own buffers, each line once, and the
login waits for the answers, at most ``WAIT_SECONDS``: a node that does not answer in time is
not waited for. Nothing of it stays in Redis: pub/sub stores nothing.

Imports ``boudoir.core`` (replay, registry, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import TYPE_CHECKING, Final

from boudoir.core.cluster.replay_messages import (
    ReplayAnswered,
    ReplayAsked,
    ReplayLine,
    ReplayRoom,
)
from boudoir.core.cluster.topics import node_topic
from boudoir.core.registry import Connection
from boudoir.core.replay import Kept, ReplayBuffers
from boudoir.domain.events import DirectMessageSent, RoomMessageSent

if TYPE_CHECKING:
    from boudoir.core.cluster.publishing import Publishing

WAIT_SECONDS: Final = 0.5
"""The longest a login waits for the other nodes' answers (a round trip through Redis is a
millisecond or so)."""
MAX_ROOMS: Final = 50
"""The most rooms one answer carries: those spoken in last."""
MAX_LINES: Final = 1000
"""The most lines one answer carries, in rooms and in direct messages each (the latest): a
message on the bus stays small, a few hundred KiB at most."""


class ReplayReplica:
    def __init__(self, replay: ReplayBuffers, node: Publishing) -> None:
        self._replay = replay
        self._node = node
        self._asks = itertools.count(1)
        self._waiting: dict[int, tuple[set[str], asyncio.Event]] = {}
        self.peers: set[str] = set()
        """The other nodes this one knows to be up (their hello, or their snapshot)."""
        self.running = False
        """Whether this node applies what comes in by itself (``ClusterNode.run``): else no
        answer could be taken in while a login waits, and none waits."""
        node.replay = self

    async def gather(self, connection: Connection) -> None:
        """``connection`` logged in here: ask the other nodes what they delivered to its
        person, and wait for their answers (at most ``WAIT_SECONDS``)."""
        if not self.peers or not self._node.bus.reachable:
            return
        ask = next(self._asks)
        self._node.publish(
            ReplayAsked(self._node.node, ask, connection.account.id, connection.character.id)
        )
        if not self.running:
            return
        done = asyncio.Event()
        self._waiting[ask] = (set(self.peers), done)
        try:
            await asyncio.wait_for(done.wait(), WAIT_SECONDS)
        except TimeoutError:
            pass
        finally:
            self._waiting.pop(ask, None)

    def asked(self, message: ReplayAsked) -> None:
        """Another node asks for what someone may see again here."""
        if message.node == self._node.node:
            return
        rooms, talks = self._replay.kept_for(message.account, message.character)
        rooms.sort(key=lambda room: room[3][-1][0].at, reverse=True)
        answered: list[ReplayRoom] = []
        budget = MAX_LINES
        for room, name, spans, lines in rooms[:MAX_ROOMS]:
            if budget <= 0:
                break
            kept = lines[-budget:]
            budget -= len(kept)
            answered.append(ReplayRoom(room, name, tuple(spans), tuple(map(_line, kept))))
        talks.sort(key=lambda kept: kept[0].at)
        answer = ReplayAnswered(
            self._node.node,
            message.ask,
            message.account,
            tuple(answered),
            tuple(map(_line, talks[-MAX_LINES:])),
        )
        # Sent while applying the ask, which publishes nothing of what it changes: an answer
        # changes nothing here.
        self._node.bus.publish(node_topic(message.node), answer)

    def answered(self, message: ReplayAnswered) -> None:
        """Another node's answer: kept here, each line once."""
        for room in message.rooms:
            self._replay.merge_room(
                message.account, room.room, room.name, list(room.spans), _kept(room.lines)
            )
        self._replay.merge_talks(_kept(message.talks))
        waiting = self._waiting.get(message.ask)
        if waiting is not None:
            nodes, done = waiting
            nodes.discard(message.node)
            if not nodes:
                done.set()

    def node_up(self, node: str) -> None:
        if node != self._node.node:
            self.peers.add(node)

    def node_left(self, node: str) -> None:
        """``node`` is gone: no login waits for it any longer."""
        self.peers.discard(node)
        for nodes, done in self._waiting.values():
            nodes.discard(node)
            if not nodes:
                done.set()


def _line(kept: Kept) -> ReplayLine:
    event, speaker, to, across = kept
    return ReplayLine(event, speaker, to, tuple(sorted(across)))


def _kept(lines: tuple[ReplayLine, ...]) -> list[Kept]:
    return [
        (line.event, line.speaker, line.to, frozenset(line.across))
        for line in lines
        if isinstance(line.event, RoomMessageSent | DirectMessageSent)
    ]
