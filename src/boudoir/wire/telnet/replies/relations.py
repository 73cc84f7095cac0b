"""Telnet's words for replies about blocks.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies.relations import (
    Blocked,
    BlockList,
    FriendAdded,
    FriendList,
    FriendRemoved,
    RelationReplies,
    Unblocked,
)
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean


def render(reply: RelationReplies, screen: Screen) -> Told:
    match reply:
        case Blocked(name):
            return Told(f"You block {name} (every character of theirs). They are not told.")
        case Unblocked(name):
            return Told(f"You no longer block {clean(name)}.")
        case BlockList(names):
            if not names:
                return Told("You block nobody.")
            return Told("You block: " + ", ".join(names) + ".")
        case FriendAdded(name):
            return Told(f"{name} is on your friend list.")
        case FriendRemoved(name):
            return Told(f"{clean(name)} is off your friend list.")
        case FriendList(names):
            return Told("Your friends: " + (", ".join(names) or "none") + ".")
        case _:
            assert_never(reply)
