"""Channel MODE strings, sans-I/O: ``+kl-v sesame 20 bob`` into the changes they ask for.

ISUPPORT ``CHANMODES=beI,k,HlRT,imnst`` and ``PREFIX=(ov)@+`` say which letters take a
parameter: the lists ``b``/``e``/``I`` (without one they ask for the list), ``o``/``v``
always, ``k``/``l``/``R`` when set, the flags never (``-k`` takes and ignores one, as Modern
IRC allows). At most ``MAX_MODE_CHANGES`` changes that name someone are taken from one
command; the rest of the string is dropped.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MAX_MODE_CHANGES: Final = 4
"""ISUPPORT MODES: changes to a list or a person's role taken from one MODE command."""
LIST_LETTERS: Final = "beI"
PERSON_LETTERS: Final = "ov"
SET_WITH_PARAMETER: Final = "kHlRT"
FLAG_LETTERS: Final = "imnst"


@dataclass(frozen=True, slots=True)
class ModeChange:
    """One letter to apply; ``param`` is the parameter it took, if any."""

    letter: str
    adding: bool
    param: str | None = None


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A list letter without a parameter: show that list."""

    letter: str


@dataclass(frozen=True, slots=True)
class MissingParameter:
    """A letter that needs a parameter had none left (ERR_NEEDMOREPARAMS)."""

    letter: str


@dataclass(frozen=True, slots=True)
class UnknownMode:
    letter: str


ModeItem = ModeChange | ListQuery | MissingParameter | UnknownMode


def parse_modes(modestring: str, params: list[str] | tuple[str, ...]) -> list[ModeItem]:
    """What ``modestring`` asks, letter by letter, in order, with the parameters it takes."""
    waiting = list(params)
    items: list[ModeItem] = []
    adding = True
    taken = 0
    for letter in modestring:
        if letter in "+-":
            adding = letter == "+"
        elif letter in LIST_LETTERS or letter in PERSON_LETTERS:
            if not waiting:
                missing = ListQuery(letter) if letter in LIST_LETTERS else MissingParameter(letter)
                items.append(missing)
                continue
            if taken >= MAX_MODE_CHANGES:
                break
            taken += 1
            items.append(ModeChange(letter, adding, waiting.pop(0)))
        elif letter in SET_WITH_PARAMETER:
            if adding and not waiting:
                items.append(MissingParameter(letter))
            elif adding:
                items.append(ModeChange(letter, adding, waiting.pop(0)))
            else:
                if letter == "k" and waiting:
                    waiting.pop(0)
                items.append(ModeChange(letter, adding))
        elif letter in FLAG_LETTERS:
            items.append(ModeChange(letter, adding))
        else:
            items.append(UnknownMode(letter))
    return items
