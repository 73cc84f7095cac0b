"""Telnet's words for replies about logs kept by consent: ``log status``, ``log list``,
``log read`` and ``@sweep``. The lists are tables laid out with the gateway's ``table`` (as
in ``replies.scenes``); ``render`` uses plain rows.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final, assert_never

from boudoir.domain.dice import LOGGED_KIND
from boudoir.domain.events import LogStateChanged, MessageKind
from boudoir.domain.replies.logs import (
    Listeners,
    LogConsentChanged,
    LogLineDeleted,
    LogList,
    LogRead,
    LogReplies,
    LogState,
)
from boudoir.wire.telnet.replies.scenes import Table, plain_table
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean

LOG_LINES_SHOWN: Final = 200
"""Lines ``log read`` prints: a long log is read in the browser or downloaded, not scrolled
through a MU* client's buffer."""
GATEWAY_WORDS: Final = {"web": "browser", "irc": "IRC", "telnet": "telnet"}


def log_line(state: LogStateChanged | None) -> str:
    """A room's log consent in one line (``@sweep``, and ``log status`` where the event's own
    words are not shown)."""
    if state is None:
        return "No log is listening: logging is off."
    if state.on:
        agreed = ", ".join(state.agreed)
        return f"A LOG IS LISTENING: logging is ON (agreed: {agreed or 'everyone present'})."
    missing = ", ".join(state.missing) or f"{state.waiting} more"
    return f"No log is listening yet: logging is proposed, waiting for {missing}."


def listeners_text(reply: Listeners, table: Table, screen_reader: bool) -> str:
    """``@sweep``: who can hear the user here, on which gateways, and whether a log does."""
    rows: list[list[str]] = []
    for person in reply.people:
        via = sorted({GATEWAY_WORDS.get(g, g) for g in person.gateways})
        you = " (you)" if person.you else ""
        if screen_reader:
            rows.append([f"{person.name}{you}, on {' and '.join(via)}"])
        else:
            rows.append([person.name + you, ", ".join(via)])
    return "\n".join([f"Listening in {reply.room}:", table(rows), log_line(reply.logging)])


def log_list_text(reply: LogList, table: Table) -> str:
    if not reply.parts:
        return "There are no logs you may read."
    rows = [
        [
            part.id,
            part.room,
            part.started_at.strftime("%Y-%m-%d %H:%M"),
            "still open" if part.ended_at is None else "to " + part.ended_at.strftime("%H:%M"),
        ]
        for part in reply.parts
    ]
    return table(rows)


def _read(reply: LogRead) -> str:
    lines = reply.lines
    shown = lines[-LOG_LINES_SHOWN:]
    out = [f"Log {reply.part.id} of {reply.part.room}:"]
    if len(lines) > len(shown):
        out.append(f"(the last {len(shown)} of {len(lines)} lines; the browser shows them all)")
    for entry in shown:
        when = entry.at.strftime("%H:%M")
        text = clean(entry.text)
        if entry.kind == MessageKind.POSE.value:
            out.append(f"[{when}] {entry.sender} {text}")
        elif entry.kind == MessageKind.EMIT.value:
            out.append(f"[{when}] {text} [emit by {entry.sender}]")
        elif entry.kind == LOGGED_KIND:
            out.append(f"[{when}] [dice] {entry.sender} rolls {text}")
        else:
            out.append(f'[{when}] {entry.sender}: "{text}"')
    return "\n".join(out)


def render(
    reply: LogReplies, table: Table = plain_table, *, screen_reader: bool = False
) -> Told | None:
    match reply:
        case LogConsentChanged():
            return None  # everyone present, this user too, is told by the event
        case LogState(state):
            return Told(log_line(state))
        case Listeners():
            return Told(listeners_text(reply, table, screen_reader))
        case LogList():
            return Told(log_list_text(reply, table))
        case LogRead():
            return Told(_read(reply))
        case LogLineDeleted():
            return Told("The line is deleted from the log.")
        case _:
            assert_never(reply)
