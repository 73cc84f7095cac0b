"""Building entities for the contract tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from boudoir.core.ports import Store
from boudoir.domain.entities import Account, Character, Room
from boudoir.domain.ids import AccountId, new_account_id, new_character_id, new_room_id
from boudoir.domain.names import name_key

CREATED = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def skeleton_of(name: str) -> str:
    """Stand-in for the core's UTS #39 skeleton: tests choose collisions explicitly."""
    return f"skeleton:{name_key(name)}"


class Make:
    """Entities with plain defaults, and shortcuts that store them.

    ``make.account("Alice")`` builds; ``await make.stored_account("Alice")`` also adds it.
    Each new entity is created a second after the previous one, so "oldest first" is testable.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._clock = CREATED

    def _tick(self) -> dt.datetime:
        self._clock += dt.timedelta(seconds=1)
        return self._clock

    def account(self, name: str, **fields: Any) -> Account:
        account = Account(
            id=new_account_id(),
            name=name,
            password_hash="$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            born=dt.date(1990, 6, 15),
            created_at=self._tick(),
        )
        return replace(account, **fields)

    def character(self, owner: Account | AccountId, name: str, **fields: Any) -> Character:
        account_id = owner.id if isinstance(owner, Account) else owner
        character = Character(
            id=new_character_id(), account_id=account_id, name=name, created_at=self._tick()
        )
        return replace(character, **fields)

    def room(self, owner: Account | AccountId, name: str, **fields: Any) -> Room:
        account_id = owner.id if isinstance(owner, Account) else owner
        room = Room(id=new_room_id(), name=name, owner_id=account_id, created_at=self._tick())
        return replace(room, **fields)

    async def stored_account(self, name: str, **fields: Any) -> Account:
        account = self.account(name, **fields)
        await self._store.accounts.add(account, skeleton_of(name))
        return account

    async def stored_character(self, owner: Account, name: str, **fields: Any) -> Character:
        character = self.character(owner, name, **fields)
        await self._store.characters.add(character, skeleton_of(name))
        return character

    async def stored_room(self, owner: Account, name: str, **fields: Any) -> Room:
        room = self.room(owner, name, **fields)
        await self._store.rooms.add(room, skeleton_of(name))
        return room
