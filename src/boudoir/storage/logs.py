"""Logs kept by consent, in SQL. Imports SQLAlchemy, ``boudoir.core.ports``, ``boudoir.domain``
and ``boudoir.storage``.

The only message text the store holds: lines of rooms whose members all agreed to a log,
readable by the accounts present and consenting for that stretch (``log_readers``). Erasing an
account cascades to its lines and its reader rows; ``delete_unread_segments`` then removes the
segments nobody may read any more, with their lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.core.ports import LogLine, LogSegment
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.statements import chunked, insert_ignore, missing_accounts
from boudoir.storage.tables import log_lines, log_readers, log_segments


def _line(row: sa.Row[Any]) -> LogLine:
    return LogLine(
        message_id=row.message_id,
        segment_id=row.segment_id,
        at=row.at,
        sender_account=AccountId(row.sender_account_id),
        sender_name=row.sender_name,
        kind=row.kind,
        text=row.text,
    )


async def delete_unread_segments(connection: AsyncConnection) -> None:
    """Delete every segment without a reader left (after an erasure), and its lines."""
    unread = ~sa.exists().where(log_readers.c.segment_id == log_segments.c.id)
    await connection.execute(log_segments.delete().where(unread))


class SqlLogRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def write(self, segments: Sequence[LogSegment], lines: Sequence[LogLine]) -> None:
        wanted = {a for s in segments for a in s.readers} | {line.sender_account for line in lines}
        async with write_transaction(self._engine) as connection:
            gone = await missing_accounts(connection, wanted)
            ids = [s.id for s in segments]
            known: set[str] = set()
            for chunk in chunked(ids):
                result = await connection.execute(
                    sa.select(log_segments.c.id).where(log_segments.c.id.in_(chunk))
                )
                known.update(result.scalars())
            for segment in segments:
                # Several nodes may write one segment (each writes the lines said on it): the
                # first insert stays, and an end, once written, is never undone.
                if segment.id in known:
                    if segment.ended_at is not None:
                        await connection.execute(
                            log_segments.update()
                            .where(log_segments.c.id == segment.id)
                            .values(ended_at=segment.ended_at)
                        )
                    continue
                await connection.execute(
                    insert_ignore(connection, log_segments),
                    {
                        "id": segment.id,
                        "room_name": segment.room_name,
                        "room_key": name_key(segment.room_name),
                        "started_at": segment.started_at,
                        "ended_at": segment.ended_at,
                    },
                )
                readers = [
                    {"segment_id": segment.id, "account_id": a}
                    for a in sorted(segment.readers)
                    if a not in gone
                ]
                if readers:
                    await connection.execute(insert_ignore(connection, log_readers), readers)
            rows = [
                {
                    "message_id": line.message_id,
                    "segment_id": line.segment_id,
                    "at": line.at,
                    "sender_account_id": line.sender_account,
                    "sender_name": line.sender_name,
                    "kind": line.kind,
                    "text": line.text,
                }
                for line in lines
                if line.sender_account not in gone
            ]
            if rows:
                await connection.execute(log_lines.insert(), rows)
            if gone:
                # Someone erased meanwhile may have been a segment's last reader.
                await delete_unread_segments(connection)

    async def _readers(
        self, connection: AsyncConnection, segment_ids: Sequence[str]
    ) -> dict[str, set[AccountId]]:
        readers: dict[str, set[AccountId]] = {i: set() for i in segment_ids}
        for chunk in chunked(list(segment_ids)):
            result = await connection.execute(
                sa.select(log_readers.c.segment_id, log_readers.c.account_id).where(
                    log_readers.c.segment_id.in_(chunk)
                )
            )
            for segment_id, account_id in result:
                readers[segment_id].add(AccountId(account_id))
        return readers

    async def _segments(
        self, connection: AsyncConnection, query: sa.Select[Any]
    ) -> list[LogSegment]:
        rows = (await connection.execute(query)).all()
        readers = await self._readers(connection, [row.id for row in rows])
        return [
            LogSegment(
                row.id, row.room_name, row.started_at, row.ended_at, frozenset(readers[row.id])
            )
            for row in rows
        ]

    async def segments_for(self, reader: AccountId) -> list[LogSegment]:
        query = (
            sa.select(log_segments)
            .join(log_readers, log_readers.c.segment_id == log_segments.c.id)
            .where(log_readers.c.account_id == reader)
            .order_by(log_segments.c.started_at, log_segments.c.id)
        )
        async with read_transaction(self._engine) as connection:
            return await self._segments(connection, query)

    async def segment(self, segment_id: str) -> LogSegment | None:
        query = sa.select(log_segments).where(log_segments.c.id == segment_id)
        async with read_transaction(self._engine) as connection:
            found = await self._segments(connection, query)
        return found[0] if found else None

    async def line(self, message_id: str) -> LogLine | None:
        query = sa.select(log_lines).where(log_lines.c.message_id == message_id)
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _line(row)

    async def lines(
        self,
        reader: AccountId,
        *,
        segment_id: str | None = None,
        room_name: str | None = None,
        after: dt.datetime | None = None,
        before: dt.datetime | None = None,
        limit: int = 1000,
        newest: bool = False,
    ) -> list[LogLine]:
        query = (
            sa.select(log_lines)
            .join(log_readers, log_readers.c.segment_id == log_lines.c.segment_id)
            .where(log_readers.c.account_id == reader)
        )
        if segment_id is not None:
            query = query.where(log_lines.c.segment_id == segment_id)
        if room_name is not None:
            query = query.join(log_segments, log_segments.c.id == log_lines.c.segment_id).where(
                log_segments.c.room_key == name_key(room_name)
            )
        if after is not None:
            query = query.where(log_lines.c.at > after)
        if before is not None:
            query = query.where(log_lines.c.at < before)
        if newest:
            query = query.order_by(log_lines.c.at.desc(), log_lines.c.message_id.desc())
        else:
            query = query.order_by(log_lines.c.at, log_lines.c.message_id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query.limit(max(limit, 0)))).all()
        found = [_line(row) for row in rows]
        if newest:
            found.reverse()
        return found

    async def delete_line(self, message_id: str, sender: AccountId) -> bool:
        statement = log_lines.delete().where(
            log_lines.c.message_id == message_id, log_lines.c.sender_account_id == sender
        )
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount)

    async def replace_text(self, message_id: str, sender: AccountId, text: str) -> bool:
        statement = (
            log_lines.update()
            .where(log_lines.c.message_id == message_id, log_lines.c.sender_account_id == sender)
            .values(text=text)
        )
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount)
