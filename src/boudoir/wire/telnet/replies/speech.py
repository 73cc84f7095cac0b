"""Telnet's words for replies of speech and message requests.

A message as sent (``Said``, ``Whispered``, ``Sent``, ``Signalled``) has no words here: the
gateway echoes its event as the room shows it ("You say, ...").

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.entities import Status
from boudoir.domain.events import MessageKind
from boudoir.domain.replies.speech import (
    MessageChanged,
    RequestAccepted,
    RequestDeclined,
    RequestList,
    Said,
    Sent,
    Signalled,
    SpeechReplies,
    StatusSet,
    WaitingRequest,
    Whispered,
)
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean


def render(reply: SpeechReplies) -> Told | None:
    match reply:
        case Said() | Whispered() | Sent() | Signalled() | MessageChanged():
            return None
        case RequestList(requests):
            if not requests:
                return Told("No pages are waiting for your yes.")
            lines = ["Pages waiting for your yes:"]
            lines += [_request_line(request) for request in requests]
            lines.append('"accept <name>", "decline <name>" or "decline/block <name>".')
            return Told("\n".join(lines))
        case RequestAccepted(name):
            return Told(f"You accepted {name}; they may page you now.")
        case RequestDeclined(name, None):
            return Told(f"You declined {name}'s page.")
        case RequestDeclined(name, blocked):
            return Told(f"You declined {name}'s page and blocked {blocked}.")
        case StatusSet(Status.ONLINE):
            return Told("You are marked back.")
        case StatusSet(_, message):
            return Told("You are marked away" + (f": {clean(message)}" if message else "."))
        case _:
            assert_never(reply)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _request_line(request: WaitingRequest) -> str:
    first = request.first
    text = clean(first.text)
    said = f"{request.sender} {text}" if first.kind is MessageKind.POSE else f'"{text}"'
    if first.letter_subject is not None:
        said = f'a letter, "{clean(first.letter_subject) or "(no subject)"}"'
    letters = request.letters_behind
    more = [plural(request.waiting, "more page", "more pages")] if request.waiting else []
    more += [plural(letters, "more letter", "more letters")] if letters else []
    tail = f" (and {', '.join(more)})" if more else ""
    return f"From {request.sender}: {said}{tail}"
