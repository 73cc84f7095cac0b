"""Scenes across nodes: an invitation sent on one node is answered on another; a vote adds a
third person from a third node; a safeword called on any node ends the scene at once for every
member on every node, and the cool-down holds on all of them; a pause holds everywhere."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import ConsentRefused
from boudoir.domain.events import SceneEnded, SceneInvitationReceived, SceneStarted
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import NotInScene, ScenePaused
from boudoir.testing.harness import TestPerson

from .nodes import Nodes


def invitation_of(person: TestPerson) -> str:
    found = [e for e in person.session.events if isinstance(e, SceneInvitationReceived)]
    assert found, f"{person.name} saw no invitation: {person.lines()}"
    return found[-1].invitation


def scene_name(person: TestPerson) -> str:
    started = [e for e in person.session.events if isinstance(e, SceneStarted)]
    assert started, f"{person.name} saw no scene start: {person.lines()}"
    return started[-1].scene.name


async def three_nodes(nodes: Nodes) -> tuple[TestPerson, TestPerson, TestPerson]:
    a = await nodes.start("a")
    b = await nodes.start("b")
    c = await nodes.start("c")
    await a.register("bea")
    await a.register("cal")
    ann = await a.person("ann")
    bea = await b.login("bea")
    cal = await c.login("cal")
    await nodes.settle()
    return ann, bea, cal


async def scene_of_two(nodes: Nodes, ann: TestPerson, bea: TestPerson) -> str:
    ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT, ["romance"], "by the fire")
    await nodes.settle()
    bea.world.scenes.accept(bea.connection, invitation_of(bea))
    await nodes.settle()
    return scene_name(ann)


async def test_an_invitation_from_one_node_is_accepted_on_another(nodes: Nodes) -> None:
    ann, bea, _ = await three_nodes(nodes)
    name = await scene_of_two(nodes, ann, bea)
    assert scene_name(bea) == name
    ann.say(name, "the fire crackles")
    await nodes.settle()
    assert bea.saw(f"[{name}] ann says the fire crackles")
    assert sorted(bea.members(name)) == ["ann", "bea"]


async def test_a_vote_across_nodes_adds_a_third_member_from_a_third_node(nodes: Nodes) -> None:
    ann, bea, cal = await three_nodes(nodes)
    name = await scene_of_two(nodes, ann, bea)
    ann.world.scenes.propose(ann.connection, name, "cal")
    await nodes.settle()
    bea.world.scenes.vote(bea.connection, name, "cal", yes=True)
    await nodes.settle()
    cal.world.scenes.accept(cal.connection, invitation_of(cal))
    await nodes.settle()
    assert sorted(ann.members(name)) == ["ann", "bea", "cal"]
    cal.pose(name, "sits down")
    await nodes.settle()
    assert ann.saw(f"[{name}] cal sits down")
    assert bea.saw(f"[{name}] cal sits down")


async def test_a_safeword_on_any_node_ends_the_scene_at_once_everywhere(nodes: Nodes) -> None:
    ann, bea, cal = await three_nodes(nodes)
    name = await scene_of_two(nodes, ann, bea)
    ann.world.scenes.propose(ann.connection, name, "cal")
    await nodes.settle()
    bea.world.scenes.vote(bea.connection, name, "cal", yes=True)
    await nodes.settle()
    cal.world.scenes.accept(cal.connection, invitation_of(cal))
    await nodes.settle()

    await bea.world.scenes.safeword(bea.connection)  # called on node b
    await nodes.settle()
    for person in (ann, bea, cal):
        assert any(isinstance(e, SceneEnded) for e in person.session.events), person.name
        assert not person.connection.rooms, person.name
    with pytest.raises(NotInScene):
        ann.world.scenes.scene(ann.connection, name)
    with pytest.raises(NotInScene):
        cal.world.scenes.scene(cal.connection, name)
    # The cool-down holds on node a too: ann may not invite bea again for now.
    with pytest.raises(ConsentRefused):
        ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT)


async def test_a_pause_on_one_node_holds_on_the_other(nodes: Nodes) -> None:
    ann, bea, _ = await three_nodes(nodes)
    name = await scene_of_two(nodes, ann, bea)
    bea.world.scenes.pause(bea.connection, name)
    await nodes.settle()
    with pytest.raises(ScenePaused):
        ann.say(name, "in character")
    ann.ooc(name, "all good?")
    await nodes.settle()
    assert bea.saw("all good?")


async def test_an_invitation_decided_before_a_block_crossed_is_dropped_by_the_blockers_node(
    nodes: Nodes,
) -> None:
    ann, bea, _ = await three_nodes(nodes)
    nodes.buses["a"].attached = False  # node a has not heard of the block yet
    await bea.block("ann")
    await nodes.settle()
    nodes.buses["a"].attached = True
    # Node a decides without the block: bea's own node knows it, and drops the invitation.
    ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT, ["romance"])
    await nodes.settle()
    assert not [e for e in bea.session.events if isinstance(e, SceneInvitationReceived)]
