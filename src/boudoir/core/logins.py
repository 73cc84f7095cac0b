"""Login sessions: a browser stays logged in to an account with a random token it was given
once. The store keeps only the token's SHA-256, so a copy of the database logs nobody in.

Imports ``boudoir.core.ports`` and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from typing import Final

from boudoir.core.ports import Clock, LoginSession, Store
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId

SESSION_LIFETIME: Final = dt.timedelta(days=30)
"""A session unused for this long is over: a month covers a holiday away from the site, and a
forgotten browser does not stay logged in forever."""

TOUCH_INTERVAL: Final = dt.timedelta(minutes=1)
"""``last_seen_at`` is written at most this often, so that a busy browser does not write to the
store on every request; the session list is accurate to the minute, which is all it shows."""

MAX_CLIENT_LABEL: Final = 64
"""Characters of the client label kept: enough for "Firefox on Linux", too few to hold a
fingerprint of the browser."""

TOKEN_BYTES: Final = 32
"""256 random bits for the session token (``secrets.token_urlsafe``): out of reach of guessing."""


def token_hash(token: str) -> str:
    """What the store keeps of a token. A plain SHA-256 is enough: the token is random and
    long, so there is nothing to brute-force (unlike a password)."""
    return hashlib.sha256(token.encode()).hexdigest()


class LoginService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def start(self, account_id: AccountId, client: str) -> tuple[str, LoginSession]:
        """Log a browser in: its token (give it to the browser once, keep it nowhere) and the
        session. ``client`` is a short label such as "Firefox on Linux"."""
        now = self._clock()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        session = LoginSession(
            id=secrets.token_urlsafe(12),
            account_id=account_id,
            csrf_token=secrets.token_urlsafe(TOKEN_BYTES),
            created_at=now,
            last_seen_at=now,
            client=" ".join(client.split())[:MAX_CLIENT_LABEL],
        )
        await self._store.logins.add(session, token_hash(token))
        return token, session

    async def resolve(self, token: str) -> LoginSession | None:
        """The live session ``token`` proves, or None (unknown, ended or expired). Records the
        use, at most once per ``TOUCH_INTERVAL``."""
        if not token:
            return None
        session = await self._store.logins.find(token_hash(token))
        if session is None:
            return None
        now = self._clock()
        if now - session.last_seen_at >= SESSION_LIFETIME:
            await self._store.logins.delete([session.id])
            return None
        if now - session.last_seen_at >= TOUCH_INTERVAL:
            await self._store.logins.touch(session.id, now)
            session = dataclasses.replace(session, last_seen_at=now)
        return session

    async def of_account(self, account_id: AccountId) -> list[LoginSession]:
        """The account's live sessions, oldest first (expired ones are ended on the way)."""
        sessions = await self._store.logins.list_for_account(account_id)
        cutoff = self._clock() - SESSION_LIFETIME
        expired = [s.id for s in sessions if s.last_seen_at <= cutoff]
        if expired:
            await self._store.logins.delete(expired)
        return [s for s in sessions if s.last_seen_at > cutoff]

    async def end_expired(self) -> int:
        """End every session unused for ``SESSION_LIFETIME``; returns how many. Run now and
        then: ``resolve`` refuses them anyway, this only keeps the store from keeping them."""
        return await self._store.logins.delete_unused_since(self._clock() - SESSION_LIFETIME)

    async def end(self, account_id: AccountId, login_id: str) -> None:
        """End one of the account's sessions. ``NotFound`` if it has none by that id."""
        sessions = await self._store.logins.list_for_account(account_id)
        if not any(s.id == login_id for s in sessions):
            raise NotFound("There is no such session.")
        await self._store.logins.delete([login_id])

    async def end_all(self, account_id: AccountId, *, keep: str | None = None) -> list[str]:
        """End every session of the account (except ``keep``); returns the ids ended."""
        sessions = await self._store.logins.list_for_account(account_id)
        ended = [s.id for s in sessions if s.id != keep]
        if ended:
            await self._store.logins.delete(ended)
        return ended
