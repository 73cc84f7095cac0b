"""One namespace across accounts and characters: who holds a name, or one like it."""

from __future__ import annotations

from boudoir.core.ports import NameHolder, Store

from .builders import Make, skeleton_of


async def test_nobody_holds_a_free_name(store: Store, make: Make) -> None:
    await make.stored_account("Alice")

    assert await store.names.holder("Bob", skeleton_of("Bob")) is None


async def test_an_account_name_is_held_by_its_account(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")

    assert await store.names.holder("ALICE", "unrelated") == NameHolder(alice.id, "Alice", True)


async def test_a_character_name_is_held_by_its_owner(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await make.stored_character(alice, "Séverine")

    holder = await store.names.holder("SÉVERINE", "unrelated")

    assert holder == NameHolder(alice.id, "Séverine", exact=True)


async def test_a_look_alike_is_reported_as_not_exact(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    await make.stored_character(bob, "Bobby")

    assert await store.names.holder("AIice", skeleton_of("Alice")) == NameHolder(
        alice.id, "Alice", exact=False
    )
    assert await store.names.holder("B0bby", skeleton_of("Bobby")) == NameHolder(
        bob.id, "Bobby", exact=False
    )


async def test_an_exact_holder_comes_before_a_look_alike(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    # Bob's character looks like the name asked for; Alice's character is that very name.
    await make.stored_character(bob, "Rnoon")
    await make.stored_character(alice, "Moon")

    holder = await store.names.holder("moon", skeleton_of("Rnoon"))

    assert holder == NameHolder(alice.id, "Moon", exact=True)


async def test_an_account_and_its_character_may_share_a_name(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    character = await make.stored_character(alice, "Alice")

    assert await store.names.holder("alice", skeleton_of("Alice")) == NameHolder(
        alice.id, "Alice", exact=True
    )
    assert await store.characters.find_by_name("alice") == character
    assert await store.accounts.find_by_name("alice") == alice
