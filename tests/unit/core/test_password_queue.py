"""Password changes, operators' resets and rehashes take their turn in the login queue.

Each hashes with argon2id (and a change verifies the old password), as costly as a login's
check: during a login storm they wait behind the logins already queued, fairly by address,
instead of taking the hashing threads from them. Here a login holds the queue's only place
while the test watches the password work: told where it stands, and not done until its turn.
The person logged in before, so their password is known since start and no verification of
it would have queued them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import pytest

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.domain.errors import AuthenticationFailed
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import ADULT_BIRTHDAY, FAST_HASHING, PASSWORD

NEW = "tulip kettle orbit"
STORM = "203.0.113.9"
"""The address whose login holds the only place."""
HERE = "198.51.100.7"


class Waiting:
    """What a queued piece of password work is told: how many are ahead, each time."""

    def __init__(self) -> None:
        self.heard: list[int] = []
        self._told = asyncio.Event()

    def __call__(self, ahead: int) -> None:
        self.heard.append(ahead)
        self._told.set()

    async def told_or_done(self, task: asyncio.Task[Account]) -> None:
        told = asyncio.create_task(self._told.wait())
        await asyncio.wait([task, told], return_when=asyncio.FIRST_COMPLETED)
        told.cancel()


class StaleHasher(Argon2Hasher):
    """argon2id at toy cost whose hashes the test can declare made with old parameters."""

    def __init__(self) -> None:
        super().__init__(FAST_HASHING)
        self.stale = False

    def needs_rehash(self, password_hash: str) -> bool:
        return self.stale


async def world_logged_in(hasher: Argon2Hasher | None = None) -> tuple[World, Account]:
    """A world whose queue runs one check at a time, and juniper, who logged in already."""
    world = World(MemoryStore(), hasher or Argon2Hasher(FAST_HASHING))
    world.accounts.queue.at_once = 1
    account = await world.accounts.register("juniper", PASSWORD, ADULT_BIRTHDAY)
    await world.accounts.authenticate("juniper", PASSWORD, address=HERE)
    return world, account


async def held_behind_a_login(
    world: World, account: Account, waiting: Waiting, work: Coroutine[Any, Any, Account]
) -> Account:
    """Run ``work`` while a login holds the queue's only place: it is told it waits, and
    neither finishes nor changes ``account``'s password, until that place is given up."""
    queue = world.accounts.queue
    async with queue.turn(STORM):
        task = asyncio.create_task(work)
        await waiting.told_or_done(task)
        assert not task.done(), "the password work ran while the login queue was full"
        assert waiting.heard == [0]
        assert queue.waiting == 1
        stored = await world.accounts.get(account.id)
        assert stored.password_hash == account.password_hash
    return await task


async def test_a_password_change_waits_behind_a_full_login_queue_and_is_told_where_it_stands() -> (
    None
):
    world, account = await world_logged_in()
    waiting = Waiting()
    change = world.accounts.change_password(
        account.id, NEW, old_password=PASSWORD, address=HERE, told=waiting
    )
    await held_behind_a_login(world, account, waiting, change)
    assert await world.accounts.authenticate("juniper", NEW)


async def test_an_operators_reset_waits_its_turn_too() -> None:
    world, account = await world_logged_in()
    waiting = Waiting()
    reset = world.accounts.change_password(account.id, NEW, told=waiting)
    await held_behind_a_login(world, account, waiting, reset)
    assert await world.accounts.authenticate("juniper", NEW)


async def test_a_wrong_old_password_is_refused_in_its_turn_and_changes_nothing() -> None:
    world, account = await world_logged_in()
    waiting = Waiting()
    change = world.accounts.change_password(
        account.id, NEW, old_password="not it at all", address=HERE, told=waiting
    )
    with pytest.raises(AuthenticationFailed):
        await held_behind_a_login(world, account, waiting, change)
    assert world.accounts.queue.running == 0
    assert await world.accounts.authenticate("juniper", PASSWORD)


async def test_a_password_change_takes_its_turn_fairly_by_address_among_the_logins() -> None:
    # A storm's address with two logins queued: a password change from another address goes
    # between them, not after all of that address's logins (nor before the first).
    world, account = await world_logged_in()
    order: list[str] = []
    queue = world.accounts.queue

    async def storm_login(number: int) -> None:
        async with queue.turn(STORM):
            order.append(f"login {number}")

    waiting = Waiting()

    async def change() -> None:
        await world.accounts.change_password(
            account.id, NEW, old_password=PASSWORD, address=HERE, told=waiting
        )
        order.append("password change")

    async with queue.turn(STORM):
        logins = [asyncio.create_task(storm_login(number)) for number in (1, 2)]
        changing = asyncio.create_task(change())
        await waiting.told_or_done(changing)
        assert waiting.heard == [1]  # its turn comes after the storm's first login
    await asyncio.gather(*logins, changing)
    assert order == ["login 1", "password change", "login 2"]


async def test_a_login_whose_hash_is_made_again_waits_its_turn_for_it() -> None:
    # After the operator raises the hashing cost, each account's next login hashes its
    # password again: in the queue too, or a storm's logins would hash outside it.
    hasher = StaleHasher()
    world, account = await world_logged_in(hasher)
    hasher.stale = True
    waiting = Waiting()
    login = world.accounts.authenticate("juniper", PASSWORD, address=HERE, told=waiting)
    again = await held_behind_a_login(world, account, waiting, login)
    assert again.password_hash != account.password_hash
