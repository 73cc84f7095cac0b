"""Characters and their interests in SQL. Imports SQLAlchemy, ``boudoir.domain`` and
``boudoir.storage``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from boudoir.domain.entities import Character, Interest, InterestLevel
from boudoir.domain.errors import NameConfusable, NotFound
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.names import name_key
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.names import name_clash
from boudoir.storage.profile_json import decode, encode
from boudoir.storage.statements import chunked, missing_accounts
from boudoir.storage.tables import accounts, character_images, character_interests, characters


def _profile(character: Character) -> dict[str, Any]:
    """The columns ``update`` replaces: the profile, without the name and the owner."""
    return {
        "pronouns": character.pronouns,
        "short_description": character.short_description,
        "long_description": character.long_description,
        "declared_age": character.declared_age,
        "hard_limits": list(character.hard_limits),
        "profile_audience": character.profile_audience.value,
        "profile": encode(
            character.details, character.kinks, character.custom_kinks, character.visibility
        ),
        "findable": character.findable,
    }


def _interest_rows(character: Character) -> list[dict[str, Any]]:
    return [
        {
            "character_id": character.id,
            "position": position,
            "topic": interest.topic,
            "level": interest.level.value,
        }
        for position, interest in enumerate(character.interests)
    ]


def _character(row: sa.Row[Any], interests: Sequence[Interest]) -> Character:
    details, kinks, custom, visibility = decode(row.profile)
    return Character(
        id=CharacterId(row.id),
        account_id=AccountId(row.account_id),
        name=row.name,
        created_at=row.created_at,
        pronouns=row.pronouns,
        short_description=row.short_description,
        long_description=row.long_description,
        declared_age=row.declared_age,
        interests=tuple(interests),
        hard_limits=tuple(row.hard_limits),
        details=details,
        kinks=kinks,
        custom_kinks=custom,
        visibility=visibility,
        findable=row.findable,
        has_image=row.has_image,
    )


async def _load(connection: AsyncConnection, query: sa.Select[Any]) -> list[Character]:
    """Run ``query`` (over ``characters``) and attach each character's interests: two
    queries whatever the number of characters."""
    rows = (await connection.execute(query)).all()
    interests: defaultdict[str, list[Interest]] = defaultdict(list)
    for chunk in chunked([row.id for row in rows]):
        interest_query = (
            sa.select(character_interests)
            .where(character_interests.c.character_id.in_(chunk))
            .order_by(character_interests.c.character_id, character_interests.c.position)
        )
        for interest in await connection.execute(interest_query):
            interests[interest.character_id].append(
                Interest(topic=interest.topic, level=InterestLevel(interest.level))
            )
    return [_character(row, interests[row.id]) for row in rows]


def _look_alike(name: str, holder: str) -> NameConfusable:
    return NameConfusable(f"The name {name!r} looks too much like {holder!r}, in use.")


class SqlCharacterRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, character: Character, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` (or ``NameConfusable`` when only the skeleton matched)
        if another character holds the name, ``NotFound`` if the owner's account is gone."""
        row = {
            "id": character.id,
            "account_id": character.account_id,
            "name": character.name,
            "name_key": name_key(character.name),
            "name_skeleton": skeleton,
            "created_at": character.created_at,
            **_profile(character),
        }
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(characters.insert(), row)
                interest_rows = _interest_rows(character)
                if interest_rows:
                    await connection.execute(character_interests.insert(), interest_rows)
        except IntegrityError as error:
            async with read_transaction(self._engine) as connection:
                clash = await name_clash(connection, characters, character.name, skeleton)
                missing = await missing_accounts(connection, [character.account_id])
            if clash is not None:
                raise clash from error
            if missing:
                raise NotFound("That account no longer exists.") from error
            raise

    async def get(self, character_id: CharacterId) -> Character | None:
        return await self._one(characters.c.id == character_id)

    async def find_by_name(self, name: str) -> Character | None:
        return await self._one(characters.c.name_key == name_key(name))

    async def _one(self, condition: sa.ColumnElement[bool]) -> Character | None:
        async with read_transaction(self._engine) as connection:
            found = await _load(connection, sa.select(characters).where(condition))
        return found[0] if found else None

    async def list_for_account(self, account_id: AccountId) -> list[Character]:
        """Oldest first."""
        query = (
            sa.select(characters)
            .where(characters.c.account_id == account_id)
            .order_by(characters.c.created_at, characters.c.id)
        )
        async with read_transaction(self._engine) as connection:
            return await _load(connection, query)

    async def recase(self, character_id: CharacterId, name: str, skeleton: str) -> None:
        """See ``CharacterRepository.recase``. The name key is unchanged, so only the
        skeleton can clash: checked against accounts here (their table is not ours), against
        characters by the unique index too."""
        async with write_transaction(self._engine) as connection:
            owner = (
                await connection.execute(
                    sa.select(characters.c.account_id).where(characters.c.id == character_id)
                )
            ).scalar_one_or_none()
            if owner is None:
                return
            holders = sa.union_all(
                sa.select(accounts.c.name).where(
                    accounts.c.name_skeleton == skeleton, accounts.c.id != owner
                ),
                sa.select(characters.c.name).where(
                    characters.c.name_skeleton == skeleton, characters.c.id != character_id
                ),
            ).subquery()
            holder = (
                await connection.execute(sa.select(holders.c.name).order_by(holders.c.name))
            ).first()
            if holder is not None:
                raise _look_alike(name, holder.name)
            statement = (
                characters.update()
                .where(characters.c.id == character_id)
                .values(name=name, name_skeleton=skeleton)
            )
            try:
                await connection.execute(statement)
            except IntegrityError as error:  # a look-alike was taken meanwhile
                raise NameConfusable(
                    f"The name {name!r} looks too much like a name already in use."
                ) from error

    async def update(self, character: Character) -> None:
        """Replace the profile (name, owner and creation time stay). A character deleted
        meanwhile stays deleted: the update does nothing."""
        statement = (
            characters.update().where(characters.c.id == character.id).values(_profile(character))
        )
        async with write_transaction(self._engine) as connection:
            if not (await connection.execute(statement)).rowcount:
                return
            await connection.execute(
                character_interests.delete().where(
                    character_interests.c.character_id == character.id
                )
            )
            interest_rows = _interest_rows(character)
            if interest_rows:
                await connection.execute(character_interests.insert(), interest_rows)

    async def findable(self) -> list[Character]:
        """The characters that asked to be found by partner search, by name key."""
        query = sa.select(characters).where(characters.c.findable).order_by(characters.c.name_key)
        async with read_transaction(self._engine) as connection:
            return await _load(connection, query)

    async def set_image(self, character_id: CharacterId, content_type: str, data: bytes) -> None:
        """Store the character's image, replacing any; nothing if the character is gone."""
        async with write_transaction(self._engine) as connection:
            marked = await connection.execute(
                characters.update().where(characters.c.id == character_id).values(has_image=True)
            )
            if not marked.rowcount:
                return
            await connection.execute(
                character_images.delete().where(character_images.c.character_id == character_id)
            )
            await connection.execute(
                character_images.insert(),
                {"character_id": character_id, "content_type": content_type, "data": data},
            )

    async def image(self, character_id: CharacterId) -> tuple[str, bytes] | None:
        """(content type, bytes) of the character's image, or None."""
        query = sa.select(character_images.c.content_type, character_images.c.data).where(
            character_images.c.character_id == character_id
        )
        async with read_transaction(self._engine) as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else (row.content_type, bytes(row.data))

    async def delete_image(self, character_id: CharacterId) -> None:
        """Remove the character's image; removing none is not an error."""
        async with write_transaction(self._engine) as connection:
            await connection.execute(
                character_images.delete().where(character_images.c.character_id == character_id)
            )
            await connection.execute(
                characters.update().where(characters.c.id == character_id).values(has_image=False)
            )

    async def delete(self, character_id: CharacterId) -> None:
        """Delete the character and its interests. Deleting twice is not an error."""
        async with write_transaction(self._engine) as connection:
            await connection.execute(characters.delete().where(characters.c.id == character_id))
