"""Reading logs back (``LogService``'s reading half): the segments and lines an account may
read, its history of a room (IRC ``CHATHISTORY``), and deleting one's own logged line. Every
line passes ``consent.read_log_line``: a reader of the segment, and not across a block.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from boudoir.core.ports import LogLine, LogSegment, Store
from boudoir.core.registry import Registry
from boudoir.core.rooms import refused
from boudoir.domain import consent
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId

HISTORY_LIMIT: Final = 100
"""Most lines one history request returns (IRC ``CHATHISTORY=100``)."""
NO_LOG: Final = "There is no such log."
NO_LINE: Final = "There is no such logged line."


class LogReading:
    """What ``LogService`` reads back from the store; it writes first what it buffers."""

    _store: Store
    _registry: Registry

    async def flush(self) -> None:
        """Write what is buffered (``LogService.flush``)."""
        raise NotImplementedError

    async def _blocked(self, account_id: AccountId) -> set[AccountId]:
        if account_id in self._registry.by_account:
            return self._registry.blocked.get(account_id, set())
        return await self._store.relations.blocked_either_way(account_id)

    async def segments(self, account_id: AccountId) -> list[LogSegment]:
        """The parts of logs this account may read, oldest first."""
        await self.flush()
        return await self._store.logs.segments_for(account_id)

    async def segment(self, account_id: AccountId, segment_id: str) -> LogSegment:
        await self.flush()
        segment = await self._store.logs.segment(segment_id)
        if segment is None or account_id not in segment.readers:
            raise NotFound(NO_LOG)
        return segment

    async def lines(self, account_id: AccountId, segment_id: str) -> list[LogLine]:
        """The lines of one segment, for one of its readers; ``NotFound`` for anyone else."""
        segment = await self.segment(account_id, segment_id)
        lines = await self._store.logs.lines(account_id, segment_id=segment.id, limit=1_000_000)
        return await self._readable(account_id, segment.readers, lines)

    async def _readable(
        self, account_id: AccountId, readers: frozenset[AccountId] | None, lines: list[LogLine]
    ) -> list[LogLine]:
        blocked = await self._blocked(account_id)
        return [
            line
            for line in lines
            if consent.read_log_line(
                account_id,
                readers if readers is not None else frozenset({account_id}),
                blocked=line.sender_account in blocked,
            )
        ]

    async def history(
        self,
        account_id: AccountId,
        room: str,
        *,
        after: dt.datetime | None = None,
        before: dt.datetime | None = None,
        limit: int = HISTORY_LIMIT,
        newest: bool = False,
    ) -> list[LogLine]:
        """What this account may read of a room's logs, strictly between ``after`` and
        ``before``, oldest first (the last ``limit`` lines when ``newest``). Nothing at all
        for a room it never read a log of: that is not an error."""
        await self.flush()
        lines = await self._store.logs.lines(
            account_id,
            room_name=room.removeprefix("#"),
            after=after,
            before=before,
            limit=min(limit, HISTORY_LIMIT),
            newest=newest,
        )
        # The store returned only segments the account reads; ``None`` skips that check.
        return await self._readable(account_id, None, lines)

    async def find_line(self, account_id: AccountId, message_id: str) -> LogLine | None:
        """A logged line this account may read, by message id (IRC ``msgid=``)."""
        await self.flush()
        line = await self._store.logs.line(message_id)
        if line is None:
            return None
        segment = await self._store.logs.segment(line.segment_id)
        if segment is None or account_id not in segment.readers:
            return None
        readable = await self._readable(account_id, segment.readers, [line])
        return readable[0] if readable else None

    async def delete_line(self, account_id: AccountId, message_id: str) -> None:
        """Delete one of one's own logged lines."""
        line = await self.find_line(account_id, message_id)
        if line is None:
            raise NotFound(NO_LINE)
        decision = consent.delete_log_line(account_id, line.sender_account)
        if not decision:
            raise refused(decision)
        await self._store.logs.delete_line(message_id, account_id)
