"""The moderators' queue, the audit log, restrictions and the sealing key, in SQL. Implements
``core.ports.ModerationRepository``.

Imports SQLAlchemy, ``boudoir.core.ports``, ``boudoir.domain`` and ``boudoir.storage``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId
from boudoir.domain.moderation import (
    Action,
    ActionKind,
    QueueItem,
    QueueKind,
    QueueStatus,
    Resolution,
    Restriction,
    RestrictionKind,
    without_reporter,
)
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.statements import missing_accounts
from boudoir.storage.tables import (
    moderation_actions,
    moderation_queue,
    moderation_restrictions,
    seal_keys,
)

SEAL_KEY_ID = "messages"


def _item(row: sa.Row[Any]) -> QueueItem:
    return QueueItem(
        id=row.id,
        kind=QueueKind(row.kind),
        created_at=row.created_at,
        subject_account=None
        if row.subject_account_id is None
        else AccountId(row.subject_account_id),
        subject_name=row.subject_name,
        place=row.place,
        summary=row.summary,
        evidence=json.loads(row.evidence),
        status=QueueStatus(row.status),
        resolution=None if row.resolution is None else Resolution(row.resolution),
        note=row.note,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        reporter_account=None
        if row.reporter_account_id is None
        else AccountId(row.reporter_account_id),
    )


def _action(row: sa.Row[Any]) -> Action:
    return Action(
        id=row.id,
        at=row.at,
        actor=row.actor,
        kind=ActionKind(row.kind),
        target=row.target,
        target_account=None if row.target_account_id is None else AccountId(row.target_account_id),
        room=row.room,
        reason=row.reason,
        expires_at=row.expires_at,
        item_id=row.item_id,
    )


def _restriction(row: sa.Row[Any]) -> Restriction:
    return Restriction(
        account_id=AccountId(row.account_id),
        kind=RestrictionKind(row.kind),
        room=row.room,
        expires_at=row.expires_at,
        reason=row.reason,
        action_id=row.action_id,
    )


async def forget_reporter(connection: AsyncConnection, account_id: AccountId) -> None:
    """In the erasing transaction: the reports ``account_id`` made lose the reporter's
    identity (``domain.moderation.without_reporter``) and keep the rest."""
    table = moderation_queue
    query = sa.select(table).where(table.c.reporter_account_id == account_id)
    for row in (await connection.execute(query)).all():
        kept = without_reporter(_item(row))
        await connection.execute(
            table.update()
            .where(table.c.id == kept.id)
            .values(
                summary=kept.summary,
                evidence=json.dumps(kept.evidence, ensure_ascii=False),
                reporter_account_id=None,
            )
        )


class SqlModerationRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def seal_key(self, new_key: bytes, created_at: dt.datetime) -> bytes:
        query = sa.select(seal_keys.c.secret).where(seal_keys.c.id == SEAL_KEY_ID)
        async with read_transaction(self._engine) as connection:
            stored = (await connection.execute(query)).scalar()
        if stored is not None:
            return bytes(stored)
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(
                    seal_keys.insert(),
                    {"id": SEAL_KEY_ID, "secret": new_key, "created_at": created_at},
                )
            return new_key
        except IntegrityError:
            # Another node made it first: use theirs.
            async with read_transaction(self._engine) as connection:
                return bytes((await connection.execute(query)).scalar_one())

    async def add_item(self, item: QueueItem) -> None:
        row = {
            "id": item.id,
            "kind": item.kind.value,
            "created_at": item.created_at,
            "subject_account_id": item.subject_account,
            "subject_name": item.subject_name,
            "place": item.place,
            "summary": item.summary,
            "evidence": json.dumps(item.evidence, ensure_ascii=False),
            "status": item.status.value,
            "resolution": None if item.resolution is None else item.resolution.value,
            "note": item.note,
            "resolved_by": item.resolved_by,
            "resolved_at": item.resolved_at,
            "reporter_account_id": item.reporter_account,
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(moderation_queue.insert(), row)
        except IntegrityError as error:
            await self._missing(error, item.subject_account)
            await self._missing(error, item.reporter_account)
            raise

    async def _missing(self, error: IntegrityError, account_id: AccountId | None) -> None:
        if account_id is None:
            return
        async with read_transaction(self._engine) as connection:
            if await missing_accounts(connection, [account_id]):
                raise NotFound("That account no longer exists.") from error

    async def get_item(self, item_id: str) -> QueueItem | None:
        query = sa.select(moderation_queue).where(moderation_queue.c.id == item_id)
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _item(row)

    async def reports_by(self, account_id: AccountId) -> list[QueueItem]:
        query = (
            sa.select(moderation_queue)
            .where(moderation_queue.c.reporter_account_id == account_id)
            .order_by(moderation_queue.c.created_at, moderation_queue.c.id)
        )
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_item(row) for row in rows]

    async def list_items(self, status: QueueStatus | None, limit: int) -> list[QueueItem]:
        query = sa.select(moderation_queue)
        if status is not None:
            query = query.where(moderation_queue.c.status == status.value)
        query = query.order_by(moderation_queue.c.created_at, moderation_queue.c.id).limit(limit)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_item(row) for row in rows]

    async def resolve_item(
        self, item_id: str, resolution: Resolution, note: str, by: str, at: dt.datetime
    ) -> QueueItem | None:
        statement = (
            moderation_queue.update()
            .where(
                moderation_queue.c.id == item_id,
                moderation_queue.c.status == QueueStatus.OPEN.value,
            )
            .values(
                status=QueueStatus.RESOLVED.value,
                resolution=resolution.value,
                note=note,
                resolved_by=by,
                resolved_at=at,
            )
        )
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
            if not result.rowcount:
                return None
            query = sa.select(moderation_queue).where(moderation_queue.c.id == item_id)
            return _item((await connection.execute(query)).one())

    async def add_action(self, action: Action) -> None:
        row = {
            "id": action.id,
            "at": action.at,
            "actor": action.actor,
            "kind": action.kind.value,
            "target": action.target,
            "target_account_id": action.target_account,
            "room": action.room,
            "reason": action.reason,
            "expires_at": action.expires_at,
            "item_id": action.item_id,
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(moderation_actions.insert(), row)
        except IntegrityError as error:
            await self._missing(error, action.target_account)
            raise

    async def list_actions(self, limit: int) -> list[Action]:
        query = (
            sa.select(moderation_actions)
            .order_by(moderation_actions.c.at.desc(), moderation_actions.c.id.desc())
            .limit(limit)
        )
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_action(row) for row in rows]

    async def put_restriction(self, restriction: Restriction) -> None:
        table = moderation_restrictions
        row = {
            "account_id": restriction.account_id,
            "kind": restriction.kind.value,
            "room": restriction.room,
            "expires_at": restriction.expires_at,
            "reason": restriction.reason,
            "action_id": restriction.action_id,
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(
                    table.delete().where(
                        table.c.account_id == restriction.account_id,
                        table.c.kind == restriction.kind.value,
                        table.c.room == restriction.room,
                    )
                )
                await connection.execute(table.insert(), row)
        except IntegrityError as error:
            await self._missing(error, restriction.account_id)
            raise

    async def remove_restriction(
        self, account_id: AccountId, kind: RestrictionKind, room: str = ""
    ) -> bool:
        table = moderation_restrictions
        statement = table.delete().where(
            table.c.account_id == account_id, table.c.kind == kind.value, table.c.room == room
        )
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount)

    async def _select(self, *conditions: sa.ColumnElement[bool]) -> list[Restriction]:
        table = moderation_restrictions
        query = (
            sa.select(table)
            .where(*conditions)
            .order_by(table.c.account_id, table.c.kind, table.c.room)
        )
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_restriction(row) for row in rows]

    async def restrictions_of(self, account_id: AccountId) -> list[Restriction]:
        return await self._select(moderation_restrictions.c.account_id == account_id)

    async def restrictions(self, kind: RestrictionKind | None = None) -> list[Restriction]:
        if kind is None:
            return await self._select()
        return await self._select(moderation_restrictions.c.kind == kind.value)
