"""Direct messages between people on two nodes: a stranger's first message is a request on
whichever node its recipient answers from; what waited behind it arrives on accept, in order;
a decline holds on every node; a change of policy on one node holds on the other at once."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import ConsentRefused
from boudoir.domain.ids import AccountId

from .nodes import Nodes


async def two_strangers(nodes: Nodes):  # type: ignore[no-untyped-def]
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await b.login("bob")
    await nodes.settle()
    return alice, bob


async def test_a_strangers_message_is_a_request_answered_on_the_other_node(nodes: Nodes) -> None:
    alice, bob = await two_strangers(nodes)
    await alice.message("bob", "hi, I liked your profile")
    await alice.message("bob", "would you like a scene?")
    await nodes.settle()
    assert bob.lines()[-1:] == ["request from alice: hi, I liked your profile"]
    assert not bob.saw("would you like a scene?")

    await bob.accept("alice")
    await nodes.settle()
    assert bob.lines()[-3:] == [
        "request from alice accepted",
        "alice -> bob: hi, I liked your profile",
        "alice -> bob: would you like a scene?",
    ]
    # Accepted on node b, known on node a: alice writes freely now.
    await alice.message("bob", "great!")
    await nodes.settle()
    assert bob.lines()[-1] == "alice -> bob: great!"
    # And bob's answer is no request either.
    await bob.message("alice", "see you in the lobby")
    await nodes.settle()
    assert alice.lines()[-1] == "bob -> alice: see you in the lobby"


async def test_a_decline_on_one_node_holds_on_the_other(nodes: Nodes) -> None:
    alice, bob = await two_strangers(nodes)
    await alice.message("bob", "hello?")
    await nodes.settle()
    bob.decline("alice")
    await nodes.settle()
    bob.forget()
    await alice.message("bob", "hello??")  # the sender is told nothing, and nothing arrives
    await nodes.settle()
    assert bob.lines() == []


async def test_a_change_of_policy_holds_on_the_other_node(nodes: Nodes) -> None:
    alice, bob = await two_strangers(nodes)
    await bob.set_policy(DirectMessagePolicy.NOBODY)
    await nodes.settle()
    with pytest.raises(ConsentRefused):
        await alice.message("bob", "anyone home?")


async def test_a_block_holds_on_the_other_node_before_it_reads_the_store_again(
    nodes: Nodes, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = await two_strangers(nodes)
    await alice.message("bob", "hi")
    await nodes.settle()
    await bob.accept("alice")
    await nodes.settle()
    # Every node reads the pair's relations anew after a block; hold those reads back, as a
    # slow database would, to see what node a answers meanwhile.
    reads = nodes.store.relations
    release = asyncio.Event()
    blocked_either_way = reads.blocked_either_way

    async def slow(account: AccountId) -> set[AccountId]:
        await release.wait()
        return await blocked_either_way(account)

    monkeypatch.setattr(reads, "blocked_either_way", slow)
    blocking = asyncio.create_task(bob.block("alice"))
    for _ in range(100):
        await asyncio.sleep(0)  # turns of the loop: the block is stored and published
    nodes.hub.hand_over_all()
    with pytest.raises(ConsentRefused):
        await alice.message("bob", "are you there?")
    release.set()
    await blocking
    await nodes.settle()
    assert not bob.saw("are you there?")


async def test_a_message_still_crossing_when_the_request_is_accepted_arrives(
    nodes: Nodes,
) -> None:
    alice, bob = await two_strangers(nodes)
    await alice.message("bob", "hi, I liked your profile")
    await nodes.settle()
    await alice.message("bob", "tea later?")  # held on node a; node b has not heard yet
    await bob.accept("alice")
    await nodes.settle()
    assert bob.lines()[-3:] == [
        "request from alice accepted",
        "alice -> bob: hi, I liked your profile",
        "alice -> bob: tea later?",
    ]
    # Nothing is left waiting as a new request either.
    assert not nodes.worlds["b"].world.messages.requests(bob.connection)
