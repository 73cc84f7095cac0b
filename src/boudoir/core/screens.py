"""Screens: the checks every text a person writes for others passes before anyone sees it.

Speech (room messages, whispers, direct messages) and every other text someone writes for
others (a topic, a status message, a description, a scene invitation's note, a letter, what a
builder names and describes) go through the same ``Screens``: mutes and suspensions
(``core.moderation``), a paused scene (``core.scenes``, speech only) and automod
(``core.automod``). Each screen returns to let the text through or raises a ``BoudoirError``
to stop it; nobody sees a stopped text, and a change it was part of is not made.

Imports ``boudoir.core.registry`` and ``boudoir.domain``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from boudoir.core.registry import Connection, LiveRoom
from boudoir.domain.entities import Account, Character
from boudoir.domain.events import CharacterRef, MessageKind


class Writing(enum.Enum):
    """Text written for others that is not a message: screened as speech is."""

    TOPIC = "topic"
    STATUS = "status"
    """A status or away message, or a telnet @doing line."""
    DESCRIPTION = "description"
    """A character's short or long description, pronouns, or another profile text."""
    NOTE = "note"
    """A scene invitation's note, read by the one person invited."""
    MAIL = "mail"
    """A letter's subject or body, read by the one person it is for."""
    BUILDING = "building"
    """The name or description of a place, an exit or a thing someone built."""
    EDIT = "edit"
    """A message's new text, edited after it was delivered (``core.message_edits``): a rule
    that holds it refuses it, and it is never released later as a new line."""
    EDIT_OOC = "edit_ooc"
    """An out-of-character message's new text: as ``EDIT``, but it passes a paused scene as
    out-of-character speech does."""

    @property
    def private(self) -> bool:
        """Read by one person, as a direct message is."""
        return self in (Writing.NOTE, Writing.MAIL)


class Speaker(Protocol):
    """Who writes: a live ``Connection``, or an ``Author`` (a change made over HTTP)."""

    @property
    def account(self) -> Account: ...

    @property
    def character(self) -> Character: ...

    @property
    def ref(self) -> CharacterRef: ...


@dataclass(frozen=True, slots=True)
class Author:
    """A character writing without a live connection (the HTTP API's profile changes)."""

    account: Account
    character: Character

    @property
    def ref(self) -> CharacterRef:
        return CharacterRef(self.character.id, self.character.name)


SpeechScreen = Callable[
    [Speaker, LiveRoom | None, Connection | None, MessageKind | Writing, str], None
]
"""A check run on every text before anyone sees it: the writer; the room it is said or set in
(``None`` for a direct message and for text not tied to a room); its one recipient (a whisper's
or a direct message's; ``None`` otherwise); its kind; the text. It returns to let the text
through, or raises a ``BoudoirError`` to stop it (a mute, an automod block, or ``MessageHeld``
for review)."""


class Screens(list[SpeechScreen]):
    """The screens in order; ``check`` is the one call every service makes before text it was
    given reaches anyone. Empty, it costs one loop over nothing."""

    def check(
        self,
        speaker: Speaker,
        kind: MessageKind | Writing,
        *texts: str,
        room: LiveRoom | None = None,
        recipient: Connection | None = None,
    ) -> None:
        """Run every screen on each of ``texts`` (empty ones are skipped); raises the first
        refusal."""
        for text in texts:
            if text:
                for screen in self:
                    screen(speaker, room, recipient, kind, text)
