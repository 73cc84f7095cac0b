"""Direct messages in the race with a message request across nodes: a stranger's message still
crossing the bus when its request is accepted on another node reaches each of the recipient's
connections once, after what waited, and opens a new request on no node, whether that node
has the recipient, heard of the accept first, or is the accepting one still storing it."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.core.cluster.messages import ClusterMessage, RequestHeld, RequestTaken
from boudoir.domain.ids import AccountId
from boudoir.testing.harness import TestPerson

from .nodes import Nodes, strangers


def from_alice(bob: TestPerson) -> list[str]:
    return [line for line in bob.lines() if "alice" in line]


def no_requests_anywhere(nodes: Nodes) -> None:
    for name, world in nodes.worlds.items():
        assert not world.world.messages._requests, f"a request left on node {name}"


class Crossing:
    """Node ``node`` hears what was held on another node (``RequestHeld``) late: after the
    next accept (``RequestTaken``) when ``after_accept``, else when the test ``release``s them.
    Messages from two nodes may reach a third in either order, and a node may be busy."""

    def __init__(self, nodes: Nodes, node: str, *, after_accept: bool = False) -> None:
        self._bus = nodes.buses[node]
        receive = self._bus.receiver
        assert receive is not None
        self._receive = receive
        self._after_accept = after_accept
        self.held_back: list[tuple[str, ClusterMessage]] = []
        self._bus.receiver = self._received

    def _received(self, topic: str, message: ClusterMessage) -> None:
        if isinstance(message, RequestHeld):
            self.held_back.append((topic, message))
            return
        self._receive(topic, message)
        if isinstance(message, RequestTaken) and self._after_accept:
            self.release()

    def release(self) -> None:
        """Hand over what was held back, in order; from now on nothing is."""
        self._bus.receiver = self._receive
        late, self.held_back = self.held_back, []
        for topic, message in late:
            self._receive(topic, message)


ACCEPTED = [
    "request from alice accepted",
    "alice -> bob: hi",
    "alice -> bob: tea later?",
]


async def test_with_bob_on_two_nodes_the_crossing_message_reaches_each_once(nodes: Nodes) -> None:
    alice, (bob, bob_on_c) = await strangers(nodes, "b", "c")
    await alice.message("bob", "hi")
    await nodes.settle()
    await alice.message("bob", "tea later?")  # held on a; b and c have not heard yet
    await bob.accept("alice")
    await nodes.settle()
    assert from_alice(bob)[-3:] == ACCEPTED
    assert from_alice(bob_on_c)[-3:] == ACCEPTED
    assert from_alice(bob_on_c).count("alice -> bob: tea later?") == 1
    no_requests_anywhere(nodes)


async def test_a_node_with_bob_that_hears_the_accept_first_delivers_the_message(
    nodes: Nodes,
) -> None:
    alice, (bob, bob_on_c) = await strangers(nodes, "b", "c")
    await alice.message("bob", "hi")
    await nodes.settle()
    crossing = Crossing(nodes, "c", after_accept=True)
    await alice.message("bob", "tea later?")
    await bob.accept("alice")
    await nodes.settle()
    assert not crossing.held_back
    assert from_alice(bob)[-3:] == ACCEPTED
    assert from_alice(bob_on_c)[-3:] == ACCEPTED
    assert from_alice(bob_on_c).count("alice -> bob: tea later?") == 1
    no_requests_anywhere(nodes)


async def test_a_node_with_bob_that_read_the_new_contact_first_does_not_deliver_it_again(
    nodes: Nodes,
) -> None:
    # Node c hears of the accept and reads bob's contacts anew from the store before alice's
    # message reaches it: node b delivered it to bob everywhere, c must not do so a second time.
    alice, (bob, bob_on_c) = await strangers(nodes, "b", "c")
    await alice.message("bob", "hi")
    await nodes.settle()
    crossing = Crossing(nodes, "c")
    await alice.message("bob", "tea later?")
    await bob.accept("alice")
    await nodes.settle()
    crossing.release()
    await nodes.settle()
    assert from_alice(bob)[-3:] == ACCEPTED
    assert from_alice(bob_on_c)[-3:] == ACCEPTED
    assert from_alice(bob_on_c).count("alice -> bob: tea later?") == 1
    no_requests_anywhere(nodes)


async def test_a_node_without_bob_that_hears_the_accept_first_keeps_no_request(
    nodes: Nodes,
) -> None:
    # Node c has nobody of theirs: had it kept the message as a new request, bob would find
    # a stale request there on logging in, and answering it show 'tea later?' again.
    alice, (bob,) = await strangers(nodes, "b")
    await nodes.start("c")
    await alice.message("bob", "hi")
    await nodes.settle()
    crossing = Crossing(nodes, "c", after_accept=True)
    await alice.message("bob", "tea later?")
    await bob.accept("alice")
    await nodes.settle()
    assert not crossing.held_back
    assert from_alice(bob)[-3:] == ACCEPTED
    no_requests_anywhere(nodes)
    later = await nodes.worlds["c"].login("bob")
    assert not nodes.worlds["c"].world.messages.requests(later.connection)


async def test_a_message_crossing_while_the_accept_is_stored_arrives_after_what_waited(
    nodes: Nodes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Node b stores bob's accept (the contact) before it delivers what waited: alice's message
    # held on node a reaches b meanwhile.
    alice, (bob,) = await strangers(nodes, "b")
    await alice.message("bob", "hi")
    await nodes.settle()
    crossing = Crossing(nodes, "b")
    relations = nodes.store.relations
    storing, stored = asyncio.Event(), asyncio.Event()
    add_contact = relations.add_contact

    async def slow(owner: AccountId, other: AccountId, name: str) -> None:
        storing.set()
        await stored.wait()
        await add_contact(owner, other, name)

    monkeypatch.setattr(relations, "add_contact", slow)
    await alice.message("bob", "tea later?")  # held on a
    await nodes.settle()
    accepting = asyncio.create_task(bob.accept("alice"))
    await storing.wait()
    crossing.release()
    await nodes.settle()  # 'tea later?' is applied on b while it stores the accept
    stored.set()
    await accepting
    await nodes.settle()
    assert from_alice(bob)[-3:] == ACCEPTED
    assert from_alice(bob).count("alice -> bob: tea later?") == 1
    no_requests_anywhere(nodes)


async def test_a_message_crossing_an_accept_then_a_block_is_not_delivered(nodes: Nodes) -> None:
    alice, (bob, bob_on_c) = await strangers(nodes, "b", "c")
    await alice.message("bob", "hi")
    await nodes.settle()
    await alice.message("bob", "tea later?")
    await bob.accept("alice")
    await bob.block("alice")
    await nodes.settle()
    assert not bob.saw("tea later?")
    assert not bob_on_c.saw("tea later?")
    no_requests_anywhere(nodes)
