"""Accounts in SQL. Imports SQLAlchemy, ``boudoir.domain`` and ``boudoir.storage``."""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.domain.entities import (
    Account,
    Attestation,
    DirectMessagePolicy,
    PresenceVisibility,
    Role,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.logs import delete_unread_segments
from boudoir.storage.moderation import forget_reporter
from boudoir.storage.names import name_clash
from boudoir.storage.statements import chunked
from boudoir.storage.tables import accounts


def ratings_to_text(ratings: frozenset[Rating]) -> str:
    return ",".join(rating.label for rating in sorted(ratings))


@functools.lru_cache(maxsize=32)
def ratings_from_text(text: str) -> frozenset[Rating]:
    """The ratings a column spells. Cached: there are a handful of spellings, and every
    account read (each login) then shares one frozen set instead of holding its own."""
    return frozenset(Rating[label.upper()] for label in text.split(",") if label)


def _values(account: Account) -> dict[str, Any]:
    """The columns ``update`` replaces: all but the id and the name."""
    attestation = account.attestation
    return {
        "password_hash": account.password_hash,
        "born": account.born,
        "attestation_statement": attestation.statement if attestation else None,
        "attested_at": attestation.attested_at if attestation else None,
        "attestation_method": attestation.method if attestation else None,
        "ratings": ratings_to_text(account.ratings),
        "dm_policy": account.dm_policy.value,
        "presence_visibility": account.presence_visibility.value,
        "role": account.role.value,
        "revision": account.revision,
        "created_at": account.created_at,
        "awaiting_approval": account.awaiting_approval,
        "mention_words": list(account.mention_words),
    }


def _account(row: sa.Row[Any]) -> Account:
    attestation = None
    if row.attestation_statement is not None:
        attestation = Attestation(
            statement=row.attestation_statement,
            attested_at=row.attested_at,
            method=row.attestation_method,
        )
    return Account(
        id=AccountId(row.id),
        name=row.name,
        password_hash=row.password_hash,
        born=row.born,
        created_at=row.created_at,
        attestation=attestation,
        ratings=ratings_from_text(row.ratings),
        dm_policy=DirectMessagePolicy(row.dm_policy),
        presence_visibility=PresenceVisibility(row.presence_visibility),
        role=Role(row.role),
        revision=row.revision,
        awaiting_approval=row.awaiting_approval,
        mention_words=tuple(row.mention_words),
    )


class SqlAccountRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, account: Account, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` (or its subclass ``NameConfusable`` when only the
        skeleton matched) if another account holds the name."""
        row = {
            "id": account.id,
            "name": account.name,
            "name_key": name_key(account.name),
            "name_skeleton": skeleton,
            **_values(account),
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(accounts.insert(), row)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                clash = await name_clash(connection, accounts, account.name, skeleton)
            if clash is None:
                raise
            raise clash from error

    async def get(self, account_id: AccountId) -> Account | None:
        return await self._one(accounts.c.id == account_id)

    async def find_by_name(self, name: str) -> Account | None:
        return await self._one(accounts.c.name_key == name_key(name))

    async def _one(self, condition: sa.ColumnElement[bool]) -> Account | None:
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(sa.select(accounts).where(condition))).first()
        return None if row is None else _account(row)

    async def update(self, account: Account) -> None:
        """Replace everything but the id and name. An account erased meanwhile stays erased:
        the update does nothing."""
        statement = accounts.update().where(accounts.c.id == account.id).values(_values(account))
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def list_all(self) -> list[Account]:
        """Oldest first."""
        query = sa.select(accounts).order_by(accounts.c.created_at, accounts.c.id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_account(row) for row in rows]

    async def revisions(self, account_ids: Collection[AccountId]) -> dict[AccountId, int]:
        wanted = sorted(set(account_ids))
        revisions: dict[AccountId, int] = {}
        if not wanted:
            return revisions
        async with read_transaction(self._engine) as connection:
            for chunk in chunked(wanted):
                query = sa.select(accounts.c.id, accounts.c.revision).where(
                    accounts.c.id.in_(chunk)
                )
                for row in await connection.execute(query):
                    revisions[AccountId(row.id)] = row.revision
        return revisions

    async def erase(self, account_id: AccountId) -> None:
        """Delete the account and, through ``ON DELETE CASCADE``, its characters and their
        interests, its relations both ways, the rooms it owns, and its moderator and ban
        entries elsewhere; the reports it made forget who made it. One transaction. Erasing
        twice is not an error."""
        async with write_transaction(self._engine) as connection:
            await forget_reporter(connection, account_id)
            await connection.execute(accounts.delete().where(accounts.c.id == account_id))
            # Its logged lines and reader rows went with it; so do the logs nobody reads now.
            await delete_unread_segments(connection)
