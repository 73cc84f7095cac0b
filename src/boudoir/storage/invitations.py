"""Invitation codes in SQL. Imports SQLAlchemy, ``boudoir.domain`` and ``boudoir.storage``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.domain.invitations import Invitation
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.tables import invitations


def _invitation(row: sa.Row[Any]) -> Invitation:
    return Invitation(
        id=row.id,
        code_hash=row.code_hash,
        max_uses=row.max_uses,
        uses=row.uses,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


class SqlInvitationRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, invitation: Invitation) -> None:
        row = {
            "id": invitation.id,
            "code_hash": invitation.code_hash,
            "max_uses": invitation.max_uses,
            "uses": invitation.uses,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "revoked_at": invitation.revoked_at,
        }
        async with write_transaction(self._engine) as connection:
            await connection.execute(invitations.insert(), row)

    async def get(self, invitation_id: str) -> Invitation | None:
        return await self._one(invitations.c.id == invitation_id)

    async def find(self, code_hash: str) -> Invitation | None:
        return await self._one(invitations.c.code_hash == code_hash)

    async def _one(self, condition: sa.ColumnElement[bool]) -> Invitation | None:
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(sa.select(invitations).where(condition))).first()
        return None if row is None else _invitation(row)

    async def list_all(self) -> list[Invitation]:
        query = sa.select(invitations).order_by(invitations.c.created_at, invitations.c.id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_invitation(row) for row in rows]

    async def consume(self, invitation_id: str, now: dt.datetime) -> bool:
        """One use, if the code is still usable at ``now``: one conditional ``UPDATE``, so two
        sign-ups racing for the last use cannot both have it (SQLite serializes writers;
        PostgreSQL re-checks the condition on the row the other transaction left)."""
        table = invitations
        statement = (
            table.update()
            .where(
                table.c.id == invitation_id,
                table.c.revoked_at.is_(None),
                table.c.uses < table.c.max_uses,
                sa.or_(table.c.expires_at.is_(None), table.c.expires_at > now),
            )
            .values(uses=table.c.uses + 1)
        )
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount == 1)

    async def release(self, invitation_id: str) -> None:
        """Give back a use taken by ``consume`` for an account that could not be made."""
        table = invitations
        statement = (
            table.update()
            .where(table.c.id == invitation_id, table.c.uses > 0)
            .values(uses=table.c.uses - 1)
        )
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def revoke(self, invitation_id: str, at: dt.datetime) -> bool:
        """Revoke; False when there is no such invitation. Revoking twice keeps the first
        time."""
        table = invitations
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(
                table.update()
                .where(table.c.id == invitation_id, table.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            if result.rowcount:
                return True
            found = await connection.execute(
                sa.select(table.c.id).where(table.c.id == invitation_id)
            )
            return found.first() is not None
