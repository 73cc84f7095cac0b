"""Replies about moving in the world.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.places import ExitListing, RoomView, View


class WorldReply:
    """Base of the replies about moving in the world."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Arrived(WorldReply):
    """One now stands in ``view.room``: as seen on arrival."""

    view: RoomView


@dataclass(frozen=True, slots=True)
class LookedAround(WorldReply):
    """The room one stands in."""

    view: RoomView


@dataclass(frozen=True, slots=True)
class Looked(WorldReply):
    """Someone or something here (or the room, revealed); ``target`` as typed."""

    view: View
    target: str


@dataclass(frozen=True, slots=True)
class TopicRevealed(WorldReply):
    room: str
    text: str


@dataclass(frozen=True, slots=True)
class NoExit(WorldReply):
    """The room here has no exit by that name (``exit`` as typed)."""

    exit: str


@dataclass(frozen=True, slots=True)
class HomeSet(WorldReply):
    room: str


@dataclass(frozen=True, slots=True)
class Exits(WorldReply):
    exits: tuple[ExitListing, ...]


WorldReplies = Arrived | LookedAround | Looked | TopicRevealed | NoExit | HomeSet | Exits
