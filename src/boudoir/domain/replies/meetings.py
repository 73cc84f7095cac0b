"""Replies about meeting requests.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class MeetingReply:
    """Base of the replies about meeting requests."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class MeetingRequested(MeetingReply):
    """The request went to ``name`` (as typed)."""

    name: str


@dataclass(frozen=True, slots=True)
class MeetingRequests(MeetingReply):
    """The names of those asking to meet one, oldest request first."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetingDeclined(MeetingReply):
    """One said no to ``name`` (as typed); ``block``: and blocked them."""

    name: str
    block: bool


MeetingReplies = MeetingRequested | MeetingRequests | MeetingDeclined
