"""Laying text out for a terminal: aligned columns, or plain sentences for a screen reader.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.wire.telnet.text import columns as columns


@dataclass(frozen=True, slots=True)
class Screen:
    """What a reply's layout depends on: the window's width in cells (0: unknown, no wrapping)
    and whether a screen reader reads it (plain sentences instead of columns)."""

    width: int
    screen_reader: bool = False
