"""Letters (MU* @mail) between people on different nodes, in the race with a message request:
a letter still crossing the bus when its request is accepted on another node is posted once,
by the node that accepted it, and left waiting as a request nowhere."""

from __future__ import annotations

from boudoir.core.cluster.messages import ClusterMessage, RequestHeld, RequestTaken
from boudoir.testing.harness import TestPerson, TestWorld

from .nodes import Nodes, strangers


async def subjects(world: TestWorld, bob: TestPerson) -> list[str]:
    return [letter.subject for letter in await world.world.mail.inbox(bob.connection)]


async def test_a_letter_crossing_when_the_request_is_accepted_is_posted_once(nodes: Nodes) -> None:
    alice, (bob,) = await strangers(nodes, "b")
    await alice.message("bob", "hi, I liked your profile")
    await nodes.settle()
    # Held on node a with alice's request; node b has not heard of it yet when bob accepts.
    await alice.world.mail.send(alice.connection, "bob", "Tea", "Thursday at the garden?")
    await bob.accept("alice")
    await nodes.settle()

    assert await subjects(nodes.worlds["b"], bob) == ["Tea"]
    assert bob.saw("mail from alice: Tea")
    # Nothing waits as a new request, on either node.
    assert not nodes.worlds["b"].world.messages.requests(bob.connection)
    assert not nodes.worlds["a"].world.messages._requests


async def test_the_letters_that_waited_and_the_one_crossing_are_each_posted_once(
    nodes: Nodes,
) -> None:
    alice, (bob,) = await strangers(nodes, "b")
    await alice.world.mail.send(alice.connection, "bob", "Hello", "A first letter.")
    await nodes.settle()
    await alice.world.mail.send(alice.connection, "bob", "Tea", "Thursday?")
    await bob.accept("alice")
    await nodes.settle()
    assert sorted(await subjects(nodes.worlds["b"], bob)) == ["Hello", "Tea"]


async def test_with_bob_on_three_nodes_the_crossing_letter_is_posted_by_one(nodes: Nodes) -> None:
    # Bob is on nodes b and c, and accepts on b: node c hears of the letter and of the accept
    # too, and must neither post the letter nor keep it as a request.
    alice, (bob, bob_on_c) = await strangers(nodes, "b", "c")
    await alice.message("bob", "hi")
    await nodes.settle()
    await alice.world.mail.send(alice.connection, "bob", "Tea", "Thursday?")
    await bob.accept("alice")
    await nodes.settle()
    assert await subjects(nodes.worlds["b"], bob) == ["Tea"]
    assert not nodes.worlds["c"].world.messages.requests(bob_on_c.connection)
    assert bob_on_c.saw("mail from alice: Tea")


async def test_a_node_that_hears_of_the_accept_before_the_letter_keeps_no_request(
    nodes: Nodes,
) -> None:
    # Messages from two nodes may reach a third in either order: node c hears bob's accept
    # (from b) before alice's letter (from a), which it then must not hold as a new request.
    alice, (bob, bob_on_c) = await strangers(nodes, "b", "c")
    await alice.message("bob", "hi")
    await nodes.settle()
    bus = nodes.buses["c"]
    receive = bus.receiver
    assert receive is not None
    held_back: list[tuple[str, ClusterMessage]] = []

    def letters_after_the_accept(topic: str, message: ClusterMessage) -> None:
        if isinstance(message, RequestHeld) and message.letter is not None:
            held_back.append((topic, message))
            return
        receive(topic, message)
        if isinstance(message, RequestTaken):
            for late in held_back:
                receive(*late)
            held_back.clear()

    bus.receiver = letters_after_the_accept
    await alice.world.mail.send(alice.connection, "bob", "Tea", "Thursday?")
    await bob.accept("alice")
    await nodes.settle()
    assert not held_back
    assert await subjects(nodes.worlds["c"], bob_on_c) == ["Tea"]
    assert not nodes.worlds["c"].world.messages.requests(bob_on_c.connection)


async def test_a_letter_crossing_a_decline_is_dropped(nodes: Nodes) -> None:
    alice, (bob,) = await strangers(nodes, "b")
    await alice.message("bob", "hi")
    await nodes.settle()
    await alice.world.mail.send(alice.connection, "bob", "Tea", "Thursday?")
    bob.decline("alice")
    await nodes.settle()
    assert await subjects(nodes.worlds["b"], bob) == []
    assert not nodes.worlds["b"].world.messages.requests(bob.connection)


async def test_a_letter_crossing_an_accept_then_a_block_is_not_posted(nodes: Nodes) -> None:
    alice, (bob,) = await strangers(nodes, "b")
    await alice.message("bob", "hi")
    await nodes.settle()
    await alice.world.mail.send(alice.connection, "bob", "Tea", "Thursday?")
    await bob.accept("alice")
    await bob.block("alice")
    await nodes.settle()
    assert await subjects(nodes.worlds["b"], bob) == []
    assert not nodes.worlds["b"].world.messages.requests(bob.connection)
