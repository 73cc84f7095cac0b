"""A room's activity in the directory, the cluster's: each node counts the messages said
through it (``rooms.feed.Activity``) and now and then publishes the minutes that changed, one
small message for every room at once (``ActivityCounted``), never one per line; every node
adds the others' counts to its own. A node that joins late, or comes back after Redis was away,
takes each node's counts from its snapshot. So a room busy on node A shows busy in the
directory of node B too, a few seconds later at most.

Imports ``boudoir.core`` (rooms, registry, cluster).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Final

from boudoir.core.cluster.activity_messages import ActivityCounted
from boudoir.core.registry import Registry
from boudoir.core.rooms.feed import Counted, DirectoryFeed

if TYPE_CHECKING:
    from boudoir.core.cluster.publishing import Publishing

SUMMARY_SECONDS: Final = 5.0
"""How often a node publishes the counts that changed: the directory's activity counts the
last 15 minutes, so seconds late is as good as at once."""


class ActivityReplica:
    def __init__(self, feed: DirectoryFeed, registry: Registry, node: Publishing) -> None:
        self._feed = feed
        self._registry = registry
        self._node = node
        feed.activity.shared = True
        node.activity = self

    def publish(self) -> None:
        """Publish the minutes counted here since the last time, if any."""
        counts = self._feed.activity.fresh()
        if counts:
            self._node.publish(ActivityCounted(self._node.node, counts))

    async def run(self) -> None:
        """Publish what changed every ``SUMMARY_SECONDS``, until cancelled."""
        while True:
            await asyncio.sleep(SUMMARY_SECONDS)
            self.publish()

    def own(self) -> tuple[Counted, ...]:
        """What this node counted lately, for a snapshot."""
        return self._feed.activity.own()

    def apply(self, message: ActivityCounted) -> None:
        """Another node's counts: added to this node's, and shown to the directory's
        watchers."""
        if message.node == self._node.node:
            return
        self._feed.activity.counted_elsewhere(message.node, message.counts)
        for room in {room for room, _, _ in message.counts}:
            live = self._registry.rooms.get(room)
            if live is not None:
                self._feed.touch(live)
