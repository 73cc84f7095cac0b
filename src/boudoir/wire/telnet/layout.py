"""Laying text out for a terminal: aligned columns, or plain sentences for a screen reader.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from boudoir.wire.telnet.text import visible_width, wrap

COLUMN_GAP: Final = 2
"""Spaces between columns: one space runs columns together on a narrow window."""
MIN_WRAPPED_COLUMN: Final = 12
"""Below this many cells left for the last column, it is not wrapped (too narrow to read)."""


@dataclass(frozen=True, slots=True)
class Screen:
    """What a reply's layout depends on: the window's width in cells (0: unknown, no wrapping)
    and whether a screen reader reads it (plain sentences instead of columns)."""

    width: int
    screen_reader: bool = False


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
