"""The harness that runs the single-node suites over two nodes really spreads people: each
login is on the next node, what one says reaches the other through the hub, and a call made
with someone's connection runs on that person's node."""

from __future__ import annotations

from boudoir.core.cluster.remote import is_remote, remote_id

from .spread import SpreadPerson, SpreadWorld


async def test_each_login_is_on_the_next_node_and_speech_crosses_the_hub() -> None:
    world = await SpreadWorld.start()
    assert isinstance(world, SpreadWorld)
    alice, bob, carol = [await world.person(name) for name in ("alice", "bob", "carol")]
    assert isinstance(alice, SpreadPerson)
    assert isinstance(bob, SpreadPerson)
    assert isinstance(carol, SpreadPerson)
    a, b = world.spread.worlds
    assert (alice.node, bob.node, carol.node) == (a, b, a)
    seen_on_a = a.registry.connections[remote_id("b", bob.connection.id)]
    assert is_remote(seen_on_a)

    await alice.join("lobby")
    await bob.join("lobby")
    alice.say("lobby", "hi")
    assert bob.saw("[lobby] alice says hi"), "delivered by node b, from node a's Deliveries"
    assert world.spread.hub.in_flight == 0


async def test_a_call_with_someones_connection_runs_on_their_node() -> None:
    world = await SpreadWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    # The test world's own World is node a's; bob is on node b, and so is his whisper.
    event = world.world.messages.whisper(bob.connection, "lobby", "alice", "psst")
    assert event.sender.name == "bob"
    assert alice.saw("[lobby] bob whispers to alice: psst")
