"""Login sessions in every store: found by token hash, listed per account, touched, ended,
and gone with the account."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from boudoir.core.ports import LoginSession, Store
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId

from .builders import CREATED, Make


def login(account_id: AccountId, number: int, **fields: object) -> LoginSession:
    session = LoginSession(
        id=f"login-{number}",
        account_id=account_id,
        csrf_token=f"csrf-{number}",
        created_at=CREATED + dt.timedelta(minutes=number),
        last_seen_at=CREATED + dt.timedelta(minutes=number),
        client="Firefox on Linux",
    )
    return dataclasses.replace(session, **fields)  # type: ignore[arg-type]


async def test_a_session_is_found_by_its_token_hash_only(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    session = login(alice.id, 1)
    await store.logins.add(session, "hash-1")
    assert await store.logins.find("hash-1") == session
    assert await store.logins.find("login-1") is None
    assert await store.logins.find("csrf-1") is None


async def test_sessions_are_listed_per_account_oldest_first(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    second, first = login(alice.id, 2), login(alice.id, 1)
    await store.logins.add(second, "hash-2")
    await store.logins.add(first, "hash-1")
    await store.logins.add(login(bob.id, 3), "hash-3")
    assert await store.logins.list_for_account(alice.id) == [first, second]


async def test_touch_moves_last_seen_only(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    session = login(alice.id, 1)
    await store.logins.add(session, "hash-1")
    later = CREATED + dt.timedelta(days=3)
    await store.logins.touch(session.id, later)
    found = await store.logins.find("hash-1")
    assert found is not None
    assert found.last_seen_at == later
    assert found.created_at == session.created_at
    await store.logins.touch("no-such-login", later)


async def test_deleting_ends_only_the_sessions_named(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    for number in (1, 2, 3):
        await store.logins.add(login(alice.id, number), f"hash-{number}")
    await store.logins.delete(["login-1", "login-3", "never-was"])
    await store.logins.delete([])
    assert [s.id for s in await store.logins.list_for_account(alice.id)] == ["login-2"]
    assert await store.logins.find("hash-1") is None


async def test_a_session_needs_an_existing_account(store: Store, make: Make) -> None:
    ghost = make.account("Ghost")
    with pytest.raises(NotFound):
        await store.logins.add(login(ghost.id, 1), "hash-1")


async def test_erasing_the_account_removes_its_sessions(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    await store.logins.add(login(alice.id, 1), "hash-1")
    await store.logins.add(login(bob.id, 2), "hash-2")
    await store.accounts.erase(alice.id)
    assert await store.logins.find("hash-1") is None
    assert await store.logins.list_for_account(alice.id) == []
    assert await store.logins.find("hash-2") is not None


async def test_sessions_unused_since_a_time_are_deleted_in_one_go(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    for number, owner in ((1, alice), (2, bob), (3, alice)):
        await store.logins.add(login(owner.id, number), f"hash-{number}")
    cutoff = CREATED + dt.timedelta(minutes=2)  # sessions 1 and 2 were last used by then
    assert await store.logins.delete_unused_since(cutoff) == 2
    assert await store.logins.find("hash-2") is None
    assert [s.id for s in await store.logins.list_for_account(alice.id)] == ["login-3"]
    assert await store.logins.delete_unused_since(cutoff) == 0
