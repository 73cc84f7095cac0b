"""A room's activity in the directory is the cluster's: what was said through every node,
counted once, a summary later; a node that joins late knows what was said before it did."""

from __future__ import annotations

from boudoir.domain.directory import DirectoryUpdated
from boudoir.testing.harness import TestPerson

from .nodes import Nodes


async def activity(person: TestPerson, room: str) -> int:
    listings = await person.world.rooms.directory(person.connection)
    (listing,) = [listing for listing in listings if listing.room.name == room]
    return listing.activity


async def summarise(nodes: Nodes) -> None:
    """Every node publishes what it counted since its last summary (as it does every few
    seconds)."""
    for world in nodes.worlds.values():
        replica = nodes.cluster(world.world).activity
        assert replica is not None
        replica.publish()
    await nodes.settle()


async def test_a_room_busy_on_one_node_is_as_busy_in_the_directory_of_another(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    b = nodes.worlds["b"]
    await b.register("carol")
    carol = await b.login("carol")  # in no room: node b hears nothing said in the den
    await alice.join("den")
    await nodes.settle()
    for line in ("one", "two", "three"):
        alice.say("den", line)
    bob.say("lobby", "hi")
    await nodes.settle()
    assert await activity(carol, "den") == 0, "nothing counted yet: no summary"

    await summarise(nodes)
    assert await activity(carol, "den") == 3
    assert await activity(alice, "den") == 3
    assert await activity(alice, "lobby") == 1
    assert await activity(bob, "lobby") == 1

    await summarise(nodes)
    assert await activity(carol, "den") == 3, "a count heard twice counts once"
    alice.say("den", "four")
    await summarise(nodes)
    assert await activity(carol, "den") == 4


async def test_a_late_node_knows_what_was_said_before_it_joined(nodes: Nodes) -> None:
    a = await nodes.start("a")
    alice = await a.person("alice")
    await alice.join("den")
    alice.say("den", "early")
    alice.say("den", "still early")
    b = await nodes.start("b")  # late: no summary went out before it joined
    await a.register("bob")
    bob = await b.login("bob")
    await nodes.settle()
    assert await activity(bob, "den") == 2


async def test_the_directory_s_watchers_on_another_node_see_the_activity_change(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    b = nodes.worlds["b"]
    b.world.rooms.feed.watch(bob.connection, [])
    alice.say("lobby", "hello")
    await summarise(nodes)
    b.world.rooms.feed.flush()
    updates = [e for e in bob.session.events if isinstance(e, DirectoryUpdated)]
    assert updates
    assert updates[-1].listing is not None
    assert updates[-1].listing.activity == 1
