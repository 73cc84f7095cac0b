"""Intents about moving in the walkable world: looking, exits, home, jumping.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class WorldIntent:
    """Base of the intents about moving in the world."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Arrive(WorldIntent):
    """Stand the character that just logged in in its home room."""


@dataclass(frozen=True, slots=True)
class Look(WorldIntent):
    """The room one stands in (no target), or someone or something here; ``reveal`` reads
    what someone one blocks wrote."""

    target: str | None = None
    reveal: bool = False


@dataclass(frozen=True, slots=True)
class RevealTopic(WorldIntent):
    """The topic of the room here (or of ``room``), even if hidden by one's own block."""

    room: str | None = None


@dataclass(frozen=True, slots=True)
class StandIn(WorldIntent):
    """Stand in ``room``, one of the rooms one is already in, and look around: a browser,
    in several rooms at once, stands in the one it shows. Nothing is left or joined."""

    room: str


@dataclass(frozen=True, slots=True)
class Go(WorldIntent):
    """Walk through the exit ``exit`` of the room here."""

    exit: str


@dataclass(frozen=True, slots=True)
class GoHome(WorldIntent):
    pass


@dataclass(frozen=True, slots=True)
class SetHome(WorldIntent):
    """Make the room here (or ``room``) one's home."""

    room: str | None = None


@dataclass(frozen=True, slots=True)
class Jump(WorldIntent):
    room: str


@dataclass(frozen=True, slots=True)
class ListExits(WorldIntent):
    pass


WorldIntents = Arrive | Look | RevealTopic | StandIn | Go | GoHome | SetHome | Jump | ListExits
