"""Friends and blocks. Both are by account: they cover every character of both accounts.

A block hides each side's presence from the other, stops direct messages, whispers and
invitations both ways, and removes each from the other's view of shared rooms. It is never
announced: the blocked side sees only what anyone sees of someone offline or not accepting.
"""

from __future__ import annotations

from collections.abc import Callable

from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Store
from boudoir.core.presence import PresenceService
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import RoomService
from boudoir.domain import consent
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
        self.blocked_observers: list[Callable[[AccountId, AccountId], None]] = []
        """Told of each block made here (blocker, blocked): calls between them end."""

    async def _account_of(self, me: AccountId, name: str) -> tuple[AccountId, str]:
        character = await self._store.characters.find_by_name(name.strip())
        if character is None:
            raise NotFound(f"No character is named {name!r}.")
        if character.account_id == me:
            raise InvalidInput("That is one of your own characters.")
        return character.account_id, character.name

    async def ties(self, actor: AccountId, subject: AccountId) -> consent.Ties:
        """The facts between two accounts, from the subject's side, whether or not either is
        online: friends, blocks and contacts from the store, shared rooms from live state."""
        relations = self._store.relations
        return consent.Ties(
            blocked=subject in await relations.blocked_either_way(actor),
            friend=actor in await relations.friends_of(subject),
            share_room=self._registry.share_room(actor, subject),
            accepted=actor in await relations.contacts_of(subject),
        )

    async def cache(self, account_id: AccountId, *, again: bool = False) -> None:
        """Cache the account's relations, unless a live connection of it already has (or
        ``again``: read them anew for an account online here, changed on another node). The
        lookups are read into locals and installed after the last await: while they wait,
        another connection of the account may log in, or close as its last and drop the
        caches, so nothing here may lean on what the registry held before an await."""
        if again:
            await self._cache_again(account_id)
            return
        if account_id in self._registry.by_account:
            return
        relations = self._store.relations
        blocked = set(await relations.blocked_either_way(account_id))
        blocking = set(await relations.blocks_by(account_id))
        friends = set(await relations.friends_of(account_id))
        contacts = set(await relations.contacts_of(account_id))
        if account_id in self._registry.by_account:
            return  # another connection logged in meanwhile and installed its own
        self._install(account_id, blocked, blocking, friends, contacts)
        for other in blocked:
            if other in self._registry.by_account:
                self._registry.blocked.setdefault(other, set()).add(account_id)

    async def _cache_again(self, account_id: AccountId) -> None:
        relations = self._store.relations
        blocked = set(await relations.blocked_either_way(account_id))
        blocking = set(await relations.blocks_by(account_id))
        friends = set(await relations.friends_of(account_id))
        contacts = set(await relations.contacts_of(account_id))
        if account_id not in self._registry.by_account:
            return  # gone meanwhile: nothing of it is cached
        before = self._registry.blocked.get(account_id, set())
        self._install(account_id, blocked, blocking, friends, contacts)
        for other in before - blocked:
            self._registry.blocked.get(other, set()).discard(account_id)
        for other in blocked:
            if other in self._registry.by_account:
                self._registry.blocked.setdefault(other, set()).add(account_id)

    def _install(
        self,
        account_id: AccountId,
        blocked: set[AccountId],
        blocking: set[AccountId],
        friends: set[AccountId],
        contacts: set[AccountId],
    ) -> None:
        """Hold an online account's relations. An empty one is left out rather than kept as
        an empty set: most people block no one and have no friends yet, and four empty sets
        per account were most of what a login cost in memory. Every reader asks with
        ``get`` (no entry: none), and every writer adds with ``setdefault``."""
        registry = self._registry
        for cache, found in (
            (registry.blocked, blocked),
            (registry.blocking, blocking),
            (registry.friends, friends),
            (registry.contacts, contacts),
        ):
            if found:
                cache[account_id] = found
            else:
                cache.pop(account_id, None)

    # --- By account: the HTTP API, and the connection methods below -----------------------

    async def befriend(self, me: AccountId, name: str) -> str:
        """Add the person behind the character ``name`` to ``me``'s friend list; returns the
        name they are listed by. Whoever of the two is online sees presence change at once."""
        account_id, shown = await self._account_of(me, name)
        before = self._presence.between(me, account_id)
        await self._store.relations.add_friend(me, account_id, shown)
        if me in self._registry.by_account:
            self._registry.friends.setdefault(me, set()).add(account_id)
        self._registry.watch.relations_changed(me)
        # A friend's messages are delivered: one of theirs waiting as a request is too.
        await self._messages.accept_waiting(me, account_id)
        self._presence.reshow(before, self._presence.between(me, account_id))
        return shown

    async def unfriend(self, me: AccountId, name: str) -> None:
        """Take ``name`` (a label on the list, or any character of a friend) off the list."""
        key = name_key(name)
        friends = await self._store.relations.friends_of(me)
        found = next((a for a, label in friends.items() if name_key(label) == key), None)
        if found is None:
            found, _ = await self._account_of(me, name)
            if found not in friends:
                raise NotFound(f"{name} is not on your friend list.")
        account_id = found
        before = self._presence.between(me, account_id)
        await self._store.relations.remove_friend(me, account_id)
        self._registry.friends.get(me, set()).discard(account_id)
        self._registry.watch.relations_changed(me)
        self._presence.reshow(before, self._presence.between(me, account_id))

    async def friends_of(self, me: AccountId) -> list[str]:
        return sorted((await self._store.relations.friends_of(me)).values(), key=str.casefold)

    async def block_account(self, me: AccountId, name: str) -> str:
        """Block the person behind a character. Takes effect at once on every connection of
        both accounts; returns the name the block is listed by."""
        account_id, shown = await self._account_of(me, name)
        # Stored first: a store that fails leaves nothing changed, nothing half shown.
        await self._store.relations.add_block(me, account_id, shown)
        # Seen from each side, the other leaves shared rooms and goes offline, as if they had
        # quit: the block itself is never shown.
        before = self._presence.between(me, account_id)
        # Every node holds the block before it hears of anything decided after it.
        self._registry.watch.block_added(me, account_id)
        self._rooms.hide_pair(me, account_id)
        hold_block(self._registry, me, account_id)
        self._registry.watch.relations_changed(me, account_id)
        for observer in self.blocked_observers:
            observer(me, account_id)
        self._messages.drop_between(me, account_id)
        self._rooms.retell_topics(me, account_id)
        await self._rooms.relist_between(me, account_id)
        self._presence.reshow(before, self._presence.between(me, account_id))
        return shown

    async def unblock_account(self, me: AccountId, name: str) -> None:
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
        self._registry.blocking.get(me, set()).discard(target)
        for side in (me, target):
            if side in self._registry.by_account:
                still = set(await self._store.relations.blocked_either_way(side))
                if still:
                    self._registry.blocked[side] = still
                else:
                    self._registry.blocked.pop(side, None)
        self._registry.watch.relations_changed(me, target)
        self._presence.reshow(before, self._presence.between(me, target))
        self._rooms.retell_topics(me, target)
        await self._rooms.relist_between(me, target)
        if not await self._blocked_either_way(me, target):
            self._rooms.show_pair(me, target)

    async def _blocked_either_way(self, a: AccountId, b: AccountId) -> bool:
        if a in self._registry.by_account:
            return self._registry.blocks(a, b)
        return b in await self._store.relations.blocked_either_way(a)

    async def blocks_of(self, me: AccountId) -> list[str]:
        return sorted((await self._store.relations.blocks_by(me)).values(), key=str.casefold)

    # --- By connection: the IRC gateway and the socket ------------------------------------

    async def add_friend(self, connection: Connection, name: str) -> str:
        return await self.befriend(connection.account.id, name)

    async def remove_friend(self, connection: Connection, name: str) -> None:
        await self.unfriend(connection.account.id, name)

    async def friends(self, connection: Connection) -> list[str]:
        return sorted((await self._store.relations.friends_of(connection.account.id)).values())

    async def block(self, connection: Connection, name: str) -> str:
        """Block the person behind a character. Takes effect at once on every connection."""
        return await self.block_account(connection.account.id, name)

    async def unblock(self, connection: Connection, name: str) -> None:
        await self.unblock_account(connection.account.id, name)

    async def blocks(self, connection: Connection) -> list[str]:
        return sorted((await self._store.relations.blocks_by(connection.account.id)).values())


def hold_block(registry: Registry, blocker: AccountId, blocked: AccountId) -> None:
    """Hold a block made here or on another node in ``registry``'s caches, for whichever of
    the two is online: from now on every consent question between them sees it."""
    if blocker in registry.by_account:
        registry.blocked.setdefault(blocker, set()).add(blocked)
        registry.blocking.setdefault(blocker, set()).add(blocked)
    if blocked in registry.by_account:
        registry.blocked.setdefault(blocked, set()).add(blocker)
