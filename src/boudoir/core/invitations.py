"""Invitation codes: made and revoked by operators, checked and used up by sign-ups.

A code is shown once, when it is made; the store keeps only its SHA-256. Sign-ups ask
``check`` before the password is hashed (a wrong code costs no CPU) and ``use`` right before
the account is stored, which takes one use atomically in the store.

Imports ``boudoir.core.ports`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from boudoir.core.moderation import Actor
from boudoir.core.ports import Clock, Store
from boudoir.core.rooms import refused
from boudoir.domain import moderation
from boudoir.domain.errors import InvalidInput, InvitationInvalid, InvitationRequired, NotFound
from boudoir.domain.invitations import (
    MAX_CODE_LENGTH,
    Invitation,
    code_hash,
    new_invitation_code,
    new_invitation_id,
    normalize_code,
)

MAX_USES: Final = 10_000
"""A code meant for more people than this is an open door: use the ``open`` mode instead."""
MAX_DAYS: Final = 3650
"""Ten years: a longer life is a typo."""
UNKNOWN_CODE: Final = "That invitation code is not known here: check that it is typed right."


class InvitationService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def create(
        self, *, uses: int = 1, expires_in_days: float | None = None
    ) -> tuple[Invitation, str]:
        """A new invitation usable ``uses`` times, expiring after ``expires_in_days`` (never
        when None): the invitation and its code, which is not kept anywhere."""
        if not 1 <= uses <= MAX_USES:
            raise InvalidInput(f"An invitation is usable from 1 to {MAX_USES} times.")
        now = self._clock()
        expires_at = None
        if expires_in_days is not None:
            if not 0 < expires_in_days <= MAX_DAYS:
                raise InvalidInput(f"An invitation expires after 0 to {MAX_DAYS} days.")
            expires_at = now + dt.timedelta(days=expires_in_days)
        code = new_invitation_code()
        invitation = Invitation(
            id=new_invitation_id(),
            code_hash=code_hash(code),
            max_uses=uses,
            created_at=now,
            expires_at=expires_at,
        )
        await self._store.invitations.add(invitation)
        return invitation, code

    async def create_as(
        self, actor: Actor, *, uses: int = 1, expires_in_days: float | None = None
    ) -> tuple[Invitation, str]:
        """``create`` by a server moderator or operator (ModServ, the HTTP API's
        moderation endpoints)."""
        decision = moderation.admit_accounts(actor.person)
        if not decision:
            raise refused(decision)
        return await self.create(uses=uses, expires_in_days=expires_in_days)

    async def list_all(self) -> list[Invitation]:
        return await self._store.invitations.list_all()

    async def revoke(self, code_or_id: str) -> Invitation:
        """Revoke the invitation with this id, or this code."""
        found = await self._find(code_or_id)
        await self._store.invitations.revoke(found.id, self._clock())
        revoked = await self._store.invitations.get(found.id)
        assert revoked is not None
        return revoked

    async def _find(self, code_or_id: str) -> Invitation:
        text = code_or_id.strip()
        found = await self._store.invitations.get(text) if text else None
        if found is None and text and len(text) <= MAX_CODE_LENGTH:
            found = await self._store.invitations.find(code_hash(text))
        if found is None:
            raise NotFound(f"No invitation has the id or code {code_or_id!r}.")
        return found

    async def check(self, code: str | None, now: dt.datetime) -> Invitation:
        """The invitation ``code`` names if it may make an account at ``now``; else
        ``InvitationRequired`` (no code) or ``InvitationInvalid`` saying why."""
        if code is None or not normalize_code(code):
            raise InvitationRequired()
        if len(code) > MAX_CODE_LENGTH:
            raise InvitationInvalid(UNKNOWN_CODE)
        found = await self._store.invitations.find(code_hash(code))
        if found is None:
            raise InvitationInvalid(UNKNOWN_CODE)
        problem = found.problem(now)
        if problem is not None:
            raise InvitationInvalid(problem)
        return found

    async def use(self, invitation: Invitation, now: dt.datetime) -> None:
        """Take one use of ``invitation`` for an account about to be stored; another sign-up
        may have taken the last one since ``check``."""
        if not await self._store.invitations.consume(invitation.id, now):
            fresh = await self._store.invitations.get(invitation.id)
            problem = fresh.problem(now) if fresh is not None else None
            raise InvitationInvalid(problem or "That invitation code has been used up.")

    async def give_back(self, invitation: Invitation) -> None:
        """The account could not be stored after all (its name was taken meanwhile)."""
        await self._store.invitations.release(invitation.id)
