"""Room text written by someone the viewer blocks (a topic, a description, things left there)
is hidden from the viewer, and given only when asked for; the blocked side sees it as anyone."""

from __future__ import annotations

from boudoir.core.places import RoomView, ThingView
from boudoir.testing.harness import TestPerson, TestWorld


async def lobby_with_topic(world: TestWorld) -> tuple[TestPerson, TestPerson, TestPerson]:
    """alice, bob and carol in the lobby; bob set its topic and alice then blocked bob."""
    alice, bob, carol = [await world.person(name) for name in ("alice", "bob", "carol")]
    await bob.join("lobby")
    await world.world.rooms.set_topic_locked(bob.connection, "lobby", False)
    await bob.set_topic("lobby", "bob's words")
    for person in (alice, carol):
        await person.join("lobby")
    await alice.block("bob")
    for person in (alice, bob, carol):
        person.forget()
    return alice, bob, carol


def topic_seen(person: TestPerson) -> tuple[str, str | None, bool]:
    world = person.world
    live = world.rooms.live(person.connection, "lobby")
    topic = world.authored.topic(person.connection, live)
    return topic.text, topic.by, topic.hidden


async def test_the_blockers_view_hides_the_topic_and_reveal_gives_it() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await lobby_with_topic(world)
    assert topic_seen(alice) == ("", None, True)
    assert topic_seen(carol) == ("bob's words", "bob", False)
    live = world.world.rooms.live(alice.connection, "lobby")
    revealed = world.world.authored.topic(alice.connection, live, reveal=True)
    assert revealed.text == "bob's words"
    # A new topic arrives hidden to alice only.
    await bob.set_topic("lobby", "more words")
    assert alice.lines() == ["topic of lobby: hidden by your block"]
    assert carol.lines() == ["topic of lobby: more words"]


async def test_the_blocked_side_sees_the_blockers_topic_without_a_name() -> None:
    world = await TestWorld.start()
    alice, bob, _ = await lobby_with_topic(world)
    await alice.set_topic("lobby", "alice's words")
    assert topic_seen(bob) == ("alice's words", None, False)
    assert bob.lines() == ["topic of lobby: alice's words"]


async def test_the_topic_stays_hidden_after_the_room_empties_and_the_setter_logs_out() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await lobby_with_topic(world)
    for person in (alice, bob, carol):
        person.leave("lobby")
    bob.quit()
    alice.quit()
    alice = await world.login("alice")
    await alice.join("lobby")
    # The author is found again from the store, and the block from alice's fresh login.
    assert topic_seen(alice) == ("", None, True)
    listed = await world.world.rooms.directory(alice.connection)
    lobby = next(listing for listing in listed if listing.room.name == "lobby")
    assert (lobby.room.topic, lobby.topic_hidden) == ("", True)


async def test_unblocking_shows_the_topic_again() -> None:
    world = await TestWorld.start()
    alice, _, _ = await lobby_with_topic(world)
    await alice.unblock("bob")
    assert topic_seen(alice) == ("bob's words", "bob", False)


async def test_a_look_hides_the_description_and_things_of_someone_blocked() -> None:
    world = await TestWorld.start()
    core = world.world
    bob, alice = await world.person("bob"), await world.person("alice")
    for builder in ("bob", "alice"):
        await core.building.set_builder(builder, True)
    await core.places.go_to(bob.connection, "den", "", create=True)
    await core.building.describe(bob.connection, "here", "bob's den")
    await core.things.create(bob.connection, "lantern")
    await core.things.drop(bob.connection, "lantern")
    await core.building.describe(bob.connection, "lantern", "bob's lantern")
    await core.places.go_to(alice.connection, "den", "")
    await core.things.create(alice.connection, "rose")
    await core.things.drop(alice.connection, "rose")
    await alice.block("bob")

    view = await core.places.look(alice.connection)
    assert isinstance(view, RoomView)
    assert (view.room.description, view.description_hidden) == ("", True)
    assert ([t.name for t in view.things], view.hidden_things) == (["rose"], 1)
    thing = await core.places.look(alice.connection, "lantern")
    assert isinstance(thing, ThingView)
    assert (thing.thing.description, thing.description_hidden) == ("", True)

    revealed = await core.places.look(alice.connection, reveal=True)
    assert isinstance(revealed, RoomView)
    assert revealed.room.description == "bob's den"
    assert sorted(t.name for t in revealed.things) == ["lantern", "rose"]
    # The blocked side sees alice's rose as anyone would.
    seen = await core.places.look(bob.connection)
    assert isinstance(seen, RoomView)
    assert (sorted(t.name for t in seen.things), seen.hidden_things) == (["lantern", "rose"], 0)


async def test_blocking_hides_a_topic_already_shown_and_unblocking_shows_it_again() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await bob.join("lobby")
    await bob.set_topic("lobby", "bob's words")
    await alice.join("lobby")
    alice.forget()
    await alice.block("bob")
    assert alice.saw("topic of lobby: hidden by your block")
    assert not bob.saw("hidden"), "the blocked side is told nothing of it"
    alice.forget()
    await alice.unblock("bob")
    assert alice.saw("topic of lobby: bob's words")
