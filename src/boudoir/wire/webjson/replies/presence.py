"""The browser protocol's shapes for replies about who is online (docs/websocket.md, ``who``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies.presence import (
    LastOnline,
    NeverSeen,
    NotOnline,
    OnlineList,
    PresenceReplies,
    RoomPresence,
    WhoisShown,
    WhowasShown,
)


def fields(reply: PresenceReplies) -> dict[str, object] | None:
    match reply:
        case OnlineList(people):
            return {
                "people": [
                    {"name": p.name, "status": p.status.value, "message": p.message} for p in people
                ]
            }
        case RoomPresence() | WhoisShown() | NotOnline() | WhowasShown() | NeverSeen():
            # IRC's WHO #room, WHOIS and WHOWAS: the browser reads members and profiles.
            return None
        case LastOnline():
            # Telnet's laston: the browser shows last-seen times in profiles.
            return None
        case _:
            assert_never(reply)
