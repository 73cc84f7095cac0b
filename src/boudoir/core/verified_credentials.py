"""Passwords verified since this process started, so that a connection that drops and comes
back logs in without a second argon2id verification.

Held in memory only, never written anywhere. Each entry is HMAC-SHA256, under a secret made
at start (and gone with the process), of the account id, the stored argon2id hash and the
password: nothing weaker than argon2id can be read from it or carried to another process,
and after a restart every login is verified again. The stored hash is part of the entry, so a
changed password (a new stored hash) can never match an old entry; the account's entries are
also dropped when it changes. Bounded: the least recently used go first.

Only a right password is ever added, so a wrong one never matches and always costs a real
verification. Kept per node on purpose (each node its own, dropped on every node when the
account changes anywhere). Imports ``boudoir.domain``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import OrderedDict
from typing import Final

from boudoir.domain.ids import AccountId

MAX_ENTRIES: Final = 65_536
"""Enough for every account of a large server to reconnect at once; each entry is about 200
bytes (13 MiB when full)."""

_SEPARATOR = b"\x00"


class VerifiedCredentials:
    """``holds(account, stored hash, password)`` after ``add`` of the same, until the entry
    is dropped (``forget``, a change of the account's hash) or pushed out by newer ones."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._secret = secrets.token_bytes(32)
        self._max = max_entries
        self._entries: OrderedDict[bytes, tuple[AccountId, str]] = OrderedDict()
        self._by_account: dict[AccountId, set[bytes]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def _key(self, account_id: AccountId, stored: str, password: str) -> bytes:
        message = _SEPARATOR.join(
            (str(account_id).encode(), stored.encode(), password.encode("utf-8", "surrogatepass"))
        )
        return hmac.digest(self._secret, message, hashlib.sha256)

    def holds(self, account_id: AccountId, stored: str, password: str) -> bool:
        key = self._key(account_id, stored, password)
        if key not in self._entries:
            return False
        self._entries.move_to_end(key)
        return True

    def add(self, account_id: AccountId, stored: str, password: str) -> None:
        key = self._key(account_id, stored, password)
        if key in self._entries:
            self._entries.move_to_end(key)
            return
        if len(self._entries) >= self._max:
            oldest, (owner, _) = self._entries.popitem(last=False)
            self._discard(owner, oldest)
        self._entries[key] = (account_id, stored)
        self._by_account.setdefault(account_id, set()).add(key)

    def forget(self, account_id: AccountId, *, keep_hash: str | None = None) -> None:
        """Drop the account's entries (all, or all but those made against ``keep_hash``, its
        stored hash now)."""
        for key in list(self._by_account.get(account_id, ())):
            if keep_hash is None or self._entries[key][1] != keep_hash:
                del self._entries[key]
                self._discard(account_id, key)

    def _discard(self, account_id: AccountId, key: bytes) -> None:
        keys = self._by_account.get(account_id)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._by_account[account_id]
