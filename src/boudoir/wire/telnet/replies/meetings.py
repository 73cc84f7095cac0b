"""Telnet's words for replies about meeting requests.

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
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean


def render(reply: MeetingReplies) -> Told:
    match reply:
        case MeetingRequested(name):
            return Told(
                f"You asked {clean(name)} to meet you. They may come, call you, or decline."
            )
        case MeetingRequests(names):
            if not names:
                return Told("Nobody is asking to meet you.")
            listed = ", ".join(names)
            return Told(f"Asking to meet you: {listed}. Type mjoin, msummon or mdecline <name>.")
        case MeetingDeclined(name, block):
            also = " and blocked them" if block else ""
            return Told(f"You declined to meet {clean(name)}{also}.")
        case _:
            assert_never(reply)
