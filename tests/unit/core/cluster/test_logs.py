"""Logging by consent across nodes: a log proposed on one node is agreed to from another and
starts only once everyone present, on every node, said yes; each line is logged once, by the
node where it was said; an arrival on any node stops it, a no on any node keeps it off; and
everyone, wherever they are, sees its state."""

from __future__ import annotations

from boudoir.domain.events import LogChange, LogStateChanged
from boudoir.testing.harness import TestPerson

from .nodes import Nodes


def states(person: TestPerson) -> list[LogStateChanged]:
    return [e for e in person.session.events if isinstance(e, LogStateChanged)]


async def two_in_a_room(nodes: Nodes) -> tuple[TestPerson, TestPerson]:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bea")
    ann = await a.person("ann")
    bea = await b.login("bea")
    await ann.join("den")
    await nodes.settle()
    await bea.join("den")
    await nodes.settle()
    return ann, bea


async def logging_on(nodes: Nodes, ann: TestPerson, bea: TestPerson) -> None:
    ann.world.logs.propose(ann.connection, "den")  # on node a
    await nodes.settle()
    bea.world.logs.agree(bea.connection, "den")  # on node b
    await nodes.settle()


async def test_a_proposal_on_one_node_is_agreed_to_from_the_other(nodes: Nodes) -> None:
    ann, bea = await two_in_a_room(nodes)
    ann.world.logs.propose(ann.connection, "den")
    await nodes.settle()
    # Not on until everyone present said yes, on either node; both see the proposal.
    for person in (ann, bea):
        room = next(iter(person.connection.rooms))
        assert not person.world.logs.is_on(room), person.name
        assert states(person)[-1].change is LogChange.PROPOSED, person.name
        assert states(person)[-1].missing == ("bea",), person.name
    bea.world.logs.agree(bea.connection, "den")
    await nodes.settle()
    for person in (ann, bea):
        room = next(iter(person.connection.rooms))
        assert person.world.logs.is_on(room), person.name
        last = states(person)[-1]
        assert (last.on, last.change, last.switched) == (True, LogChange.STARTED, True)
        assert len(states(person)) == 2, person.name  # each change told once
    state = ann.world.logs.state(ann.connection, ann.world.registry.rooms[room])
    assert state is not None
    assert state.agreed == ("ann", "bea")


async def test_lines_from_both_nodes_are_logged_once(nodes: Nodes) -> None:
    ann, bea = await two_in_a_room(nodes)
    await logging_on(nodes, ann, bea)
    ann.say("den", "from node a")
    bea.pose("den", "answers from node b")
    await nodes.settle()
    for person in (ann, bea):
        await person.world.logs.flush()
    texts = sorted(line.text for line in nodes.store.logs.rows.values())
    assert texts == ["answers from node b", "from node a"]
    segments = await ann.world.logs.segments(ann.account.id)
    assert len(segments) == 1
    assert segments[0].readers == {ann.account.id, bea.account.id}
    assert await bea.world.logs.segments(bea.account.id) == segments
    lines = await bea.world.logs.lines(bea.account.id, segments[0].id)
    assert [line.text for line in lines] == ["from node a", "answers from node b"]


async def test_a_newcomer_on_the_other_node_stops_it_for_everyone(nodes: Nodes) -> None:
    ann, bea = await two_in_a_room(nodes)
    await nodes.worlds["a"].register("cal")
    cal = await nodes.worlds["b"].login("cal")
    await logging_on(nodes, ann, bea)
    ann.say("den", "before cal")
    await nodes.settle()
    await cal.join("den")  # on node b
    await nodes.settle()
    ann.say("den", "after cal came")
    bea.say("den", "after cal came too")
    await nodes.settle()
    for person in (ann, bea, cal):
        room = next(iter(person.connection.rooms))
        assert not person.world.logs.is_on(room), person.name
        assert person.world.logs.state(person.connection, person.world.registry.rooms[room]) is None
    for person in (ann, bea):
        last = states(person)[-1]
        assert (last.on, last.change, last.switched) == (False, LogChange.STOPPED_ARRIVAL, True)
        assert [s.change for s in states(person)].count(LogChange.STOPPED_ARRIVAL) == 1
    for world in nodes.worlds.values():
        await world.world.logs.flush()
    assert [line.text for line in nodes.store.logs.rows.values()] == ["before cal"]
    (segment,) = nodes.store.logs.segments.values()
    assert segment.ended_at is not None
    assert cal.account.id not in segment.readers


async def test_a_refusal_on_the_other_node_keeps_it_off(nodes: Nodes) -> None:
    ann, bea = await two_in_a_room(nodes)
    ann.world.logs.propose(ann.connection, "den")
    await nodes.settle()
    bea.world.logs.withdraw(bea.connection, "den")  # on node b
    await nodes.settle()
    for person in (ann, bea):
        room = next(iter(person.connection.rooms))
        assert not person.world.logs.is_on(room)
        assert person.world.logs.state(person.connection, person.world.registry.rooms[room]) is None
        last = states(person)[-1]
        assert (last.proposed, last.change) == (False, LogChange.STOPPED_WITHDRAWAL)
    ann.say("den", "not logged")
    await nodes.settle()
    await ann.world.logs.flush()
    assert nodes.store.logs.rows == {}
    assert nodes.store.logs.segments == {}


async def test_a_departure_goes_on_in_a_new_segment_on_every_node(nodes: Nodes) -> None:
    ann, bea = await two_in_a_room(nodes)
    await nodes.worlds["a"].register("cal")
    cal = await nodes.worlds["b"].login("cal")
    await cal.join("den")
    await nodes.settle()
    await logging_on(nodes, ann, bea)
    cal.world.logs.agree(cal.connection, "den")
    await nodes.settle()
    cal.say("den", "cal was here")
    await nodes.settle()
    cal.leave("den")  # on node b: ann and bea go on without cal
    await nodes.settle()
    ann.say("den", "after cal left")
    bea.say("den", "bea too")
    await nodes.settle()
    for world in nodes.worlds.values():
        await world.world.logs.flush()
    room = next(iter(ann.connection.rooms))
    assert ann.world.logs.is_on(room)
    assert bea.world.logs.is_on(room)
    cal_reads = await cal.world.logs.segments(cal.account.id)
    assert len(cal_reads) == 1
    assert [line.text for line in await cal.world.logs.lines(cal.account.id, cal_reads[0].id)] == [
        "cal was here"
    ]
    ann_reads = await ann.world.logs.segments(ann.account.id)
    assert len(ann_reads) == 2
    later = await ann.world.logs.lines(ann.account.id, ann_reads[1].id)
    assert [line.text for line in later] == ["after cal left", "bea too"]


async def test_a_node_that_dies_stops_the_logs_its_people_were_in(nodes: Nodes) -> None:
    ann, bea = await two_in_a_room(nodes)
    await logging_on(nodes, ann, bea)
    await nodes.kill("b")
    room = next(iter(ann.connection.rooms))
    assert not ann.world.logs.is_on(room)
    assert states(ann)[-1].change is LogChange.STOPPED_WITHDRAWAL
    await ann.world.logs.flush()
    (segment,) = nodes.store.logs.segments.values()
    assert segment.ended_at is not None
