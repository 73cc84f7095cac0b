"""Rooms, their moderators and bans in SQL. Imports SQLAlchemy, ``boudoir.domain`` and
``boudoir.storage``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.domain.entities import Room, RoomVisibility
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.names import name_clash
from boudoir.storage.statements import missing_accounts
from boudoir.storage.tables import room_bans, room_moderators, rooms

_MODERATOR = "moderator"
_BANNED = "banned"


def _settings(room: Room) -> dict[str, Any]:
    """The columns ``update`` replaces: all but the id, name, owner and creation time."""
    return {
        "rating": int(room.rating),
        "visibility": room.visibility.value,
        "topic": room.topic,
        "description": room.description,
        "member_limit": room.member_limit,
    }


def _room(row: sa.Row[Any], moderators: set[AccountId], banned: set[AccountId]) -> Room:
    return Room(
        id=RoomId(row.id),
        name=row.name,
        owner_id=AccountId(row.owner_id),
        created_at=row.created_at,
        rating=Rating(row.rating),
        visibility=RoomVisibility(row.visibility),
        topic=row.topic,
        description=row.description,
        moderator_ids=frozenset(moderators),
        banned_ids=frozenset(banned),
        member_limit=row.member_limit,
    )


async def _load(connection: AsyncConnection, condition: sa.ColumnElement[bool]) -> list[Room]:
    """Rooms matching ``condition`` (over ``rooms``) with their moderators and bans, in two
    queries, ordered by name."""
    query = sa.select(rooms).where(condition).order_by(rooms.c.name_key)
    rows = (await connection.execute(query)).all()
    if not rows:
        return []
    room_ids = sa.select(rooms.c.id).where(condition).scalar_subquery()
    entries = sa.union_all(
        sa.select(
            room_moderators.c.room_id,
            room_moderators.c.account_id,
            sa.literal(_MODERATOR).label("kind"),
        ).where(room_moderators.c.room_id.in_(room_ids)),
        sa.select(
            room_bans.c.room_id, room_bans.c.account_id, sa.literal(_BANNED).label("kind")
        ).where(room_bans.c.room_id.in_(room_ids)),
    )
    moderators: defaultdict[str, set[AccountId]] = defaultdict(set)
    banned: defaultdict[str, set[AccountId]] = defaultdict(set)
    for entry in await connection.execute(entries):
        listing = moderators if entry.kind == _MODERATOR else banned
        listing[entry.room_id].add(AccountId(entry.account_id))
    return [_room(row, moderators[row.id], banned[row.id]) for row in rows]


async def _insert_entries(connection: AsyncConnection, room: Room) -> None:
    if room.moderator_ids:
        await connection.execute(
            room_moderators.insert(),
            [{"room_id": room.id, "account_id": account} for account in room.moderator_ids],
        )
    if room.banned_ids:
        await connection.execute(
            room_bans.insert(),
            [{"room_id": room.id, "account_id": account} for account in room.banned_ids],
        )


class SqlRoomRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, room: Room, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if a room of the same name key exists (or its subclass
        ``NameConfusable`` if only the skeleton matched), ``NotFound`` if the owner or a listed
        moderator or banned account does not exist."""
        row = {
            "id": room.id,
            "name": room.name,
            "name_key": name_key(room.name),
            "name_skeleton": skeleton,
            "owner_id": room.owner_id,
            "created_at": room.created_at,
            **_settings(room),
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(rooms.insert(), row)
                await _insert_entries(connection, room)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                clash = await name_clash(connection, rooms, room.name, skeleton, "room name")
                missing = await missing_accounts(connection, _accounts_of(room))
            if clash is not None:
                raise clash from error
            if missing:
                raise NotFound("That account no longer exists.") from error
            raise

    async def get(self, room_id: RoomId) -> Room | None:
        return await self._one(rooms.c.id == room_id)

    async def find_by_name(self, name: str) -> Room | None:
        return await self._one(rooms.c.name_key == name_key(name))

    async def _one(self, condition: sa.ColumnElement[bool]) -> Room | None:
        async with read_transaction(self._engine) as connection:
            found = await _load(connection, condition)
        return found[0] if found else None

    async def list_all(self) -> list[Room]:
        """By name."""
        async with read_transaction(self._engine) as connection:
            return await _load(connection, sa.true())

    async def update(self, room: Room) -> None:
        """Replace the settings, moderators and bans (name, owner and creation time stay). A
        room deleted meanwhile stays deleted: the update does nothing. Raises ``NotFound`` if a
        listed account does not exist."""
        statement = rooms.update().where(rooms.c.id == room.id).values(_settings(room))
        try:
            async with write_transaction(self._engine) as connection:
                if not (await connection.execute(statement)).rowcount:
                    return
                for table in (room_moderators, room_bans):
                    await connection.execute(table.delete().where(table.c.room_id == room.id))
                await _insert_entries(connection, room)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                missing = await missing_accounts(connection, _accounts_of(room))
            if missing:
                raise NotFound("That account no longer exists.") from error
            raise

    async def delete(self, room_id: RoomId) -> None:
        """Delete the room with its moderator and ban lists. Deleting twice is not an error."""
        async with write_transaction(self._engine) as connection:
            await connection.execute(rooms.delete().where(rooms.c.id == room_id))


def _accounts_of(room: Room) -> set[str]:
    return {room.owner_id, *room.moderator_ids, *room.banned_ids}
