"""Events of a message changed after it was delivered: edited by its sender, or deleted by
its sender or removed by a moderator. Told to exactly those who could hear the original now.

Both name the message by its id, and say where it was (a room, or a direct message's two
people) and who said it, so that a client finds the line it shows, and a replay buffer or a
node's index of recent messages can follow them.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.ids import MessageId
from boudoir.domain.refs import CharacterRef, MessageKind, RoomRef


@dataclass(frozen=True, slots=True)
class MessageEdited:
    """The sender of message ``id`` changed its text. ``sent_at`` is when it was first said
    (the line keeps its place and time); ``seal`` is the seal of the edited line, over the same
    id, time, place, sender and kind and the new text (``core.seals``): reports of the edited
    line verify, and a copy of the original still verifies under its own seal."""

    id: MessageId
    at: dt.datetime
    sent_at: dt.datetime
    sender: CharacterRef
    kind: MessageKind
    text: str
    room: RoomRef | None = None
    """The room it was said in; ``None`` for a direct message."""
    recipient: CharacterRef | None = None
    """A whisper's or a direct message's one recipient; ``None`` for what a room heard."""
    seal: str = ""


@dataclass(frozen=True, slots=True)
class MessageDeleted:
    """Message ``id`` is gone: deleted by its sender, or removed by a moderator
    (``by_moderator``; never says which moderator)."""

    id: MessageId
    at: dt.datetime
    sender: CharacterRef
    room: RoomRef | None = None
    recipient: CharacterRef | None = None
    by_moderator: bool = False
