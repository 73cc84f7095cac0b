"""Replies to a browser's own commands (``boudoir.domain.replies``), as JSON fields: those of
the WebSocket ``ok`` (docs/websocket.md) and the body of the HTTP API's answer
(docs/http-api.md, or the OpenAPI document).

``fields`` dispatches by family; each family module matches its replies exhaustively, so a
new reply fails the type check until the browser protocol has a shape for it. None means an
answer with no body (HTTP 204, or an ``ok`` with no fields).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies import RelationReply, Reply, SpeechReply
from boudoir.wire.webjson.replies import relations, speech

Fields = dict[str, object]


def fields(reply: Reply) -> Fields | None:
    """The JSON fields answering ``reply``; None for an answer without a body."""
    match reply:
        case RelationReply():
            return relations.fields(reply)
        case SpeechReply():
            return speech.fields(reply)
        case _:
            assert_never(reply)


__all__ = ["Fields", "fields"]
