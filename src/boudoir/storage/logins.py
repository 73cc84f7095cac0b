"""Login sessions in SQL. Imports SQLAlchemy, ``boudoir.core.ports``, ``boudoir.domain`` and
``boudoir.storage``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.core.ports import LoginSession
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.statements import chunked, missing_accounts
from boudoir.storage.tables import login_sessions


def _session(row: sa.Row[Any]) -> LoginSession:
    return LoginSession(
        id=row.id,
        account_id=AccountId(row.account_id),
        csrf_token=row.csrf_token,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        client=row.client,
    )


class SqlLoginRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, session: LoginSession, token_hash: str) -> None:
        row = {
            "id": session.id,
            "token_hash": token_hash,
            "account_id": session.account_id,
            "csrf_token": session.csrf_token,
            "client": session.client,
            "created_at": session.created_at,
            "last_seen_at": session.last_seen_at,
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(login_sessions.insert(), row)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                missing = await missing_accounts(connection, [session.account_id])
            if missing:
                raise NotFound("That account no longer exists.") from error
            raise

    async def find(self, token_hash: str) -> LoginSession | None:
        query = sa.select(login_sessions).where(login_sessions.c.token_hash == token_hash)
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _session(row)

    async def touch(self, login_id: str, last_seen_at: dt.datetime) -> None:
        statement = (
            login_sessions.update()
            .where(login_sessions.c.id == login_id)
            .values(last_seen_at=last_seen_at)
        )
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def list_for_account(self, account_id: AccountId) -> list[LoginSession]:
        query = (
            sa.select(login_sessions)
            .where(login_sessions.c.account_id == account_id)
            .order_by(login_sessions.c.created_at, login_sessions.c.id)
        )
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_session(row) for row in rows]

    async def delete_unused_since(self, cutoff: dt.datetime) -> int:
        statement = login_sessions.delete().where(login_sessions.c.last_seen_at <= cutoff)
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
        return int(result.rowcount or 0)

    async def delete(self, login_ids: Collection[str]) -> None:
        wanted = sorted(set(login_ids))
        if not wanted:
            return
        async with write_transaction(self._engine) as connection:
            for chunk in chunked(wanted):
                await connection.execute(
                    login_sessions.delete().where(login_sessions.c.id.in_(chunk))
                )
