"""Offline mail in SQL. Implements ``core.ports.MailRepository``. Imports SQLAlchemy,
``boudoir.domain`` and ``boudoir.storage``.

Foreign keys do the erasure: an account's letters, sent and received, go with it; a deleted
character's mailbox goes, and the letters it sent stay under the name it sent them as.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.mail import Mail
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.tables import mail
from boudoir.storage.world import writing


def _mail(row: sa.Row[Any]) -> Mail:
    return Mail(
        id=row.id,
        sender_account=AccountId(row.sender_account_id),
        sender_character=None
        if row.sender_character_id is None
        else CharacterId(row.sender_character_id),
        sender_name=row.sender_name,
        recipient_account=AccountId(row.recipient_account_id),
        recipient_character=CharacterId(row.recipient_character_id),
        subject=row.subject,
        body=row.body,
        sent_at=row.sent_at,
        read_at=row.read_at,
    )


class SqlMailRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, letter: Mail) -> None:
        row = {
            "id": letter.id,
            "sender_account_id": letter.sender_account,
            "sender_character_id": letter.sender_character,
            "sender_name": letter.sender_name,
            "recipient_account_id": letter.recipient_account,
            "recipient_character_id": letter.recipient_character,
            "subject": letter.subject,
            "body": letter.body,
            "sent_at": letter.sent_at,
            "read_at": letter.read_at,
        }
        async with writing(self._engine, "That character no longer exists.") as connection:
            await connection.execute(mail.insert(), row)

    async def get(self, mail_id: str) -> Mail | None:
        found = await self._select(mail.c.id == mail_id)
        return found[0] if found else None

    async def inbox(self, character_id: CharacterId) -> list[Mail]:
        return await self._select(mail.c.recipient_character_id == character_id)

    async def sent_by(self, account_id: AccountId) -> list[Mail]:
        return await self._select(mail.c.sender_account_id == account_id)

    async def received_by(self, account_id: AccountId) -> list[Mail]:
        return await self._select(mail.c.recipient_account_id == account_id)

    async def _select(self, condition: sa.ColumnElement[bool]) -> list[Mail]:
        query = sa.select(mail).where(condition).order_by(mail.c.sent_at, mail.c.id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_mail(row) for row in rows]

    async def mark_read(self, mail_id: str, at: dt.datetime) -> None:
        statement = (
            mail.update().where(mail.c.id == mail_id, mail.c.read_at.is_(None)).values(read_at=at)
        )
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def delete(self, mail_id: str) -> bool:
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(mail.delete().where(mail.c.id == mail_id))
        return bool(result.rowcount)

    async def unread_count(self, character_id: CharacterId) -> int:
        return await self._count(
            sa.and_(mail.c.recipient_character_id == character_id, mail.c.read_at.is_(None))
        )

    async def count(self, character_id: CharacterId) -> int:
        return await self._count(mail.c.recipient_character_id == character_id)

    async def _count(self, condition: sa.ColumnElement[bool]) -> int:
        query = sa.select(sa.func.count()).select_from(mail).where(condition)
        async with read_transaction(self._engine) as connection:
            return int((await connection.execute(query)).scalar_one())

    async def delete_sent_before(self, cutoff: dt.datetime) -> int:
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(mail.delete().where(mail.c.sent_at < cutoff))
        return int(result.rowcount)
