"""Telnet's words for replies about rooms.

The channel directory (``+channels``) is laid out by the gateway, which knows the player's
aliases, screen width and screen reader; the other replies are words here.

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
    RoomReplies,
    RoomShown,
    TopicShown,
)
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import Style, clean


def render(reply: RoomReplies) -> Told | None:
    match reply:
        case Banished(name, banned, rooms):
            if not rooms:
                return Told("You own no rooms to banish anyone from.", Style.ERROR)
            listed = ", ".join(rooms)
            if banned:
                return Told(f"{clean(name)} is banished from your rooms: {listed}.")
            return Told(f"{clean(name)} may come to your rooms again: {listed}.")
        case MemberList(room, members):
            names = [member.name for member in members]
            return Told(f"On {room.name} ({len(names):,}): " + ", ".join(names) + ".")
        case Joined() | Parted() | PartedAll() | Invited() | TopicShown() | RoomList():
            # Told by the command that asked (channels: its alias; rooms: the look).
            return None
        case NamesList() | MemberFound() | RoomShown() | RoomEntries():
            return None
        case _:
            assert_never(reply)
