"""The message of the directory's activity across nodes (``core.cluster.activity``), among the
``ClusterMessage``s (``core.cluster.messages``): counts only, never a line's text.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.ids import RoomId


@dataclass(frozen=True, slots=True)
class ActivityCounted:
    """How many messages were said through ``node`` in some rooms, per minute: (room, minute
    since the epoch, that minute's whole count so far). The directory shows the cluster's
    activity (``core.cluster.activity``)."""

    node: str
    counts: tuple[tuple[RoomId, int, int], ...]
