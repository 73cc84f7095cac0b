"""Telnet's words for replies of speech and message requests.

A message as sent (``Said``, ``Whispered``, ``Sent``, ``Signalled``) has no words here: the
gateway echoes its event as the room shows it ("You say, ...").

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import assert_never

from boudoir.domain.entities import Status
from boudoir.domain.events import Event, MessageKind
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
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean


def render(reply: SpeechReplies) -> Told | None:
    match reply:
        case Said() | Whispered() | Rolled() | Sent() | Signalled() | Recalled() | MessageChanged():
            # The gateway shows each recalled line as the room showed it (``recall``).
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


def recalled_text(reply: Recalled, render: Callable[[Event], str | None], today: dt.date) -> str:
    """What ``recall`` shows: each line as it was shown live, after its time (UTC: the date
    too before ``today``)."""
    where = f"in {reply.room}" if reply.room is not None else "in your pages"
    if not reply.lines:
        return f"Nothing said {where} lately reached you (or it is no longer kept)."
    lines = [f"Said {where} lately (times in UTC):"]
    for event in reply.lines:
        shown = render(event)
        if shown is None:
            continue
        at = event.at.astimezone(dt.UTC)
        stamp = at.strftime("%H:%M") if at.date() == today else at.strftime("%b %d %H:%M")
        lines.append(f"[{stamp}] {shown}")
    lines.append("(end of recall)")
    return "\n".join(lines)


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
