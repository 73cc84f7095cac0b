"""Handlers of the intents about logs kept by consent: each a call into ``world.logs``, and
the reply as the one who asked may see it (the people who can hear them in a room, the log
state as told to them, the logs they may read).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.ports import LogLine, LogSegment
from boudoir.domain.intents.logs import (
    AgreeToLog,
    DeleteLogLine,
    ListListeners,
    ListLogs,
    LogIntents,
    ProposeLog,
    ReadLog,
    ShowLogState,
    WithdrawFromLog,
)
from boudoir.domain.replies.logs import (
    Listener,
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


async def run(context: Context, intent: LogIntents) -> LogReplies:
    world = context.world
    logs = world.logs
    match intent:
        case ProposeLog(room):
            # Everyone present, the one asking too, is told through ``LogStateChanged``.
            return LogConsentChanged(logs.propose(context.conn, room))
        case AgreeToLog(room):
            return LogConsentChanged(logs.agree(context.conn, room))
        case WithdrawFromLog(room):
            return LogConsentChanged(logs.withdraw(context.conn, room))
        case ShowLogState(room):
            conn = context.conn
            return LogState(logs.state(conn, world.rooms.live(conn, room)))
        case ListListeners(room):
            conn = context.conn
            live = world.rooms.live(conn, room)
            people = tuple(
                Listener(
                    member.character.name,
                    frozenset(c.session.gateway for c in live.members.get(member.character.id, ())),
                    member.character.id == conn.character.id,
                )
                for member in world.rooms.members(conn, room, live)
            )
            return Listeners(live.room.name, people, logs.state(conn, live))
        case ListLogs():
            segments = await logs.segments(context.account_id)
            return LogList(tuple(log_part(s) for s in segments))
        case ReadLog(part):
            segment = await logs.segment(context.account_id, part)
            lines = await logs.lines(context.account_id, segment.id)
            return LogRead(log_part(segment), tuple(logged_line(line) for line in lines))
        case DeleteLogLine(message):
            await logs.delete_line(context.account_id, message)
            return LogLineDeleted()
        case _:
            assert_never(intent)


def log_part(segment: LogSegment) -> LogPart:
    return LogPart(
        segment.id, segment.room_name, segment.started_at, segment.ended_at, len(segment.readers)
    )


def logged_line(line: LogLine) -> LoggedLine:
    return LoggedLine(line.message_id, line.at, line.sender_name, line.kind, line.text)
