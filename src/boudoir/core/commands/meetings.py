"""Handlers of the intents about meeting requests: each a call into ``world.meetings``.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.intents.meetings import (
    DeclineMeeting,
    ListMeetingRequests,
    MeetingIntents,
    RequestMeeting,
)
from boudoir.domain.replies.meetings import (
    MeetingDeclined,
    MeetingReplies,
    MeetingRequested,
    MeetingRequests,
)


async def run(context: Context, intent: MeetingIntents) -> MeetingReplies:
    meetings = context.world.meetings
    match intent:
        case RequestMeeting(name):
            meetings.request(context.conn, name)
            return MeetingRequested(name)
        case ListMeetingRequests():
            pending = meetings.pending(context.conn)
            return MeetingRequests(tuple(request.requester.name for request in pending))
        case DeclineMeeting(name, block):
            await meetings.decline(context.conn, name, block=block)
            return MeetingDeclined(name, block)
        case _:
            assert_never(intent)
