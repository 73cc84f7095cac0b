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

from boudoir.domain.replies import (
    AccountReply,
    AutomodReply,
    BuildingReply,
    CallPlaced,
    LogReply,
    MailReply,
    MeetingReply,
    ModerationReply,
    PresenceReply,
    ProfileReply,
    RelationReply,
    Reply,
    RoomReply,
    SceneReply,
    SpeechReply,
    WorldReply,
)
from boudoir.wire.webjson.replies import (
    account,
    automod,
    logs,
    meetings,
    moderation,
    presence,
    profiles,
    relations,
    rooms,
    scenes,
    speech,
    world,
)

Fields = dict[str, object]


def fields(reply: Reply) -> Fields | None:
    """The JSON fields answering ``reply``; None for an answer without a body."""
    match reply:
        case SpeechReply():  # first: the hot path (every line said gets its ``ok``)
            return speech.fields(reply)
        case RelationReply():
            return relations.fields(reply)
        case WorldReply():
            return world.world_fields(reply)
        case BuildingReply():
            return world.building_fields(reply)
        case MailReply():
            return None  # mail is read and sent on telnet (the browser gets the notice)
        case PresenceReply():
            return presence.fields(reply)
        case ModerationReply():
            return moderation.fields(reply)
        case AutomodReply():
            return automod.fields(reply)
        case SceneReply():
            return scenes.fields(reply)
        case LogReply():
            return logs.fields(reply)
        case CallPlaced(call):
            return {"call": call}
        case ProfileReply():
            return profiles.fields(reply)
        case MeetingReply():
            return meetings.fields(reply)
        case AccountReply():
            return account.fields(reply)
        case RoomReply():
            return rooms.fields(reply)
        case _:
            assert_never(reply)


__all__ = ["Fields", "fields"]
