"""The in-memory ``ModerationRepository`` of ``MemoryStore``; the contract suite runs it beside
the SQL one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING

from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId
from boudoir.domain.moderation import (
    Action,
    QueueItem,
    QueueStatus,
    Resolution,
    Restriction,
    RestrictionKind,
    reported_by,
    without_reporter,
)

if TYPE_CHECKING:
    from boudoir.testing.fakes import MemoryStore


class MemoryModeration:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.key: bytes | None = None
        self.items: dict[str, QueueItem] = {}
        self.actions: list[Action] = []
        self.restricted: dict[tuple[AccountId, RestrictionKind, str], Restriction] = {}

    def _require(self, account_id: AccountId | None) -> None:
        if account_id is not None and account_id not in self._store.accounts.rows:
            raise NotFound("That account no longer exists.")

    async def seal_key(self, new_key: bytes, created_at: dt.datetime) -> bytes:
        if self.key is None:
            self.key = new_key
        return self.key

    async def add_item(self, item: QueueItem) -> None:
        self._require(item.subject_account)
        self._require(item.reporter_account)
        # Stored as the SQL stores keep it: the evidence goes through JSON.
        evidence = json.loads(json.dumps(item.evidence))
        self.items[item.id] = dataclasses.replace(item, evidence=evidence)

    async def get_item(self, item_id: str) -> QueueItem | None:
        return self.items.get(item_id)

    async def reports_by(self, account_id: AccountId) -> list[QueueItem]:
        mine = [i for i in self.items.values() if reported_by(i, account_id)]
        return sorted(mine, key=lambda i: (i.created_at, i.id))

    async def list_items(self, status: QueueStatus | None, limit: int) -> list[QueueItem]:
        items = sorted(self.items.values(), key=lambda i: (i.created_at, i.id))
        return [i for i in items if status is None or i.status is status][:limit]

    async def resolve_item(
        self, item_id: str, resolution: Resolution, note: str, by: str, at: dt.datetime
    ) -> QueueItem | None:
        item = self.items.get(item_id)
        if item is None or item.status is not QueueStatus.OPEN:
            return None
        item = dataclasses.replace(
            item,
            status=QueueStatus.RESOLVED,
            resolution=resolution,
            note=note,
            resolved_by=by,
            resolved_at=at,
        )
        self.items[item_id] = item
        return item

    async def add_action(self, action: Action) -> None:
        self._require(action.target_account)
        self.actions.append(action)

    async def list_actions(self, limit: int) -> list[Action]:
        return sorted(self.actions, key=lambda a: (a.at, a.id), reverse=True)[:limit]

    async def put_restriction(self, restriction: Restriction) -> None:
        self._require(restriction.account_id)
        key = (restriction.account_id, restriction.kind, restriction.room)
        self.restricted[key] = restriction

    async def remove_restriction(
        self, account_id: AccountId, kind: RestrictionKind, room: str = ""
    ) -> bool:
        return self.restricted.pop((account_id, kind, room), None) is not None

    def _sorted(self) -> list[Restriction]:
        return [self.restricted[k] for k in sorted(self.restricted, key=_order)]

    async def restrictions_of(self, account_id: AccountId) -> list[Restriction]:
        return [r for r in self._sorted() if r.account_id == account_id]

    async def restrictions(self, kind: RestrictionKind | None = None) -> list[Restriction]:
        return [r for r in self._sorted() if kind is None or r.kind is kind]

    def forget_account(self, account_id: AccountId) -> None:
        """The cascade of erasing an account: its restrictions go, the queue and the audit log
        keep their entries without the account, and the reports it made forget who made them."""
        for key in [k for k in self.restricted if k[0] == account_id]:
            del self.restricted[key]
        for item_id, item in list(self.items.items()):
            if reported_by(item, account_id):
                item = self.items[item_id] = without_reporter(item)
            if item.subject_account == account_id:
                self.items[item_id] = dataclasses.replace(item, subject_account=None)
        self.actions = [
            dataclasses.replace(a, target_account=None) if a.target_account == account_id else a
            for a in self.actions
        ]


def _order(key: tuple[AccountId, RestrictionKind, str]) -> tuple[str, str, str]:
    return (key[0], key[1].value, key[2])
