"""Intents about the people one knows: blocks (and, beside them, friends).

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class RelationIntent:
    """Base of the intents about friends and blocks."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Block(RelationIntent):
    """Block the person behind the character ``name``: every character of theirs, on every
    gateway. They are never told."""

    name: str


@dataclass(frozen=True, slots=True)
class Unblock(RelationIntent):
    """Lift a block, naming any character of that person or the name on one's list."""

    name: str


@dataclass(frozen=True, slots=True)
class ListBlocks(RelationIntent):
    """The people one blocks."""


@dataclass(frozen=True, slots=True)
class AddFriend(RelationIntent):
    """Put the person behind the character ``name`` on one's friend list."""

    name: str


@dataclass(frozen=True, slots=True)
class RemoveFriend(RelationIntent):
    """Take someone off one's friend list."""

    name: str


@dataclass(frozen=True, slots=True)
class ListFriends(RelationIntent):
    """The people on one's friend list."""


RelationIntents = Block | Unblock | ListBlocks | AddFriend | RemoveFriend | ListFriends
