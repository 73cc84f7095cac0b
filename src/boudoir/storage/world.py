"""The walkable world in SQL: exits, things, homes, builders and last seen. Implements
``core.ports.WorldRepository``. Imports SQLAlchemy, ``boudoir.domain`` and ``boudoir.storage``.

Foreign keys do the cascades the port promises: a recycled room takes its exits with it and
unlinks the exits into it (``SET NULL``); things whose carrier or room is gone have neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.places import Exit, Thing
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.statements import chunked, upsert
from boudoir.storage.tables import (
    builders,
    character_homes,
    character_last_seen,
    characters,
    exits,
    things,
)


@asynccontextmanager
async def writing(engine: AsyncEngine, gone: str) -> AsyncIterator[AsyncConnection]:
    """A write transaction in which a broken foreign key is ``NotFound(gone)``: ids are random,
    so an integrity error can only be a room, character or account deleted meanwhile."""
    try:
        async with write_transaction(engine) as connection:
            yield connection
    except IntegrityError as error:
        raise NotFound(gone) from error


def _exit_values(exit: Exit) -> dict[str, Any]:
    return {
        "name": exit.name,
        "aliases": list(exit.aliases),
        "destination_room_id": exit.destination,
        "lock": exit.lock,
        "description": exit.description,
    }


def _exit(row: sa.Row[Any]) -> Exit:
    return Exit(
        id=row.id,
        source=RoomId(row.source_room_id),
        name=row.name,
        owner_id=AccountId(row.owner_id),
        created_at=row.created_at,
        aliases=tuple(row.aliases),
        destination=None if row.destination_room_id is None else RoomId(row.destination_room_id),
        lock=row.lock,
        description=row.description,
    )


def _thing_values(thing: Thing) -> dict[str, Any]:
    return {
        "name": thing.name,
        "description": thing.description,
        "lock": thing.lock,
        "carrier_id": thing.carrier,
        "room_id": thing.room,
    }


def _thing(row: sa.Row[Any]) -> Thing:
    return Thing(
        id=row.id,
        name=row.name,
        owner_id=AccountId(row.owner_id),
        created_at=row.created_at,
        description=row.description,
        lock=row.lock,
        carrier=None if row.carrier_id is None else CharacterId(row.carrier_id),
        room=None if row.room_id is None else RoomId(row.room_id),
    )


class SqlWorldRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    # Exits ---------------------------------------------------------------------------------

    async def add_exit(self, exit: Exit) -> None:
        row = {
            "id": exit.id,
            "source_room_id": exit.source,
            "owner_id": exit.owner_id,
            "created_at": exit.created_at,
            **_exit_values(exit),
        }
        async with writing(self._engine, "That room or account no longer exists.") as connection:
            await connection.execute(exits.insert(), row)

    async def get_exit(self, exit_id: str) -> Exit | None:
        found = await self._exits(exits.c.id == exit_id)
        return found[0] if found else None

    async def exits_from(self, room_id: RoomId) -> list[Exit]:
        return await self._exits(exits.c.source_room_id == room_id)

    async def exits_owned_by(self, account_id: AccountId) -> list[Exit]:
        return await self._exits(exits.c.owner_id == account_id)

    async def _exits(self, condition: sa.ColumnElement[bool]) -> list[Exit]:
        query = sa.select(exits).where(condition).order_by(exits.c.created_at, exits.c.id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_exit(row) for row in rows]

    async def update_exit(self, exit: Exit) -> None:
        statement = exits.update().where(exits.c.id == exit.id).values(_exit_values(exit))
        async with writing(self._engine, "That room no longer exists.") as connection:
            await connection.execute(statement)

    async def delete_exit(self, exit_id: str) -> None:
        async with write_transaction(self._engine) as connection:
            await connection.execute(exits.delete().where(exits.c.id == exit_id))

    # Things --------------------------------------------------------------------------------

    async def add_thing(self, thing: Thing) -> None:
        row = {
            "id": thing.id,
            "owner_id": thing.owner_id,
            "created_at": thing.created_at,
            **_thing_values(thing),
        }
        gone = "That account, character or room no longer exists."
        async with writing(self._engine, gone) as connection:
            await connection.execute(things.insert(), row)

    async def get_thing(self, thing_id: str) -> Thing | None:
        found = await self._things(things.c.id == thing_id)
        return found[0] if found else None

    async def things_carried(self, character_id: CharacterId) -> list[Thing]:
        return await self._things(things.c.carrier_id == character_id)

    async def things_in(self, room_id: RoomId) -> list[Thing]:
        return await self._things(things.c.room_id == room_id)

    async def things_owned_by(self, account_id: AccountId) -> list[Thing]:
        return await self._things(things.c.owner_id == account_id)

    async def _things(self, condition: sa.ColumnElement[bool]) -> list[Thing]:
        query = sa.select(things).where(condition).order_by(things.c.created_at, things.c.id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_thing(row) for row in rows]

    async def update_thing(self, thing: Thing) -> None:
        statement = things.update().where(things.c.id == thing.id).values(_thing_values(thing))
        gone = "That character or room no longer exists."
        async with writing(self._engine, gone) as connection:
            await connection.execute(statement)

    async def delete_thing(self, thing_id: str) -> None:
        async with write_transaction(self._engine) as connection:
            await connection.execute(things.delete().where(things.c.id == thing_id))

    # Homes, builders, last seen -------------------------------------------------------------

    async def set_home(self, character_id: CharacterId, room_id: RoomId | None) -> None:
        gone = "That character or room no longer exists."
        async with writing(self._engine, gone) as connection:
            if room_id is None:
                await connection.execute(
                    character_homes.delete().where(character_homes.c.character_id == character_id)
                )
                return
            await connection.execute(
                upsert(connection, character_homes, ["room_id"]),
                {"character_id": character_id, "room_id": room_id},
            )

    async def home(self, character_id: CharacterId) -> RoomId | None:
        query = sa.select(character_homes.c.room_id).where(
            character_homes.c.character_id == character_id
        )
        async with read_transaction(self._engine) as connection:
            found = (await connection.execute(query)).scalar()
        return None if found is None else RoomId(found)

    async def set_builder(self, account_id: AccountId, builder: bool, at: dt.datetime) -> None:
        async with writing(self._engine, "That account no longer exists.") as connection:
            if not builder:
                await connection.execute(
                    builders.delete().where(builders.c.account_id == account_id)
                )
                return
            await connection.execute(
                _insert_ignore(connection, builders), {"account_id": account_id, "granted_at": at}
            )

    async def is_builder(self, account_id: AccountId) -> bool:
        query = sa.select(builders.c.account_id).where(builders.c.account_id == account_id)
        async with read_transaction(self._engine) as connection:
            return (await connection.execute(query)).first() is not None

    async def set_last_seen(self, seen: Mapping[CharacterId, dt.datetime]) -> None:
        if not seen:
            return
        async with write_transaction(self._engine) as connection:
            present: set[str] = set()
            for chunk in chunked(sorted(seen)):
                result = await connection.execute(
                    sa.select(characters.c.id).where(characters.c.id.in_(chunk))
                )
                present.update(result.scalars())
            rows = [
                {"character_id": c, "seen_at": at} for c, at in sorted(seen.items()) if c in present
            ]
            if rows:
                # Every node notes a departure it learns of, so each may write it: the latest stays.
                statement = upsert(connection, character_last_seen, ["seen_at"], later="seen_at")
                await connection.execute(statement, rows)

    async def last_seen(self, character_id: CharacterId) -> dt.datetime | None:
        query = sa.select(character_last_seen.c.seen_at).where(
            character_last_seen.c.character_id == character_id
        )
        async with read_transaction(self._engine) as connection:
            found: dt.datetime | None = (await connection.execute(query)).scalar()
        return found


def _insert_ignore(connection: AsyncConnection, table: sa.Table) -> sa.Insert:
    """``INSERT ... ON CONFLICT DO NOTHING``: a grant keeps its first date."""
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    return dialect_insert(table).on_conflict_do_nothing()
