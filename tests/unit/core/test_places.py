"""Walking the world: digging, exits and their locks, looking, home and jump, things handed
with the receiver's yes, last seen, and what erasure and export hold."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.places import RoomView, Seen
from boudoir.domain.entities import (
    SERVER_OWNED,
    DirectMessagePolicy,
    PresenceVisibility,
    RoomVisibility,
)
from boudoir.domain.errors import BoudoirError, ConsentRefused, NotFound
from boudoir.domain.places import (
    ExitLocked,
    ExitUnlinked,
    NoExitsIntoPrivate,
    NoSuchExit,
    NoSuchOffer,
    NotBuilder,
    NotOwner,
    RoomOccupied,
    ThingLocked,
)
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import TestPerson, TestWorld


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


async def arrived(world: TestWorld, *names: str, builder: bool = False) -> list[TestPerson]:
    """Log each in and place them in the default room (the lobby), then clear what they saw."""
    people = []
    for name in names:
        person = await world.person(name)
        await world.world.places.arrive(person.connection)
        people.append(person)
    if builder:
        await world.world.building.set_builder(names[0], True)
    for person in people:
        person.forget()
    return people


async def garden_north_of_lobby(world: TestWorld, builder: TestPerson) -> None:
    await world.world.building.dig(builder.connection, "Garden", exits=("North;n", "South;s"))


async def room_of(person: TestPerson) -> str:
    return (await person.world.places.location(person.connection)).name


# --- walking --------------------------------------------------------------------------------------


async def test_alice_digs_north_to_the_garden_and_bob_walks_there() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await arrived(world, "alice", "bob", "carol", builder=True)
    await garden_north_of_lobby(world, alice)

    view = await world.world.places.look(bob.connection)
    assert isinstance(view, RoomView)
    assert [(e.name, e.destination) for e in view.exits] == [("North", "Garden")]
    assert sorted(m.character.name for m in view.people) == ["alice", "carol"]

    assert (await world.world.places.go(bob.connection, "n")).name == "Garden"
    assert await room_of(bob) == "Garden"
    assert carol.saw("bob left lobby")
    left = [e for e in carol.session.events if getattr(e, "reason", None) == "goes North"]
    assert left, "the lobby is told which way bob went"

    await world.world.places.go(carol.connection, "north")
    assert bob.saw("carol joined Garden")
    assert (await world.world.places.go(bob.connection, "south")).name == "lobby"


async def test_only_builders_dig_and_open() -> None:
    world = await TestWorld.start()
    (bob,) = await arrived(world, "bob")
    with pytest.raises(NotBuilder):
        await world.world.building.dig(bob.connection, "Garden")
    with pytest.raises(NotBuilder):
        await world.world.building.open(bob.connection, "North;n")


async def test_a_locked_exit_refuses_carol_and_lets_bob_through() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await arrived(world, "alice", "bob", "carol", builder=True)
    await garden_north_of_lobby(world, alice)
    lock = await world.world.building.lock(alice.connection, "north", "bob|me")
    assert lock.text == "bob|me"

    with pytest.raises(ExitLocked):
        await world.world.places.go(carol.connection, "n")
    assert await room_of(carol) == "lobby"
    await world.world.places.go(bob.connection, "n")
    await world.world.places.go(alice.connection, "n")  # "me": the owner

    with pytest.raises(NotOwner):
        await world.world.building.unlock(carol.connection, "north")


async def test_there_is_no_way_into_a_private_room_or_a_scene() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await world.world.rooms.create(alice.connection, "Secret", visibility=RoomVisibility.PRIVATE)
    with pytest.raises(NoExitsIntoPrivate):
        await world.world.building.open(alice.connection, "Hatch", "Secret")
    door = await world.world.building.open(alice.connection, "Door")
    assert door.destination is None
    with pytest.raises(NoExitsIntoPrivate):
        await world.world.building.link(alice.connection, "Door", "Secret")
    with pytest.raises(ExitUnlinked):
        await world.world.places.go(bob.connection, "door")
    with pytest.raises(BoudoirError):
        await world.world.places.jump(bob.connection, "Secret")
    with pytest.raises(BoudoirError):
        await world.world.places.jump(bob.connection, "scene-abc")
    assert await room_of(bob) == "lobby"


async def test_jump_reaches_public_rooms_made_by_browser_and_irc_users() -> None:
    world = await TestWorld.start()
    (bob,) = await arrived(world, "bob")
    irc_user = await world.person("ircy")
    await irc_user.join("tavern")
    assert (await world.world.places.jump(bob.connection, "tavern")).name == "tavern"
    assert irc_user.saw("bob joined tavern")
    assert bob.connection.rooms == {(await world.world.rooms.find("tavern")).id}


async def test_unknown_exits_are_refused() -> None:
    world = await TestWorld.start()
    (bob,) = await arrived(world, "bob")
    with pytest.raises(NoSuchExit):
        await world.world.places.go(bob.connection, "west")


async def test_home_is_the_default_room_until_one_is_set() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await garden_north_of_lobby(world, alice)
    await world.world.places.go(bob.connection, "n")
    assert (await world.world.places.home(bob.connection)).name == "lobby"

    await world.world.places.set_home(bob.connection, "Garden")
    assert (await world.world.places.home(bob.connection)).name == "Garden"
    # Next login arrives home.
    bob.quit()
    again = await world.login("bob")
    assert (await world.world.places.arrive(again.connection)).name == "Garden"


async def test_a_home_must_be_a_room_home_would_let_one_into() -> None:
    world = await TestWorld.start()
    (alice,) = await arrived(world, "alice")
    una = await world.person("una", attested=False)
    olga = await world.person("olga", ratings=(Rating.GENERAL,))
    await world.world.rooms.create(alice.connection, "Velvet", rating=Rating.ADULT)
    await world.world.rooms.create(alice.connection, "Porch")
    await world.world.places.go_to(alice.connection, "Porch", "")
    await world.world.rooms.ban(alice.connection, "Porch", "olga")
    for person, room, reason in (
        (una, "Velvet", "age_not_attested"),
        (olga, "Velvet", "rating_not_opted_in"),
        (olga, "Porch", "banned"),
    ):
        with pytest.raises(ConsentRefused) as refused:
            await world.world.places.set_home(person.connection, room)
        assert refused.value.reason == reason
        assert await world.world.store.world.home(person.connection.character.id) is None
    assert (await world.world.places.set_home(una.connection, "Porch")).name == "Porch"


async def test_the_default_room_is_the_servers_and_no_visitor_manages_it() -> None:
    world = await TestWorld.start()
    world.world.places.use_default_room("lobby")
    bob, _carol = await arrived(world, "bob", "carol")
    lobby = await world.world.places.location(bob.connection)
    assert lobby.owner_id == SERVER_OWNED
    # A builder arriving first is no exception: no description, no exits, no key, no ban.
    await world.world.building.set_builder("bob", True)
    with pytest.raises(ConsentRefused):
        await world.world.building.describe(bob.connection, "here", "Bob's now.")
    with pytest.raises(ConsentRefused):
        await world.world.building.open(bob.connection, "North;n")
    with pytest.raises(ConsentRefused):
        await world.world.rooms.set_key(bob.connection, "lobby", "mine")
    with pytest.raises(ConsentRefused):
        await world.world.rooms.ban(bob.connection, "lobby", "carol")


async def test_opening_the_default_room_takes_it_from_the_account_that_made_it() -> None:
    # A server older than this rule: the lobby was made by, and belonged to, its first visitor.
    world = await TestWorld.start()
    (bob,) = await arrived(world, "bob")
    assert (await world.world.places.location(bob.connection)).owner_id == bob.connection.account.id
    world.world.places.use_default_room("lobby")
    await world.world.places.open_default_room()
    stored = await world.world.store.rooms.find_by_name("lobby")
    assert stored is not None
    assert stored.owner_id == SERVER_OWNED
    assert (await world.world.places.location(bob.connection)).owner_id == SERVER_OWNED
    with pytest.raises(ConsentRefused):
        await world.world.rooms.set_key(bob.connection, "lobby", "mine")
    # Another room by that name elsewhere in the settings is the server's from the start.
    world.world.places.use_default_room("Foyer")
    assert (await world.world.places.open_default_room()).owner_id == SERVER_OWNED


async def test_a_kicked_person_finds_themselves_back_home() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await garden_north_of_lobby(world, alice)
    await world.world.places.go(alice.connection, "n")
    await world.world.places.go(bob.connection, "n")
    await world.world.rooms.kick(alice.connection, "Garden", "bob", "out")
    assert await room_of(bob) == "lobby"


# --- looking ---------------------------------------------------------------------------------


async def test_blocked_people_are_invisible_both_ways_when_looking() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await arrived(world, "alice", "bob", "carol")
    await bob.block("carol")

    def people(view: object) -> list[str]:
        assert isinstance(view, RoomView)
        return sorted(m.character.name for m in view.people)

    assert people(await world.world.places.look(bob.connection)) == ["alice"]
    assert people(await world.world.places.look(carol.connection)) == ["alice"]
    with pytest.raises(NotFound):
        await world.world.places.look(carol.connection, "bob")
    await world.world.describe(alice.connection, "tall, in a red coat")
    seen = await world.world.places.look(bob.connection, "alice")
    assert getattr(seen, "description", None) == "tall, in a red coat"


async def test_describe_and_examine() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await garden_north_of_lobby(world, alice)
    await world.world.building.describe(alice.connection, "north", "A gravel path.")
    seen = await world.world.places.look(bob.connection, "n")
    assert getattr(seen.exit, "description", None) == "A gravel path."  # type: ignore[union-attr]

    examined = await world.world.building.examine(alice.connection, "north")
    assert (examined.kind, examined.yours, examined.destination) == ("exit", True, "Garden")
    with pytest.raises(NotOwner):
        await world.world.building.examine(bob.connection, "north")
    with pytest.raises(NotOwner):
        await world.world.building.describe(bob.connection, "north", "mine now")


async def test_a_room_is_recycled_only_when_empty_and_exits_into_it_unlink() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await garden_north_of_lobby(world, alice)
    await world.world.places.go(bob.connection, "n")
    with pytest.raises(RoomOccupied):
        await world.world.building.recycle(alice.connection, "#Garden")
    await world.world.places.go(bob.connection, "s")
    with pytest.raises(NotOwner):
        await world.world.building.recycle(bob.connection, "#Garden")
    assert await world.world.building.recycle(alice.connection, "#Garden") == "Garden"
    with pytest.raises(ExitUnlinked):
        await world.world.places.go(bob.connection, "n")


# --- things -------------------------------------------------------------------------------------


async def test_hand_needs_bobs_yes() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await world.world.things.create(alice.connection, "brass lamp")

    await world.world.things.hand(alice.connection, "lamp", "bob")
    assert bob.lines() == ["alice hands you brass lamp"]
    assert [t.name for t in await world.world.things.inventory(alice.connection)] == ["brass lamp"]

    await world.world.things.accept_hand(bob.connection, "alice")
    assert [t.name for t in await world.world.things.inventory(bob.connection)] == ["brass lamp"]
    assert await world.world.things.inventory(alice.connection) == []
    assert alice.saw("bob accepted brass lamp")
    with pytest.raises(NoSuchOffer):
        await world.world.things.accept_hand(bob.connection, "alice")


async def test_a_declined_offer_leaves_the_thing_with_the_giver() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await world.world.things.create(alice.connection, "rope")
    await world.world.things.hand(alice.connection, "rope", "bob")
    world.world.things.decline_hand(bob.connection, "alice")
    assert alice.saw("bob declined rope")
    assert [t.name for t in await world.world.things.inventory(alice.connection)] == ["rope"]


async def test_a_blocked_giver_is_refused_exactly_like_a_stranger_whose_policy_refuses() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await arrived(world, "alice", "bob", "carol", builder=True)
    dana = await world.person("dana", policy=DirectMessagePolicy.NOBODY)
    await world.world.places.arrive(dana.connection)
    await world.world.building.set_builder("carol", True)
    await world.world.things.create(alice.connection, "rope")
    await world.world.things.create(carol.connection, "rope")
    await bob.block("carol")
    bob.forget()

    with pytest.raises(ConsentRefused) as blocked:
        await world.world.things.hand(carol.connection, "rope", "bob")
    with pytest.raises(ConsentRefused) as unwilling:
        await world.world.things.hand(alice.connection, "rope", "dana")
    assert (blocked.value.reason, blocked.value.message) == (
        unwilling.value.reason,
        unwilling.value.message,
    )
    assert bob.lines() == []


async def test_drop_get_and_a_locked_thing() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await arrived(world, "alice", "bob", "carol", builder=True)
    await world.world.things.create(alice.connection, "statue")
    await world.world.building.lock(alice.connection, "statue", "bob")
    await world.world.things.drop(alice.connection, "statue")
    view = await world.world.places.look(carol.connection)
    assert isinstance(view, RoomView)
    assert [t.name for t in view.things] == ["statue"]
    with pytest.raises(ThingLocked):
        await world.world.things.get(carol.connection, "statue")
    await world.world.things.get(bob.connection, "statue")
    assert [t.name for t in await world.world.things.inventory(bob.connection)] == ["statue"]


# --- last seen ---------------------------------------------------------------------------------


async def test_laston_online_then_a_time_then_hidden_and_blocked() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await world.person("alice"), await world.person("bob")
    places = world.world.places
    assert await places.laston(alice.connection, "bob") is Seen.ONLINE

    bob.quit()
    left_at = clock.now
    clock.now += dt.timedelta(hours=2)
    assert await places.laston(alice.connection, "bob") == left_at
    await world.world.sync_accounts()  # written to the store
    assert await world.world.store.world.last_seen(bob.connection.character.id) == left_at

    await world.world.accounts.update_settings(
        bob.account.id, presence_visibility=PresenceVisibility.NOBODY
    )
    assert await places.laston(alice.connection, "bob") is Seen.HIDDEN

    await alice.block("bob")
    with pytest.raises(NotFound) as blocked:
        await places.laston(alice.connection, "bob")
    with pytest.raises(NotFound) as unknown:
        await places.laston(alice.connection, "nobody-here")
    assert blocked.value.message.replace("bob", "X") == unknown.value.message.replace(
        "nobody-here", "X"
    )


# --- erasure and export ----------------------------------------------------------------------


async def test_erasing_alice_removes_her_things_and_exits_and_export_lists_them() -> None:
    world = await TestWorld.start()
    alice, bob = await arrived(world, "alice", "bob", builder=True)
    await garden_north_of_lobby(world, alice)
    await world.world.things.create(alice.connection, "lamp")
    await world.world.places.set_home(alice.connection)

    exported = await world.world.accounts.export(alice.account.id)
    assert exported["world"]["builder"] is True
    assert [e["name"] for e in exported["world"]["exits_owned"]] == ["North;n", "South;s"]
    assert [t["name"] for t in exported["world"]["things_owned"]] == ["lamp"]
    assert exported["world"]["homes"] == {"alice": "lobby"}

    await world.world.accounts.erase(alice.account.id)
    store = world.world.store
    assert await store.world.things_owned_by(alice.account.id) == []
    assert await store.world.exits_owned_by(alice.account.id) == []
    view = await world.world.places.look(bob.connection)
    assert isinstance(view, RoomView)
    assert view.exits == ()
