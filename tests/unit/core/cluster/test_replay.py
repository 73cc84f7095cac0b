"""The replay on two nodes: each node keeps what reached its own people, said there or
delivered from the other node, under the same rules (docs/cluster.md, "The replay")."""

from __future__ import annotations

from boudoir.testing.harness import TestPerson

from .nodes import Nodes


def replay(person: TestPerson) -> list[str]:
    world = person.world
    room = world.replay.room_named("lobby")
    assert room is not None
    return [f"{e.sender.name}: {e.text}" for e in world.replay.room_lines(person.account.id, room)]


def conversations(person: TestPerson) -> list[str]:
    return [line.text for line in person.world.replay.conversations(person.connection)]


async def test_each_node_keeps_what_reached_its_people(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()  # alice on node a, bob on node b
    alice.say("lobby", "from node a")
    await nodes.settle()
    bob.say("lobby", "from node b")
    await nodes.settle()
    alice.whisper("lobby", "bob", "across the nodes")
    await nodes.settle()
    assert replay(bob) == ["alice: from node a", "bob: from node b", "alice: across the nodes"]
    assert replay(alice) == ["alice: from node a", "bob: from node b", "alice: across the nodes"]
    await alice.message("bob", "a direct line")
    await nodes.settle()
    assert conversations(bob) == []  # a request is not delivered yet
    await bob.accept("alice")
    await nodes.settle()
    await bob.message("alice", "a reply")
    await nodes.settle()
    assert conversations(bob) == ["a direct line", "a reply"]
    # The request was accepted on bob's node, which delivered it: alice's node has her
    # conversation from there on (docs/cluster.md, "The replay").
    assert conversations(alice) == ["a reply"]


async def test_a_block_made_on_one_node_hides_earlier_lines_on_the_other(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    alice.say("lobby", "said before the block")
    await nodes.settle()
    await alice.block("bob")
    await nodes.settle()
    assert replay(bob) == []
