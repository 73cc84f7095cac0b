"""Invitation codes in every store: found by the hash of the code, listed, used up atomically
(also by two stores on one database racing for the last uses), given back, revoked; and the
approval flag of an account kept."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

from boudoir.core.ports import Store
from boudoir.domain.invitations import Invitation
from boudoir.storage import SqlStore, open_store

from .builders import CREATED, Make

LATER = CREATED + dt.timedelta(days=1)


def invitation(number: int, **fields: object) -> Invitation:
    made = Invitation(
        id=f"i{number}",
        code_hash=f"hash-{number}",
        max_uses=1,
        created_at=CREATED + dt.timedelta(minutes=number),
    )
    return dataclasses.replace(made, **fields)  # type: ignore[arg-type]


async def test_an_invitation_is_found_by_id_or_code_hash_only(store: Store) -> None:
    made = invitation(1, max_uses=3, expires_at=LATER)
    await store.invitations.add(made)
    assert await store.invitations.get("i1") == made
    assert await store.invitations.find("hash-1") == made
    assert await store.invitations.find("i1") is None
    assert await store.invitations.get("hash-1") is None


async def test_invitations_are_listed_oldest_first(store: Store) -> None:
    second, first = invitation(2), invitation(1)
    await store.invitations.add(second)
    await store.invitations.add(first)
    assert await store.invitations.list_all() == [first, second]


async def test_a_use_is_taken_only_while_one_is_left(store: Store) -> None:
    await store.invitations.add(invitation(1, max_uses=2))
    assert await store.invitations.consume("i1", CREATED)
    assert await store.invitations.consume("i1", CREATED)
    assert not await store.invitations.consume("i1", CREATED)
    found = await store.invitations.get("i1")
    assert found is not None
    assert found.uses == 2
    await store.invitations.release("i1")
    found = await store.invitations.get("i1")
    assert found is not None
    assert found.uses == 1
    assert not await store.invitations.consume("no-such", CREATED)


async def test_an_expired_or_revoked_invitation_gives_no_use(store: Store) -> None:
    await store.invitations.add(invitation(1, max_uses=5, expires_at=LATER))
    await store.invitations.add(invitation(2, max_uses=5))
    assert await store.invitations.consume("i1", LATER - dt.timedelta(seconds=1))
    assert not await store.invitations.consume("i1", LATER)
    assert await store.invitations.revoke("i2", CREATED)
    assert await store.invitations.revoke("i2", LATER)  # once revoked, stays as it was
    assert not await store.invitations.consume("i2", CREATED)
    found = await store.invitations.get("i2")
    assert found is not None
    assert found.revoked_at == CREATED
    assert found.uses == 0
    assert not await store.invitations.revoke("no-such", CREATED)


async def test_racing_uses_never_pass_the_limit(store: Store) -> None:
    await store.invitations.add(invitation(1, max_uses=3))
    taken = await asyncio.gather(*(store.invitations.consume("i1", CREATED) for _ in range(10)))
    assert taken.count(True) == 3
    found = await store.invitations.get("i1")
    assert found is not None
    assert found.uses == 3


async def test_two_stores_racing_for_the_last_uses_take_them_once(
    sql_store: SqlStore, sql_url: str
) -> None:
    other = await open_store(sql_url, migrate=False)
    try:
        await sql_store.invitations.add(invitation(1, max_uses=4))
        stores = [sql_store, other]
        taken = await asyncio.gather(
            *(stores[n % 2].invitations.consume("i1", CREATED) for n in range(16))
        )
        assert taken.count(True) == 4
        found = await other.invitations.get("i1")
        assert found is not None
        assert found.uses == 4
    finally:
        await other.close()


async def test_an_accounts_wait_for_approval_is_kept(store: Store, make: Make) -> None:
    waiting = await make.stored_account("Alice", awaiting_approval=True)
    assert await store.accounts.get(waiting.id) == waiting
    approved = dataclasses.replace(waiting, awaiting_approval=False, revision=1)
    await store.accounts.update(approved)
    assert await store.accounts.get(waiting.id) == approved
    assert (await make.stored_account("Bob")).awaiting_approval is False
