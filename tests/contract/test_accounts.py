"""Accounts: what a person signing up, logging in, or asking for erasure would notice."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from boudoir.core.ports import Store
from boudoir.domain.entities import (
    ATTESTATION_STATEMENT,
    Attestation,
    DirectMessagePolicy,
    PresenceVisibility,
    Role,
)
from boudoir.domain.errors import NameConfusable, NameTaken
from boudoir.domain.ids import AccountId
from boudoir.domain.ratings import Rating

from .builders import Make, skeleton_of

PARIS = dt.timezone(dt.timedelta(hours=2))


async def test_every_field_survives_the_round_trip(store: Store, make: Make) -> None:
    account = make.account(
        "Alice",
        born=dt.date(1988, 2, 29),
        created_at=dt.datetime(2025, 5, 1, 14, 30, 15, 123456, tzinfo=PARIS),
        attestation=Attestation(
            statement=ATTESTATION_STATEMENT,
            attested_at=dt.datetime(2025, 5, 1, 14, 31, tzinfo=PARIS),
            method="acme-age-check",
        ),
        ratings=frozenset({Rating.GENERAL, Rating.MATURE, Rating.ADULT}),
        dm_policy=DirectMessagePolicy.FRIENDS,
        presence_visibility=PresenceVisibility.NOBODY,
        role=Role.OPERATOR,
        revision=7,
        mention_words=("captain", "Älice's crew"),
    )
    await store.accounts.add(account, skeleton_of("Alice"))

    assert await store.accounts.get(account.id) == account
    assert await store.accounts.find_by_name("Alice") == account
    assert await store.accounts.list_all() == [account]


async def test_defaults_survive_the_round_trip(store: Store, make: Make) -> None:
    plain = make.account("Bob")
    no_ratings = make.account("Carol", ratings=frozenset())
    await store.accounts.add(plain, skeleton_of("Bob"))
    await store.accounts.add(no_ratings, skeleton_of("Carol"))

    stored = await store.accounts.get(plain.id)
    assert stored == plain
    assert stored is not None
    assert stored.attestation is None
    assert stored.ratings == frozenset({Rating.GENERAL})
    assert await store.accounts.get(no_ratings.id) == no_ratings


async def test_lookup_by_name_ignores_case_and_width(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")

    assert await store.accounts.find_by_name("alice") == alice
    assert await store.accounts.find_by_name("ALICE") == alice
    assert await store.accounts.find_by_name("Ａｌｉｃｅ") == alice  # fullwidth, NFKC-equal
    assert await store.accounts.find_by_name("Alicia") is None
    assert await store.accounts.get(AccountId("a-no-such-account")) is None


async def test_a_name_differing_only_in_case_is_taken(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")

    with pytest.raises(NameTaken) as caught:
        await store.accounts.add(make.account("aLICE"), "a different skeleton")
    assert type(caught.value) is NameTaken
    assert caught.value.code == "name_taken"
    assert await store.accounts.list_all() == [alice]


async def test_a_look_alike_name_is_confusable(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")

    # "AIice" with a capital i: the core computes the same skeleton as for "Alice".
    with pytest.raises(NameConfusable) as caught:
        await store.accounts.add(make.account("AIice"), skeleton_of("Alice"))
    assert caught.value.code == "name_confusable"
    assert await store.accounts.list_all() == [alice]


async def test_update_replaces_everything_but_the_name(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    changed = replace(
        alice,
        name="Mallory",
        password_hash="$argon2id$new",
        attestation=Attestation(ATTESTATION_STATEMENT, dt.datetime(2025, 6, 1, tzinfo=dt.UTC)),
        ratings=frozenset({Rating.GENERAL, Rating.ADULT}),
        dm_policy=DirectMessagePolicy.NOBODY,
        presence_visibility=PresenceVisibility.FRIENDS,
        role=Role.MODERATOR,
        revision=alice.revision + 1,
        mention_words=("boss",),
    )

    await store.accounts.update(changed)

    assert await store.accounts.get(alice.id) == replace(changed, name="Alice")
    assert await store.accounts.find_by_name("Mallory") is None


async def test_withdrawing_attestation_is_stored(store: Store, make: Make) -> None:
    attestation = Attestation(ATTESTATION_STATEMENT, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    alice = await make.stored_account("Alice", attestation=attestation)

    await store.accounts.update(replace(alice, attestation=None, revision=1))

    stored = await store.accounts.get(alice.id)
    assert stored is not None
    assert stored.attestation is None


async def test_updating_an_erased_account_does_not_bring_it_back(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await store.accounts.erase(alice.id)

    await store.accounts.update(replace(alice, revision=1))

    assert await store.accounts.get(alice.id) is None
    assert await store.accounts.find_by_name("Alice") is None


async def test_revisions_report_existing_accounts_only(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice", revision=3)
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    await store.accounts.update(replace(bob, revision=1))
    await store.accounts.erase(carol.id)

    revisions = await store.accounts.revisions([alice.id, bob.id, carol.id, AccountId("a-none")])

    assert revisions == {alice.id: 3, bob.id: 1}
    assert await store.accounts.revisions([]) == {}


async def test_revisions_of_many_accounts_at_once(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice", revision=5)
    many = [AccountId(f"a-absent-{n}") for n in range(1200)] + [alice.id]

    assert await store.accounts.revisions(many) == {alice.id: 5}


async def test_list_all_is_oldest_first(store: Store, make: Make) -> None:
    first = await make.stored_account("Alice")
    second = await make.stored_account("Bob")
    third = await make.stored_account("Carol")

    assert await store.accounts.list_all() == [first, second, third]
