"""An account's logs for its export: each segment it may read, with the lines it may read.

Imports ``boudoir.core.ports`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.ports import LogLine, Store
from boudoir.domain import consent
from boudoir.domain.ids import AccountId


async def export_logs(store: Store, account_id: AccountId) -> list[dict[str, object]]:
    """The logs an account may read, for its export: each segment with its lines."""
    blocked = await store.relations.blocked_either_way(account_id)
    exported: list[dict[str, object]] = []
    for segment in await store.logs.segments_for(account_id):
        lines = await store.logs.lines(account_id, segment_id=segment.id, limit=1_000_000)
        exported.append(
            {
                "id": segment.id,
                "room": segment.room_name,
                "started_at": segment.started_at.isoformat(),
                "ended_at": None if segment.ended_at is None else segment.ended_at.isoformat(),
                "lines": [
                    line_json(line)
                    for line in lines
                    if consent.read_log_line(
                        account_id, segment.readers, blocked=line.sender_account in blocked
                    )
                ],
            }
        )
    return exported


def line_json(line: LogLine) -> dict[str, object]:
    return {
        "id": line.message_id,
        "at": line.at.isoformat(),
        "from": line.sender_name,
        "kind": line.kind,
        "text": line.text,
    }
