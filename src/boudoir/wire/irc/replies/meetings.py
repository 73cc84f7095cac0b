"""Words for replies about meeting requests (a telnet custom; IRC clients have no command
for them, but every reply has IRC words).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies.meetings import (
    MeetingDeclined,
    MeetingReplies,
    MeetingRequested,
    MeetingRequests,
)


def service_text(reply: MeetingReplies) -> str:
    match reply:
        case MeetingRequested(name):
            return f"You asked {name} to meet you."
        case MeetingRequests(names):
            return "Asking to meet you: " + (", ".join(names) or "nobody")
        case MeetingDeclined(name, block):
            return f"You declined to meet {name}." + (" They are blocked." if block else "")
        case _:
            assert_never(reply)
