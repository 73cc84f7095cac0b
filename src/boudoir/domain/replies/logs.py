"""Replies about logs kept by consent.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.events import LogStateChanged


class LogReply:
    """Base of the replies about logs."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class LogPart:
    """One stretch of a room's log one may read (the same people present, all consenting):
    ``ended_at`` None while it is still written; ``readers`` counts who may read it."""

    id: str
    room: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    readers: int


@dataclass(frozen=True, slots=True)
class LoggedLine:
    """One line of a log, as its reader sees it (``kind``: a ``MessageKind`` value)."""

    id: str
    at: dt.datetime
    sender: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Listener:
    """Someone who can hear one in a room: the gateways they are on (``web``, ``irc``,
    ``telnet``), and whether it is oneself."""

    name: str
    gateways: frozenset[str]
    you: bool


@dataclass(frozen=True, slots=True)
class LogConsentChanged(LogReply):
    """One's yes or no is counted; everyone present is told (``state`` as one sees it)."""

    state: LogStateChanged


@dataclass(frozen=True, slots=True)
class LogState(LogReply):
    """A room's log consent as one sees it; None when nothing is proposed (logging off)."""

    state: LogStateChanged | None


@dataclass(frozen=True, slots=True)
class Listeners(LogReply):
    """Who can hear one in ``room``, and the room's log consent."""

    room: str
    people: tuple[Listener, ...]
    logging: LogStateChanged | None


@dataclass(frozen=True, slots=True)
class LogList(LogReply):
    """The parts of logs one may read, oldest first."""

    parts: tuple[LogPart, ...]


@dataclass(frozen=True, slots=True)
class LogRead(LogReply):
    """One part of a log and the lines one may read of it, oldest first."""

    part: LogPart
    lines: tuple[LoggedLine, ...]


@dataclass(frozen=True, slots=True)
class LogLineDeleted(LogReply):
    """The line is gone from the log."""


LogReplies = LogConsentChanged | LogState | Listeners | LogList | LogRead | LogLineDeleted
