"""The browser protocol's shapes for replies about logs: the ``logging`` of the consent
commands' ``ok`` (docs/websocket.md, "Logging") and the HTTP logs endpoints' bodies
(docs/http-api.md, "Logs"), with the plain-text download of one part.

Imports the standard library and ``boudoir.domain`` only (and this wire's ``render``).
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.dice import LOGGED_KIND
from boudoir.domain.events import LogStateChanged
from boudoir.domain.replies.logs import (
    Listeners,
    LogConsentChanged,
    LoggedLine,
    LogLineDeleted,
    LogList,
    LogPart,
    LogRead,
    LogReplies,
    LogState,
)
from boudoir.wire.webjson.render import log_state_object


def logging_state(state: LogStateChanged | None) -> dict[str, object]:
    """A room's log consent as the ``logging`` field shows it (the ``log_state`` event's
    shape without its room)."""
    shape = log_state_object(state)
    shape.pop("room", None)
    return shape


def part_object(part: LogPart) -> dict[str, object]:
    return {
        "id": part.id,
        "room": part.room,
        "started_at": part.started_at.isoformat(),
        "ended_at": None if part.ended_at is None else part.ended_at.isoformat(),
        "readers": part.readers,
    }


def line_object(line: LoggedLine) -> dict[str, object]:
    return {
        "id": line.id,
        "at": line.at.isoformat(),
        "from": line.sender,
        "kind": line.kind,
        "text": line.text,
    }


def text_line(line: LoggedLine) -> str:
    """One line of the plain-text download, as a person reads a chat log."""
    when = line.at.strftime("%Y-%m-%d %H:%M:%S")
    if line.kind == "pose":
        return f"[{when}] * {line.sender} {line.text}"
    if line.kind == "ooc":
        return f"[{when}] <{line.sender}> (({line.text}))"
    if line.kind == "emit":
        return f"[{when}] {line.text} (emit by {line.sender})"
    if line.kind == "notice":
        return f"[{when}] -{line.sender}- {line.text}"
    if line.kind == LOGGED_KIND:
        return f"[{when}] [dice] {line.sender} rolls {line.text}"
    return f"[{when}] <{line.sender}> {line.text}"


def log_text(reply: LogRead) -> str:
    """One part of a log as the plain-text download."""
    header = f"# {reply.part.room}, from {reply.part.started_at.isoformat()}\n"
    return header + "".join(text_line(line) + "\n" for line in reply.lines)


def fields(reply: LogReplies) -> dict[str, object] | None:
    match reply:
        case LogConsentChanged(state) | LogState(state):
            return {"logging": logging_state(state)}
        case Listeners(room, people, logging):
            return {
                "room": room,
                "people": [
                    {"name": p.name, "gateways": sorted(p.gateways), "you": p.you} for p in people
                ],
                "logging": logging_state(logging),
            }
        case LogList(parts):
            return {"logs": [part_object(part) for part in parts]}
        case LogRead(part, lines):
            return {**part_object(part), "lines": [line_object(line) for line in lines]}
        case LogLineDeleted():
            return None
        case _:
            assert_never(reply)
