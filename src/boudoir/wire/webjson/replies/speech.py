"""The browser's fields for replies of speech and message requests (docs/websocket.md).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

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
from boudoir.domain.times import utc_millis as timestamp
from boudoir.wire.webjson.render import replay_objects


def fields(reply: SpeechReplies) -> dict[str, object] | None:
    match reply:
        case Said(event) | Whispered(event):
            return {"id": event.id}
        case Sent(event, away) if away is not None:
            # The recipient is away and the sender may see it (``Sent.away``), as IRC's
            # RPL_AWAY: only for a message delivered.
            return {"id": event.id, "away": {"status": away.status.value, "message": away.message}}
        case Sent(event) | Rolled(event) | MessageChanged(event):
            return {"id": event.id}
        case Signalled() | RequestAccepted() | RequestDeclined() | StatusSet():
            return None
        case RequestList(requests):
            return {"requests": [_request(request) for request in requests]}
        case Recalled(room, lines):
            return {"room": room, "lines": replay_objects(lines)}
        case _:
            assert_never(reply)


def _request(request: WaitingRequest) -> dict[str, object]:
    first = request.first
    return {
        "id": str(first.id),
        "from": request.sender,
        "at": timestamp(first.at),
        "kind": first.kind.value,
        "text": first.text,
        "waiting": request.waiting,
        "letters": request.letters,
        "letter": None if first.letter_subject is None else {"subject": first.letter_subject},
    }
