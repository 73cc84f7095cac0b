"""Login sessions: a token given once, kept only as a hash, ending after 30 days unused."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.logins import MAX_CLIENT_LABEL, SESSION_LIFETIME, TOUCH_INTERVAL, token_hash
from boudoir.domain.errors import NotFound
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import TestWorld

START = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


async def started() -> tuple[TestWorld, Clock]:
    clock = Clock()
    world = await TestWorld.start(clock)
    await world.register("alice")
    await world.register("bob")
    return world, clock


async def test_a_token_resolves_to_its_session_and_only_its_hash_is_stored() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    token, session = await world.world.logins.start(alice.id, "Firefox on Linux")

    assert await world.world.logins.resolve(token) == session
    assert session.account_id == alice.id
    assert session.client == "Firefox on Linux"
    assert session.id not in token
    assert session.csrf_token != token
    store = world.world.store
    assert isinstance(store, MemoryStore)
    assert token not in store.logins.hashes
    assert token_hash(token) in store.logins.hashes


async def test_unknown_or_empty_tokens_resolve_to_nothing() -> None:
    world, _ = await started()
    assert await world.world.logins.resolve("") is None
    assert await world.world.logins.resolve("made-up") is None


async def test_each_login_has_its_own_token_id_and_csrf_token() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    first_token, first = await world.world.logins.start(alice.id, "a")
    second_token, second = await world.world.logins.start(alice.id, "b")
    assert len({first_token, second_token}) == 2
    assert first.id != second.id
    assert first.csrf_token != second.csrf_token


async def test_a_session_unused_for_thirty_days_is_over() -> None:
    world, clock = await started()
    alice = await world.world.accounts.find("alice")
    token, _ = await world.world.logins.start(alice.id, "x")
    clock.advance(SESSION_LIFETIME - dt.timedelta(seconds=1))
    assert await world.world.logins.resolve(token) is not None, "used: thirty days more"
    clock.advance(SESSION_LIFETIME - dt.timedelta(seconds=1))
    assert await world.world.logins.resolve(token) is not None
    clock.advance(SESSION_LIFETIME)
    assert await world.world.logins.resolve(token) is None
    assert await world.world.logins.of_account(alice.id) == []


async def test_last_seen_is_written_at_most_once_a_minute() -> None:
    world, clock = await started()
    alice = await world.world.accounts.find("alice")
    token, session = await world.world.logins.start(alice.id, "x")
    clock.advance(TOUCH_INTERVAL / 2)
    assert (await world.world.logins.resolve(token)).last_seen_at == START  # type: ignore[union-attr]
    clock.advance(TOUCH_INTERVAL / 2)
    seen = await world.world.logins.resolve(token)
    assert seen is not None
    assert seen.last_seen_at == START + TOUCH_INTERVAL
    [listed] = await world.world.logins.of_account(alice.id)
    assert listed.last_seen_at == START + TOUCH_INTERVAL
    assert listed.created_at == session.created_at == START


async def test_client_labels_are_short_single_lines() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    _, session = await world.world.logins.start(alice.id, "Very\nlong " * 40)
    assert len(session.client) == MAX_CLIENT_LABEL
    assert "\n" not in session.client


async def test_ending_one_session_leaves_the_others() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    first_token, first = await world.world.logins.start(alice.id, "a")
    second_token, second = await world.world.logins.start(alice.id, "b")
    await world.world.logins.end(alice.id, first.id)
    assert await world.world.logins.resolve(first_token) is None
    assert await world.world.logins.resolve(second_token) == second
    assert await world.world.logins.of_account(alice.id) == [second]


async def test_nobody_ends_another_accounts_session() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    bob = await world.world.accounts.find("bob")
    token, session = await world.world.logins.start(alice.id, "a")
    with pytest.raises(NotFound):
        await world.world.logins.end(bob.id, session.id)
    assert await world.world.logins.resolve(token) == session


async def test_end_all_keeps_the_one_asked_for() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    _, first = await world.world.logins.start(alice.id, "a")
    _, second = await world.world.logins.start(alice.id, "b")
    _, third = await world.world.logins.start(alice.id, "c")
    ended = await world.world.logins.end_all(alice.id, keep=second.id)
    assert sorted(ended) == sorted([first.id, third.id])
    assert await world.world.logins.of_account(alice.id) == [second]


async def test_erasing_the_account_ends_its_sessions_and_export_lists_them() -> None:
    world, _ = await started()
    alice = await world.world.accounts.find("alice")
    token, _ = await world.world.logins.start(alice.id, "Firefox on Linux")
    document = await world.world.accounts.export(alice.id)
    assert document["login_sessions"] == [
        {
            "created_at": START.isoformat(),
            "last_seen_at": START.isoformat(),
            "client": "Firefox on Linux",
        }
    ]
    await world.world.accounts.erase(alice.id)
    assert await world.world.logins.resolve(token) is None


async def test_expired_sessions_are_removed_from_the_store_in_the_background() -> None:
    world, clock = await started()
    alice = await world.world.accounts.find("alice")
    bob = await world.world.accounts.find("bob")
    await world.world.logins.start(alice.id, "old")
    clock.advance(dt.timedelta(days=10))
    kept, _ = await world.world.logins.start(bob.id, "recent")
    clock.advance(SESSION_LIFETIME - dt.timedelta(days=5))  # alice's is 35 days unused
    assert await world.world.logins.end_expired() == 1
    store = world.world.store
    assert isinstance(store, MemoryStore)
    assert [s.client for s in store.logins.rows.values()] == ["recent"]
    assert await world.world.logins.resolve(kept) is not None
