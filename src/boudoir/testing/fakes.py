"""An in-memory ``Store`` for fast core tests. The contract suite runs it beside the SQL stores,
so it behaves as they do."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection

from boudoir.core.ports import LoginSession, NameHolder
from boudoir.domain.entities import LIST_SETTINGS, SERVER_OWNED, Account, Character, Room
from boudoir.domain.errors import NameConfusable, NameTaken, NotFound
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.invitations import Invitation
from boudoir.domain.names import name_key
from boudoir.testing.automod import MemoryAutomod
from boudoir.testing.logs import MemoryLogs
from boudoir.testing.moderation import MemoryModeration
from boudoir.testing.world import MemoryMail, MemoryWorld


class _Names:
    """One table's unique name keys and skeletons, as the SQL stores index them."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.skeletons: dict[str, str] = {}
        self.shown: dict[str, str] = {}
        """Owner -> name as shown, to name the holder of a look-alike."""

    def claim(self, owner: str, name: str, skeleton: str, what: str) -> None:
        key = name_key(name)
        if key in self.keys:
            raise NameTaken(f"The {what} name {name!r} is already taken.")
        holder = self.skeletons.get(skeleton)
        if holder is not None:
            raise NameConfusable(
                f"The {what} name {name!r} looks too much like {self.shown[holder]!r}, in use."
            )
        self.keys[key] = owner
        self.skeletons[skeleton] = owner
        self.shown[owner] = name

    def release(self, owner: str) -> None:
        self.shown.pop(owner, None)
        for index in (self.keys, self.skeletons):
            for k in [k for k, v in index.items() if v == owner]:
                del index[k]


class MemoryAccounts:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.rows: dict[AccountId, Account] = {}
        self.skeletons: dict[AccountId, str] = {}
        self.names = _Names()

    async def add(self, account: Account, skeleton: str) -> None:
        self.names.claim(account.id, account.name, skeleton, "account")
        self.rows[account.id] = account
        self.skeletons[account.id] = skeleton

    async def get(self, account_id: AccountId) -> Account | None:
        return self.rows.get(account_id)

    async def find_by_name(self, name: str) -> Account | None:
        owner = self.names.keys.get(name_key(name))
        return self.rows.get(AccountId(owner)) if owner else None

    async def update(self, account: Account) -> None:
        if account.id in self.rows:
            self.rows[account.id] = dataclasses.replace(account, name=self.rows[account.id].name)

    async def list_all(self) -> list[Account]:
        return sorted(self.rows.values(), key=lambda a: a.created_at)

    async def revisions(self, account_ids: Collection[AccountId]) -> dict[AccountId, int]:
        return {i: self.rows[i].revision for i in account_ids if i in self.rows}

    async def erase(self, account_id: AccountId) -> None:
        store = self._store
        if self.rows.pop(account_id, None) is None:
            return
        self.names.release(account_id)
        for character in [c for c in store.characters.rows.values() if c.account_id == account_id]:
            await store.characters.delete(character.id)
        for room in list(store.rooms.rows.values()):
            if room.owner_id == account_id:
                await store.rooms.delete(room.id)
            else:
                room = dataclasses.replace(room, moderator_ids=room.moderator_ids - {account_id})
                for setting in LIST_SETTINGS:
                    room = room.with_list(setting, room.account_list(setting).without(account_id))
                store.rooms.rows[room.id] = room
        store.logins.forget_account(account_id)
        store.logs.forget_account(account_id)
        store.moderation.forget_account(account_id)
        store.world.forget_account(account_id)
        store.mail.forget_account(account_id)
        relations = store.relations
        for table in (relations.friends, relations.blocks, relations.contacts):
            for pair in [p for p in table if account_id in p]:
                del table[pair]


def _require(store: MemoryStore, *account_ids: AccountId) -> None:
    """Foreign keys, as the SQL stores have them."""
    for account_id in account_ids:
        if account_id not in store.accounts.rows:
            raise NotFound("No such account.")


class MemoryCharacters:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.rows: dict[CharacterId, Character] = {}
        self.names = _Names()
        self.images: dict[CharacterId, tuple[str, bytes]] = {}

    async def add(self, character: Character, skeleton: str) -> None:
        _require(self._store, character.account_id)
        self.names.claim(character.id, character.name, skeleton, "character")
        self.rows[character.id] = character

    async def get(self, character_id: CharacterId) -> Character | None:
        return self.rows.get(character_id)

    async def find_by_name(self, name: str) -> Character | None:
        owner = self.names.keys.get(name_key(name))
        return self.rows.get(CharacterId(owner)) if owner else None

    async def list_for_account(self, account_id: AccountId) -> list[Character]:
        mine = [c for c in self.rows.values() if c.account_id == account_id]
        return sorted(mine, key=lambda c: c.created_at)

    async def update(self, character: Character) -> None:
        old = self.rows.get(character.id)
        if old is not None:
            self.rows[character.id] = dataclasses.replace(
                character, name=old.name, account_id=old.account_id, has_image=old.has_image
            )

    async def findable(self) -> list[Character]:
        return sorted((c for c in self.rows.values() if c.findable), key=lambda c: c.name)

    async def set_image(self, character_id: CharacterId, content_type: str, data: bytes) -> None:
        old = self.rows.get(character_id)
        if old is not None:
            self.images[character_id] = (content_type, data)
            self.rows[character_id] = dataclasses.replace(old, has_image=True)

    async def image(self, character_id: CharacterId) -> tuple[str, bytes] | None:
        return self.images.get(character_id)

    async def delete_image(self, character_id: CharacterId) -> None:
        self.images.pop(character_id, None)
        old = self.rows.get(character_id)
        if old is not None:
            self.rows[character_id] = dataclasses.replace(old, has_image=False)

    async def recase(self, character_id: CharacterId, name: str, skeleton: str) -> None:
        old = self.rows.get(character_id)
        if old is None:
            return
        held = self._store.accounts.names.skeletons.get(skeleton)
        if held is not None and held == old.account_id:
            held = None  # the owner's own account name
        if held is None:
            held = self.names.skeletons.get(skeleton)
            if held == character_id:
                held = None
        if held is not None:
            shown = self._store.accounts.names.shown.get(held) or self.names.shown[held]
            raise NameConfusable(f"The name {name!r} looks too much like {shown!r}, in use.")
        for k in [k for k, v in self.names.skeletons.items() if v == character_id]:
            del self.names.skeletons[k]
        self.names.skeletons[skeleton] = character_id
        self.names.shown[character_id] = name
        self.rows[character_id] = dataclasses.replace(old, name=name)

    async def delete(self, character_id: CharacterId) -> None:
        self.images.pop(character_id, None)
        if self.rows.pop(character_id, None) is not None:
            self.names.release(character_id)
            self._store.world.forget_character(character_id)
            self._store.mail.forget_character(character_id)


class MemoryNames:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def holder(self, name: str, skeleton: str) -> NameHolder | None:
        key = name_key(name)
        accounts, characters = self._store.accounts, self._store.characters
        # Exact matches first, accounts before characters, as the SQL stores answer.
        for exact in (True, False):
            for names in (accounts.names, characters.names):
                owner = names.keys.get(key) if exact else names.skeletons.get(skeleton)
                if owner is not None:
                    return self._holder(owner, exact=exact)
        return None

    def _holder(self, owner: str, *, exact: bool) -> NameHolder:
        account = self._store.accounts.rows.get(AccountId(owner))
        if account is not None:
            return NameHolder(account.id, account.name, exact)
        character = self._store.characters.rows[CharacterId(owner)]
        return NameHolder(character.account_id, character.name, exact)


class MemoryRooms:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.rows: dict[RoomId, Room] = {}
        self.names = _Names()
        """Rooms' own: a room may share an account's or a character's name."""

    async def add(self, room: Room, skeleton: str) -> None:
        owner = () if room.owner_id == SERVER_OWNED else (room.owner_id,)
        _require(self._store, *owner, *_listed(room))
        self.names.claim(room.id, room.name, skeleton, "room")
        self.rows[room.id] = room

    async def get(self, room_id: RoomId) -> Room | None:
        return self.rows.get(room_id)

    async def find_by_name(self, name: str) -> Room | None:
        owner = self.names.keys.get(name_key(name))
        return self.rows.get(RoomId(owner)) if owner else None

    async def list_all(self) -> list[Room]:
        return sorted(self.rows.values(), key=lambda r: name_key(r.name))

    async def update(self, room: Room) -> None:
        old = self.rows.get(room.id)
        if old is not None:
            _require(self._store, *_listed(room))
            self.rows[room.id] = dataclasses.replace(room, name=old.name, owner_id=old.owner_id)

    async def give_to_server(self, room_id: RoomId) -> None:
        room = self.rows.get(room_id)
        if room is not None:
            self.rows[room_id] = dataclasses.replace(room, owner_id=SERVER_OWNED)

    async def delete(self, room_id: RoomId) -> None:
        if self.rows.pop(room_id, None) is not None:
            self.names.release(room_id)
            self._store.world.forget_room(room_id)


def _listed(room: Room) -> set[AccountId]:
    """The accounts a room refers to besides its owner: moderators and every list."""
    listed = set(room.moderator_ids)
    for setting in LIST_SETTINGS:
        listed |= room.account_list(setting).ids
    return listed


Pair = tuple[AccountId, AccountId]


class MemoryRelations:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.friends: dict[Pair, str] = {}
        self.blocks: dict[Pair, str] = {}
        self.contacts: dict[Pair, str] = {}

    @staticmethod
    def _of(table: dict[Pair, str], owner: AccountId) -> dict[AccountId, str]:
        return {other: label for (o, other), label in table.items() if o == owner}

    async def add_friend(self, owner: AccountId, friend: AccountId, label: str) -> None:
        _require(self._store, owner, friend)
        self.friends[owner, friend] = label

    async def remove_friend(self, owner: AccountId, friend: AccountId) -> None:
        self.friends.pop((owner, friend), None)

    async def friends_of(self, owner: AccountId) -> dict[AccountId, str]:
        return self._of(self.friends, owner)

    async def add_block(self, blocker: AccountId, blocked: AccountId, label: str) -> None:
        _require(self._store, blocker, blocked)
        self.blocks[blocker, blocked] = label

    async def remove_block(self, blocker: AccountId, blocked: AccountId) -> None:
        self.blocks.pop((blocker, blocked), None)

    async def blocks_by(self, blocker: AccountId) -> dict[AccountId, str]:
        return self._of(self.blocks, blocker)

    async def blocked_either_way(self, account: AccountId) -> set[AccountId]:
        return {b if a == account else a for (a, b) in self.blocks if account in (a, b)}

    async def add_contact(self, owner: AccountId, other: AccountId, label: str) -> None:
        _require(self._store, owner, other)
        self.contacts[owner, other] = label

    async def contacts_of(self, owner: AccountId) -> dict[AccountId, str]:
        return self._of(self.contacts, owner)


class MemoryLogins:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.rows: dict[str, LoginSession] = {}
        self.hashes: dict[str, str] = {}
        """Token hash -> session id."""

    async def add(self, session: LoginSession, token_hash: str) -> None:
        _require(self._store, session.account_id)
        if token_hash in self.hashes or session.id in self.rows:
            raise ValueError("duplicate login session")  # a unique key, as in SQL
        self.rows[session.id] = session
        self.hashes[token_hash] = session.id

    async def find(self, token_hash: str) -> LoginSession | None:
        login_id = self.hashes.get(token_hash)
        return None if login_id is None else self.rows.get(login_id)

    async def touch(self, login_id: str, last_seen_at: dt.datetime) -> None:
        session = self.rows.get(login_id)
        if session is not None:
            self.rows[login_id] = dataclasses.replace(session, last_seen_at=last_seen_at)

    async def list_for_account(self, account_id: AccountId) -> list[LoginSession]:
        mine = [s for s in self.rows.values() if s.account_id == account_id]
        return sorted(mine, key=lambda s: (s.created_at, s.id))

    async def delete(self, login_ids: Collection[str]) -> None:
        for login_id in login_ids:
            self.rows.pop(login_id, None)
        self.hashes = {h: i for h, i in self.hashes.items() if i in self.rows}

    async def delete_unused_since(self, cutoff: dt.datetime) -> int:
        expired = [i for i, s in self.rows.items() if s.last_seen_at <= cutoff]
        await self.delete(expired)
        return len(expired)

    def forget_account(self, account_id: AccountId) -> None:
        """The cascade of erasing an account."""
        for login_id in [i for i, s in self.rows.items() if s.account_id == account_id]:
            del self.rows[login_id]
        self.hashes = {h: i for h, i in self.hashes.items() if i in self.rows}


class MemoryInvitations:
    def __init__(self) -> None:
        self.rows: dict[str, Invitation] = {}

    async def add(self, invitation: Invitation) -> None:
        if any(i.code_hash == invitation.code_hash for i in self.rows.values()):
            raise ValueError("an invitation with that code exists")
        self.rows[invitation.id] = invitation

    async def get(self, invitation_id: str) -> Invitation | None:
        return self.rows.get(invitation_id)

    async def find(self, code_hash: str) -> Invitation | None:
        return next((i for i in self.rows.values() if i.code_hash == code_hash), None)

    async def list_all(self) -> list[Invitation]:
        return sorted(self.rows.values(), key=lambda i: (i.created_at, i.id))

    async def consume(self, invitation_id: str, now: dt.datetime) -> bool:
        found = self.rows.get(invitation_id)
        if found is None or found.problem(now) is not None:
            return False
        self.rows[invitation_id] = dataclasses.replace(found, uses=found.uses + 1)
        return True

    async def release(self, invitation_id: str) -> None:
        found = self.rows.get(invitation_id)
        if found is not None and found.uses > 0:
            self.rows[invitation_id] = dataclasses.replace(found, uses=found.uses - 1)

    async def revoke(self, invitation_id: str, at: dt.datetime) -> bool:
        found = self.rows.get(invitation_id)
        if found is None:
            return False
        if found.revoked_at is None:
            self.rows[invitation_id] = dataclasses.replace(found, revoked_at=at)
        return True


class MemoryStore:
    """Implements ``core.ports.Store`` in dictionaries. For tests only: it keeps nothing."""

    def __init__(self) -> None:
        self._accounts = MemoryAccounts(self)
        self._characters = MemoryCharacters(self)
        self._names = MemoryNames(self)
        self._rooms = MemoryRooms(self)
        self._relations = MemoryRelations(self)
        self._logins = MemoryLogins(self)
        self._logs = MemoryLogs(self._accounts.rows.keys())
        self._moderation = MemoryModeration(self)
        self._automod = MemoryAutomod()
        self._world = MemoryWorld(self)
        self._mail = MemoryMail(self)
        self._invitations = MemoryInvitations()

    @property
    def world(self) -> MemoryWorld:
        return self._world

    @property
    def mail(self) -> MemoryMail:
        return self._mail

    @property
    def invitations(self) -> MemoryInvitations:
        return self._invitations

    @property
    def automod(self) -> MemoryAutomod:
        return self._automod

    @property
    def accounts(self) -> MemoryAccounts:
        return self._accounts

    @property
    def characters(self) -> MemoryCharacters:
        return self._characters

    @property
    def names(self) -> MemoryNames:
        return self._names

    @property
    def rooms(self) -> MemoryRooms:
        return self._rooms

    @property
    def relations(self) -> MemoryRelations:
        return self._relations

    @property
    def logins(self) -> MemoryLogins:
        return self._logins

    @property
    def logs(self) -> MemoryLogs:
        return self._logs

    @property
    def moderation(self) -> MemoryModeration:
        return self._moderation

    async def close(self) -> None:
        return None
