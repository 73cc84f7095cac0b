"""Replies of speech and direct messages: the message as sent (for the sender's echo, which
each gateway shows as its protocol wants) and the answers about message requests.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.dice import DiceRolled
from boudoir.domain.entities import Status
from boudoir.domain.events import (
    DirectMessageSent,
    MessageDeleted,
    MessageEdited,
    MessageRequestReceived,
    RoomMessageSent,
    SignalSent,
)


class SpeechReply:
    """Base of the replies of speech and direct messages."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Said(SpeechReply):
    """Spoken in a room (in a logged room: and stored); ``event`` is what the room got."""

    event: RoomMessageSent


@dataclass(frozen=True, slots=True)
class Whispered(SpeechReply):
    """Whispered to one member of a room; ``event`` is what they got."""

    event: RoomMessageSent


@dataclass(frozen=True, slots=True)
class Rolled(SpeechReply):
    """Dice rolled for a room; ``event`` is what the room (the roller too) got."""

    event: DiceRolled


@dataclass(frozen=True, slots=True)
class Away:
    """The status other than online that the recipient of a direct message shows, and its
    message (empty: none), as the sender may see it."""

    status: Status
    message: str


@dataclass(frozen=True, slots=True)
class Sent(SpeechReply):
    """A direct message sent (or held as a request: the sender is told the same).

    ``away``: the recipient is away (or busy, or looking for roleplay) and the sender may see
    their presence (``consent.see_presence``); set only for a message delivered, never for
    one held as a request, so that it tells nothing a delivered message would not."""

    event: DirectMessageSent
    away: Away | None = None


@dataclass(frozen=True, slots=True)
class Signalled(SpeechReply):
    """Client tags relayed (or, to a stranger, dropped: the sender is told the same)."""

    event: SignalSent


@dataclass(frozen=True, slots=True)
class WaitingRequest:
    """One message request as its recipient sees it: who, the first message (or letter),
    and how many messages and letters wait with it."""

    sender: str
    first: MessageRequestReceived
    waiting: int
    """Messages behind the first."""
    letters: int
    """Letters held with the request, the one that opened it included."""

    @property
    def letters_behind(self) -> int:
        """Letters besides the one that opened the request, if a letter did."""
        return self.letters - (self.first.letter_subject is not None)


@dataclass(frozen=True, slots=True)
class RequestList(SpeechReply):
    """The message requests waiting, oldest first."""

    requests: tuple[WaitingRequest, ...]


@dataclass(frozen=True, slots=True)
class RequestAccepted(SpeechReply):
    """``name`` (as they call themselves) may write freely now."""

    name: str


@dataclass(frozen=True, slots=True)
class RequestDeclined(SpeechReply):
    """``name``'s request is dropped, unseen by them; ``blocked``: the name the block is
    listed by, when declined with a block."""

    name: str
    blocked: str | None = None


@dataclass(frozen=True, slots=True)
class StatusSet(SpeechReply):
    """The status is set; ``message`` as the person typed it."""

    status: Status
    message: str


@dataclass(frozen=True, slots=True)
class Recalled(SpeechReply):
    """What ``Recall`` found, oldest first; ``room`` as spelt (None: direct conversations)."""

    room: str | None
    lines: tuple[RoomMessageSent | DirectMessageSent | DiceRolled, ...]


@dataclass(frozen=True, slots=True)
class MessageChanged(SpeechReply):
    """One's message edited or deleted (or, by a moderator, removed); ``event`` is what those
    who heard it got."""

    event: MessageEdited | MessageDeleted


SpeechReplies = (
    Recalled
    | Said
    | Whispered
    | Rolled
    | Sent
    | Signalled
    | RequestList
    | RequestAccepted
    | RequestDeclined
    | StatusSet
    | MessageChanged
)
