"""The replay across nodes: a browser that reconnects to another node gets its replay as it
would from the node it was on.

Each node keeps the lines it delivered to its own people (``core.replay``). When someone logs
in, their node asks the others (``ReplayAsked``); each answers on the asker's topic with what
that person may see again there (``consent.hear_again`` decides, there as here), bounded as
its buffers are and at most ``MAX_ROOMS`` rooms, and with the times the person was in each
room (``ReplayAnswered``). The asking node keeps it in its own buffers, each line once; a
replay read for that person (``World.replay_ready``: a join, the browser's welcome, IRC's
CHATHISTORY) waits for the answers, at most ``WAIT_SECONDS`` from the login: a node that does
not answer in time is not waited for. The login itself never waits. Nothing of it stays in
Redis: pub/sub stores nothing.

Imports ``boudoir.core`` (replay, registry, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from dataclasses import dataclass
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
from boudoir.domain.ids import AccountId

if TYPE_CHECKING:
    from boudoir.core.cluster.publishing import Publishing

WAIT_SECONDS: Final = 0.5
"""The longest a replay read waits for the other nodes' answers, from the login (a round trip
through Redis is a millisecond or so)."""
MAX_ROOMS: Final = 50
"""The most rooms one answer carries: those spoken in last."""
MAX_LINES: Final = 1000
"""The most lines one answer carries, in rooms and in direct messages each (the latest): a
message on the bus stays small, a few hundred KiB at most."""


@dataclass(slots=True)
class _Waiting:
    """An ask not answered by every node yet: whose, by which nodes, until when."""

    account: AccountId
    nodes: set[str]
    done: asyncio.Event
    until: float


class ReplayReplica:
    def __init__(self, replay: ReplayBuffers, node: Publishing) -> None:
        self._replay = replay
        self._node = node
        self._asks = itertools.count(1)
        self._waiting: dict[int, _Waiting] = {}
        self.peers: set[str] = set()
        """The other nodes this one knows to be up (their hello, or their snapshot)."""
        self.running = False
        """Whether this node applies what comes in by itself (``ClusterNode.run``): else no
        answer could be taken in while a replay read waits, and none waits."""
        node.replay = self

    def ask(self, connection: Connection) -> None:
        """``connection`` logged in here: ask the other nodes what they delivered to its
        person. The first replay read for it waits for their answers (``ready``)."""
        if not self.peers or not self._node.bus.reachable:
            return
        ask = next(self._asks)
        account = connection.account.id
        self._node.publish(ReplayAsked(self._node.node, ask, account, connection.character.id))
        if not self.running:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        for old, waiting in list(self._waiting.items()):
            if waiting.until <= now:
                del self._waiting[old]
        self._waiting[ask] = _Waiting(account, set(self.peers), asyncio.Event(), now + WAIT_SECONDS)

    async def ready(self, account: AccountId) -> None:
        """Return once the other nodes answered this node's asks for ``account``, or
        ``WAIT_SECONDS`` after it asked: a replay read then holds what they delivered."""
        loop = asyncio.get_running_loop()
        for ask, waiting in list(self._waiting.items()):
            if waiting.account != account:
                continue
            left = waiting.until - loop.time()
            if left > 0 and not waiting.done.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiting.done.wait(), left)
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
            waiting.nodes.discard(message.node)
            if not waiting.nodes:
                waiting.done.set()
                del self._waiting[message.ask]

    def node_up(self, node: str) -> None:
        if node != self._node.node:
            self.peers.add(node)

    def node_left(self, node: str) -> None:
        """``node`` is gone: no replay read waits for it any longer."""
        self.peers.discard(node)
        for waiting in self._waiting.values():
            waiting.nodes.discard(node)
            if not waiting.nodes:
                waiting.done.set()


def _line(kept: Kept) -> ReplayLine:
    event, speaker, to, across = kept
    return ReplayLine(event, speaker, to, tuple(sorted(across)))


def _kept(lines: tuple[ReplayLine, ...]) -> list[Kept]:
    return [
        (line.event, line.speaker, line.to, frozenset(line.across))
        for line in lines
        if isinstance(line.event, RoomMessageSent | DirectMessageSent)
    ]
