"""Moderators on one node act on people on another at once: a kick takes them out of the room
on their own node too, a mute silences them there, a suspension ends their session there."""

from __future__ import annotations

import pytest

from boudoir.core.moderation import Actor
from boudoir.domain.errors import Muted

from .nodes import Nodes


async def test_a_kick_decided_on_one_node_holds_on_the_other(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()

    await alice.world.moderation.act(Actor.operator(), "kick", "bob", "lobby", "flooding")
    await nodes.settle()
    assert bob.saw("bob was kicked from lobby by the server (flooding)")
    assert not bob.connection.rooms  # out on his own node, not only in node a's picture
    assert alice.members("lobby") == ["alice"]
    await bob.join("lobby")  # a kick is no ban: he may come back
    await nodes.settle()
    assert sorted(alice.members("lobby")) == ["alice", "bob"]


async def test_a_mute_decided_on_one_node_holds_on_the_other(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()

    await alice.world.moderation.act(Actor.operator(), "mute", "bob", "lobby", "calm down")
    await nodes.settle()
    with pytest.raises(Muted):
        bob.say("lobby", "but")


async def test_a_suspension_decided_on_one_node_ends_the_session_on_the_other(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    await a.person("alice")
    alice = a
    bob = await b.login("bob")
    await nodes.settle()

    await alice.world.moderation.act(Actor.operator(), "suspend", "bob", reason="harassment")
    await nodes.settle()
    assert bob.session.closed is not None
    assert "suspended" in bob.session.closed
    bob.quit()  # the gateway logs the closed session out
    await nodes.settle()
    assert alice.world.registry.find_character("bob") is None
