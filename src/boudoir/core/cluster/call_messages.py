"""The messages of calls and room cams across nodes (``core.cluster.calls``): each call, and
each room's cams, travel whole where they change. They are among the ``ClusterMessage``s
(``core.cluster.messages``); no media ever crosses, only who, where and in which state.

Imports ``boudoir.core.calls`` and ``boudoir.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.core.calls import CallRecord, CallState
from boudoir.core.calls.cams import BroadcastState
from boudoir.domain.ids import RoomId


@dataclass(frozen=True, slots=True)
class CallChanged:
    """A call placed, answered or changed, whole (``core.cluster.calls``)."""

    state: CallState


@dataclass(frozen=True, slots=True)
class CallOver:
    """A call ended: what is kept of it."""

    record: CallRecord


@dataclass(frozen=True, slots=True)
class CamsHeld:
    """The cams live in a room, all of them (``core.cluster.calls``)."""

    room: RoomId
    room_name: str
    broadcasts: tuple[BroadcastState, ...]
