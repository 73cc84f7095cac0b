"""One telnet command line, parsed the MUCK way.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One command line, parsed: ``page/accept Bob`` -> word ``page``, switch ``accept``,
    args ``Bob``; ``left``/``right`` split args at the first ``=`` (``page Bob=hi``)."""

    word: str
    switch: str
    args: str
    raw: str

    @property
    def has_equals(self) -> bool:
        return "=" in self.args

    @property
    def left(self) -> str:
        return self.args.partition("=")[0].strip()

    @property
    def right(self) -> str:
        return self.args.partition("=")[2].strip()


PREFIXES = {'"': "say", ":": "pose", ";": "semipose", "'": "say"}
"""One-character commands: the rest of the line is the argument (TinyMUCK, FuzzBall)."""


def parse_line(text: str) -> Line:
    """Split a line into command word, switch and arguments."""
    stripped = text.strip()
    if not stripped:
        return Line("", "", "", text)
    first = stripped[0]
    if first in PREFIXES:
        return Line(PREFIXES[first], "", stripped[1:], text)
    if stripped.startswith("((") and stripped.endswith("))") and len(stripped) > 4:
        return Line("ooc", "", stripped[2:-2].strip(), text)
    word, _, args = stripped.partition(" ")
    word, _, switch = word.partition("/")
    return Line(word.lower(), switch.lower(), args.strip(), text)
