"""Passwords verified since start: a reconnection skips argon2id; a wrong password, a changed
password and a restart never match."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.accounts import AccountService
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.verified_credentials import VerifiedCredentials
from boudoir.domain.errors import AuthenticationFailed
from boudoir.domain.ids import new_account_id
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import ADULT_BIRTHDAY, FAST_HASHING, PASSWORD

NEW_PASSWORD = "a quite different passphrase"


class CountingHasher(Argon2Hasher):
    """argon2id, counting the verifications it runs."""

    def __init__(self) -> None:
        super().__init__(FAST_HASHING)
        self.verifications = 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        return super().verify(password_hash, password)


async def service() -> tuple[AccountService, CountingHasher]:
    hasher = CountingHasher()
    accounts = AccountService(MemoryStore(), hasher, lambda: dt.datetime.now(dt.UTC))
    await accounts.register("juniper", PASSWORD, ADULT_BIRTHDAY, attest=True)
    return accounts, hasher


async def test_logging_in_again_skips_the_second_verification() -> None:
    accounts, hasher = await service()
    await accounts.authenticate("juniper", PASSWORD, address="10.0.0.1")
    await accounts.authenticate("juniper", PASSWORD, address="10.0.0.1")
    assert hasher.verifications == 1


async def test_a_wrong_password_still_costs_a_real_verification_every_time() -> None:
    accounts, hasher = await service()
    await accounts.authenticate("juniper", PASSWORD)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            await accounts.authenticate("juniper", PASSWORD + "x")
    assert hasher.verifications == 3


async def test_after_a_password_change_the_old_password_is_refused_and_the_new_verified() -> None:
    accounts, hasher = await service()
    account = await accounts.authenticate("juniper", PASSWORD)
    await accounts.change_password(account.id, NEW_PASSWORD)
    assert len(accounts.verified) == 0
    with pytest.raises(AuthenticationFailed):
        await accounts.authenticate("juniper", PASSWORD)
    before = hasher.verifications
    await accounts.authenticate("juniper", NEW_PASSWORD)
    assert hasher.verifications == before + 1


async def test_a_change_made_on_another_node_drops_the_entries_here() -> None:
    accounts, _ = await service()
    account = await accounts.authenticate("juniper", PASSWORD)
    assert len(accounts.verified) == 1
    accounts.changed_elsewhere(account.id)
    assert len(accounts.verified) == 0


def test_an_entry_is_bound_to_the_stored_hash_and_to_this_process() -> None:
    owner = new_account_id()
    verified = VerifiedCredentials()
    verified.add(owner, "$argon2id$old", PASSWORD)
    assert verified.holds(owner, "$argon2id$old", PASSWORD)
    assert not verified.holds(owner, "$argon2id$new", PASSWORD), "a changed hash never matches"
    assert not verified.holds(new_account_id(), "$argon2id$old", PASSWORD)
    # A restarted process makes a new secret: nothing carried over could match.
    restarted = VerifiedCredentials()
    assert not restarted.holds(owner, "$argon2id$old", PASSWORD)
    assert verified._key(owner, "x", PASSWORD) != restarted._key(owner, "x", PASSWORD)


def test_the_least_recently_used_entries_go_first_when_full() -> None:
    verified = VerifiedCredentials(max_entries=2)
    first, second, third = new_account_id(), new_account_id(), new_account_id()
    verified.add(first, "h1", PASSWORD)
    verified.add(second, "h2", PASSWORD)
    assert verified.holds(first, "h1", PASSWORD)  # used: now the most recent
    verified.add(third, "h3", PASSWORD)
    assert not verified.holds(second, "h2", PASSWORD)
    assert verified.holds(first, "h1", PASSWORD)
    assert verified.holds(third, "h3", PASSWORD)
