"""Rooms, their moderators, bans and lists of exceptions in SQL. Imports SQLAlchemy,
``boudoir.domain`` and ``boudoir.storage``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.domain.entities import (
    LIST_SETTINGS,
    SERVER_OWNED,
    AccountList,
    ListEntry,
    Room,
    RoomSetting,
    RoomVisibility,
)
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.names import name_clash
from boudoir.storage.statements import missing_accounts
from boudoir.storage.tables import room_list_entries, room_moderators, rooms


def _settings(room: Room) -> dict[str, Any]:
    """The columns ``update`` replaces: all but the id, name, owner and creation time."""
    return {
        "rating": int(room.rating),
        "visibility": room.visibility.value,
        "topic": room.topic,
        "description": room.description,
        "member_limit": room.member_limit,
        "join_key": room.key,
        "moderated": room.moderated,
        "topic_locked": room.topic_locked,
        "topic_by": room.topic_by,
        "topic_at": room.topic_at,
        "tags": " ".join(room.tags),
        "newcomer_lines": room.newcomer_lines,
        "cams": room.cams,
        "ads": room.ads,
    }


class _Lists:
    """The moderators and list entries of the rooms being loaded, gathered by room."""

    def __init__(self) -> None:
        self.moderators: defaultdict[str, set[AccountId]] = defaultdict(set)
        self.entries: defaultdict[tuple[str, RoomSetting], list[ListEntry]] = defaultdict(list)

    def of(self, room_id: str, setting: RoomSetting) -> AccountList:
        return AccountList(tuple(self.entries[room_id, setting]))


def _room(row: sa.Row[Any], lists: _Lists) -> Room:
    return Room(
        id=RoomId(row.id),
        name=row.name,
        owner_id=SERVER_OWNED if row.owner_id is None else AccountId(row.owner_id),
        created_at=row.created_at,
        rating=Rating(row.rating),
        visibility=RoomVisibility(row.visibility),
        topic=row.topic,
        description=row.description,
        moderator_ids=frozenset(lists.moderators[row.id]),
        member_limit=row.member_limit,
        key=row.join_key,
        moderated=row.moderated,
        topic_locked=row.topic_locked,
        topic_by=row.topic_by,
        topic_at=row.topic_at,
        tags=tuple(row.tags.split()),
        newcomer_lines=row.newcomer_lines,
        cams=row.cams,
        cam_bans=lists.of(row.id, RoomSetting.CAM_BAN),
        ads=row.ads,
        bans=lists.of(row.id, RoomSetting.BAN),
        ban_exceptions=lists.of(row.id, RoomSetting.BAN_EXCEPTION),
        invite_exceptions=lists.of(row.id, RoomSetting.INVITE_EXCEPTION),
    )


async def _load(connection: AsyncConnection, condition: sa.ColumnElement[bool]) -> list[Room]:
    """Rooms matching ``condition`` (over ``rooms``) with their moderators and lists, in three
    queries, ordered by name."""
    query = sa.select(rooms).where(condition).order_by(rooms.c.name_key)
    rows = (await connection.execute(query)).all()
    if not rows:
        return []
    room_ids = sa.select(rooms.c.id).where(condition).scalar_subquery()
    lists = _Lists()
    moderators = sa.select(room_moderators).where(room_moderators.c.room_id.in_(room_ids))
    for moderator in await connection.execute(moderators):
        lists.moderators[moderator.room_id].add(AccountId(moderator.account_id))
    entries = sa.select(room_list_entries).where(room_list_entries.c.room_id.in_(room_ids))
    for entry in await connection.execute(entries):
        lists.entries[entry.room_id, RoomSetting(entry.list)].append(
            ListEntry(AccountId(entry.account_id), entry.name, entry.set_by, entry.set_at)
        )
    return [_room(row, lists) for row in rows]


async def _insert_entries(connection: AsyncConnection, room: Room) -> None:
    if room.moderator_ids:
        await connection.execute(
            room_moderators.insert(),
            [{"room_id": room.id, "account_id": account} for account in room.moderator_ids],
        )
    entries = [
        {
            "room_id": room.id,
            "list": setting.value,
            "account_id": entry.account_id,
            "name": entry.name,
            "set_by": entry.set_by,
            "set_at": entry.set_at,
        }
        for setting in LIST_SETTINGS
        for entry in room.account_list(setting)
    ]
    if entries:
        await connection.execute(room_list_entries.insert(), entries)


class SqlRoomRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, room: Room, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if a room of the same name key exists (or its subclass
        ``NameConfusable`` if only the skeleton matched), ``NotFound`` if the owner or an
        account on one of its lists does not exist."""
        row = {
            "id": room.id,
            "name": room.name,
            "name_key": name_key(room.name),
            "name_skeleton": skeleton,
            "owner_id": None if room.owner_id == SERVER_OWNED else room.owner_id,
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
        """Replace the settings, moderators and lists (name, owner and creation time stay). A
        room deleted meanwhile stays deleted: the update does nothing. Raises ``NotFound`` if a
        listed account does not exist."""
        statement = rooms.update().where(rooms.c.id == room.id).values(_settings(room))
        try:
            async with write_transaction(self._engine) as connection:
                if not (await connection.execute(statement)).rowcount:
                    return
                for table in (room_moderators, room_list_entries):
                    await connection.execute(table.delete().where(table.c.room_id == room.id))
                await _insert_entries(connection, room)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                missing = await missing_accounts(connection, _accounts_of(room))
            if missing:
                raise NotFound("That account no longer exists.") from error
            raise

    async def give_to_server(self, room_id: RoomId) -> None:
        """The room is the server's from now on (``SERVER_OWNED``): no account owns it."""
        statement = rooms.update().where(rooms.c.id == room_id).values(owner_id=None)
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def delete(self, room_id: RoomId) -> None:
        """Delete the room with its moderators and lists. Deleting twice is not an error."""
        async with write_transaction(self._engine) as connection:
            await connection.execute(rooms.delete().where(rooms.c.id == room_id))


def _accounts_of(room: Room) -> set[str]:
    listed: set[str] = {room.owner_id, *room.moderator_ids}
    listed.discard(SERVER_OWNED)
    for setting in LIST_SETTINGS:
        listed |= room.account_list(setting).ids
    return listed
