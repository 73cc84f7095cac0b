"""The browser protocol's shapes for replies about meeting requests.

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


def fields(reply: MeetingReplies) -> dict[str, object] | None:
    match reply:
        case MeetingRequests(names):
            return {"meetings": [{"from": name} for name in names]}
        case MeetingRequested() | MeetingDeclined():
            return None
        case _:
            assert_never(reply)
