"""The room directory's words: a room's tags (what they may be), one room as a viewer finds it
listed, and the event that tells a browser watching the directory that a room changed.

Who may see a room listed is the consent module's (``consent.list_room``), never this one's.

Imports the standard library and ``boudoir.domain`` (errors, ratings) only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.ratings import Rating

MAX_TAGS: Final = 5
"""Tags a room carries: "a few words" that fit on one line of a directory card and in an IRC
LIST line's topic field."""
MAX_TAG_LENGTH: Final = 20
"""Characters in one tag: a word such as ``slow-burn`` or ``science-fiction``."""
ACTIVITY_MINUTES: Final = 15
"""The directory's activity is the messages said in a room over this many minutes: long enough
for a slow scene to register, short enough that a room gone quiet sinks."""


def clean_tags(text: str) -> tuple[str, ...]:
    """The tags ``text`` names (separated by spaces or commas, ``#`` before a word ignored),
    lower-cased, each once, in the order given. ``InvalidInput`` when there are more than
    ``MAX_TAGS``, one is longer than ``MAX_TAG_LENGTH``, or one holds anything but letters,
    digits and ``-``: tags are words one filters by, not sentences."""
    tags: list[str] = []
    for word in text.replace(",", " ").split():
        tag = word.removeprefix("#").casefold()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidInput(f"A tag is at most {MAX_TAG_LENGTH} characters ({tag!r} is not).")
        if not all(c.isalnum() or c == "-" for c in tag) or not tag[0].isalnum():
            raise InvalidInput(f"A tag is one word of letters, digits and - ({tag!r} is not).")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"A room has at most {MAX_TAGS} tags.")
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class RoomListing:
    """One room of the directory, as one viewer may see it."""

    name: str
    rating: Rating
    topic: str
    """Empty when hidden from the viewer (``topic_hidden``)."""
    topic_hidden: bool
    members: int
    """People present that the viewer may see."""
    people: tuple[str, ...]
    """Their names."""
    tags: tuple[str, ...] = ()
    activity: int = 0
    """Messages said in the room over the last ``ACTIVITY_MINUTES`` minutes."""


@dataclass(frozen=True, slots=True)
class DirectoryUpdated:
    """A room of the directory changed (people came or went, its topic, rating, tags or
    activity), told to a browser that watches the directory at most once a second per room.
    ``listing`` is None when the viewer may no longer see the room listed (it went private or
    above their ratings, or closed): it leaves their directory."""

    at: dt.datetime
    name: str
    listing: RoomListing | None


@dataclass(frozen=True, slots=True)
class ServerRoom:
    """One of the rooms the server makes for itself (the ``default_rooms`` setting): owned by
    no account, managed by operators and moderators."""

    name: str
    rating: Rating = Rating.GENERAL
    topic: str = ""
    tags: tuple[str, ...] = ()
