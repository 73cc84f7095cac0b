"""Replies about building and things.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from boudoir.domain.places import Examination


class BuildingReply:
    """Base of the replies about building and things."""

    __slots__ = ()


class ExitsChanged(BuildingReply):
    """A reply after which the exits here may have changed (a mapper learns the new ones)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Dug(ExitsChanged):
    """A room was made; ``there`` and ``back`` are the exit specs as typed (empty: none)."""

    room: str
    there: str = ""
    back: str = ""


@dataclass(frozen=True, slots=True)
class Opened(ExitsChanged):
    exit: str
    destination: str | None


@dataclass(frozen=True, slots=True)
class Linked(ExitsChanged):
    exit: str
    room: str


@dataclass(frozen=True, slots=True)
class Unlinked(ExitsChanged):
    exit: str


class DescriptionOf(enum.Enum):
    SELF = "self"
    ROOM = "room"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DescriptionSet(BuildingReply):
    """``what`` was described (``cleared``: the text was empty); ``target`` as typed."""

    what: DescriptionOf
    target: str
    cleared: bool


@dataclass(frozen=True, slots=True)
class Renamed(ExitsChanged):
    target: str
    name: str


@dataclass(frozen=True, slots=True)
class Recased(BuildingReply):
    """One's own name now shows in another case (everyone who sees it is told by events)."""


@dataclass(frozen=True, slots=True)
class Locked(BuildingReply):
    target: str
    lock: str


@dataclass(frozen=True, slots=True)
class Unlocked(BuildingReply):
    target: str


@dataclass(frozen=True, slots=True)
class Recycled(ExitsChanged):
    name: str


@dataclass(frozen=True, slots=True)
class Examined(BuildingReply):
    found: Examination


@dataclass(frozen=True, slots=True)
class ThingMade(BuildingReply):
    name: str


@dataclass(frozen=True, slots=True)
class Carrying(BuildingReply):
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PickedUp(BuildingReply):
    name: str


@dataclass(frozen=True, slots=True)
class PutDownDone(BuildingReply):
    name: str


@dataclass(frozen=True, slots=True)
class HandOffered(BuildingReply):
    thing: str
    person: str


@dataclass(frozen=True, slots=True)
class HandTaken(BuildingReply):
    thing: str
    giver: str


@dataclass(frozen=True, slots=True)
class HandDeclined(BuildingReply):
    thing: str
    giver: str


@dataclass(frozen=True, slots=True)
class Waiting:
    """Something someone is handing one."""

    giver: str
    thing: str


@dataclass(frozen=True, slots=True)
class Offers(BuildingReply):
    """What others are handing one, oldest first."""

    offers: tuple[Waiting, ...]


@dataclass(frozen=True, slots=True)
class WhichOffer(BuildingReply):
    """``hand/accept`` or ``hand/decline`` without a name, and not exactly one offer waits:
    ``givers`` are those who are (none, or several)."""

    givers: tuple[str, ...]


BuildingReplies = (
    Dug
    | Opened
    | Linked
    | Unlinked
    | DescriptionSet
    | Renamed
    | Recased
    | Locked
    | Unlocked
    | Recycled
    | Examined
    | ThingMade
    | Carrying
    | PickedUp
    | PutDownDone
    | HandOffered
    | HandTaken
    | HandDeclined
    | Offers
    | WhichOffer
)
