"""Limits hold across the nodes, not on each: password guesses, sign-ups and reports spread
over two nodes count as on one, a message held on one node is released from the other, and an
address's connections count on every node."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.core.automod import OPERATOR
from boudoir.core.login_throttle import FREE_PAIR_FAILURES
from boudoir.core.moderation import REPORTS_PER_HOUR, Actor
from boudoir.core.throttle import SignupThrottle
from boudoir.domain.automod import Action, PatternKind
from boudoir.domain.errors import AuthenticationFailed, MessageHeld, Throttled
from boudoir.gateways.admission import TOO_FAST, TOO_MANY, AddressLimits
from boudoir.testing.harness import ADULT_BIRTHDAY, PASSWORD, TestWorld

from .nodes import Nodes

GUESSER = "203.0.113.9"


async def guess(node: TestWorld, name: str) -> None:
    with pytest.raises(AuthenticationFailed):
        await node.world.accounts.authenticate(name, "not the password", address=GUESSER)


async def test_password_guesses_spread_over_two_nodes_back_off_as_on_one(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("alice")
    # The free failures and the first past them, taken in turn on each node.
    for turn in range(FREE_PAIR_FAILURES + 1):
        await guess(a if turn % 2 else b, "alice")
        await nodes.settle()
    for node in (a, b):
        with pytest.raises(Throttled):
            await node.world.accounts.authenticate("alice", PASSWORD, address=GUESSER)


async def test_a_right_password_on_one_node_refunds_its_charge_on_the_other(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("alice")
    for _ in range(FREE_PAIR_FAILURES):
        await guess(a, "alice")
    await a.world.accounts.authenticate("alice", PASSWORD, address=GUESSER)
    await nodes.settle()
    # Trusted and refunded on node b too: a typo there is no back-off yet.
    await guess(b, "alice")
    await nodes.settle()
    await b.world.accounts.authenticate("alice", PASSWORD, address=GUESSER)
    assert b.world.accounts.login_throttle.statistics()["trusted"] == 1


async def test_sign_ups_from_one_address_count_on_every_node(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    for node in (a, b):
        node.world.accounts.signups = SignupThrottle(per_address_per_hour=2, per_minute=30)
    accounts = a.world.accounts, b.world.accounts
    await accounts[0].register("anna", PASSWORD, ADULT_BIRTHDAY, address=GUESSER)
    await nodes.settle()
    await accounts[1].register("berta", PASSWORD, ADULT_BIRTHDAY, address=GUESSER)
    await nodes.settle()
    for service in accounts:
        with pytest.raises(Throttled, match="Too many sign-ups from your address"):
            await service.register("carla", PASSWORD, ADULT_BIRTHDAY, address=GUESSER)
    # Another address is not held up by it.
    await accounts[0].register("dora", PASSWORD, ADULT_BIRTHDAY, address="198.51.100.1")


async def test_reports_filed_on_two_nodes_count_against_one_hour(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("alice")
    await a.register("mallory")
    alice_a = await a.login("alice")
    alice_b = await b.login("alice")
    for turn in range(REPORTS_PER_HOUR):
        alice = alice_a if turn % 2 else alice_b
        await (a if turn % 2 else b).world.moderation.report(alice.connection, "mallory", "rude")
        await nodes.settle()
    for node, alice in ((a, alice_a), (b, alice_b)):
        with pytest.raises(Throttled):
            await node.world.moderation.report(alice.connection, "mallory", "still rude")


async def test_a_direct_message_held_on_one_node_is_released_from_the_other(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("carol")
    alice = await a.person("alice")
    carol = await b.login("carol")
    await nodes.settle()
    await a.world.automod.add_rule(
        OPERATOR, name="hold mango", kind=PatternKind.WORDS, pattern="mango", action=Action.HOLD
    )
    with pytest.raises(MessageHeld):
        await alice.message("carol", "mango?")
    await a.world.automod.settle()
    await nodes.settle()
    assert not carol.saw("mango")

    # Its text is in no store: node b holds it for the release, as node a does.
    (item,) = await b.world.moderation.queue(Actor.operator())
    await b.world.moderation.resolve(Actor.operator(), item.id, "release")
    await nodes.settle()
    assert carol.saw("alice -> carol: mango?")
    assert alice.saw("alice -> carol: mango?")
    # Released once: node a forgot it too.
    assert not a.world.automod._held
    assert item.evidence["hold"] in a.world.automod._finished


def shared(nodes: Nodes, name: str, limits: AddressLimits) -> AddressLimits:
    node = nodes.cluster(nodes.worlds[name].world)
    assert node.limits is not None
    node.limits.share_addresses("irc", limits)
    return limits


async def test_an_address_holds_its_connections_across_the_nodes(nodes: Nodes) -> None:
    await nodes.start("a")
    await nodes.start("b")
    await nodes.start("c")
    on_a = shared(nodes, "a", AddressLimits(max_open=2, burst=10, rate=1.0))
    on_b = shared(nodes, "b", AddressLimits(max_open=2, burst=10, rate=1.0))
    on_c = shared(nodes, "c", AddressLimits(max_open=2, burst=10, rate=1.0))
    now = asyncio.get_running_loop().time()
    assert on_a.admit(GUESSER, now) is None
    await nodes.settle()
    assert on_b.admit(GUESSER, now) is None
    await nodes.settle()
    assert on_c.admit(GUESSER, now) == TOO_MANY
    assert on_a.admit(GUESSER, now) == TOO_MANY
    assert on_a.admit("198.51.100.1", now) is None  # another address is not counted with it

    on_a.release(GUESSER)
    await nodes.settle()
    assert on_c.admit(GUESSER, now) is None
    await nodes.settle()
    assert on_a.admit(GUESSER, now) == TOO_MANY

    # A node that dies takes its connections with it.
    await nodes.kill("b")
    assert on_a.admit(GUESSER, now) is None


async def test_connecting_fast_over_several_nodes_spends_one_burst(nodes: Nodes) -> None:
    await nodes.start("a")
    await nodes.start("b")
    on_a = shared(nodes, "a", AddressLimits(max_open=10, burst=3, rate=0.001))
    on_b = shared(nodes, "b", AddressLimits(max_open=10, burst=3, rate=0.001))
    clock = asyncio.get_running_loop().time
    for limits in (on_a, on_b, on_a):
        assert limits.admit(GUESSER, clock()) is None
        await nodes.settle()
    assert on_b.admit(GUESSER, clock()) == TOO_FAST
    assert on_a.admit(GUESSER, clock()) == TOO_FAST


async def test_a_node_that_rejoins_counts_the_connections_anew(nodes: Nodes) -> None:
    await nodes.start("a")
    await nodes.start("b")
    on_a = shared(nodes, "a", AddressLimits(max_open=1, burst=10, rate=1.0))
    on_b = shared(nodes, "b", AddressLimits(max_open=1, burst=10, rate=1.0))
    now = asyncio.get_running_loop().time()
    assert on_a.admit(GUESSER, now) is None
    await nodes.settle()
    assert on_b.admit(GUESSER, now) == TOO_MANY
    # Node b lost Redis and comes back: it forgets what it knew, and node a tells it again.
    nodes.cluster(nodes.worlds["b"].world).hello()
    await nodes.settle()
    assert on_b.admit(GUESSER, now) == TOO_MANY
    on_a.release(GUESSER)
    await nodes.settle()
    assert on_b.admit(GUESSER, now) is None
