"""Arrivals at the same moment on two nodes: each node decides its own person's arrival
before it has heard of the other's, so neither can tell the other; the node that learns of an
arrival it could not have been told of shows it to its own people (once, and never across a
block)."""

from __future__ import annotations

from boudoir.domain.events import MemberLeft
from boudoir.testing.harness import TestPerson, TestWorld

from .nodes import Nodes


def here(world: TestWorld, room: str) -> list[str]:
    """Who ``world``'s node has in ``room``, by name."""
    live = next((r for r in world.world.registry.rooms.values() if r.room.name == room), None)
    if live is None:
        return []
    return sorted(next(iter(conns)).character.name for conns in live.members.values())


def joins(person: TestPerson, room: str) -> list[str]:
    return [line for line in person.lines() if line.endswith(f" joined {room}")]


async def test_two_arrivals_at_once_on_two_nodes_see_each_other_once(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    await a.register("dave")
    alice = await a.person("alice")
    bob = await b.login("bob")
    dave = await b.login("dave")
    await dave.block("alice")
    await nodes.settle()

    await alice.join("den")
    await bob.join("den")
    await dave.join("den")
    # The same moment: each node decided its own arrivals without hearing of the other's.
    assert here(a, "den") == ["alice"]
    assert here(b, "den") == ["bob", "dave"]
    await nodes.settle()

    assert joins(alice, "den") == ["bob joined den"]
    assert joins(bob, "den") == ["dave joined den", "alice joined den"]
    assert joins(dave, "den") == [], "not across dave's block"
    assert sorted(alice.members("den")) == ["alice", "bob"]
    assert sorted(bob.members("den")) == ["alice", "bob", "dave"]


async def test_an_arrival_the_other_node_knew_of_is_shown_once(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    carol = await nodes.worlds["a"].person("carol")
    await nodes.settle()

    await carol.join("lobby")
    await nodes.settle()
    bob.leave("lobby")
    await nodes.settle()
    await bob.join("lobby")
    await nodes.settle()

    assert joins(alice, "lobby") == ["bob joined lobby", "carol joined lobby", "bob joined lobby"]
    assert joins(bob, "lobby") == ["carol joined lobby"]
    assert joins(carol, "lobby") == ["bob joined lobby"]


def partings(person: TestPerson, room: str) -> list[str]:
    return [line for line in person.lines() if line.endswith(f" left {room}")]


async def test_a_departure_at_the_moment_of_an_arrival_elsewhere_is_shown_once(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    for name in ("bob", "carol", "dave"):
        await a.register(name)
    alice = await a.person("alice")
    carol = await b.login("carol")
    bob = await b.login("bob")
    dave = await b.login("dave")
    await dave.block("alice")
    await alice.join("den")
    await nodes.settle()
    await carol.join("den")  # there before: node a knows she is
    await nodes.settle()

    alice.leave("den")
    await bob.join("den")
    await dave.join("den")
    # The same moment: node b showed bob and dave the den with alice in it.
    assert "alice" in bob.members("den")
    await nodes.settle()

    assert partings(bob, "den") == ["alice left den"]
    assert partings(carol, "den") == ["alice left den"], "once, by alice's node"
    assert partings(dave, "den") == [], "not across dave's block"
    assert sorted(bob.members("den")) == ["bob", "carol", "dave"]


async def test_a_quit_at_the_moment_of_an_arrival_elsewhere_is_shown_as_a_quit(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    b = nodes.worlds["b"]
    await b.register("erin")
    erin = await b.login("erin")
    await nodes.settle()

    alice.quit()
    await erin.join("lobby")
    await nodes.settle()

    (left,) = [e for e in erin.session.events if isinstance(e, MemberLeft)]
    assert left.character.name == "alice"
    assert left.quit
    assert partings(bob, "lobby") == ["alice left lobby"]
