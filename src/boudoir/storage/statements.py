"""Small SQL helpers the repositories share: dialect-aware upserts, bounded IN lists, and
telling a broken foreign key from other integrity errors.

Imports SQLAlchemy and ``boudoir.storage.tables``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from boudoir.storage.tables import accounts

T = TypeVar("T")

MAX_IN_LIST = 500
"""Values per ``IN (...)`` list. SQLite before 3.32 allows 999 bound parameters per statement
and asyncpg 32767; 500 stays well inside both."""


def chunked(items: Sequence[T], size: int = MAX_IN_LIST) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_ignore(connection: AsyncConnection, table: sa.Table) -> sa.Insert:
    """``INSERT ... ON CONFLICT DO NOTHING``: the row that is there already stays."""
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    return dialect_insert(table).on_conflict_do_nothing()


def upsert(
    connection: AsyncConnection,
    table: sa.Table,
    replace: Collection[str],
    *,
    later: str | None = None,
) -> sa.Insert:
    """``INSERT ... ON CONFLICT (primary key) DO UPDATE``: insert a row, or replace the
    ``replace`` columns of the row that has the same primary key. One statement, no race.
    ``later``: replace only when the new row's value of that column is later (several writers
    of the same fact, in any order, leave the latest)."""
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(table.primary_key.columns),
        set_={column: statement.excluded[column] for column in replace},
        where=None if later is None else table.c[later] < statement.excluded[later],
    )


async def missing_accounts(connection: AsyncConnection, account_ids: Collection[str]) -> set[str]:
    """Which of ``account_ids`` do not exist (for example, erased a moment ago)."""
    wanted = sorted(set(account_ids))
    found: set[str] = set()
    for chunk in chunked(wanted):
        result = await connection.execute(sa.select(accounts.c.id).where(accounts.c.id.in_(chunk)))
        found.update(result.scalars())
    return set(wanted) - found
