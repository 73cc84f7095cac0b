"""The in-memory ``WorldRepository`` and ``MailRepository`` of ``MemoryStore``; the contract
suite runs them beside the SQL ones, so they cascade as the foreign keys do."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.mail import Mail
from boudoir.domain.places import Exit, Thing

if TYPE_CHECKING:
    from boudoir.testing.fakes import MemoryStore


class MemoryWorld:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.exits: dict[str, Exit] = {}
        self.things: dict[str, Thing] = {}
        self.homes: dict[CharacterId, RoomId] = {}
        self.builders: dict[AccountId, dt.datetime] = {}
        self.seen: dict[CharacterId, dt.datetime] = {}

    def _require(
        self,
        *,
        accounts: tuple[AccountId | None, ...] = (),
        rooms: tuple[RoomId | None, ...] = (),
        characters: tuple[CharacterId | None, ...] = (),
    ) -> None:
        """Foreign keys, as the SQL stores have them."""
        store = self._store
        if (
            any(a is not None and a not in store.accounts.rows for a in accounts)
            or any(r is not None and r not in store.rooms.rows for r in rooms)
            or any(c is not None and c not in store.characters.rows for c in characters)
        ):
            raise NotFound("That account, character or room no longer exists.")

    # Exits ------------------------------------------------------------------------------------

    async def add_exit(self, exit: Exit) -> None:
        self._require(accounts=(exit.owner_id,), rooms=(exit.source, exit.destination))
        self.exits[exit.id] = exit

    async def get_exit(self, exit_id: str) -> Exit | None:
        return self.exits.get(exit_id)

    async def exits_from(self, room_id: RoomId) -> list[Exit]:
        return _oldest_first([e for e in self.exits.values() if e.source == room_id])

    async def exits_owned_by(self, account_id: AccountId) -> list[Exit]:
        return _oldest_first([e for e in self.exits.values() if e.owner_id == account_id])

    async def update_exit(self, exit: Exit) -> None:
        old = self.exits.get(exit.id)
        if old is None:
            return
        self._require(rooms=(exit.destination,))
        self.exits[exit.id] = dataclasses.replace(
            exit, source=old.source, owner_id=old.owner_id, created_at=old.created_at
        )

    async def delete_exit(self, exit_id: str) -> None:
        self.exits.pop(exit_id, None)

    # Things -----------------------------------------------------------------------------------

    async def add_thing(self, thing: Thing) -> None:
        self._require(accounts=(thing.owner_id,), rooms=(thing.room,), characters=(thing.carrier,))
        self.things[thing.id] = thing

    async def get_thing(self, thing_id: str) -> Thing | None:
        return self.things.get(thing_id)

    async def things_carried(self, character_id: CharacterId) -> list[Thing]:
        return _oldest_first([t for t in self.things.values() if t.carrier == character_id])

    async def things_in(self, room_id: RoomId) -> list[Thing]:
        return _oldest_first([t for t in self.things.values() if t.room == room_id])

    async def things_owned_by(self, account_id: AccountId) -> list[Thing]:
        return _oldest_first([t for t in self.things.values() if t.owner_id == account_id])

    async def update_thing(self, thing: Thing) -> None:
        old = self.things.get(thing.id)
        if old is None:
            return
        self._require(rooms=(thing.room,), characters=(thing.carrier,))
        self.things[thing.id] = dataclasses.replace(
            thing, owner_id=old.owner_id, created_at=old.created_at
        )

    async def delete_thing(self, thing_id: str) -> None:
        self.things.pop(thing_id, None)

    # Homes, builders, last seen ----------------------------------------------------------------

    async def set_home(self, character_id: CharacterId, room_id: RoomId | None) -> None:
        self._require(characters=(character_id,), rooms=(room_id,))
        if room_id is None:
            self.homes.pop(character_id, None)
        else:
            self.homes[character_id] = room_id

    async def home(self, character_id: CharacterId) -> RoomId | None:
        return self.homes.get(character_id)

    async def set_builder(self, account_id: AccountId, builder: bool, at: dt.datetime) -> None:
        self._require(accounts=(account_id,))
        if builder:
            self.builders.setdefault(account_id, at)
        else:
            self.builders.pop(account_id, None)

    async def is_builder(self, account_id: AccountId) -> bool:
        return account_id in self.builders

    async def set_last_seen(self, seen: Mapping[CharacterId, dt.datetime]) -> None:
        for character_id, at in seen.items():
            if character_id in self._store.characters.rows:
                before = self.seen.get(character_id)
                self.seen[character_id] = at if before is None else max(before, at)

    async def last_seen(self, character_id: CharacterId) -> dt.datetime | None:
        return self.seen.get(character_id)

    # The cascades of deleting rooms, characters and accounts ----------------------------------

    def forget_room(self, room_id: RoomId) -> None:
        for exit in list(self.exits.values()):
            if exit.source == room_id:
                del self.exits[exit.id]
            elif exit.destination == room_id:
                self.exits[exit.id] = dataclasses.replace(exit, destination=None)
        for thing in list(self.things.values()):
            if thing.room == room_id:
                self.things[thing.id] = dataclasses.replace(thing, room=None)
        self.homes = {c: r for c, r in self.homes.items() if r != room_id}

    def forget_character(self, character_id: CharacterId) -> None:
        for thing in list(self.things.values()):
            if thing.carrier == character_id:
                self.things[thing.id] = dataclasses.replace(thing, carrier=None)
        self.homes.pop(character_id, None)
        self.seen.pop(character_id, None)

    def forget_account(self, account_id: AccountId) -> None:
        self.exits = {i: e for i, e in self.exits.items() if e.owner_id != account_id}
        self.things = {i: t for i, t in self.things.items() if t.owner_id != account_id}
        self.builders.pop(account_id, None)


class MemoryMail:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.rows: dict[str, Mail] = {}

    async def add(self, mail: Mail) -> None:
        store = self._store
        if (
            mail.sender_account not in store.accounts.rows
            or mail.recipient_account not in store.accounts.rows
            or mail.recipient_character not in store.characters.rows
            or (
                mail.sender_character is not None
                and mail.sender_character not in store.characters.rows
            )
        ):
            raise NotFound("That character no longer exists.")
        self.rows[mail.id] = mail

    async def get(self, mail_id: str) -> Mail | None:
        return self.rows.get(mail_id)

    def _sorted(self, letters: list[Mail]) -> list[Mail]:
        return sorted(letters, key=lambda m: (m.sent_at, m.id))

    async def inbox(self, character_id: CharacterId) -> list[Mail]:
        return self._sorted(
            [m for m in self.rows.values() if m.recipient_character == character_id]
        )

    async def sent_by(self, account_id: AccountId) -> list[Mail]:
        return self._sorted([m for m in self.rows.values() if m.sender_account == account_id])

    async def received_by(self, account_id: AccountId) -> list[Mail]:
        return self._sorted([m for m in self.rows.values() if m.recipient_account == account_id])

    async def mark_read(self, mail_id: str, at: dt.datetime) -> None:
        letter = self.rows.get(mail_id)
        if letter is not None and letter.read_at is None:
            self.rows[mail_id] = dataclasses.replace(letter, read_at=at)

    async def delete(self, mail_id: str) -> bool:
        return self.rows.pop(mail_id, None) is not None

    async def unread_count(self, character_id: CharacterId) -> int:
        return sum(
            1 for m in self.rows.values() if m.recipient_character == character_id and m.unread
        )

    async def count(self, character_id: CharacterId) -> int:
        return sum(1 for m in self.rows.values() if m.recipient_character == character_id)

    async def delete_sent_before(self, cutoff: dt.datetime) -> int:
        old = [i for i, m in self.rows.items() if m.sent_at < cutoff]
        for mail_id in old:
            del self.rows[mail_id]
        return len(old)

    def forget_character(self, character_id: CharacterId) -> None:
        for mail_id, letter in list(self.rows.items()):
            if letter.recipient_character == character_id:
                del self.rows[mail_id]
            elif letter.sender_character == character_id:
                self.rows[mail_id] = dataclasses.replace(letter, sender_character=None)

    def forget_account(self, account_id: AccountId) -> None:
        self.rows = {
            i: m
            for i, m in self.rows.items()
            if account_id not in (m.sender_account, m.recipient_account)
        }


Placed = TypeVar("Placed", Exit, Thing)


def _oldest_first(items: list[Placed]) -> list[Placed]:
    return sorted(items, key=lambda e: (e.created_at, e.id))
