"""Logs kept by consent, in memory: ``MemoryStore.logs``, run through the same contract suite
as ``storage.logs.SqlLogRepository``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence

from boudoir.core.ports import LogLine, LogSegment
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key


class MemoryLogs:
    def __init__(self, accounts: Collection[AccountId]) -> None:
        self._accounts = accounts
        """The store's accounts (a live view): lines and readers must refer to one."""
        self.segments: dict[str, LogSegment] = {}
        self.rows: dict[str, LogLine] = {}

    async def write(self, segments: Sequence[LogSegment], lines: Sequence[LogLine]) -> None:
        written = self.segments.keys() | {segment.id for segment in segments}
        if any(line.segment_id not in written for line in lines):
            raise ValueError("a line of an unknown segment")  # a foreign key, as in SQL
        for segment in segments:
            known = self.segments.get(segment.id)
            if known is not None:
                if segment.ended_at is not None:  # an end is never undone
                    self.segments[segment.id] = dataclasses.replace(
                        known, ended_at=segment.ended_at
                    )
            else:
                readers = frozenset(a for a in segment.readers if a in self._accounts)
                self.segments[segment.id] = dataclasses.replace(segment, readers=readers)
        for line in lines:
            if line.sender_account in self._accounts:
                self.rows[line.message_id] = line
        self._drop_unread()

    async def segments_for(self, reader: AccountId) -> list[LogSegment]:
        mine = [s for s in self.segments.values() if reader in s.readers]
        return sorted(mine, key=lambda s: (s.started_at, s.id))

    async def segment(self, segment_id: str) -> LogSegment | None:
        return self.segments.get(segment_id)

    async def line(self, message_id: str) -> LogLine | None:
        return self.rows.get(message_id)

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
        found = []
        for line in self.rows.values():
            segment = self.segments[line.segment_id]
            if reader not in segment.readers:
                continue
            if segment_id is not None and line.segment_id != segment_id:
                continue
            if room_name is not None and name_key(segment.room_name) != name_key(room_name):
                continue
            if (after is not None and line.at <= after) or (
                before is not None and line.at >= before
            ):
                continue
            found.append(line)
        found.sort(key=lambda line: (line.at, line.message_id))
        limit = max(limit, 0)
        return found[-limit:] if newest and limit else found[:limit]

    async def delete_line(self, message_id: str, sender: AccountId) -> bool:
        line = self.rows.get(message_id)
        if line is None or line.sender_account != sender:
            return False
        del self.rows[message_id]
        return True

    async def replace_text(self, message_id: str, sender: AccountId, text: str) -> bool:
        line = self.rows.get(message_id)
        if line is None or line.sender_account != sender:
            return False
        self.rows[message_id] = dataclasses.replace(line, text=text)
        return True

    def forget_account(self, account_id: AccountId) -> None:
        """The cascade of erasing an account."""
        self.rows = {i: line for i, line in self.rows.items() if line.sender_account != account_id}
        for segment in list(self.segments.values()):
            if account_id in segment.readers:
                self.segments[segment.id] = dataclasses.replace(
                    segment, readers=segment.readers - {account_id}
                )
        self._drop_unread()

    def _drop_unread(self) -> None:
        for segment in [s for s in self.segments.values() if not s.readers]:
            del self.segments[segment.id]
        self.rows = {i: line for i, line in self.rows.items() if line.segment_id in self.segments}
