"""NickServ's words for replies about message requests.

A message as sent has no service text: the IRC gateway echoes it (IRCv3 echo-message).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.entities import Status
from boudoir.domain.replies.speech import (
    MessageChanged,
    Recalled,
    RequestAccepted,
    RequestDeclined,
    RequestList,
    Rolled,
    Said,
    Sent,
    Signalled,
    SpeechReplies,
    StatusSet,
    WaitingRequest,
    Whispered,
)
from boudoir.wire.irc import numerics as n


def service_text(reply: SpeechReplies) -> str | None:
    match reply:
        case (
            Said() | Whispered() | Rolled() | Sent() | Signalled() | StatusSet() | MessageChanged()
        ):
            # A change reaches the changer's connections as the others see it.
            return None
        case Recalled():
            return None  # IRC replays on JOIN and through CHATHISTORY (``wire.irc.chathistory``)
        case RequestList(requests):
            if not requests:
                return "No message requests are waiting."
            return "\n".join(_request_line(request) for request in requests)
        case RequestAccepted(name):
            return f"Accepted: {name} may message you."
        case RequestDeclined(name):
            return f"Declined {name}; they are not told."
        case _:
            assert_never(reply)


def _request_line(request: WaitingRequest) -> str:
    count = request.waiting + request.letters_behind
    first = request.first
    if first.letter_subject is not None:
        text = f"(a letter: {first.letter_subject or '(no subject)'})"
    else:
        text = first.text
    extra = f" (+{count} more)" if count else ""
    return f"<{request.sender}> {text}{extra}"


def away_reply(reply: StatusSet) -> tuple[str, str]:
    """AWAY's numeric and text (Modern IRC, "AWAY message"): 306 when marked away, 305 when
    back."""
    if reply.status is Status.ONLINE:
        return n.RPL_UNAWAY, "You are no longer marked as being away"
    return n.RPL_NOWAWAY, "You have been marked as being away"
