"""Replies about calls.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class CallReply:
    """Base of the replies about calls."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class CallPlaced(CallReply):
    """The call rings: its id."""

    call: str


CallReplies = CallPlaced
