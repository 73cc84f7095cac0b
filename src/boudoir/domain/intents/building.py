"""Intents about building and things, the FuzzBall MUCK way: rooms, exits, locks, props, and
handing things over (which waits for the receiver's yes).

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class BuildingIntent:
    """Base of the intents about building and things."""

    __slots__ = ()


class BuilderIntent(BuildingIntent):
    """An intent only builders may give (the core refuses others with ``NotBuilder``)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Dig(BuilderIntent):
    """A new public room; with ``there`` an exit to it from here, with ``back`` one back."""

    name: str
    there: str = ""
    back: str = ""


@dataclass(frozen=True, slots=True)
class OpenExit(BuilderIntent):
    spec: str
    destination: str | None = None


@dataclass(frozen=True, slots=True)
class LinkExit(BuilderIntent):
    exit: str
    room: str


@dataclass(frozen=True, slots=True)
class UnlinkExit(BuilderIntent):
    exit: str


@dataclass(frozen=True, slots=True)
class DescribeTarget(BuilderIntent):
    """Describe ``target`` (me, here, an exit or a thing); an empty text clears it."""

    target: str
    text: str


@dataclass(frozen=True, slots=True)
class Rename(BuilderIntent):
    """Rename an exit or a thing; ``me`` (or one's own name) shows one's name in another
    case, which anyone may."""

    target: str
    name: str


@dataclass(frozen=True, slots=True)
class Lock(BuilderIntent):
    target: str
    expression: str


@dataclass(frozen=True, slots=True)
class Unlock(BuilderIntent):
    target: str


@dataclass(frozen=True, slots=True)
class Recycle(BuilderIntent):
    target: str


@dataclass(frozen=True, slots=True)
class Examine(BuilderIntent):
    target: str = "here"


@dataclass(frozen=True, slots=True)
class MakeThing(BuilderIntent):
    name: str


@dataclass(frozen=True, slots=True)
class ListCarried(BuildingIntent):
    pass


@dataclass(frozen=True, slots=True)
class PickUp(BuildingIntent):
    name: str


@dataclass(frozen=True, slots=True)
class PutDown(BuildingIntent):
    name: str


@dataclass(frozen=True, slots=True)
class Hand(BuildingIntent):
    """Offer ``thing`` to ``person``: it changes hands only when they accept."""

    thing: str
    person: str


@dataclass(frozen=True, slots=True)
class AnswerHand(BuildingIntent):
    """Accept or decline what ``giver`` is handing one; no giver: the one offer waiting."""

    giver: str | None
    accept: bool


@dataclass(frozen=True, slots=True)
class ListOffers(BuildingIntent):
    pass


BuildingIntents = (
    Dig
    | OpenExit
    | LinkExit
    | UnlinkExit
    | DescribeTarget
    | Rename
    | Lock
    | Unlock
    | Recycle
    | Examine
    | MakeThing
    | ListCarried
    | PickUp
    | PutDown
    | Hand
    | AnswerHand
    | ListOffers
)
