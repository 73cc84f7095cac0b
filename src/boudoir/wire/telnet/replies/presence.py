"""Telnet's words about who is online: ``WHO``, ``ws``, ``laston``.

Idle times and ``@doing`` are the telnet gateway's own (the time of a connection's last
command, a line kept on the connection): the gateway passes them in as ``Activity``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, assert_never

from boudoir.domain.entities import Status
from boudoir.domain.ids import CharacterId
from boudoir.domain.places import Seen
from boudoir.domain.replies.presence import (
    LastOnline,
    NeverSeen,
    NotOnline,
    OnlineList,
    PresenceReplies,
    RoomPresence,
    WhoisShown,
    WhowasShown,
)
from boudoir.wire.telnet.layout import Screen, columns
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean

STATUS_WORDS: Final[dict[Status, str]] = {
    Status.ONLINE: "online",
    Status.AWAY: "away",
    Status.BUSY: "busy",
    Status.LOOKING: "looking for roleplay",
}
_UNITS: Final = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))
NOBODY: Final = "Nobody you can see is online."


@dataclass(frozen=True, slots=True)
class Activity:
    """What telnet shows of a character's telnet connections in WHO: the least idle time in
    seconds (None: no telnet connection), and its ``@doing``."""

    idle: float | None
    doing: str = ""


def idle_text(seconds: float, screen_reader: bool = False) -> str:
    """WHO's idle column: ``42s``, ``5m``, ``3h``, ``2d`` (the largest unit, as TinyMUCK
    shows it); in words for a screen reader (``5 minutes``)."""
    seconds = max(0, int(seconds))
    for unit, size in _UNITS:
        if seconds >= size or size == 1:
            count = seconds // size
            if screen_reader:
                return f"{count} {unit}{'' if count == 1 else 's'}"
            return f"{count}{unit[0]}"
    raise AssertionError("unreachable")  # pragma: no cover


def ago_text(then: dt.datetime, now: dt.datetime) -> str:
    """``2025-03-01 14:05 UTC (3 days ago)``: the time, and how long ago in words."""
    stamp = then.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return f"{stamp} (just now)"
    return f"{stamp} ({idle_text(seconds, screen_reader=True)} ago)"


def status_text(status: Status | None, message: str = "") -> str:
    """``away: brb`` / ``busy`` / ``""`` for plain online."""
    if status is None or status is Status.ONLINE:
        return ""
    words = STATUS_WORDS[status]
    message = clean(message).strip()
    return f"{words}: {message}" if message else words


def away_text(name: str, status: Status, message: str = "") -> str:
    """``bob is away: out for lunch`` / ``bob is busy``: told to whoever pages someone away
    who may see their status (``Sent.away``)."""
    return f"{name} is {status_text(status, message)}"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def render(reply: PresenceReplies, screen: Screen) -> Told | None:
    match reply:
        case OnlineList():
            return Told(species(reply, screen))
        case LastOnline(name, seen, now):
            return Told(laston(name, seen, now))
        case RoomPresence() | WhoisShown() | NotOnline() | WhowasShown() | NeverSeen():
            # IRC's WHO #room, WHOIS and WHOWAS: telnet asks with WHO, ws and +finger.
            return None
        case _:
            assert_never(reply)


def who(reply: OnlineList, activity: Mapping[CharacterId, Activity], screen: Screen) -> str:
    """``WHO``: name, idle time and what each is doing (or their status)."""
    people = reply.people
    if not people:
        return NOBODY
    reader = screen.screen_reader
    rows: list[list[str]] = [] if reader else [["Name", "Idle", "Doing"]]
    for person in people:
        seen = activity.get(person.id, Activity(None))
        status = status_text(person.status, person.message)
        doing = clean(seen.doing)
        if reader:
            cells = [person.name]
            if seen.idle is not None:
                cells.append("idle " + idle_text(seen.idle, screen_reader=True))
            if status:
                cells.append(status)
            if doing:
                cells.append("doing: " + doing)
            rows.append(cells)
        else:
            shown = f"({status}) {doing}".strip() if status else doing
            idle = idle_text(seen.idle) if seen.idle is not None else "-"
            rows.append([person.name, idle, shown])
    count = plural(len(people), "person is", "people are")
    return f"{columns(rows, screen.width, reader)}\n{count} online."


def species(reply: OnlineList, screen: Screen) -> str:
    """``ws``: name, pronouns, status and short description."""
    if not reply.people:
        return NOBODY
    reader = screen.screen_reader
    rows: list[list[str]] = [] if reader else [["Name", "Pronouns", "Status", "Description"]]
    for person in reply.people:
        pronouns = clean(person.pronouns)
        short = clean(person.short_description)
        status = status_text(person.status, person.message)
        if reader:
            cells = [person.name]
            if pronouns:
                cells.append(pronouns)
            if status:
                cells.append(status)
            if short:
                cells.append(short)
            rows.append(cells)
        else:
            rows.append([person.name, pronouns or "-", status or "online", short])
    return columns(rows, screen.width, reader)


def laston(name: str, seen: dt.datetime | Seen, now: dt.datetime) -> str:
    shown = clean(name)
    if seen is Seen.ONLINE:
        return f"{shown} is online now."
    if seen is Seen.NEVER:
        return f"{shown} has not been seen online since this server started keeping track."
    if seen is Seen.HIDDEN:
        return f"{shown} does not share when they were last online with you."
    return f"{shown} was last online {ago_text(seen, now)}."
