"""The browser's JSON protocol, ``boudoir.v1`` (docs/websocket.md), sans-I/O.

``commands`` parses one text message into a typed command (or a ``BadMessage``), ``render``
turns domain events and replies into compact UTF-8 JSON, and ``frames`` encodes RFC 6455
server frames, so that one encoded frame is shared by every recipient.

Imports the standard library and ``boudoir.domain`` only.
"""

from boudoir.domain.times import utc_millis as timestamp
from boudoir.wire.webjson.commands import (
    MAX_REF,
    AcceptRequest,
    BadMessage,
    Command,
    DeclineRequest,
    Describe,
    Direct,
    ListRequests,
    Ping,
    Received,
    Say,
    SetStatus,
    SwitchCharacter,
    Typing,
    Whisper,
    parse_command,
)
from boudoir.wire.webjson.frames import (
    MAX_CLOSE_REASON,
    close_frame,
    close_reason,
    text_frame,
)
from boudoir.wire.webjson.render import (
    FRAMED,
    PROTOCOL,
    TYPING_TAG,
    UNFRAMED,
    WebVariant,
    dumps,
    render,
    render_error,
    render_event,
    render_ok,
)

__all__ = [
    "FRAMED",
    "MAX_CLOSE_REASON",
    "MAX_REF",
    "PROTOCOL",
    "TYPING_TAG",
    "UNFRAMED",
    "AcceptRequest",
    "BadMessage",
    "Command",
    "DeclineRequest",
    "Describe",
    "Direct",
    "ListRequests",
    "Ping",
    "Received",
    "Say",
    "SetStatus",
    "SwitchCharacter",
    "Typing",
    "WebVariant",
    "Whisper",
    "close_frame",
    "close_reason",
    "dumps",
    "parse_command",
    "render",
    "render_error",
    "render_event",
    "render_ok",
    "text_frame",
    "timestamp",
]
