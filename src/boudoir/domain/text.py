"""Checks shared by every piece of user text: messages, topics, statuses, room descriptions and
profiles (the core refuses what fails them), and the bidi balancing a wire applies to text it
cuts into lines. Imports the standard library only."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode general categories Cc (C0, DEL and C1) and Cs (surrogates).

C1 matters as much as C0: U+009B is CSI to a terminal that honours 8-bit controls, so a telnet
user could be sent escape sequences. A lone surrogate cannot be encoded as UTF-8 at all: one
arriving through JSON (``"\\ud800"`` is valid JSON) would fail every other gateway's encoder."""


def has_control_characters(text: str, allowed: str = "") -> bool:
    """True if ``text`` holds a control character (other than those in ``allowed``, such as
    ``"\\t\\n"``) or a surrogate code point."""
    if _FORBIDDEN.search(text) is None:
        return False  # nearly every text: one scan, nothing built
    return any(c not in allowed for c in _FORBIDDEN.findall(text))


PDF = "\u202c"
"""POP DIRECTIONAL FORMATTING: closes an embedding or override (UAX #9, X6a)."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: closes an isolate, and any embedding opened inside it (X6a)."""
_OPENERS = {
    "\u202a": PDF,  # LRE
    "\u202b": PDF,  # RLE
    "\u202d": PDF,  # LRO
    "\u202e": PDF,  # RLO
    "\u2066": PDI,  # LRI
    "\u2067": PDI,  # RLI
    "\u2068": PDI,  # FSI
}
_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PARAGRAPH_ENDS = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")
"""Paragraph separators (bidi class B): every explicit level ends at one (UAX #9, X8)."""


def bidi_openers(text: str) -> int:
    """How many explicit bidi controls in ``text`` open something (each may need a closer when
    the text is cut in pieces: ``balance_bidi`` then adds one, three bytes of UTF-8)."""
    return sum(map(text.count, _OPENERS)) if _EXPLICIT.search(text) else 0


def balance_bidi(text: str) -> str:
    """``text`` with its explicit bidi controls balanced: a closer with nothing to close is
    dropped, and whatever is left open is closed at the end of each line and of the text.

    An override or embedding left open reorders what a client shows after the text: the next
    words on the line, another person's name ("Trojan Source", CVE-2021-42574). Balanced, the
    controls act only inside the text their writer wrote, where Arabic or Hebrew writers need
    them, so they are kept rather than stripped. The implicit marks (U+200E, U+200F, U+061C)
    are kept too: each acts as one strong letter of its direction, no more than typing one."""
    if _EXPLICIT.search(text) is None:
        return text
    kept: list[str] = []
    open_: list[str] = []  # the closer each open control needs, innermost last
    for char in text:
        closer = _OPENERS.get(char)
        if closer is not None:
            open_.append(closer)
        elif char == PDF:
            if not open_ or open_[-1] != PDF:
                continue  # nothing to close inside the current isolate (X7)
            open_.pop()
        elif char == PDI:
            if PDI not in open_:
                continue  # no isolate open (X6a)
            while open_[-1] != PDI:
                kept.append(open_.pop())  # embeddings opened inside the isolate end with it
            open_.pop()
        elif char in _PARAGRAPH_ENDS and open_:
            kept.extend(reversed(open_))
            open_.clear()
        kept.append(char)
    kept.extend(reversed(open_))
    return "".join(kept)
