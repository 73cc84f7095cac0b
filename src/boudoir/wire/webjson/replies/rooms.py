"""The browser protocol's shapes for replies about rooms (docs/websocket.md, "Shapes used in
replies"; the HTTP API's room directory).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies.rooms import (
    Banished,
    Invited,
    Joined,
    MemberFound,
    MemberList,
    NamesList,
    Parted,
    PartedAll,
    RoomEntries,
    RoomList,
    RoomMember,
    RoomReplies,
    RoomShown,
    TopicShown,
)
from boudoir.wire.webjson.render import listing_object, log_state_object


def fields(reply: RoomReplies) -> dict[str, object] | None:
    match reply:
        case Joined():
            return {"room": room_state(reply)}
        case MemberList(_, members):
            return {"members": [member_object(member) for member in members]}
        case RoomList(rooms):
            return {"rooms": [listing_object(listing) for listing in rooms]}
        case TopicShown(_, topic):
            return {"topic": topic.text}
        case Parted() | PartedAll() | Invited():
            return None
        case NamesList() | MemberFound() | RoomShown() | RoomEntries() | Banished():
            # Answers to IRC and telnet commands the browser has no command for.
            return None
        case _:
            assert_never(reply)


def room_state(joined: Joined) -> dict[str, object]:
    """A room as the ``join`` reply shows it (docs/websocket.md, "Shapes used in replies")."""
    room, topic, you = joined.room, joined.topic, joined.you
    logging = log_state_object(joined.logging)
    logging.pop("room", None)
    return {
        "name": room.name,
        "rating": room.rating.label,
        "topic": topic.text,
        "topic_by": topic.by,
        "topic_hidden": topic.hidden,
        "visibility": room.visibility.value,
        "moderated": room.moderated,
        "topic_locked": room.topic_locked,
        "key_set": bool(room.key),
        "member_limit": room.member_limit,
        "tags": list(room.tags),
        "newcomer_lines": room.newcomer_lines,
        "cams": room.cams,
        "broadcasting": [
            {
                "name": name,
                "explicit": terms.explicit,
                "mutual_only": terms.mutual_only,
                "audience": terms.audience.value,
            }
            for name, terms in joined.broadcasting
        ],
        "ads": room.ads,
        "you": {"owner": you.owner, "manager": you.manager, "voiced": you.voiced},
        "members": [member_object(member) for member in joined.members],
        "logging": logging,
    }


def member_object(member: RoomMember) -> dict[str, object]:
    return {
        "name": member.name,
        "status": member.status.value,
        "owner": member.owner,
        "manager": member.manager,
        "voiced": member.voiced,
    }
