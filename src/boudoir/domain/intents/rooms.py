"""Intents about rooms: joining and leaving, topics, invitations, kicks, settings, and the
lists of who is where.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.entities import RoomSetting


class RoomIntent:
    """Base of the intents about rooms."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Join(RoomIntent):
    """Enter ``room``, giving its ``key`` if it has one; ``create`` makes it (as its owner)
    when it does not exist."""

    room: str
    key: str | None = None
    create: bool = False


@dataclass(frozen=True, slots=True)
class Part(RoomIntent):
    """Leave ``room``; ``reason`` is shown to those who stay."""

    room: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PartAll(RoomIntent):
    """Leave every room one is in (IRC's ``JOIN 0``)."""


@dataclass(frozen=True, slots=True)
class ShowTopic(RoomIntent):
    """The topic of a room one is in; ``reveal`` reads it even when set by someone one
    blocks (on purpose)."""

    room: str
    reveal: bool = False


@dataclass(frozen=True, slots=True)
class SetTopic(RoomIntent):
    room: str
    topic: str


@dataclass(frozen=True, slots=True)
class Invite(RoomIntent):
    """Let ``name`` into ``room`` once (without its key, even when private)."""

    room: str
    name: str


@dataclass(frozen=True, slots=True)
class Kick(RoomIntent):
    room: str
    name: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ListMembers(RoomIntent):
    """Who is in a room one is in, as one may see them."""

    room: str


@dataclass(frozen=True, slots=True)
class ListNames(RoomIntent):
    """Who is in each of ``rooms`` (IRC's NAMES): a room one is in, or one listed for one;
    the others answer as empty."""

    rooms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FindMember(RoomIntent):
    """Is ``name`` in a room one is in, as one may see them; and if not, online at all?"""

    room: str
    name: str


@dataclass(frozen=True, slots=True)
class ListRooms(RoomIntent):
    """The directory: the rooms one may see listed. With ``watch`` (the browser's lobby), the
    connection is then told of each listed room that changes (``DirectoryUpdated``)."""

    watch: bool = False


@dataclass(frozen=True, slots=True)
class ShowRoom(RoomIntent):
    """A room one is in, with its settings (IRC's ``MODE #room``)."""

    room: str


@dataclass(frozen=True, slots=True)
class ListRoomEntries(RoomIntent):
    """A room's ban list, or one of its exception lists (``setting`` names which)."""

    room: str
    setting: RoomSetting


@dataclass(frozen=True, slots=True)
class ChangeRoomSetting(RoomIntent):
    """Change one setting of a room one manages. ``value`` is an int for ``member_limit`` and
    a string for the other settings that take one; ``target`` names the person the settings
    about a person (moderator, voice, bans and exceptions) are about. The room tells everyone
    in it what changed."""

    room: str
    setting: RoomSetting
    enabled: bool
    value: str | int | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Banish(RoomIntent):
    """Ban the person behind ``name`` from every room one owns (``banned``), or lift it."""

    name: str
    banned: bool = True


@dataclass(frozen=True, slots=True)
class TagRoom(RoomIntent):
    """Set the tags of ``room`` (``here``: the room one stands in), one manages, from words
    separated by spaces or commas; empty clears them (``domain.directory.clean_tags``)."""

    room: str
    tags: str


RoomIntents = (
    Join
    | Part
    | PartAll
    | ShowTopic
    | SetTopic
    | Invite
    | Kick
    | ListMembers
    | ListNames
    | FindMember
    | ListRooms
    | ShowRoom
    | ListRoomEntries
    | ChangeRoomSetting
    | TagRoom
    | Banish
)
