"""``Told``: a reply as telnet shows it.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.wire.telnet.text import Style


@dataclass(frozen=True, slots=True)
class Told:
    """Text for the player (our own words, user text already cleaned), and how to paint it
    (None: plain)."""

    text: str
    style: Style | None = None
