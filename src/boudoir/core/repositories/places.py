"""The repositories of places: rooms, the walkable world (exits, things, homes, last seen,
builders) and offline mail.

Protocols only; ``storage/`` and ``testing/fakes.py`` implement them. Imports ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

from boudoir.domain.entities import Room
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.mail import Mail
from boudoir.domain.places import Exit, Thing


class RoomRepository(Protocol):
    async def add(self, room: Room, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if a room of the same name key exists, or its subclass
        ``NameConfusable``, naming that room, if only the skeleton matches one. Rooms are a
        namespace of their own: account and character names do not clash with them."""
        ...

    async def get(self, room_id: RoomId) -> Room | None: ...

    async def find_by_name(self, name: str) -> Room | None: ...

    async def list_all(self) -> list[Room]: ...

    async def update(self, room: Room) -> None:
        """Replace topic, description, rating, visibility, limit, moderators and bans."""
        ...

    async def give_to_server(self, room_id: RoomId) -> None:
        """No account owns the room from now on (``SERVER_OWNED``); nothing else changes."""
        ...

    async def delete(self, room_id: RoomId) -> None: ...


class WorldRepository(Protocol):
    """The walkable world (``domain.places``): exits, things, each character's home and when
    it was last seen, and which accounts are builders.

    Recycling a room deletes its exits and unlinks the exits into it; things lying there, and
    things carried by a deleted character, are back with their owner (no carrier, no room).
    Erasing an account deletes its exits, its things, its builder grant and its characters'
    homes; a home whose room goes is forgotten (the server's default room stands in)."""

    async def add_exit(self, exit: Exit) -> None:
        """Insert. Raises ``NotFound`` if its owner or either room is gone."""
        ...

    async def get_exit(self, exit_id: str) -> Exit | None: ...

    async def exits_from(self, room_id: RoomId) -> list[Exit]:
        """Oldest first."""
        ...

    async def exits_owned_by(self, account_id: AccountId) -> list[Exit]:
        """Oldest first."""
        ...

    async def update_exit(self, exit: Exit) -> None:
        """Replace name, aliases, destination, lock and description. Raises ``NotFound`` if
        the destination room is gone."""
        ...

    async def delete_exit(self, exit_id: str) -> None: ...

    async def add_thing(self, thing: Thing) -> None:
        """Insert. Raises ``NotFound`` if its owner, carrier or room is gone."""
        ...

    async def get_thing(self, thing_id: str) -> Thing | None: ...

    async def things_carried(self, character_id: CharacterId) -> list[Thing]:
        """Oldest first."""
        ...

    async def things_in(self, room_id: RoomId) -> list[Thing]:
        """Oldest first."""
        ...

    async def things_owned_by(self, account_id: AccountId) -> list[Thing]:
        """Oldest first, wherever they are."""
        ...

    async def update_thing(self, thing: Thing) -> None:
        """Replace name, description, lock and where it is. Raises ``NotFound`` if the new
        carrier or room is gone."""
        ...

    async def delete_thing(self, thing_id: str) -> None: ...

    async def set_home(self, character_id: CharacterId, room_id: RoomId | None) -> None:
        """Set (or, with None, forget) a character's home. Raises ``NotFound`` if the
        character or the room is gone."""
        ...

    async def home(self, character_id: CharacterId) -> RoomId | None: ...

    async def set_builder(self, account_id: AccountId, builder: bool, at: dt.datetime) -> None:
        """Grant or revoke building. Raises ``NotFound`` if the account is gone."""
        ...

    async def is_builder(self, account_id: AccountId) -> bool: ...

    async def set_last_seen(self, seen: Mapping[CharacterId, dt.datetime]) -> None:
        """Record when each character was last online; characters gone are skipped, and a
        time earlier than the one recorded changes nothing."""
        ...

    async def last_seen(self, character_id: CharacterId) -> dt.datetime | None: ...


class MailRepository(Protocol):
    """Offline mail (``domain.mail``). Erasing an account deletes the letters it sent and the
    letters it received; deleting a character deletes its mailbox and keeps the letters it
    sent, under the name it sent them as."""

    async def add(self, mail: Mail) -> None:
        """Insert. Raises ``NotFound`` if the sender's account or the recipient is gone."""
        ...

    async def get(self, mail_id: str) -> Mail | None: ...

    async def inbox(self, character_id: CharacterId) -> list[Mail]:
        """Oldest first."""
        ...

    async def sent_by(self, account_id: AccountId) -> list[Mail]:
        """Oldest first."""
        ...

    async def received_by(self, account_id: AccountId) -> list[Mail]:
        """Every letter to any of the account's characters, oldest first."""
        ...

    async def mark_read(self, mail_id: str, at: dt.datetime) -> None:
        """Record the first reading; later readings change nothing."""
        ...

    async def delete(self, mail_id: str) -> bool:
        """Whether there was such a letter."""
        ...

    async def unread_count(self, character_id: CharacterId) -> int: ...

    async def count(self, character_id: CharacterId) -> int:
        """Letters in the mailbox, read or not."""
        ...

    async def delete_sent_before(self, cutoff: dt.datetime) -> int:
        """Delete every letter sent before ``cutoff``; returns how many."""
        ...
