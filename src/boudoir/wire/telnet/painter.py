"""Safe, painted pieces of text for the telnet renderers (``render``, ``render_scenes``) and
the gateway's commands.

``safe`` is the one door for other people's text into a line; ``Painter`` colours the pieces
of a line by what they are, only when the client shows colour, and lets pieces nest (a name
inside a system line keeps the line's colour after it). Imports ``boudoir.wire`` only.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from boudoir.wire.markup import ansi, parse, plain
from boudoir.wire.telnet.text import COLOURS_16, Style, paint, unmarked
from boudoir.wire.telnet.text import safe as safe

RESET: Final = "\x1b[0m"
"""What ``paint`` ends a painted piece with (SGR 0)."""
NAME_PATTERNS: Final = 1024
"""Names whose whole-word pattern is kept compiled: more than the readers who turn highlight
on at once on a busy node; past it the oldest is compiled again when needed."""


@functools.lru_cache(maxsize=NAME_PATTERNS)
def _whole_word(name: str) -> re.Pattern[str]:
    """``name`` as a whole word (no letter, digit or underscore next to it), in any case."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def mentions(text: str, name: str) -> bool:
    """Does ``text`` name ``name`` as a whole word, in any case?"""
    return _whole_word(name).search(text) is not None


class Painter:
    """Paints pieces of one line for one client: ``colours`` 0 leaves text as it is."""

    __slots__ = ("_starts", "colours", "screen_reader")

    def __init__(self, colours: int, screen_reader: bool) -> None:
        self.colours = colours
        self.screen_reader = screen_reader
        self._starts: dict[Style, str] = {}

    def style(self, text: str, style: Style) -> str:
        """``text`` in ``style``; pieces painted inside it return to ``style`` after them."""
        if not self.colours or not text:
            return text
        start = self._starts.get(style)
        if start is None:
            painted = paint("x", style, self.colours)
            start = self._starts[style] = painted[: painted.index("x")]
        if not start:
            return text
        return start + text.replace(RESET, RESET + start) + RESET

    def name(self, name: str) -> str:
        return self.style(name, Style.NAME)

    def mentions(self, text: str, name: str) -> str:
        """``text`` (already safe) with each whole-word ``name`` in it highlighted."""
        if not self.colours:
            return text
        return _whole_word(name).sub(lambda found: self.style(found[0], Style.HIGHLIGHT), text)

    def room(self, name: str) -> str:
        return self.style(name, Style.ROOM_NAME)

    def channel(self, name: str) -> str:
        """The prefix of a line from a room the viewer is not standing in."""
        if self.screen_reader:
            return self.style(name.strip("[]") + ":", Style.CHANNEL)
        if name.startswith("["):
            return self.style(name, Style.CHANNEL)
        return self.style(f"[{name}]", Style.CHANNEL)

    def speech(self, text: str) -> str:
        return self.style(f'"{text}"', Style.SPEECH)

    def pose(self, text: str) -> str:
        return self.style(text, Style.POSE)

    def ooc(self, text: str) -> str:
        return self.style(text, Style.OOC)

    def ooc_speech(self, text: str) -> str:
        return self.style(f'"{text}"', Style.OOC)

    def ooc_tag(self) -> str:
        return self.style("OOC:" if self.screen_reader else "<OOC>", Style.OOC)

    def system(self, text: str) -> str:
        return self.style(text, Style.SYSTEM)

    def notice(self, text: str) -> str:
        return self.style(text, Style.NOTICE)

    def warning(self, text: str) -> str:
        return self.style(text, Style.WARNING)

    def alert(self, text: str) -> str:
        return self.style(text, Style.ALERT)

    def banner(self, text: str) -> str:
        """A line that must not be missed: ``*** text ***``, or plain for a screen reader."""
        return text if self.screen_reader else f"*** {text} ***"


def marked(text: str, paint: Painter) -> str:
    """Someone's message with its markup (``wire.markup``) in colour, or as plain text for a
    client without colour or a screen reader; made safe either way."""
    if "[" not in text:
        return safe(text)  # no markup; a bare link is shown as it is
    coloured = paint.colours >= COLOURS_16 and not paint.screen_reader
    return _marked_text(text, paint.colours if coloured else 0)


@functools.lru_cache(maxsize=64)
def _marked_text(text: str, colours: int) -> str:
    # Parsed once per message and colour depth, not once per reader's variant.
    nodes = parse(text)
    if colours:
        return ansi(nodes, safe, colours)
    # Pieces are made safe one by one: look at the whole again, so that markup cannot put a
    # server mark together out of pieces ("[b][[/b]dice]").
    return "\n".join(unmarked(line) for line in plain(nodes, safe).split("\n"))
