"""Text from clients made safe to write into a log line.

Imports nothing but the standard library.
"""

from __future__ import annotations


def log_safe(text: str) -> str:
    """``text`` with each character that is not printable (line breaks, ESC and other controls,
    bidirectional overrides) written as its Python escape (``\\n``, ``\\x1b``, ``\\u202e``): a
    client cannot forge a log line or send escape sequences to an operator's terminal."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )
