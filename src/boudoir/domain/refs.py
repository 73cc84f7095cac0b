"""What events name: characters and rooms by reference, the kinds of message, client tags.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from boudoir.domain.ids import CharacterId, RoomId
from boudoir.domain.ratings import Rating


class MessageKind(enum.Enum):
    SAY = "say"
    POSE = "pose"
    """An emote: "Alice smiles." (IRC CTCP ACTION, telnet ``:``, ``/me``)."""
    OOC = "ooc"
    """Out of character."""
    WHISPER = "whisper"
    """To one person in a room; the rest of the room does not see it."""
    NOTICE = "notice"
    EMIT = "emit"
    """Narration without a leading name ("The wind howls."), MUCK ``@emit``: every gateway
    keeps the emitter attributable (shown on request, on hover, or next to the text)."""


ClientTags = tuple[tuple[str, str], ...]
"""Tags a sender's client attached to a message (IRCv3 client-only tags such as ``+typing`` or
``+draft/react``): opaque to the server, relayed to recipients whose client understands them."""


@dataclass(frozen=True, slots=True)
class CharacterRef:
    id: CharacterId
    name: str


@dataclass(frozen=True, slots=True)
class RoomRef:
    id: RoomId
    name: str
    rating: Rating
