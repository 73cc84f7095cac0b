"""Reading logs back by reference (``domain.history``): only the lines of the log segments
the asker was present and consenting for, merged (without duplicates: a line has one id in
both) with the room's replay buffer in memory (``core.replay``: only what reached the asker),
and nothing anywhere else. A person as target, like a room the asker has neither, gets an
empty page.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from boudoir.core.commands.logs import logged_line
from boudoir.core.logs import LogService
from boudoir.core.ports import LogLine
from boudoir.core.world import World
from boudoir.domain.dice import LOGGED_KIND
from boudoir.domain.events import DiceRolled
from boudoir.domain.history import (
    HistoryPage,
    HistoryQuery,
    LineRef,
    TargetsQuery,
    UnknownReference,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key
from boudoir.domain.replies.logs import LoggedLine


async def _resolve(
    logs: LogService, account: AccountId, ref: LineRef, replayed: Sequence[LoggedLine] = ()
) -> tuple[dt.datetime | None, LogLine | None]:
    """A reference as a time (and the line a msgid names, when logged). A msgid the asker may
    not read is as unknown as one that never existed."""
    if ref.message_id is None:
        return ref.at, None
    line = await logs.find_line(account, ref.message_id)
    if line is not None:
        return line.at, line
    kept = next((line for line in replayed if line.id == ref.message_id), None)
    if kept is None:
        raise UnknownReference
    return kept.at, None


async def read_history(world: World, account: AccountId, query: HistoryQuery) -> HistoryPage:
    """The page ``query`` asks for; ``UnknownReference`` for a msgid the asker cannot read."""
    logs = world.logs
    if not query.target.startswith("#"):
        for ref in query.refs:
            await _resolve(logs, account, ref)
        return HistoryPage(None, ())
    connections = world.registry.by_account.get(account)
    if connections:
        await world.replay_ready(next(iter(connections)))
    replayed = _replayed(world, account, query.target)
    points = [await _resolve(logs, account, ref, replayed) for ref in query.refs]
    logged = [logged_line(line) for line in await _select(logs, account, query, points)]
    pool = {line.id: line for line in replayed} | {line.id: line for line in logged}
    merged = sorted(pool.values(), key=lambda line: (line.at, line.id))
    at = points[0][0]
    other = points[1][0] if len(points) > 1 else None
    lines = _window(merged, query, at, other)
    room = _spelling(world, query.target) if lines else None
    return HistoryPage(room, tuple(lines))


def _replayed(world: World, account: AccountId, target: str) -> list[LoggedLine]:
    """The lines of room ``target`` the asker may see again from the replay buffer (whispers
    stay out: a room's history has no private lines)."""
    room = world.replay.room_named(target)
    if room is None:
        return []
    return [
        LoggedLine(str(event.id), event.at, event.roller.name, LOGGED_KIND, event.summary())
        if isinstance(event, DiceRolled)
        else LoggedLine(str(event.id), event.at, event.sender.name, event.kind.value, event.text)
        for event in world.replay.room_lines(account, room)
        if isinstance(event, DiceRolled) or event.recipient is None
    ]


async def _select(
    logs: LogService,
    account: AccountId,
    query: HistoryQuery,
    points: list[tuple[dt.datetime | None, LogLine | None]],
) -> list[LogLine]:
    history, target, limit = logs.history, query.target, query.limit
    at, line = points[0]
    match query.direction:
        case "LATEST":
            return await history(account, target, after=at, limit=limit, newest=True)
        case "BEFORE":
            return await history(account, target, before=at, limit=limit, newest=True)
        case "AFTER":
            return await history(account, target, after=at, limit=limit)
        case "AROUND":
            before = await history(account, target, before=at, limit=limit // 2, newest=True)
            middle = [line] if line is not None else []
            rest = limit - len(before) - len(middle)
            later = await history(account, target, after=at, limit=rest) if rest > 0 else []
            return [*before, *middle, *later]
    # BETWEEN: the order of the references sets the direction (IRCv3 chathistory, "BETWEEN").
    other = points[1][0]
    assert at is not None
    assert other is not None
    if at <= other:
        return await history(account, target, after=at, before=other, limit=limit)
    return await history(account, target, after=other, before=at, limit=limit, newest=True)


def _window(
    lines: list[LoggedLine], query: HistoryQuery, at: dt.datetime | None, other: dt.datetime | None
) -> list[LoggedLine]:
    """The lines of ``lines`` (oldest first, from the log and the replay) that ``query`` asks
    for: the same choice as ``_select`` makes in the log alone."""
    limit = query.limit
    after = [line for line in lines if at is None or line.at > at]
    before = [line for line in lines if at is not None and line.at < at]
    match query.direction:
        case "LATEST":
            return after[-limit:] if limit else []
        case "BEFORE":
            return before[-limit:] if limit else []
        case "AFTER":
            return after[:limit]
        case "AROUND":
            earlier = before[-(limit // 2) :] if limit // 2 else []
            ref = query.refs[0].message_id
            middle = [line for line in lines if ref is not None and line.id == ref]
            rest = limit - len(earlier) - len(middle)
            return [*earlier, *middle, *(after[:rest] if rest > 0 else [])]
    assert at is not None
    assert other is not None
    low, high = min(at, other), max(at, other)
    inside = [line for line in lines if low < line.at < high]
    return inside[:limit] if at <= other else inside[-limit:]


def _spelling(world: World, target: str) -> str:
    """The room's name as it is spelt (``Den`` for ``#den``) when it is live here."""
    key = name_key(target.removeprefix("#"))
    for live in world.registry.rooms.values():
        if name_key(live.room.name) == key:
            return live.room.name
    return target.removeprefix("#")


async def read_targets(
    world: World, account: AccountId, query: TargetsQuery
) -> list[tuple[str, dt.datetime]]:
    """The rooms with lines this account may read between two points, each with the time of
    its latest such line, oldest first."""
    logs = world.logs
    first, _ = await _resolve(logs, account, query.first)
    second, _ = await _resolve(logs, account, query.second)
    assert first is not None
    assert second is not None
    low, high = min(first, second), max(first, second)
    latest: dict[str, dt.datetime] = {}
    for segment in await logs.segments(account):
        lines = await logs.history(
            account, segment.room_name, after=low, before=high, limit=1, newest=True
        )
        if lines:
            room = segment.room_name
            latest[room] = max(latest.get(room, lines[-1].at), lines[-1].at)
    return sorted(latest.items(), key=lambda item: item[1])[: query.limit]
