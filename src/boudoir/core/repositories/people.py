"""The repositories of people: accounts, characters, the index of names in use, relations
(friends, blocks, contacts), browser login sessions and invitation codes.

Protocols only; ``storage/`` and ``testing/fakes.py`` implement them. Imports ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from boudoir.domain.entities import Account, Character
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.invitations import Invitation


@dataclass(frozen=True, slots=True)
class NameHolder:
    """Who holds a name that equals or looks like a requested one."""

    account_id: AccountId
    name: str
    exact: bool
    """True when the casefolded names are equal; False when only the skeletons match."""


class AccountRepository(Protocol):
    async def add(self, account: Account, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if another account holds the same name key or skeleton."""
        ...

    async def get(self, account_id: AccountId) -> Account | None: ...

    async def find_by_name(self, name: str) -> Account | None:
        """Look up by login name, compared by ``names.name_key``."""
        ...

    async def update(self, account: Account) -> None:
        """Replace the stored account (name excluded). The caller bumps ``revision``."""
        ...

    async def list_all(self) -> list[Account]: ...

    async def revisions(self, account_ids: Collection[AccountId]) -> dict[AccountId, int]:
        """Current revision of each account that still exists (erased ones are absent)."""
        ...

    async def erase(self, account_id: AccountId) -> None:
        """Delete the account and everything tied to it, in one transaction: its characters,
        friends, blocks and contacts in both directions, the rooms it owns, and its place in
        other rooms' moderator and ban lists."""
        ...


class CharacterRepository(Protocol):
    async def add(self, character: Character, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if another character holds the same key or skeleton."""
        ...

    async def get(self, character_id: CharacterId) -> Character | None: ...

    async def find_by_name(self, name: str) -> Character | None: ...

    async def list_for_account(self, account_id: AccountId) -> list[Character]:
        """Oldest first."""
        ...

    async def update(self, character: Character) -> None:
        """Replace the stored profile (name and owner excluded)."""
        ...

    async def recase(self, character_id: CharacterId, name: str, skeleton: str) -> None:
        """Show the character's name as ``name``, a case variant of its name (the same name
        key, which stays), stored with ``skeleton``, which may differ from the old one
        ("ALICE" gives "allce"). Raises ``NameConfusable``, naming the holder, if another
        character, or the name of an account other than the character's own, has that
        skeleton. A character deleted meanwhile stays deleted."""
        ...

    async def delete(self, character_id: CharacterId) -> None: ...

    async def findable(self) -> list[Character]:
        """The characters that asked to be found by partner search (``findable``)."""
        ...

    async def set_image(self, character_id: CharacterId, content_type: str, data: bytes) -> None:
        """Store the character's image (replacing any) and mark it ``has_image``."""
        ...

    async def image(self, character_id: CharacterId) -> tuple[str, bytes] | None:
        """(content type, bytes) of the character's image, or None."""
        ...

    async def delete_image(self, character_id: CharacterId) -> None:
        """Remove the image and clear ``has_image``; none is not an error."""
        ...


class NameIndex(Protocol):
    async def holder(self, name: str, skeleton: str) -> NameHolder | None:
        """Any account or character whose name key equals ``name``'s or whose skeleton equals
        ``skeleton``; exact matches first."""
        ...


class RelationRepository(Protocol):
    """Friends (one-way lists), blocks (stored one way, effective both ways) and contacts (who
    an account has accepted direct messages from).

    Each entry keeps a ``label``: the character name through which the owner met the other
    account. Lists show labels, never the account name or other characters behind them.
    """

    async def add_friend(self, owner: AccountId, friend: AccountId, label: str) -> None:
        """Add or relabel."""
        ...

    async def remove_friend(self, owner: AccountId, friend: AccountId) -> None: ...

    async def friends_of(self, owner: AccountId) -> dict[AccountId, str]:
        """Friend's account id -> label."""
        ...

    async def add_block(self, blocker: AccountId, blocked: AccountId, label: str) -> None: ...

    async def remove_block(self, blocker: AccountId, blocked: AccountId) -> None: ...

    async def blocks_by(self, blocker: AccountId) -> dict[AccountId, str]: ...

    async def blocked_either_way(self, account: AccountId) -> set[AccountId]:
        """Accounts that ``account`` blocks or that block ``account``."""
        ...

    async def add_contact(self, owner: AccountId, other: AccountId, label: str) -> None: ...

    async def contacts_of(self, owner: AccountId) -> dict[AccountId, str]: ...


@dataclass(frozen=True, slots=True)
class LoginSession:
    """One browser logged in to an account (``core.logins``). The token that proves it is
    never kept: the store holds only its SHA-256."""

    id: str
    """Public and random, unrelated to the token: shown in the list of sessions."""
    account_id: AccountId
    csrf_token: str
    """Sent back by the browser on every state-changing request made with this session."""
    created_at: dt.datetime
    last_seen_at: dt.datetime
    client: str
    """A short label from the User-Agent ("Firefox on Linux"); no address is kept."""


class LoginRepository(Protocol):
    """Login sessions, found by the SHA-256 of their token. Erasing an account removes its."""

    async def add(self, session: LoginSession, token_hash: str) -> None:
        """Insert. Raises ``NotFound`` if the account does not exist."""
        ...

    async def find(self, token_hash: str) -> LoginSession | None: ...

    async def touch(self, login_id: str, last_seen_at: dt.datetime) -> None:
        """Record use; does nothing if the session was ended meanwhile."""
        ...

    async def list_for_account(self, account_id: AccountId) -> list[LoginSession]:
        """Oldest first."""
        ...

    async def delete(self, login_ids: Collection[str]) -> None:
        """End these sessions; ids that do not exist are ignored."""
        ...

    async def delete_unused_since(self, cutoff: dt.datetime) -> int:
        """End every session last used at or before ``cutoff``; returns how many."""
        ...


class InvitationRepository(Protocol):
    """Invitation codes, found by the SHA-256 of the code (``domain.invitations.code_hash``)."""

    async def add(self, invitation: Invitation) -> None: ...

    async def get(self, invitation_id: str) -> Invitation | None: ...

    async def find(self, code_hash: str) -> Invitation | None: ...

    async def list_all(self) -> list[Invitation]:
        """Oldest first."""
        ...

    async def consume(self, invitation_id: str, now: dt.datetime) -> bool:
        """Take one use if the invitation is still usable at ``now`` (not revoked, not
        expired, uses left), atomically: of sign-ups racing for the last use, one gets True."""
        ...

    async def release(self, invitation_id: str) -> None:
        """Give back one use taken by ``consume`` (the account could not be made after all)."""
        ...

    async def revoke(self, invitation_id: str, at: dt.datetime) -> bool:
        """Revoke (kept as first revoked); False when there is no such invitation."""
        ...
