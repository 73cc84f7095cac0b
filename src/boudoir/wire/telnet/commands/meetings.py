"""Telnet commands about meeting requests that need no one moved: ``meetme`` and
``mdecline`` (``mjoin`` and ``msummon`` move someone, which the gateway does).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.meetings import (
    DeclineMeeting,
    ListMeetingRequests,
    MeetingIntents,
    RequestMeeting,
)
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, one_name


def _meetme(line: Line) -> MeetingIntents:
    if not line.args.strip():
        return ListMeetingRequests()
    return RequestMeeting(one_name(line))


MEETING_SPECS = (
    Spec(
        "meetme",
        usage="meetme <name>   or   meetme (your open requests)",
        help="""Ask someone to meet you. They choose: "mjoin" comes to you, "msummon" brings \
you to them, "mdecline" says no. Nobody is ever moved without saying yes. Someone not \
accepting requests from you is refused, and you are not told why. Alone, lists who asks to \
meet you.""",
        parse=_meetme,
        topic="consent",
    ),
    Spec(
        "mdecline",
        usage="mdecline <name>   or   mdecline/block <name>",
        help="""Say no to someone's meeting request; they read that you declined. With /block \
you also block them; they are told exactly the same.""",
        parse=lambda line: DeclineMeeting(one_name(line), block=line.switch == "block"),
        topic="consent",
        switches=("block",),
    ),
)
