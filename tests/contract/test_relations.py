"""Friends, blocks and contacts: one-way lists, each entry labelled with the name it was made
under; blocks count both ways."""

from __future__ import annotations

import pytest

from boudoir.core.ports import Store
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId

from .builders import Make


async def test_a_friend_list_is_one_way(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")

    await store.relations.add_friend(alice.id, bob.id, "Bobby")
    await store.relations.add_friend(carol.id, bob.id, "Robert")

    assert await store.relations.friends_of(alice.id) == {bob.id: "Bobby"}
    assert await store.relations.friends_of(bob.id) == {}
    assert await store.relations.friends_of(carol.id) == {bob.id: "Robert"}


async def test_adding_a_friend_again_relabels(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")

    await store.relations.add_friend(alice.id, bob.id, "Bobby")
    await store.relations.add_friend(alice.id, bob.id, "Sir Robert")

    assert await store.relations.friends_of(alice.id) == {bob.id: "Sir Robert"}


async def test_removing_a_friend(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    await store.relations.add_friend(alice.id, bob.id, "Bobby")
    await store.relations.add_friend(alice.id, carol.id, "Caro")

    await store.relations.remove_friend(alice.id, bob.id)
    await store.relations.remove_friend(alice.id, bob.id)  # twice is fine
    await store.relations.remove_friend(bob.id, alice.id)  # never listed: fine

    assert await store.relations.friends_of(alice.id) == {carol.id: "Caro"}


async def test_a_block_counts_both_ways(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    dave = await make.stored_account("Dave")

    await store.relations.add_block(alice.id, bob.id, "Bobby")
    await store.relations.add_block(carol.id, alice.id, "Ally")

    assert await store.relations.blocks_by(alice.id) == {bob.id: "Bobby"}
    assert await store.relations.blocks_by(bob.id) == {}
    assert await store.relations.blocked_either_way(alice.id) == {bob.id, carol.id}
    assert await store.relations.blocked_either_way(bob.id) == {alice.id}
    assert await store.relations.blocked_either_way(dave.id) == set()


async def test_mutual_blocks_are_listed_once(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")

    await store.relations.add_block(alice.id, bob.id, "Bobby")
    await store.relations.add_block(bob.id, alice.id, "Ally")
    await store.relations.add_block(alice.id, bob.id, "Bobby")  # again: fine

    assert await store.relations.blocked_either_way(alice.id) == {bob.id}


async def test_lifting_a_block_keeps_the_other_direction(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    await store.relations.add_block(alice.id, bob.id, "Bobby")
    await store.relations.add_block(bob.id, alice.id, "Ally")

    await store.relations.remove_block(alice.id, bob.id)

    assert await store.relations.blocks_by(alice.id) == {}
    assert await store.relations.blocks_by(bob.id) == {alice.id: "Ally"}
    assert await store.relations.blocked_either_way(alice.id) == {bob.id}


async def test_contacts(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    carol = await make.stored_account("Carol")

    await store.relations.add_contact(alice.id, carol.id, "Caro")
    await store.relations.add_contact(alice.id, carol.id, "Caroline")

    assert await store.relations.contacts_of(alice.id) == {carol.id: "Caroline"}
    assert await store.relations.contacts_of(carol.id) == {}


async def test_the_three_lists_are_independent(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")

    await store.relations.add_friend(alice.id, bob.id, "Friend label")

    assert await store.relations.blocks_by(alice.id) == {}
    assert await store.relations.contacts_of(alice.id) == {}
    assert await store.relations.blocked_either_way(alice.id) == set()


async def test_relations_need_existing_accounts(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    gone = AccountId("a-gone")

    with pytest.raises(NotFound):
        await store.relations.add_friend(alice.id, gone, "Ghost")
    with pytest.raises(NotFound):
        await store.relations.add_block(gone, alice.id, "Ally")
    with pytest.raises(NotFound):
        await store.relations.add_contact(alice.id, gone, "Ghost")
    assert await store.relations.friends_of(alice.id) == {}
