"""Rooms: settings, moderators and bans as their owners left them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from boudoir.core.ports import Store
from boudoir.domain.entities import RoomVisibility
from boudoir.domain.errors import NameConfusable, NameTaken, NotFound
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.ratings import Rating

from .builders import Make, skeleton_of


async def test_every_field_survives_the_round_trip(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    room = make.room(
        alice,
        "Velvet-Lounge",
        rating=Rating.ADULT,
        visibility=RoomVisibility.PRIVATE,
        topic="Candlelight and quiet conversation",
        description="House rules:\n1. Ask first.\n2. Safewords end scenes.",
        moderator_ids=frozenset({bob.id}),
        banned_ids=frozenset({carol.id}),
        member_limit=12,
    )
    await store.rooms.add(room, skeleton_of("Velvet-Lounge"))

    assert await store.rooms.get(room.id) == room
    assert await store.rooms.find_by_name("velvet-lounge") == room
    assert await store.rooms.list_all() == [room]


async def test_a_plain_room_survives_the_round_trip(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    room = await make.stored_room(alice, "Lobby")

    stored = await store.rooms.get(room.id)
    assert stored == room
    assert stored is not None
    assert stored.moderator_ids == frozenset()
    assert stored.member_limit is None
    assert stored.rating is Rating.GENERAL


async def test_lookups_of_missing_rooms_find_nothing(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await make.stored_room(alice, "Lobby")

    assert await store.rooms.get(RoomId("r-no-such-room")) is None
    assert await store.rooms.find_by_name("Lobbyist") is None


async def test_a_room_name_differing_only_in_case_is_taken(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    lobby = await make.stored_room(alice, "Lobby")

    with pytest.raises(NameTaken):
        await store.rooms.add(
            make.room(bob, "LOBBY", moderator_ids=frozenset({alice.id})), skeleton_of("LOBBY")
        )
    assert await store.rooms.list_all() == [lobby]


async def test_a_room_name_with_the_skeleton_of_another_is_confusable(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    lobby = await make.stored_room(alice, "Lobby")

    with pytest.raises(NameConfusable) as refused:
        await store.rooms.add(make.room(bob, "L0bby"), skeleton_of("Lobby"))

    assert refused.value.message == "The room name 'L0bby' looks too much like 'Lobby', in use."
    assert await store.rooms.list_all() == [lobby]
    assert await store.rooms.find_by_name("L0bby") is None


async def test_the_same_name_key_is_taken_not_confusable(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await make.stored_room(alice, "Lobby")

    with pytest.raises(NameTaken) as refused:
        await store.rooms.add(make.room(alice, "LOBBY"), "skeleton:unrelated")

    assert type(refused.value) is NameTaken
    assert refused.value.message == "The room name 'LOBBY' is already taken."


async def test_rooms_do_not_clash_with_account_or_character_names(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await make.stored_character(alice, "Moon")

    alice_room = await make.stored_room(alice, "Alice")
    moon_room = await make.stored_room(alice, "Moon")

    assert await store.rooms.list_all() == [alice_room, moon_room]


async def test_delete_frees_the_skeleton(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    lobby = await make.stored_room(alice, "Lobby")
    await store.rooms.delete(lobby.id)

    look_alike = make.room(alice, "L0bby")
    await store.rooms.add(look_alike, skeleton_of("Lobby"))

    assert await store.rooms.find_by_name("l0bby") == look_alike


async def test_list_all_is_by_name_each_with_its_own_lists(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    zoo = await make.stored_room(alice, "zoo", moderator_ids=frozenset({bob.id, carol.id}))
    attic = await make.stored_room(bob, "Attic", banned_ids=frozenset({alice.id}))
    middle = await make.stored_room(carol, "Middle")

    assert await store.rooms.list_all() == [attic, middle, zoo]


async def test_update_replaces_settings_and_lists(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    room = await make.stored_room(
        alice, "Lobby", moderator_ids=frozenset({bob.id}), banned_ids=frozenset({carol.id})
    )
    changed = replace(
        room,
        name="Renamed",
        owner_id=bob.id,
        rating=Rating.MATURE,
        visibility=RoomVisibility.UNLISTED,
        topic="New topic",
        description="New description",
        moderator_ids=frozenset({carol.id}),
        banned_ids=frozenset({bob.id}),
        member_limit=3,
    )

    await store.rooms.update(changed)

    assert await store.rooms.get(room.id) == replace(changed, name="Lobby", owner_id=alice.id)
    assert await store.rooms.find_by_name("Renamed") is None


async def test_update_can_empty_the_lists(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    room = await make.stored_room(
        alice, "Lobby", moderator_ids=frozenset({bob.id}), banned_ids=frozenset({bob.id})
    )
    emptied = replace(room, moderator_ids=frozenset(), banned_ids=frozenset(), member_limit=None)

    await store.rooms.update(emptied)

    assert await store.rooms.get(room.id) == emptied


async def test_updating_a_deleted_room_does_not_bring_it_back(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    room = await make.stored_room(alice, "Lobby")
    await store.rooms.delete(room.id)

    await store.rooms.update(replace(room, topic="Still here?"))

    assert await store.rooms.get(room.id) is None


async def test_delete_frees_the_name(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    room = await make.stored_room(alice, "Lobby", moderator_ids=frozenset({bob.id}))

    await store.rooms.delete(room.id)
    await store.rooms.delete(room.id)  # twice is fine

    assert await store.rooms.get(room.id) is None
    assert await store.rooms.list_all() == []
    again = await make.stored_room(bob, "Lobby")
    assert await store.rooms.find_by_name("lobby") == again


async def test_a_room_lists_only_existing_accounts(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    room = await make.stored_room(alice, "Lobby")

    with pytest.raises(NotFound):
        await store.rooms.add(make.room(AccountId("a-gone"), "Nowhere"), skeleton_of("Nowhere"))
    with pytest.raises(NotFound):
        await store.rooms.update(replace(room, moderator_ids=frozenset({AccountId("a-gone")})))
    assert await store.rooms.list_all() == [room]
