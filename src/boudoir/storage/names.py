"""The shared namespace of account and character names, and name clashes on insert (into
accounts, characters or rooms: each table unique on its name key and skeleton).

Imports SQLAlchemy, ``boudoir.domain`` and ``boudoir.core.ports``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.core.ports import NameHolder
from boudoir.domain.errors import NameConfusable, NameTaken
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key
from boudoir.storage.engine import read_transaction
from boudoir.storage.tables import accounts, characters


class SqlNameIndex:
    """Answers "who holds this name, or one that looks like it?" over accounts and characters.

    Account and character names live in separate tables, each unique on its own; the core asks
    here first so that one person's account and character names may coincide while nobody else
    can take or imitate either."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def holder(self, name: str, skeleton: str) -> NameHolder | None:
        key = name_key(name)
        account_names = sa.select(
            accounts.c.id.label("account_id"),
            accounts.c.name,
            sa.case((accounts.c.name_key == key, 1), else_=0).label("exact"),
            sa.literal(0).label("is_character"),
        ).where(sa.or_(accounts.c.name_key == key, accounts.c.name_skeleton == skeleton))
        character_names = sa.select(
            characters.c.account_id,
            characters.c.name,
            sa.case((characters.c.name_key == key, 1), else_=0).label("exact"),
            sa.literal(1).label("is_character"),
        ).where(sa.or_(characters.c.name_key == key, characters.c.name_skeleton == skeleton))
        union = sa.union_all(account_names, character_names).subquery()
        # Exact matches first, then accounts before characters: one answer, whatever the backend.
        query = (
            sa.select(union)
            .order_by(union.c.exact.desc(), union.c.is_character, union.c.name)
            .limit(1)
        )
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            return None
        return NameHolder(
            account_id=AccountId(row.account_id), name=row.name, exact=bool(row.exact)
        )


async def name_clash(
    connection: AsyncConnection, table: sa.Table, name: str, skeleton: str, noun: str = "name"
) -> NameTaken | None:
    """After a failed insert into ``table``: the error to raise if ``name`` (or its
    ``skeleton``) was the clash, or None if something else failed. ``noun`` is what the
    message calls the name ("room name"); a look-alike's message names the one it imitates."""
    key = name_key(name)
    clash = sa.or_(table.c.name_key == key, table.c.name_skeleton == skeleton)
    # Both columns are unique: at most one row per column.
    query = sa.select(table.c.name_key, table.c.name).where(clash).limit(2)
    rows = (await connection.execute(query)).all()
    if not rows:
        return None
    if any(row.name_key == key for row in rows):
        return NameTaken(f"The {noun} {name!r} is already taken.")
    return NameConfusable(f"The {noun} {name!r} looks too much like {rows[0].name!r}, in use.")
