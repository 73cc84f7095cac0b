"""Erasing an account on request: everything tied to it goes, everyone else's data stays."""

from __future__ import annotations

from dataclasses import replace

from boudoir.core.ports import Store
from boudoir.domain.entities import AccountList, ListEntry
from boudoir.domain.ids import AccountId

from .builders import Make, skeleton_of


async def test_erase_removes_everything_of_the_account_only(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    allys = await make.stored_character(alice, "Ally")
    await make.stored_character(alice, "Alys")
    bobby = await make.stored_character(bob, "Bobby")
    await store.characters.set_image(allys.id, "image/webp", b"alice's face")
    await store.characters.set_image(bobby.id, "image/webp", b"bob's face")
    bobby = replace(bobby, has_image=True)
    alices_room = await make.stored_room(alice, "Alices-Den", moderator_ids=frozenset({bob.id}))
    alice_listed = ListEntry(alice.id, "Ally", "Bobby", bob.created_at)
    carol_listed = ListEntry(carol.id, "Caro", "Bobby", bob.created_at)
    bobs_room = await make.stored_room(
        bob,
        "Bobs-Bar",
        moderator_ids=frozenset({alice.id, carol.id}),
        bans=AccountList((alice_listed,)),
        ban_exceptions=AccountList((alice_listed, carol_listed)),
        invite_exceptions=AccountList((alice_listed,)),
    )
    relations = store.relations
    for add in (relations.add_friend, relations.add_block, relations.add_contact):
        await add(alice.id, bob.id, "Bobby")
        await add(bob.id, alice.id, "Ally")
        await add(bob.id, carol.id, "Caro")

    await store.accounts.erase(alice.id)

    # Alice is gone, with her characters, her room and her place in every list.
    assert await store.accounts.get(alice.id) is None
    assert await store.accounts.find_by_name("Alice") is None
    assert await store.characters.get(allys.id) is None
    assert await store.characters.image(allys.id) is None
    assert await store.characters.find_by_name("Alys") is None
    assert await store.characters.list_for_account(alice.id) == []
    assert await store.rooms.get(alices_room.id) is None
    assert await relations.friends_of(alice.id) == {}
    assert await relations.blocked_either_way(alice.id) == set()
    assert await relations.contacts_of(alice.id) == {}
    assert await store.names.holder("Ally", skeleton_of("Ally")) is None
    # Everyone else keeps their data, minus Alice.
    assert await store.accounts.list_all() == [bob, carol]
    assert await store.characters.list_for_account(bob.id) == [bobby]
    assert await store.characters.image(bobby.id) == ("image/webp", b"bob's face")
    assert await store.rooms.list_all() == [
        replace(
            bobs_room,
            moderator_ids=frozenset({carol.id}),
            bans=AccountList(),
            ban_exceptions=AccountList((carol_listed,)),
            invite_exceptions=AccountList(),
        )
    ]
    assert await relations.friends_of(bob.id) == {carol.id: "Caro"}
    assert await relations.blocks_by(bob.id) == {carol.id: "Caro"}
    assert await relations.contacts_of(bob.id) == {carol.id: "Caro"}
    assert await relations.blocked_either_way(bob.id) == {carol.id}


async def test_an_erased_name_can_be_registered_again(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await make.stored_character(alice, "Ally")

    await store.accounts.erase(alice.id)
    newcomer = await make.stored_account("alice")
    ally = await make.stored_character(newcomer, "ally")

    assert await store.accounts.find_by_name("Alice") == newcomer
    assert await store.characters.find_by_name("Ally") == ally


async def test_erasing_twice_or_erasing_nobody_is_fine(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")

    await store.accounts.erase(alice.id)
    await store.accounts.erase(alice.id)
    await store.accounts.erase(AccountId("a-never-existed"))

    assert await store.accounts.list_all() == []
