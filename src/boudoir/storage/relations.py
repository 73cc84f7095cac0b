"""Friends, blocks and contacts between accounts in SQL. Imports SQLAlchemy,
``boudoir.domain`` and ``boudoir.storage``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.statements import missing_accounts, upsert
from boudoir.storage.tables import blocks, contacts, friends


class SqlRelationRepository:
    """Each relation maps (first, second) account pairs to the label first knows second by.
    Adding an existing pair relabels it; removing an absent one is not an error; adding a pair
    with an account that does not exist raises ``NotFound``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _add(self, table: sa.Table, first: AccountId, second: AccountId, label: str) -> None:
        first_column, second_column = (column.name for column in table.primary_key.columns)
        row = {first_column: first, second_column: second, "label": label}
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(upsert(connection, table, ["label"]), row)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                missing = await missing_accounts(connection, [first, second])
            if missing:
                raise NotFound("That account no longer exists.") from error
            raise

    async def _remove(self, table: sa.Table, first: AccountId, second: AccountId) -> None:
        first_column, second_column = table.primary_key.columns
        statement = table.delete().where(first_column == first, second_column == second)
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def _labels(self, table: sa.Table, first: AccountId) -> dict[AccountId, str]:
        """Second account -> label, for every pair whose first account is ``first``."""
        first_column, second_column = table.primary_key.columns
        query = sa.select(second_column, table.c.label).where(first_column == first)
        async with read_transaction(self._engine) as connection:
            rows = await connection.execute(query)
            return {AccountId(other): label for other, label in rows}

    async def _ids(self, query: sa.Select[Any]) -> set[AccountId]:
        async with read_transaction(self._engine) as connection:
            return {AccountId(account) for account in await connection.scalars(query)}

    async def add_friend(self, owner: AccountId, friend: AccountId, label: str) -> None:
        await self._add(friends, owner, friend, label)

    async def remove_friend(self, owner: AccountId, friend: AccountId) -> None:
        await self._remove(friends, owner, friend)

    async def friends_of(self, owner: AccountId) -> dict[AccountId, str]:
        return await self._labels(friends, owner)

    async def add_block(self, blocker: AccountId, blocked: AccountId, label: str) -> None:
        await self._add(blocks, blocker, blocked, label)

    async def remove_block(self, blocker: AccountId, blocked: AccountId) -> None:
        await self._remove(blocks, blocker, blocked)

    async def blocks_by(self, blocker: AccountId) -> dict[AccountId, str]:
        return await self._labels(blocks, blocker)

    async def blocked_either_way(self, account: AccountId) -> set[AccountId]:
        either_way = sa.union(
            sa.select(blocks.c.blocked_id).where(blocks.c.blocker_id == account),
            sa.select(blocks.c.blocker_id).where(blocks.c.blocked_id == account),
        )
        return await self._ids(sa.select(either_way.subquery().c[0]))

    async def add_contact(self, owner: AccountId, other: AccountId, label: str) -> None:
        await self._add(contacts, owner, other, label)

    async def contacts_of(self, owner: AccountId) -> dict[AccountId, str]:
        return await self._labels(contacts, owner)
