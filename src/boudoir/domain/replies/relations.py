"""Replies about the people one knows: blocks (and, beside them, friends).

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class RelationReply:
    """Base of the replies about friends and blocks."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Blocked(RelationReply):
    """A block is in place; ``name`` is the name it is listed by."""

    name: str


@dataclass(frozen=True, slots=True)
class Unblocked(RelationReply):
    """A block is lifted; ``name`` as the person typed it."""

    name: str


@dataclass(frozen=True, slots=True)
class BlockList(RelationReply):
    """The names of the people one blocks, in alphabetical order (case-insensitive)."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FriendAdded(RelationReply):
    """``name`` (as the friend list shows it) is on one's friend list."""

    name: str


@dataclass(frozen=True, slots=True)
class FriendRemoved(RelationReply):
    """``name`` (as the person typed it) is off one's friend list."""

    name: str


@dataclass(frozen=True, slots=True)
class FriendList(RelationReply):
    """The names on one's friend list, in alphabetical order (case-insensitive)."""

    names: tuple[str, ...]


RelationReplies = Blocked | Unblocked | BlockList | FriendAdded | FriendRemoved | FriendList
