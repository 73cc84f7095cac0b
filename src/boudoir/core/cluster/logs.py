"""Logging by consent across nodes: every node keeps the consent state of every room's log
(who proposed, who said yes, the segment being written while on), so a log proposed on one
node is agreed to from another, and an arrival on any node stops it.

The node where a change is decided (a proposal, a yes, a withdrawal, an arrival or a
departure of one of its people) tells everyone present, wherever they are, and publishes the
room's consent whole (``LogState``); the others take it without telling anyone. Meanwhile
they follow the arrivals and departures they apply themselves (``LogService.membership_changed``
while ``following``): an arrival who has not said yes stops the log at once on every node, a
departure holds it until the deciding node says in which new segment it goes on.

Each logged line is written by the node where it was said, which alone sees it said: that node
knows the log is on and the segment it belongs to. So the segment a node learns from another
is written by both (the store keeps the first, and the end whoever writes it), and a line
never waits for another node's write.

A node's people gone with it (a node found dead, or missing from its snapshot after Redis was
away) are taken out by every node for its own people; a log they were in stops, each node
telling its own people (``on_its_own``).

Imports ``boudoir.core`` (logs, cluster.messages) and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boudoir.core.cluster.messages import LogState
from boudoir.core.logs import LogService, LogWatch, RoomLog
from boudoir.domain.ids import RoomId

if TYPE_CHECKING:
    from boudoir.core.cluster.node import ClusterNode


class LogReplica(LogWatch):
    """Publishes this node's changes to the logs' consent and applies the others'."""

    def __init__(self, logs: LogService, node: ClusterNode) -> None:
        self._logs = logs
        self._node = node
        logs.watch = self
        node.logs = self

    def following(self) -> bool:
        # Catching up after a gap, the logs' consent was reconciled first: who came and went
        # meanwhile changes it as on the node that decided it (each node tells its own people).
        node = self._node
        return node.quiet and (not node.outbox.muted or node.catching_up)

    def on_its_own(self) -> bool:
        node = self._node
        return node.quiet and node.outbox.muted and not node.catching_up

    def log_changed(self, room: RoomId) -> None:
        self._node.publish(self.state(room))

    def state(self, room: RoomId) -> LogState:
        log = self._logs._logs.get(room)
        if log is None:
            return LogState(room, None)
        return LogState(room, log.proposer, tuple(sorted(log.agreed)), log.segment)

    def states(self) -> tuple[LogState, ...]:
        """Every room's log consent this node knows (for a node that joins late)."""
        return tuple(self.state(room) for room in sorted(self._logs._logs))

    def reconcile(self, theirs: tuple[LogState, ...]) -> None:
        """After a gap: every room whose log consent another node holds differently (or
        holds where this node holds none, or the reverse) is off, with nothing proposed; this
        node stops what it holds and tells its own people. The other node does the same with
        this node's snapshot, so both agree, and in doubt logging is off."""
        held = {state.room: state for state in theirs}
        for room in sorted(self._logs._logs):
            mine = self.state(room)
            other = held.get(room, LogState(room, None))
            if _key(mine) != _key(other):
                self._logs.stop_in_doubt(room)

    def apply(self, message: LogState, *, learning: bool = False) -> None:
        """Take another node's decision. ``learning``: from a snapshot, where only what this
        node does not know yet is taken (what it knows, it knows from a newer change)."""
        held = self._logs._logs
        if learning and (message.room in held or message.proposer is None):
            return
        if message.proposer is None:
            held.pop(message.room, None)
            return
        before = held.get(message.room)
        segment = message.segment
        held[message.room] = RoomLog(message.proposer, set(message.agreed), segment)
        if segment is None or segment.ended_at is not None:
            return
        if before is None or before.segment is None or before.segment.id != segment.id:
            # Lines said here go into it: it is written with them, whichever node is first.
            self._logs._segments.setdefault(segment.id, segment)
            self._logs._pending.set()


def _key(state: LogState) -> tuple[object, ...]:
    """What two nodes must hold alike of a room's log for it to stay as it is."""
    segment = state.segment.id if state.segment is not None else None
    return (state.proposer, frozenset(state.agreed), segment)
