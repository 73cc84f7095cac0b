"""NickServ's words for replies about blocks.

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


def service_text(reply: RelationReplies) -> str:
    match reply:
        case Blocked(name):
            return f"You block {name}, and all their characters. They are not told."
        case Unblocked(name):
            return f"You no longer block {name}."
        case BlockList(names):
            return "You block: " + (", ".join(names) or "nobody")
        case FriendAdded(name):
            return f"{name} is on your friend list."
        case FriendRemoved(name):
            return f"{name} is off your friend list."
        case FriendList(names):
            return "Friends: " + (", ".join(names) or "none")
        case _:
            assert_never(reply)
