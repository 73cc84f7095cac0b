"""Intents about who is online: lists, a person's whereabouts, when someone was last on.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class PresenceIntent:
    """Base of the intents about presence."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ListOnline(PresenceIntent):
    """Who is online that one may see; ``prefix`` keeps the names that start with it (any
    case), ``glob`` those that match it (IRC masks: ``*`` and ``?``, any case)."""

    prefix: str = ""
    glob: str = ""


@dataclass(frozen=True, slots=True)
class ListRoomPresence(PresenceIntent):
    """Who is in ``room`` and online, as one may see them (IRC ``WHO #room``)."""

    room: str


@dataclass(frozen=True, slots=True)
class FindOnline(PresenceIntent):
    """Each of ``names`` that is online and that one may see (IRC ``ISON``, ``USERHOST``)."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Whois(PresenceIntent):
    """The character ``name``, online, as one may see it, with the rooms one shares with it."""

    name: str


@dataclass(frozen=True, slots=True)
class Whowas(PresenceIntent):
    """The character ``name`` as it was when it last went offline, if one may know it."""

    name: str


@dataclass(frozen=True, slots=True)
class LastSeen(PresenceIntent):
    """When the character ``name`` was last online, if its owner lets one see it."""

    name: str


PresenceIntents = ListOnline | ListRoomPresence | FindOnline | Whois | Whowas | LastSeen
