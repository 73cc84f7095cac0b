"""Intents of speech and direct messages: saying in a room, whispering, writing to a person,
signalling (typing), answering message requests, and the status shown to those who write
(away, busy).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.entities import Status
from boudoir.domain.events import ClientTags, MessageKind


class SpeechIntent:
    """Base of the intents of speech and direct messages."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Say(SpeechIntent):
    """Speak in ``room`` (say, pose, OOC, notice or emit, by ``kind``); everyone there hears
    it except across a block. ``client_tags``: IRCv3 client-only tags relayed with it."""

    room: str
    text: str
    kind: MessageKind = MessageKind.SAY
    client_tags: ClientTags = ()


@dataclass(frozen=True, slots=True)
class Whisper(SpeechIntent):
    """Say something in ``room`` that only the member ``to`` hears."""

    room: str
    to: str
    text: str


@dataclass(frozen=True, slots=True)
class RollDice(SpeechIntent):
    """Have the server roll ``dice`` (``2d6+1``) for everyone in ``room`` to see (empty: the
    one room the roller is in)."""

    room: str
    dice: str


@dataclass(frozen=True, slots=True)
class Direct(SpeechIntent):
    """Write to the character ``to``, wherever they are: from a stranger it waits as a
    message request."""

    to: str
    text: str
    kind: MessageKind = MessageKind.SAY
    client_tags: ClientTags = ()


@dataclass(frozen=True, slots=True)
class Signal(SpeechIntent):
    """Relay client tags without text (typing, reactions) to a room (``#name``) or a person
    who would take a direct message now."""

    target: str
    client_tags: ClientTags


@dataclass(frozen=True, slots=True)
class ListRequests(SpeechIntent):
    """The message requests waiting for one's yes, oldest first."""


@dataclass(frozen=True, slots=True)
class AcceptRequest(SpeechIntent):
    """Accept the request of ``sender``: what waited is delivered and they may write freely."""

    sender: str


@dataclass(frozen=True, slots=True)
class DeclineRequest(SpeechIntent):
    """Decline the request of ``sender``, unseen by them; with ``block``, block them too."""

    sender: str
    block: bool = False


@dataclass(frozen=True, slots=True)
class SetStatus(SpeechIntent):
    """Show oneself online, away, busy or looking for roleplay, with an optional message (to
    those who may see one online, and to whoever writes to one)."""

    status: Status
    message: str = ""


@dataclass(frozen=True, slots=True)
class Recall(SpeechIntent):
    """What one may see again of what was said lately (the replay, kept in memory only): in
    ``room``, or with ``room`` None in one's direct conversations; the last ``limit`` lines
    (None: all)."""

    room: str | None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class EditMessage(SpeechIntent):
    """Replace the text of one's own message ``id`` (a room message, whisper or direct
    message), within the edit window; checked as a new message is."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class DeleteMessage(SpeechIntent):
    """Delete one's own message ``id`` within the edit window; a moderator of its room (or of
    the server) removes anyone's, as long as the server still knows it."""

    id: str


SpeechIntents = (
    Say
    | Whisper
    | RollDice
    | Direct
    | Signal
    | ListRequests
    | AcceptRequest
    | DeclineRequest
    | SetStatus
    | Recall
    | EditMessage
    | DeleteMessage
)
