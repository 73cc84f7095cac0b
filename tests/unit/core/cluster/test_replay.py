"""The replay on two nodes: each node keeps what reached its own people, said there or
delivered from the other node, under the same rules (docs/cluster.md, "The replay")."""

from __future__ import annotations

import pytest

from boudoir.core.cluster import replay as cluster_replay
from boudoir.core.commands import Context, run
from boudoir.domain.intents.rooms import Join
from boudoir.domain.replies.rooms import Joined
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


def den(person: TestPerson) -> list[str]:
    world = person.world
    room = world.replay.room_named("den")
    if room is None:
        return []
    return [f"{e.sender.name}: {e.text}" for e in world.replay.room_lines(person.account.id, room)]


async def test_a_reconnection_to_the_other_node_gets_the_replay_it_left(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    for name in ("bob", "carol", "mal"):
        await a.register(name)
    alice = await a.person("alice")
    bob = await a.login("bob")
    mal = await a.login("mal")
    carol = await b.login("carol")
    await alice.join("den")
    await mal.join("den")
    await nodes.settle()
    alice.say("den", "before bob came")
    await bob.join("den")
    await nodes.settle()
    alice.say("den", "welcome bob")
    mal.say("den", "hi bob")
    await carol.join("den")  # node b keeps the den's lines from here on too
    await nodes.settle()
    alice.whisper("den", "bob", "just for you")
    alice.whisper("den", "mal", "not for bob")
    carol.say("den", "hello from b")
    await alice.message("bob", "a direct line")
    await nodes.settle()
    await bob.accept("alice")
    await nodes.settle()
    await bob.block("mal")
    await nodes.settle()
    heard = den(bob)
    assert heard == ["alice: welcome bob", "alice: just for you", "carol: hello from b"]

    bob.quit()
    await nodes.settle()
    again = await b.login("bob")  # the reload lands on the other node
    await nodes.settle()
    assert den(again) == heard
    assert conversations(again) == ["a direct line"]
    assert den(carol) == ["carol: hello from b"], "nobody else gets bob's lines"

    second = await b.login("bob")  # a second tab: each line once
    await nodes.settle()
    assert den(second) == heard
    assert conversations(second) == ["a direct line"]


async def test_a_node_that_joined_late_gets_the_replay_from_the_others(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await a.login("bob")
    await alice.join("den")
    await bob.join("den")
    alice.say("den", "said before node b was up")
    await nodes.settle()
    b = await nodes.start("b")  # late: it never saw bob in the den
    bob.quit()
    await nodes.settle()
    again = await b.login("bob")
    await nodes.settle()
    assert den(again) == ["alice: said before node b was up"]


async def test_an_answer_carries_at_most_its_bound_the_latest_lines(
    nodes: Nodes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_replay, "MAX_LINES", 2)
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await a.login("bob")
    await alice.join("den")
    await bob.join("den")
    for line in ("one", "two", "three"):
        alice.say("den", line)
    await nodes.settle()
    bob.quit()
    await nodes.settle()
    again = await b.login("bob")
    await nodes.settle()
    assert den(again) == ["alice: two", "alice: three"]


async def test_the_first_read_after_the_login_waits_for_the_other_nodes(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await a.login("bob")
    await alice.join("den")
    await bob.join("den")
    alice.say("den", "while bob was on node a")
    await nodes.settle()
    bob.quit()
    await nodes.settle()
    again = await b.login("bob")
    # No settling: the join's reply reads the replay once node a has answered.
    joined = await run(Context.of(again.world, again.connection), Join("den"))
    assert isinstance(joined, Joined)
    assert [line.text for line in joined.replay] == ["while bob was on node a"]
