"""Rooms: settings, moderators, bans and exceptions as their owners left them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from boudoir.core.ports import Store
from boudoir.domain.entities import SERVER_OWNED, AccountList, ListEntry, RoomVisibility
from boudoir.domain.errors import NameConfusable, NameTaken, NotFound
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.ratings import Rating

from .builders import CREATED, Make, skeleton_of


def listing(*entries: tuple[AccountId, str, str, int]) -> AccountList:
    """A room list from ``(account, name, set by, minutes after CREATED)``."""
    return AccountList(
        tuple(
            ListEntry(account, name, set_by, CREATED + dt.timedelta(minutes=minutes))
            for account, name, set_by, minutes in entries
        )
    )


async def test_every_field_survives_the_round_trip(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    dana = await make.stored_account("Dana")
    room = make.room(
        alice,
        "Velvet-Lounge",
        rating=Rating.ADULT,
        visibility=RoomVisibility.PRIVATE,
        topic="Candlelight and quiet conversation",
        description="House rules:\n1. Ask first.\n2. Safewords end scenes.",
        moderator_ids=frozenset({bob.id}),
        bans=listing((carol.id, "Caro", "Bobby", 3), (dana.id, "Dee", "Alys", 1)),
        ban_exceptions=listing((carol.id, "Carol", "Alys", 5)),
        invite_exceptions=listing((bob.id, "Bob", "Alys", 2), (carol.id, "Caro", "Bobby", 2)),
        member_limit=12,
        key="open-sesame",
        moderated=True,
        topic_locked=False,
        topic_by="Bobby",
        topic_at=dt.datetime(2025, 3, 2, 21, 30, 15, 250000, tzinfo=dt.UTC),
        tags=("candlelit", "slow-burn"),
        cams=True,
        cam_bans=listing((dana.id, "Dee", "Bobby", 4)),
    )
    await store.rooms.add(room, skeleton_of("Velvet-Lounge"))

    assert await store.rooms.get(room.id) == room
    assert await store.rooms.find_by_name("velvet-lounge") == room
    assert await store.rooms.list_all() == [room]
    stored = await store.rooms.get(room.id)
    assert stored is not None
    # Each list comes back oldest first, with the names it was set with.
    assert [(e.name, e.set_by) for e in stored.bans] == [("Dee", "Alys"), ("Caro", "Bobby")]
    assert [e.account_id for e in stored.invite_exceptions] == sorted([bob.id, carol.id])
    assert stored.is_banned(dana.id)
    assert not stored.is_banned(carol.id)


async def test_a_plain_room_survives_the_round_trip(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    room = await make.stored_room(alice, "Lobby")

    stored = await store.rooms.get(room.id)
    assert stored == room
    assert stored is not None
    assert stored.moderator_ids == frozenset()
    assert stored.member_limit is None
    assert stored.rating is Rating.GENERAL
    assert (stored.key, stored.moderated, stored.topic_locked) == ("", False, True)
    assert (stored.topic_by, stored.topic_at) == ("", None)
    assert stored.bans == stored.ban_exceptions == stored.invite_exceptions == AccountList()


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
    attic = await make.stored_room(
        bob,
        "Attic",
        bans=listing((alice.id, "Alice", "Bob", 0)),
        invite_exceptions=listing((carol.id, "Carol", "Bob", 0)),
    )
    middle = await make.stored_room(carol, "Middle")

    assert await store.rooms.list_all() == [attic, middle, zoo]


async def test_update_replaces_settings_and_lists(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    room = await make.stored_room(
        alice,
        "Lobby",
        moderator_ids=frozenset({bob.id}),
        bans=listing((carol.id, "Carol", "Alice", 0)),
        ban_exceptions=listing((carol.id, "Carol", "Alice", 1)),
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
        bans=listing((bob.id, "Bob", "Carol", 4)),
        ban_exceptions=AccountList(),
        invite_exceptions=listing((carol.id, "Carol", "Alice", 5)),
        member_limit=3,
        key="sesame",
        moderated=True,
        topic_locked=False,
        topic_by="Carol",
        topic_at=CREATED,
        tags=("noir",),
    )

    await store.rooms.update(changed)

    assert await store.rooms.get(room.id) == replace(changed, name="Lobby", owner_id=alice.id)
    assert await store.rooms.find_by_name("Renamed") is None


async def test_update_can_empty_the_lists(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    room = await make.stored_room(
        alice,
        "Lobby",
        moderator_ids=frozenset({bob.id}),
        bans=listing((bob.id, "Bob", "Alice", 0)),
        ban_exceptions=listing((bob.id, "Bob", "Alice", 0)),
        invite_exceptions=listing((bob.id, "Bob", "Alice", 0)),
        key="sesame",
        topic_by="Alice",
        topic_at=CREATED,
    )
    emptied = replace(
        room,
        moderator_ids=frozenset(),
        bans=AccountList(),
        ban_exceptions=AccountList(),
        invite_exceptions=AccountList(),
        member_limit=None,
        key="",
        topic_by="",
        topic_at=None,
    )

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
    for field in ("bans", "ban_exceptions", "invite_exceptions"):
        gone = listing((AccountId("a-gone"), "Ghost", "Alice", 0))
        with pytest.raises(NotFound):
            await store.rooms.update(replace(room, **{field: gone}))
        with pytest.raises(NotFound):
            await store.rooms.add(
                make.room(alice, f"Other-{field}", **{field: gone}), skeleton_of(f"o-{field}")
            )
    assert await store.rooms.list_all() == [room]


async def test_an_account_is_on_each_list_once_and_the_lists_are_apart(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    room = await make.stored_room(
        alice,
        "Lobby",
        bans=listing((bob.id, "Bob", "Alice", 0)),
        ban_exceptions=listing((bob.id, "Bobby", "Alice", 1)),
    )
    # Adding again replaces the entry: one account, one entry per list.
    again = room.bans.with_entry(ListEntry(bob.id, "Bobby", "Alys", CREATED))
    await store.rooms.update(replace(room, bans=again))

    stored = await store.rooms.get(room.id)
    assert stored is not None
    assert [(e.name, e.set_by) for e in stored.bans] == [("Bobby", "Alys")]
    assert [(e.name, e.set_by) for e in stored.ban_exceptions] == [("Bobby", "Alice")]
    assert stored.invite_exceptions == AccountList()


async def test_a_room_given_to_the_server_has_no_owner_and_outlives_its_first(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    lobby = await make.stored_room(alice, "Lobby", topic="Welcome")
    made_by_server = make.room(SERVER_OWNED, "Foyer")
    await store.rooms.add(made_by_server, skeleton_of("Foyer"))

    await store.rooms.give_to_server(lobby.id)

    assert await store.rooms.get(lobby.id) == replace(lobby, owner_id=SERVER_OWNED)
    assert await store.rooms.get(made_by_server.id) == made_by_server
    # Erasing the account that made it no longer takes the room with it.
    await store.accounts.erase(alice.id)
    assert [r.name for r in await store.rooms.list_all()] == ["Foyer", "Lobby"]
