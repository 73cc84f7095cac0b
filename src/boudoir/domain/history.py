"""Reading back logged lines by reference (IRCv3 ``CHATHISTORY``): the query a client makes
and the page it gets. Value objects only; the core reads the logs (``core.chathistory``).

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from boudoir.domain.errors import InvalidInput
from boudoir.domain.replies.logs import LoggedLine

Direction = Literal["LATEST", "BEFORE", "AFTER", "AROUND", "BETWEEN"]


class UnknownReference(InvalidInput):
    """A reference that names no line the asker may read (or no time at all)."""

    code = "unknown_reference"
    default_message = "Unknown message reference"


@dataclass(frozen=True, slots=True)
class LineRef:
    """A point in a log: a time, or a line's message id; neither is ``*`` (no bound)."""

    at: dt.datetime | None = None
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """Lines of ``target`` around ``refs`` (two for BETWEEN), at most ``limit`` of them."""

    direction: Direction
    target: str
    refs: tuple[LineRef, ...]
    limit: int


@dataclass(frozen=True, slots=True)
class TargetsQuery:
    """The rooms with lines one may read between two points, at most ``limit`` of them."""

    first: LineRef
    second: LineRef
    limit: int


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """The lines a ``HistoryQuery`` found, oldest first, and the room's name as spelt (None
    when there are none)."""

    room: str | None
    lines: tuple[LoggedLine, ...]
