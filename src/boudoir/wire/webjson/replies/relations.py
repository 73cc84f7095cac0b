"""The browser protocol's shapes for replies about blocks.

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


def fields(reply: RelationReplies) -> dict[str, object] | None:
    match reply:
        case Blocked(name):
            return {"name": name}
        case Unblocked():
            return None
        case BlockList(names):
            return {"blocks": [{"name": name} for name in names]}
        case FriendAdded(name):
            return {"name": name}
        case FriendRemoved():
            return None
        case FriendList(names):
            return {"friends": [{"name": name} for name in names]}
        case _:
            assert_never(reply)
