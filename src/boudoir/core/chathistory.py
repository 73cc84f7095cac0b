"""Reading logs back by reference (``domain.history``): only the lines of the log segments
the asker was present and consenting for, and nothing anywhere else. Only rooms are ever
logged: a person as target, like a room the asker read no log of, gets an empty page.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt

from boudoir.core.commands.logs import logged_line
from boudoir.core.logs import LogService
from boudoir.core.ports import LogLine
from boudoir.core.world import World
from boudoir.domain.history import (
    HistoryPage,
    HistoryQuery,
    LineRef,
    TargetsQuery,
    UnknownReference,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key


async def _resolve(
    logs: LogService, account: AccountId, ref: LineRef
) -> tuple[dt.datetime | None, LogLine | None]:
    """A reference as a time (and the line a msgid names). A msgid the asker may not read is
    as unknown as one that never existed."""
    if ref.message_id is None:
        return ref.at, None
    line = await logs.find_line(account, ref.message_id)
    if line is None:
        raise UnknownReference
    return line.at, line


async def read_history(world: World, account: AccountId, query: HistoryQuery) -> HistoryPage:
    """The page ``query`` asks for; ``UnknownReference`` for a msgid the asker cannot read."""
    logs = world.logs
    if not query.target.startswith("#"):
        for ref in query.refs:
            await _resolve(logs, account, ref)
        return HistoryPage(None, ())
    lines = await _select(logs, account, query)
    room = _spelling(world, query.target) if lines else None
    return HistoryPage(room, tuple(logged_line(line) for line in lines))


async def _select(logs: LogService, account: AccountId, query: HistoryQuery) -> list[LogLine]:
    history, target, limit = logs.history, query.target, query.limit
    at, line = await _resolve(logs, account, query.refs[0])
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
    other, _ = await _resolve(logs, account, query.refs[1])
    assert at is not None
    assert other is not None
    if at <= other:
        return await history(account, target, after=at, before=other, limit=limit)
    return await history(account, target, after=other, before=at, limit=limit, newest=True)


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
