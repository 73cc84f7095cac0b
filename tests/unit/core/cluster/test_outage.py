"""While the other nodes cannot be reached (Redis away): each node keeps serving its own
people, tells them so, and refuses nothing silently; when the link is back, they are told,
and what is said reaches everyone again, nothing from the gap delivered late or twice."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import Unreachable

from .nodes import Nodes


async def test_people_are_told_and_a_message_elsewhere_is_refused_not_lost(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    await a.register("cat")
    alice = await a.person("alice")
    cat = await a.login("cat")
    bob = await b.login("bob")
    for person in (alice, cat, bob):
        await person.join("lobby")
        await nodes.settle()
    await alice.message("cat", "hi")
    await bob.message("alice", "hi")
    await alice.message("bob", "hi")
    await nodes.settle()

    nodes.hub.reachable = False
    for world in nodes.worlds.values():
        nodes.cluster(world.world).reachable(False)
    await nodes.settle()
    assert alice.saw("notice: The other nodes of this server are unreachable for now")
    assert bob.saw("notice: The other nodes of this server are unreachable for now")
    bob.forget()

    alice.say("lobby", "said during the gap")  # cat, on the same node, hears it
    await nodes.settle()
    assert cat.saw("[lobby] alice says said during the gap")
    assert not bob.saw("said during the gap")
    await alice.message("cat", "still here")  # same node: delivered
    with pytest.raises(Unreachable):
        await alice.message("bob", "are you there?")  # another node: said, not dropped

    nodes.hub.reachable = True
    for world in nodes.worlds.values():
        nodes.cluster(world.world).reachable(True)
    await nodes.settle()
    assert bob.saw("notice: The other nodes of this server are reachable again.")
    alice.say("lobby", "after the gap")
    await nodes.settle()
    assert bob.saw("[lobby] alice says after the gap")
    assert not bob.saw("said during the gap")
    assert sorted(bob.members("lobby")) == ["alice", "bob", "cat"]


async def test_who_left_during_the_gap_is_shown_gone_once_the_link_is_back(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()

    nodes.hub.reachable = False
    bob.quit()  # node a cannot be told
    await nodes.settle()
    assert sorted(alice.members("lobby")) == ["alice", "bob"]

    nodes.hub.reachable = True
    for world in nodes.worlds.values():
        nodes.cluster(world.world).reachable(True)
    await nodes.settle()
    assert alice.saw("bob left lobby")
    assert alice.members("lobby") == ["alice"]
