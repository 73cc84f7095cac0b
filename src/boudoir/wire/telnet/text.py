"""Text for terminals: make other people's text safe, colour it, and wrap it to the window.

What a MU* client shows is a terminal: any escape sequence that reaches it raw can move the
cursor, retitle the window, plant a hyperlink (OSC 8) or paint over other lines. ``clean`` takes
every such sequence out of text written by another user; ``paint`` adds the server's own SGR
colour codes, and only at the depth the client said it supports; ``wrap`` and ``visible_width``
measure what the user sees (SGR codes take no room, East Asian wide characters take two cells);
``wrap_block`` wraps a whole message to the window and ``columns`` lays out a table.

Standard library only; pure functions.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Final

__all__ = [
    "COLOURS_16",
    "COLOURS_256",
    "COLOURS_TRUE",
    "Style",
    "clean",
    "columns",
    "paint",
    "unmarked",
    "visible_width",
    "wrap",
    "wrap_block",
]

COLOURS_16 = 16
"""ECMA-48 SGR 30–37 and 90–97 (the 8 basic colours, bright or bold)."""
COLOURS_256 = 256
"""xterm's ``38;5;n`` palette."""
COLOURS_TRUE = 16777216
"""ISO 8613-6 direct colour, ``38;2;r;g;b`` (24-bit, "truecolor")."""

_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?     # CSI: ESC [ or C1 CSI, params, final
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])               # OSC, DCS, SOS, PM, APC (7/8-bit) ...
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?                 # ... up to BEL or ST (or the end)
    | \x1b[\x20-\x2f]*[\x30-\x7e]?                          # any other escape: nF, Fp, Fe, Fs
    """,
    re.VERBOSE,
)
"""ECMA-48 §5.3–5.6 control sequences and control strings. An unterminated string runs to the
end of the text, so nothing after an unclosed OSC (a hyperlink, a window title) leaks through."""

_SGR = re.compile(r"\x1b\[[0-9;:]*m")
"""What ``paint`` writes: Select Graphic Rendition, zero width on screen."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Unicode embeddings, overrides and isolates (UAX #9). Removed because a user could reverse the
rest of a line, including the server's own text after it, and pass off a name or a command as
something else ("Trojan Source", CVE-2021-42574). The implicit marks U+200E/U+200F stay: they
change nothing beyond their neighbours and right-to-left writers need them."""

_WHITESPACE_CONTROLS = frozenset("\t\n\v\f\r\x85\u2028\u2029")
"""Controls that separate words: each becomes one space instead of vanishing, so words stay apart
(a message is one line; the gateway decides line breaks)."""


SERVER_MARKS: Final = ("dice",)
"""The words of the marks the server puts in brackets before a line of its own (``[dice]``,
a roll): no one else's text shown on a terminal ever holds one (``unmarked``), so even a
client without colour tells the server's line from a look-alike typed by someone."""
_MARKED = re.compile(r"\[(?:" + "|".join(SERVER_MARKS) + r")\]")
_LOOKALIKES: Final = {
    # Letters of the marks that other scripts draw alike (Unicode confusables, UTS #39); the
    # rest of the look-alikes are folded by NFKD (full-width, mathematical, accented forms).
    "\u0501": "d",  # Cyrillic komi de
    "\u0257": "d",  # d with hook
    "\u0456": "i",  # Cyrillic i
    "\u0131": "i",  # dotless i
    "\u0269": "i",  # iota (Latin)
    "\u03b9": "i",  # Greek iota
    "\u04cf": "i",  # Cyrillic palochka
    "\u0441": "c",  # Cyrillic es
    "\u03f2": "c",  # Greek lunate sigma
    "\u1d04": "c",  # small capital c
    "\u0435": "e",  # Cyrillic ie
    "\u04bd": "e",  # Cyrillic abkhasian che
    "\u212e": "e",  # estimated sign
}


def _shape(char: str) -> str:
    """What a reader takes ``char`` for, as far as the marks go: an opening or closing bracket
    of any kind, or a letter folded to its plain lower-case look-alike."""
    if char in "(){}":
        return char  # plainly not square: "(dice)" is what ``unmarked`` leaves
    category = unicodedata.category(char)
    if category == "Ps":
        return "["
    if category == "Pe":
        return "]"
    folded = unicodedata.normalize("NFKD", char)[:1].casefold()[:1] or char
    return _LOOKALIKES.get(folded, folded)


def unmarked(text: str) -> str:
    """``text`` (someone's, already ``clean``) with whatever reads as a server mark, such as
    ``[dice]`` in any bracket, case or look-alike letters, spaces or invisible characters
    inside, shown with round brackets instead: ``(dice)``. The server's own lines keep theirs."""
    if "]" not in text and text.isascii():
        return text  # the common case: no closing bracket, nothing to look at
    kept = [
        (index, _shape(char))
        for index, char in enumerate(text)
        if not char.isspace() and unicodedata.category(char) not in ("Cf", "Mn", "Me")
    ]
    shapes = "".join(shape for _, shape in kept)
    found = list(_MARKED.finditer(shapes))
    if not found:
        return text
    chars = list(text)
    for match in found:
        chars[kept[match.start()][0]] = "("
        chars[kept[match.end() - 1][0]] = ")"
    return "".join(chars)


def _clean_char(char: str) -> str:
    if char in _WHITESPACE_CONTROLS:
        return " "
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F or char in _BIDI_CONTROLS:
        return ""
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # a lone surrogate cannot be encoded for the wire
    return char


def clean(text: str) -> str:
    """Make another user's text safe to print on a terminal.

    Removes escape sequences (CSI, OSC such as window titles and OSC 8 links, DCS, APC and the
    rest; 7-bit and 8-bit forms), C0 controls, DEL, C1 controls (U+0080–U+009F) and bidi
    embeddings, overrides and isolates. Tabs, line breaks and other separators become one space.
    Lone surrogates become U+FFFD. What reads as a server mark gets round brackets
    (``unmarked``). Never raises.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return unmarked(text)  # the common case: nothing to drop, no copy
    return unmarked("".join(_clean_char(char) for char in text))


class Style(enum.Enum):
    """What a piece of text is, so each terminal can colour it its own way."""

    NAME = enum.auto()
    SPEECH = enum.auto()
    POSE = enum.auto()
    OOC = enum.auto()
    SYSTEM = enum.auto()
    NOTICE = enum.auto()
    CHANNEL = enum.auto()
    EXIT = enum.auto()
    ROOM_NAME = enum.auto()
    ERROR = enum.auto()
    ALERT = enum.auto()
    """Red and bold: a safeword, an ended scene, a refusal that matters."""
    WARNING = enum.auto()
    """Yellow: a pause, a soft warning."""
    HIGHLIGHT = enum.auto()
    """Bold reverse video: your name in what someone else says (``@set me=highlight:yes``)."""


# style -> (16-colour SGR parameters, 256-colour SGR parameters, truecolor SGR parameters)
_PALETTE: dict[Style, tuple[str, str, str]] = {
    Style.NAME: ("1;36", "1;38;5;80", "1;38;2;95;215;215"),
    Style.SPEECH: ("37", "38;5;252", "38;2;220;220;220"),
    Style.POSE: ("35", "38;5;176", "38;2;215;135;215"),
    Style.OOC: ("90", "38;5;245", "38;2;138;138;138"),
    Style.SYSTEM: ("32", "38;5;114", "38;2;135;215;135"),
    Style.NOTICE: ("36", "38;5;117", "38;2;135;215;255"),
    Style.CHANNEL: ("34", "38;5;75", "38;2;95;175;255"),
    Style.EXIT: ("1;32", "1;38;5;77", "1;38;2;95;215;95"),
    Style.ROOM_NAME: ("1;33", "1;38;5;222", "1;38;2;255;215;135"),
    Style.ERROR: ("31", "38;5;203", "38;2;255;95;95"),
    Style.ALERT: ("1;31", "1;38;5;196", "1;38;2;255;0;0"),
    Style.WARNING: ("33", "38;5;220", "38;2;255;215;0"),
    # Reverse video works at every depth and over any colour the line already has.
    Style.HIGHLIGHT: ("1;7", "1;7", "1;7"),
}


def paint(text: str, style: Style, colours: int) -> str:
    """``text`` (already clean) in ``style``'s colour, followed by a reset.

    ``colours`` is the client's depth: 0 (no ANSI: ``text`` comes back unchanged), 16, 256 or
    16777216; other values use the deepest palette they can hold.
    """
    if colours < COLOURS_16 or not text:
        return text
    basic, indexed, direct = _PALETTE[style]
    if colours >= COLOURS_TRUE:
        parameters = direct
    elif colours >= COLOURS_256:
        parameters = indexed
    else:
        parameters = basic
    return f"\x1b[{parameters}m{text}\x1b[0m"


_WIDEST_CHARACTER = 2
"""East Asian wide and fullwidth characters take two cells (UAX #11); a line narrower than this
cannot hold every character."""


def _char_width(char: str) -> int:
    if char.isascii():
        return 1 if char.isprintable() else 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    if unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0  # combining marks, zero-width joiners and controls take no cell
    return 1


def visible_width(text: str) -> int:
    """How many terminal cells ``text`` takes (SGR and other escape sequences take none)."""
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_char_width(char) for char in text)


_TOKEN = re.compile(r"\x1b\[[0-9;:]*m|\s+|[^\s\x1b]+|\x1b")
"""Words, runs of spaces, and SGR codes (kept whole, never split across lines)."""


def _split_long(word: str, room: int, width: int) -> list[tuple[str, int]]:
    """Cut a word wider than a line into pieces: the first fits ``room``, the rest ``width``."""
    pieces: list[tuple[str, int]] = []
    current: list[str] = []
    used = 0
    limit = room
    for char in word:
        cells = _char_width(char)
        if used + cells > limit and used > 0:
            pieces.append(("".join(current), used))
            current, used, limit = [], 0, width
        current.append(char)
        used += cells
    if current:
        pieces.append(("".join(current), used))
    return pieces


def _wrap_line(line: str, width: int, indent: int) -> list[str]:
    prefix = " " * indent
    continuation_width = width - indent
    lines: list[str] = []
    current: list[str] = []
    used = 0
    limit = width
    pending_space = ""
    for token in _TOKEN.findall(line):
        if _SGR.fullmatch(token):
            current.append(token)
            continue
        if token.isspace():
            pending_space += token
            continue
        cells = visible_width(token)
        space_cells = visible_width(pending_space)
        if used + space_cells + cells <= limit:
            current.append(pending_space)
            current.append(token)
            used += space_cells + cells
            pending_space = ""
            continue
        pending_space = ""
        if used > 0:
            lines.append("".join(current))
            current, used, limit = [prefix], 0, continuation_width
        if cells <= limit:
            current.append(token)
            used = cells
            continue
        pieces = _split_long(token, limit, continuation_width)
        for piece, _cells in pieces[:-1]:
            current.append(piece)
            lines.append("".join(current))
            current, limit = [prefix], continuation_width
        current.append(pieces[-1][0])
        used = pieces[-1][1]
    if pending_space and used + visible_width(pending_space) <= limit:
        current.append(pending_space)  # trailing spaces kept only while they fit
    lines.append("".join(current))
    return lines


def wrap(text: str, width: int | None, indent: int = 0) -> list[str]:
    """Word-wrap ``text`` to ``width`` terminal cells; one string per screen line.

    Existing ``"\\n"`` are kept as breaks. Words wider than a line are cut. Continuation lines
    start with ``indent`` spaces (ignored when it leaves less than half the width, or less than a
    wide character needs). A ``width``
    of 0, less, or ``None`` means no wrapping: ``text`` split on ``"\\n"``. Spaces at a break
    are dropped; colour codes are kept in place and take no room.
    """
    lines = text.split("\n")
    if not width or width <= 0:
        return lines
    if indent < 0 or width - indent < max(_WIDEST_CHARACTER, (width + 1) // 2):
        indent = 0
    wrapped: list[str] = []
    for line in lines:
        if visible_width(line) <= width:
            wrapped.append(line)
        else:
            wrapped.extend(_wrap_line(line, width, indent))
    return wrapped


def safe(text: str) -> str:
    """Another user's text, cleaned of every escape sequence and control character, with its
    line breaks kept (a multi-line pose stays on its lines; ``clean`` alone joins them)."""
    if "\n" not in text:
        return clean(text)
    return "\n".join(clean(line.rstrip("\r")) for line in text.split("\n"))


def wrap_block(text: str, width: int) -> str:
    """``text`` wrapped to a window ``width`` cells wide, ending in a line break; an indented
    line (a list item) continues indented under its own text, so lists stay readable on a
    narrow window."""
    lines: list[str] = []
    for line in text.split("\n"):
        margin = len(line) - len(line.lstrip(" "))
        lines.extend(wrap(line, width, margin + 2 if margin else 0) or [""])
    return "\n".join(lines) + "\n"


COLUMN_GAP: Final = 2
"""Spaces between columns: one space runs columns together on a narrow window."""
MIN_WRAPPED_COLUMN: Final = 12
"""Below this many cells left for the last column, it is not wrapped (too narrow to read)."""


def columns(rows: list[list[str]], width: int, screen_reader: bool) -> str:
    """Rows as aligned columns (the last one wrapped to ``width`` under itself), or, for a
    screen reader, one plain sentence per row ("a, b, c."). Cells must already be safe."""
    if not rows:
        return ""
    if screen_reader:
        lines = []
        for row in rows:
            cells = [c.strip() for c in row if c.strip()]
            if cells:
                lines.append(", ".join(cells).rstrip(".") + ".")
        return "\n".join(lines)
    count = max(len(row) for row in rows)
    widths = [0] * count
    for row in rows:
        for index, cell in enumerate(row[:-1]):
            widths[index] = max(widths[index], visible_width(cell))
    out: list[str] = []
    for row in rows:
        parts = []
        used = 0
        for index, cell in enumerate(row[:-1]):
            pad = widths[index] - visible_width(cell)
            parts.append(cell + " " * (pad + COLUMN_GAP))
            used += widths[index] + COLUMN_GAP
        last = row[-1] if row else ""
        room = width - used
        if width > 0 and room >= MIN_WRAPPED_COLUMN and visible_width(last) > room:
            pieces = wrap(last, room)
            out.append(("".join(parts) + pieces[0]).rstrip())
            out.extend((" " * used + piece).rstrip() for piece in pieces[1:])
        else:
            out.append(("".join(parts) + last).rstrip())
    return "\n".join(out)
