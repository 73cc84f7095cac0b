"""Friends and blocks. Both are by account: they cover every character of both accounts.

A block hides each side's presence from the other, stops direct messages, whispers and
invitations both ways, and removes each from the other's view of shared rooms. It is never
announced: the blocked side sees only what anyone sees of someone offline or not accepting.
"""

from __future__ import annotations

from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Store
from boudoir.core.presence import PresenceService
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import RoomService
from boudoir.domain.errors import InvalidInput, NotFound
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key


class RelationService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        messages: MessagingService,
        presence: PresenceService,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._messages = messages
        self._presence = presence

    async def _account_of(self, connection: Connection, name: str) -> tuple[AccountId, str]:
        character = await self._store.characters.find_by_name(name.strip())
        if character is None:
            raise NotFound(f"No character is named {name!r}.")
        if character.account_id == connection.account.id:
            raise InvalidInput("That is one of your own characters.")
        return character.account_id, character.name

    async def add_friend(self, connection: Connection, name: str) -> str:
        account_id, shown = await self._account_of(connection, name)
        before = self._presence.between(connection.account.id, account_id)
        await self._store.relations.add_friend(connection.account.id, account_id, shown)
        self._registry.friends.setdefault(connection.account.id, set()).add(account_id)
        self._presence.reshow(before, self._presence.between(connection.account.id, account_id))
        return shown

    async def remove_friend(self, connection: Connection, name: str) -> None:
        key = name_key(name)
        friends = await self._store.relations.friends_of(connection.account.id)
        found = next((a for a, label in friends.items() if name_key(label) == key), None)
        if found is None:
            found, _ = await self._account_of(connection, name)
            if found not in friends:
                raise NotFound(f"{name} is not on your friend list.")
        account_id = found
        before = self._presence.between(connection.account.id, account_id)
        await self._store.relations.remove_friend(connection.account.id, account_id)
        self._registry.friends.get(connection.account.id, set()).discard(account_id)
        self._presence.reshow(before, self._presence.between(connection.account.id, account_id))

    async def friends(self, connection: Connection) -> list[str]:
        return sorted((await self._store.relations.friends_of(connection.account.id)).values())

    async def block(self, connection: Connection, name: str) -> str:
        """Block the person behind a character. Takes effect at once on every connection."""
        me = connection.account.id
        account_id, shown = await self._account_of(connection, name)
        # Seen from each side, the other leaves shared rooms and goes offline, as if they had
        # quit: the block itself is never shown.
        before = self._presence.between(me, account_id)
        self._rooms.hide_pair(me, account_id)
        await self._store.relations.add_block(me, account_id, shown)
        self._registry.blocked.setdefault(me, set()).add(account_id)
        if account_id in self._registry.by_account:
            self._registry.blocked.setdefault(account_id, set()).add(me)
        self._messages.drop_between(me, account_id)
        self._presence.reshow(before, self._presence.between(me, account_id))
        return shown

    async def unblock(self, connection: Connection, name: str) -> None:
        me = connection.account.id
        key = name_key(name)
        blocks = await self._store.relations.blocks_by(me)
        target = next((a for a, label in blocks.items() if name_key(label) == key), None)
        if target is None:
            character = await self._store.characters.find_by_name(name.strip())
            if character is None or character.account_id not in blocks:
                raise NotFound(f"You do not block {name}.")
            target = character.account_id
        before = self._presence.between(me, target)
        await self._store.relations.remove_block(me, target)
        still = await self._store.relations.blocked_either_way(me)
        self._registry.blocked[me] = set(still)
        if target in self._registry.by_account:
            self._registry.blocked[target] = set(
                await self._store.relations.blocked_either_way(target)
            )
        self._presence.reshow(before, self._presence.between(me, target))
        if not self._registry.blocks(me, target):
            self._rooms.show_pair(me, target)

    async def blocks(self, connection: Connection) -> list[str]:
        return sorted((await self._store.relations.blocks_by(connection.account.id)).values())
