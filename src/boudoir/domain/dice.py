"""Dice: the expression a person asks the server to roll (``2d6+1``), its limits, and the
event of a roll. The server rolls; a roll reaches the room as its own event, which every
gateway shows as a line no one can type (docs/irc.md, docs/telnet.md, docs/websocket.md).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import MessageId
from boudoir.domain.refs import CharacterRef, RoomRef

MAX_DICE: Final = 20
"""Dice in one roll: enough for any table game's handful, and one line to read."""
MAX_SIDES: Final = 1000
"""Sides of a die: d1000 covers percentile-style tables and more."""
MAX_MODIFIER: Final = 1000
"""The largest number added to or taken from a roll."""
MAX_EXPRESSION: Final = 40
"""Characters of an expression; a longer one is refused before it is read."""

_EXPRESSION: Final = re.compile(r"(\d+)?d(\d+)(?:([+-])(\d+))?", re.ASCII | re.IGNORECASE)

USAGE: Final = "Roll dice as NdS+M, for example 2d6+1, d20 or 3d8-2."

LOGGED_KIND: Final = "roll"
"""The kind of a roll's line in a log or a room's history, whose text is its ``summary``: no
``MessageKind`` has it, so no one's speech is ever read back as a roll."""


@dataclass(frozen=True, slots=True)
class Dice:
    """``count`` dice of ``sides`` sides, plus ``modifier``."""

    count: int
    sides: int
    modifier: int = 0

    def __str__(self) -> str:
        if not self.modifier:
            return f"{self.count}d{self.sides}"
        return f"{self.count}d{self.sides}{self.modifier:+d}"


def parse_dice(text: str) -> Dice:
    """The dice ``text`` asks for (``2d6+1``, ``d20``, ``3D8 - 2``; spaces are ignored).
    Anything else, or beyond the limits, raises ``InvalidInput`` saying what is wrong."""
    if len(text) > MAX_EXPRESSION:
        raise InvalidInput(USAGE)
    match = _EXPRESSION.fullmatch("".join(text.split()))
    if match is None:
        raise InvalidInput(USAGE)
    count_text, sides_text, sign, modifier_text = match.groups()
    count = int(count_text) if count_text else 1
    sides = int(sides_text)
    modifier = int(modifier_text) if modifier_text else 0
    if not 1 <= count <= MAX_DICE:
        raise InvalidInput(f"Roll from 1 to {MAX_DICE} dice at a time.")
    if not 2 <= sides <= MAX_SIDES:
        raise InvalidInput(f"A die has from 2 to {MAX_SIDES} sides.")
    if modifier > MAX_MODIFIER:
        raise InvalidInput(f"Add or take away at most {MAX_MODIFIER}.")
    return Dice(count, sides, -modifier if sign == "-" else modifier)


@dataclass(frozen=True, slots=True)
class DiceRolled:
    """The server rolled ``dice`` for ``roller`` in ``room``: each die in ``rolls``. Everyone
    there sees it (but across a block), the roller too; nobody can type one."""

    id: MessageId
    at: dt.datetime
    room: RoomRef
    roller: CharacterRef
    dice: Dice
    rolls: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.rolls) + self.dice.modifier

    def summary(self) -> str:
        """``2d6+1: 3 + 5 + 1 = 9``: what was rolled, each die, the modifier and the total."""
        parts = [str(roll) for roll in self.rolls]
        if self.dice.modifier:
            parts.append(str(abs(self.dice.modifier)))
        signs = [" + "] * (len(self.rolls) - 1)
        if self.dice.modifier:
            signs.append(" - " if self.dice.modifier < 0 else " + ")
        shown = parts[0] + "".join(sign + part for sign, part in zip(signs, parts[1:], strict=True))
        return f"{self.dice}: {shown} = {self.total}"
