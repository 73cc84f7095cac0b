"""Replies about rooms: what one sees of a room on joining it, its topic, its settings and
lists, who is in it, and the directory.

Every value is plain domain data as this viewer may see it (blocked people absent, topics set
by someone the viewer blocks marked hidden): the core decided, each wire only words it.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.calls import CamTerms
from boudoir.domain.directory import RoomListing as RoomListing  # re-exported
from boudoir.domain.entities import RoomSetting, RoomVisibility, Status
from boudoir.domain.events import DiceRolled, LogStateChanged, RoomMessageSent, RoomRef
from boudoir.domain.ratings import Rating


class RoomReply:
    """Base of the replies about rooms."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class RoomSettings:
    """A room's name (as it is spelt) and settings."""

    ref: RoomRef
    rating: Rating
    visibility: RoomVisibility
    moderated: bool
    topic_locked: bool
    key: str
    """Empty when the room has none."""
    member_limit: int | None
    created_at: dt.datetime
    tags: tuple[str, ...] = ()
    newcomer_lines: int = 0
    """How many of its last lines the room shows whoever arrives (0: none)."""
    cams: bool = False
    """Members may broadcast their cams there."""
    ads: bool = False
    """The room takes "looking for roleplay" ads."""

    @property
    def name(self) -> str:
        return self.ref.name


@dataclass(frozen=True, slots=True)
class RoomTopic:
    """A room's topic as one viewer sees it."""

    text: str
    """Empty when hidden (unless revealed)."""
    by: str | None
    """The character who set it; None when unknown or across a block either way."""
    at: dt.datetime | None
    hidden: bool
    """The viewer blocks who set it."""
    is_set: bool
    """The room has a topic (whether or not this viewer sees its text)."""
    logged: bool
    """The room's log is on."""


@dataclass(frozen=True, slots=True)
class RoomMember:
    """Someone in a room, as a viewer may see them."""

    name: str
    status: Status
    owner: bool
    manager: bool
    """The room's owner or one of its moderators."""
    voiced: bool


@dataclass(frozen=True, slots=True)
class YouInRoom:
    """What the viewer is in a room."""

    owner: bool
    manager: bool
    voiced: bool


@dataclass(frozen=True, slots=True)
class Joined(RoomReply):
    """One entered a room: the room as one now sees it."""

    room: RoomSettings
    topic: RoomTopic
    you: YouInRoom
    members: tuple[RoomMember, ...]
    logging: LogStateChanged | None
    """The room's log consent as one sees it; None when nothing is proposed."""
    replay: tuple[RoomMessageSent | DiceRolled, ...] = ()
    """What one may see again of what was said (and rolled) there lately (``core.replay``),
    oldest first:
    what reached one before (another tab, a reload), or the last lines a room shows
    newcomers."""
    broadcasting: tuple[tuple[str, CamTerms], ...] = ()
    """The cams live there that one may see: whose, and on what terms."""


@dataclass(frozen=True, slots=True)
class Parted(RoomReply):
    """One left a room."""

    room: RoomRef
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PartedAll(RoomReply):
    """One left these rooms (by name, as spelt), in the order they were left."""

    rooms: tuple[RoomRef, ...]


@dataclass(frozen=True, slots=True)
class TopicShown(RoomReply):
    room: RoomRef
    topic: RoomTopic
    revealed: bool
    """Asked for on purpose: ``topic.text`` holds the text even when hidden."""


@dataclass(frozen=True, slots=True)
class Invited(RoomReply):
    """``name`` (as typed) may enter ``room`` once."""

    name: str
    room: RoomRef


@dataclass(frozen=True, slots=True)
class MemberList(RoomReply):
    room: RoomRef
    members: tuple[RoomMember, ...]
    """In name order."""


@dataclass(frozen=True, slots=True)
class RoomNames:
    """One room of a NAMES reply: ``room`` is None when the viewer may not see who is in it
    (not in it and not listed for them). ``spelt``: the answer names the room as it is spelt
    (the viewer is in it or sees someone there); otherwise as ``asked``, so that the spelling
    tells nothing of a room that answers as missing."""

    asked: str
    room: RoomSettings | None
    members: tuple[RoomMember, ...]
    spelt: bool


@dataclass(frozen=True, slots=True)
class NamesList(RoomReply):
    rooms: tuple[RoomNames, ...]


@dataclass(frozen=True, slots=True)
class MemberFound(RoomReply):
    """Whether ``name`` is in the room as the viewer sees it, and whether the viewer may see
    them online at all."""

    name: str
    present: bool
    online: bool


@dataclass(frozen=True, slots=True)
class RoomList(RoomReply):
    rooms: tuple[RoomListing, ...]


@dataclass(frozen=True, slots=True)
class RoomShown(RoomReply):
    room: RoomSettings


@dataclass(frozen=True, slots=True)
class RoomEntry:
    """One person on a room's ban or exception list, by the character name listed."""

    name: str
    set_by: str
    """Empty when the server set it."""
    set_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RoomEntries(RoomReply):
    """A room's ban list or one of its exception lists."""

    room: RoomRef
    setting: RoomSetting
    entries: tuple[RoomEntry, ...]


@dataclass(frozen=True, slots=True)
class Banished(RoomReply):
    """``name`` is banished from (or, not ``banned``, allowed back to) the rooms one owns,
    listed by name; none when one owns no rooms."""

    name: str
    banned: bool
    rooms: tuple[str, ...]


RoomReplies = (
    Joined
    | Parted
    | PartedAll
    | TopicShown
    | Invited
    | MemberList
    | NamesList
    | MemberFound
    | RoomList
    | RoomShown
    | RoomEntries
    | Banished
)
