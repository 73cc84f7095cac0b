"""Replies about who is online: people as the asker may see them, never more.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.entities import Status
from boudoir.domain.ids import CharacterId
from boudoir.domain.places import Seen


class PresenceReply:
    """Base of the replies about presence."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class PersonOnline:
    """One online character as the asker may see it: its name, status and status message,
    pronouns and short description, and whether it shows as staff on duty (it took OPER on
    IRC and its account still has a staff role)."""

    id: CharacterId
    name: str
    status: Status
    message: str
    pronouns: str
    short_description: str
    on_duty: bool


@dataclass(frozen=True, slots=True)
class MemberOnline:
    """A room member online: the person, and their standing in the room."""

    person: PersonOnline
    manager: bool
    voiced: bool


@dataclass(frozen=True, slots=True)
class SharedRoom:
    """A room the asker shares with someone: its name, and whether that someone manages it."""

    name: str
    manager: bool


@dataclass(frozen=True, slots=True)
class OnlineList(PresenceReply):
    """The people online, in alphabetical order (case-insensitive)."""

    people: tuple[PersonOnline, ...]


@dataclass(frozen=True, slots=True)
class RoomPresence(PresenceReply):
    """The members of a room, online, as the asker may see them; ``room`` is the room's name
    as spelt, or None when the asker may not see the room (or there is none)."""

    room: str | None
    members: tuple[MemberOnline, ...]


@dataclass(frozen=True, slots=True)
class WhoisShown(PresenceReply):
    """Someone online, with the rooms the asker shares with them (sorted by name)."""

    person: PersonOnline
    rooms: tuple[SharedRoom, ...]
    species: str = ""
    """The short profile, when its details are the asker's to see; else empty."""
    gender: str = ""


@dataclass(frozen=True, slots=True)
class NotOnline(PresenceReply):
    """Nobody the asker may see is online by that name: offline, unknown, hidden or blocked,
    all alike."""

    name: str


@dataclass(frozen=True, slots=True)
class WhowasShown(PresenceReply):
    """A character's last departure, as the asker may know it."""

    name: str
    description: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class NeverSeen(PresenceReply):
    """No departure by that name that the asker may know of."""

    name: str


@dataclass(frozen=True, slots=True)
class LastOnline(PresenceReply):
    """When ``name`` was last online: a time, or online now, never seen, or not shared."""

    name: str
    seen: dt.datetime | Seen
    now: dt.datetime


PresenceReplies = (
    OnlineList | RoomPresence | WhoisShown | NotOnline | WhowasShown | NeverSeen | LastOnline
)
