"""The lines and presence of one room's replay buffer, as ``core.replay`` keeps them.

A line said to all, with nobody across a block from its speaker, is kept as the event alone:
the same object every recipient got, with the speaker's account in the room's table by
character, so a line costs a slot in the deque and nothing more. Other lines (a whisper, a
line with someone across a block) are kept whole, as a ``Said``.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Final

from boudoir.domain.events import (
    AdPosted,
    DiceRolled,
    DirectMessageSent,
    MessageDeleted,
    MessageEdited,
    RoomMessageSent,
)
from boudoir.domain.ids import AccountId, CharacterId

DEFAULT_LINES: Final = 200
"""Lines a buffer keeps by default: a screenful or two of a busy room, a few KiB each."""

NO_BLOCKS: frozenset[AccountId] = frozenset()


@dataclass(slots=True)
class Said:
    """One line kept: the event, who said it (their account), whom it was for (a whisper or
    direct message) and the accounts across a block from the speaker when it was said."""

    event: RoomMessageSent | DirectMessageSent | DiceRolled
    speaker: AccountId
    to: AccountId | None
    across: Collection[AccountId]


Line = RoomMessageSent | DiceRolled | Said
"""A room line as kept: the event alone when said to all with nobody across a block (its
speaker's account is in the room's ``speakers``), else the whole ``Said``."""


def author_of(event: RoomMessageSent | DiceRolled) -> CharacterId:
    return event.roller.id if isinstance(event, DiceRolled) else event.sender.id


def event_of(line: Line) -> RoomMessageSent | DirectMessageSent | DiceRolled:
    return line.event if isinstance(line, Said) else line


@dataclass(slots=True)
class Ad:
    """One ad kept: the event, its poster's account and those across a block from them."""

    event: AdPosted
    poster: AccountId
    across: Collection[AccountId]


ADS_KEPT = 50
"""Ads each room keeps apart from its lines (an ad is rare: the interval holds them back)."""


@dataclass(slots=True)
class Span:
    """A time an account was in a room (``left``: None while it is)."""

    arrived: dt.datetime
    left: dt.datetime | None = None


@dataclass(slots=True)
class RoomMemory:
    name: str
    """The room's name as last spelt (a client may ask for a room it has left by name)."""
    lines: deque[Line]
    speakers: dict[CharacterId, AccountId] = field(default_factory=dict)
    """The account of each character with a line kept as the event alone."""
    present: dict[AccountId, list[Span]] = field(default_factory=dict)
    """For each account, the times it was in the room, oldest first."""
    ads: deque[Ad] = field(default_factory=lambda: deque(maxlen=ADS_KEPT))

    def keep(
        self,
        event: RoomMessageSent | DiceRolled,
        speaker: AccountId,
        to: AccountId | None,
        across: Collection[AccountId],
    ) -> None:
        """Keep a line: the event alone when it was said to all, with nobody across a block
        (the common case), else with who it was for and who was across."""
        if to is None and not across:
            author = author_of(event)
            known = self.speakers.get(author)
            if known is None:
                if len(self.speakers) >= 2 * (self.lines.maxlen or DEFAULT_LINES):
                    self._forget_silent_speakers()
                self.speakers[author] = known = speaker
            if known == speaker:
                self.lines.append(event)
                return
        self.lines.append(Said(event, speaker, to, across))

    def view(self, line: Line) -> Said:
        """The line with its speaker, whom it was for and who was across a block."""
        if isinstance(line, Said):
            return line
        return Said(line, self.speakers[author_of(line)], None, NO_BLOCKS)

    def views(self) -> Iterator[Said]:
        """Every line kept, oldest first, as ``view`` gives it."""
        return map(self.view, self.lines)

    def _forget_silent_speakers(self) -> None:
        """Keep the accounts of the characters with a line still kept, no others: the table
        stays bounded by the buffer's length."""
        kept = {author_of(line) for line in self.lines if not isinstance(line, Said)}
        self.speakers = {c: a for c, a in self.speakers.items() if c in kept}


def change_room_line(lines: deque[Line], change: MessageEdited | MessageDeleted) -> None:
    """A room line edited (its event replaced, the text and seal the new ones) or deleted."""
    for index, line in enumerate(lines):
        event = event_of(line)
        if event.id != change.id:
            continue
        if isinstance(change, MessageDeleted):
            del lines[index]
        elif isinstance(event, RoomMessageSent):  # a roll is never edited
            edited = dataclasses.replace(event, text=change.text, seal=change.seal)
            if isinstance(line, Said):
                line.event = edited
            else:
                lines[index] = edited
        return
