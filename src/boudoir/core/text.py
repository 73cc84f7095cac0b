"""Checks shared by every piece of user text the core accepts: messages, topics, statuses,
room descriptions and profiles. Imports the standard library only."""

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
    return any(c not in allowed for c in _FORBIDDEN.findall(text))
