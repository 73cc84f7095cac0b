"""After Redis was away, the nodes agree again on what changed on either side meanwhile, safety
first: a scene ended on any side stays ended everywhere, a log stopped on any side stays
stopped, who left a room is gone from it, a block made meanwhile holds on every node; and each
person is told what changed for them once."""

from __future__ import annotations

import pytest

from boudoir.core.moderation import Actor
from boudoir.domain.errors import ConsentRefused, Muted, NotInRoom
from boudoir.domain.events import (
    LogStateChanged,
    MemberJoined,
    MemberLeft,
    SceneEnded,
    SceneInvitationReceived,
    ScenePauseChanged,
    SceneStarted,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import SceneEndReason, ScenePaused
from boudoir.testing.harness import TestPerson

from .nodes import Nodes


def ends(person: TestPerson) -> list[SceneEnded]:
    return [e for e in person.session.events if isinstance(e, SceneEnded)]


def log_stops(person: TestPerson) -> list[LogStateChanged]:
    """Each time ``person`` was told a log stopped or a proposal was dropped."""
    return [e for e in person.session.events if isinstance(e, LogStateChanged) and not e.proposed]


def departures(person: TestPerson, name: str) -> list[MemberLeft]:
    return [
        e for e in person.session.events if isinstance(e, MemberLeft) and e.character.name == name
    ]


async def scene_on_two_nodes(nodes: Nodes) -> tuple[TestPerson, TestPerson, str]:
    """Ann on node a and Bea on node b, in a scene together."""
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bea")
    ann = await a.person("ann")
    bea = await b.login("bea")
    await nodes.settle()
    ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT)
    await nodes.settle()
    invitation = [e for e in bea.session.events if isinstance(e, SceneInvitationReceived)]
    bea.world.scenes.accept(bea.connection, invitation[-1].invitation)
    await nodes.settle()
    started = [e for e in ann.session.events if isinstance(e, SceneStarted)]
    return ann, bea, started[-1].scene.name


@pytest.mark.parametrize("cut", [(), ("a",), ("b",)], ids=["both", "only-a", "only-b"])
async def test_a_safeword_called_during_the_gap_ends_the_scene_on_every_node(
    nodes: Nodes, cut: tuple[str, ...]
) -> None:
    ann, bea, name = await scene_on_two_nodes(nodes)
    (room,) = ann.connection.rooms
    await nodes.cut_off(*cut)
    await ann.world.scenes.safeword(ann.connection, block="all")
    await nodes.settle()
    assert [e.reason for e in ends(ann)] == [SceneEndReason.SAFEWORD]
    assert ends(bea) == []  # node b cannot be told yet
    assert bea.world.scenes.is_scene(room)

    await nodes.reconnect(*cut)
    assert [e.reason for e in ends(bea)] == [SceneEndReason.SAFEWORD]
    assert len(ends(ann)) == 1  # told once, when it was called
    for person in (ann, bea):
        assert not person.world.scenes.is_scene(room)
        assert room not in person.world.registry.rooms
        assert person.world.scenes.scenes_of(person.connection) == []
    with pytest.raises(NotInRoom):
        bea.say(name, "still here?")
    # The cool-down and the block made in the same breath hold on Bea's node too.
    with pytest.raises(ConsentRefused):
        bea.world.scenes.invite(bea.connection, "ann", Rating.ADULT)
    with pytest.raises(ConsentRefused):
        await bea.message("ann", "are you all right?")

    await nodes.reconnect()  # another round of hellos changes nothing, and tells nobody
    assert len(ends(bea)) == 1
    assert len(ends(ann)) == 1


async def test_a_scene_ended_on_one_side_is_not_brought_back_by_the_other(nodes: Nodes) -> None:
    """Bea's node still lists her in the scene's room when the nodes meet again: Ann's node,
    where it ended, does not take the room back."""
    ann, bea, _ = await scene_on_two_nodes(nodes)
    (room,) = ann.connection.rooms
    await nodes.cut_off()
    await ann.world.scenes.safeword(ann.connection)
    await nodes.reconnect()
    ann.forget()
    await nodes.reconnect()
    assert room not in ann.world.registry.rooms
    assert room not in bea.world.registry.rooms
    assert ann.lines() == ["notice: The other nodes of this server are reachable again."]


async def log_on_two_nodes(nodes: Nodes) -> tuple[TestPerson, TestPerson]:
    """Ann on node a and Bea on node b in den, where both agreed to a log: it is on."""
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bea")
    ann = await a.person("ann")
    bea = await b.login("bea")
    await ann.join("den")
    await nodes.settle()
    await bea.join("den")
    await nodes.settle()
    ann.world.logs.propose(ann.connection, "den")
    await nodes.settle()
    bea.world.logs.agree(bea.connection, "den")
    await nodes.settle()
    assert ann.saw("logging on in den (started)")
    return ann, bea


@pytest.mark.parametrize("cut", [(), ("b",)], ids=["both", "only-b"])
async def test_a_log_stopped_on_one_side_during_the_gap_stays_stopped_everywhere(
    nodes: Nodes, cut: tuple[str, ...]
) -> None:
    ann, bea = await log_on_two_nodes(nodes)
    (room,) = ann.connection.rooms
    await nodes.cut_off(*cut)
    bea.world.logs.withdraw(bea.connection, "den")
    await nodes.settle()
    assert len(log_stops(bea)) == 1
    assert ann.world.logs.is_on(room)  # node a cannot be told yet
    ann.forget()

    await nodes.reconnect(*cut)
    assert ann.saw("logging off in den (stopped_withdrawal)")
    assert len(log_stops(ann)) == 1
    assert len(log_stops(bea)) == 1  # told once, when she withdrew
    assert not ann.world.logs.is_on(room)
    assert not bea.world.logs.is_on(room)
    ann.say("den", "not for the record")
    await nodes.settle()
    await ann.world.logs.flush()
    await bea.world.logs.flush()
    assert "not for the record" not in [line.text for line in nodes.store.logs.rows.values()]
    # Nothing is left proposed either: a new log needs everyone's yes again.
    assert ann.world.logs.state(ann.connection, ann.world.registry.rooms[room]) is None
    assert bea.world.logs.state(bea.connection, bea.world.registry.rooms[room]) is None

    await nodes.reconnect()
    assert len(log_stops(ann)) == 1
    assert len(log_stops(bea)) == 1


async def test_a_log_on_both_sides_unchanged_through_the_gap_stays_on(nodes: Nodes) -> None:
    ann, bea = await log_on_two_nodes(nodes)
    (room,) = ann.connection.rooms
    await nodes.cut_off()
    await nodes.reconnect()
    assert ann.world.logs.is_on(room)
    assert bea.world.logs.is_on(room)
    assert log_stops(ann) == []
    assert log_stops(bea) == []


@pytest.mark.parametrize("cut", [(), ("b",)], ids=["both", "only-b"])
async def test_who_left_a_room_during_the_gap_is_gone_from_it_everywhere(
    nodes: Nodes, cut: tuple[str, ...]
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await nodes.cut_off(*cut)
    bob.leave("lobby")
    await nodes.settle()
    assert sorted(alice.members("lobby")) == ["alice", "bob"]  # node a cannot be told yet

    await nodes.reconnect(*cut)
    assert alice.members("lobby") == ["alice"]
    assert len(departures(alice, "bob")) == 1
    alice.say("lobby", "gone?")
    await nodes.settle()
    assert not bob.saw("gone?")

    await nodes.reconnect()
    assert len(departures(alice, "bob")) == 1


async def test_who_came_into_a_room_during_the_gap_is_shown_arriving_once(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await alice.join("den")
    await nodes.settle()
    await nodes.cut_off()
    await bob.join("den")
    await nodes.settle()
    assert alice.members("den") == ["alice"]

    await nodes.reconnect()
    assert sorted(alice.members("den")) == ["alice", "bob"]
    arrivals = [
        e
        for e in alice.session.events
        if isinstance(e, MemberJoined) and e.character.name == "bob" and e.room.name == "den"
    ]
    assert len(arrivals) == 1
    bob.say("den", "hello again")
    await nodes.settle()
    assert alice.saw("[den] bob says hello again")

    before = alice.lines()
    await nodes.reconnect()
    assert alice.lines() == [*before, "notice: The other nodes of this server are reachable again."]


async def test_a_block_made_during_the_gap_holds_on_every_node(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await nodes.cut_off()
    await alice.block("bob")
    await nodes.reconnect()
    # Bob's node knows: he is refused as by any block, and sees Alice leave the lobby once.
    with pytest.raises(ConsentRefused):
        await bob.message("alice", "hey")
    assert len(departures(bob, "alice")) == 1
    bob.say("lobby", "anyone?")
    await nodes.settle()
    assert not alice.saw("anyone?")

    await nodes.reconnect()
    assert len(departures(bob, "alice")) == 1


async def test_a_mute_made_during_the_gap_holds_on_every_node(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await nodes.cut_off()
    await alice.world.moderation.act(Actor.operator(), "mute", "bob", "lobby", "calm down")
    bob.say("lobby", "not muted here yet")  # node b could not be told
    await nodes.reconnect()
    with pytest.raises(Muted):
        bob.say("lobby", "but")


async def test_a_room_ban_made_during_the_gap_puts_them_out_on_their_own_node(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await nodes.cut_off()
    await alice.world.moderation.act(Actor.operator(), "room_ban", "bob", "lobby", "flooding")
    await nodes.settle()
    assert alice.members("lobby") == ["alice"]
    assert bob.connection.rooms  # node b could not be told
    alice.forget()

    await nodes.reconnect()
    assert not bob.connection.rooms
    assert bob.saw("bob was kicked from lobby by the server (banned)")
    assert alice.members("lobby") == ["alice"]
    assert not alice.saw("bob joined lobby")  # not brought back by his node's snapshot
    assert not alice.saw("bob was kicked")  # told once, when it was decided
    await nodes.reconnect()
    assert len([line for line in bob.lines() if "kicked" in line]) == 1


async def test_a_pause_made_on_one_side_during_the_gap_holds_on_both(nodes: Nodes) -> None:
    ann, bea, name = await scene_on_two_nodes(nodes)
    await nodes.cut_off()
    bea.world.scenes.pause(bea.connection, name)
    await nodes.settle()
    ann.say(name, "in character, unaware")  # node a could not be told
    await nodes.reconnect()
    assert [e.paused for e in ann.session.events if isinstance(e, ScenePauseChanged)] == [True]
    assert [e.paused for e in bea.session.events if isinstance(e, ScenePauseChanged)] == [True]
    with pytest.raises(ScenePaused):
        ann.say(name, "in character")
    await nodes.reconnect()
    assert len([e for e in ann.session.events if isinstance(e, ScenePauseChanged)]) == 1


async def test_a_proposal_both_sides_still_hold_stays_open_when_someone_came_meanwhile(
    nodes: Nodes,
) -> None:
    """Cat arrives on Bea's node during the gap: the proposal there now waits for her too, and
    is as it was. Once the nodes meet, Ann's node shows Cat arriving and keeps the proposal:
    both nodes hold it alike, and a yes from everyone present still starts the log."""
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bea")
    await a.register("cat")
    ann = await a.person("ann")
    bea = await b.login("bea")
    cat = await b.login("cat")
    await ann.join("den")
    await nodes.settle()
    await bea.join("den")
    await nodes.settle()
    ann.world.logs.propose(ann.connection, "den")
    await nodes.settle()
    (room,) = ann.connection.rooms
    await nodes.cut_off()
    await cat.join("den")
    await nodes.settle()
    await nodes.reconnect()
    assert sorted(ann.members("den")) == ["ann", "bea", "cat"]
    for world in (ann.world, bea.world):
        assert world.logs._logs[room].agreed == {ann.account.id}
    assert log_stops(ann) == []
    bea.world.logs.agree(bea.connection, "den")
    cat.world.logs.agree(cat.connection, "den")
    await nodes.settle()
    assert ann.world.logs.is_on(room)
    assert bea.world.logs.is_on(room)


async def test_three_nodes_agree_when_only_one_was_cut_off(nodes: Nodes) -> None:
    """Node c alone lost Redis, and Cal withdrew from the log there meanwhile. Once node c is
    back, nodes a and b (which agreed with each other) stop it too: every node holds it off,
    and each person is told once."""
    a = await nodes.start("a")
    b = await nodes.start("b")
    c = await nodes.start("c")
    await a.register("bea")
    await a.register("cal")
    ann = await a.person("ann")
    bea = await b.login("bea")
    cal = await c.login("cal")
    for person in (ann, bea, cal):
        await person.join("den")
        await nodes.settle()
    ann.world.logs.propose(ann.connection, "den")
    await nodes.settle()
    for person in (bea, cal):
        person.world.logs.agree(person.connection, "den")
        await nodes.settle()
    (room,) = ann.connection.rooms
    assert all(p.world.logs.is_on(room) for p in (ann, bea, cal))

    await nodes.cut_off("c")
    cal.world.logs.withdraw(cal.connection, "den")
    await nodes.settle()
    assert ann.world.logs.is_on(room)  # nodes a and b could not be told
    assert bea.world.logs.is_on(room)
    await nodes.reconnect("c")
    for person in (ann, bea, cal):
        assert not person.world.logs.is_on(room)
        assert person.world.logs.state(person.connection, person.world.registry.rooms[room]) is None
        assert len(log_stops(person)) == 1
    await nodes.reconnect()
    assert [len(log_stops(person)) for person in (ann, bea, cal)] == [1, 1, 1]
