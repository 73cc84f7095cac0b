"""A node that joins late learns the state every node shares, not only who is where: the scenes
and their invitations, the safeword cool-downs, the message requests and the logs' consent made
before it joined, so its people can answer any of them from there."""

from __future__ import annotations

import pytest

from boudoir.core.calls import TurnRelay
from boudoir.domain.call_events import CallEnded, MediaSessionStarted
from boudoir.domain.calls import CamAudience, EndReason
from boudoir.domain.entities import RoomSetting
from boudoir.domain.errors import ConsentRefused
from boudoir.domain.events import LogChange, LogStateChanged, SceneInvitationReceived, SceneStarted
from boudoir.domain.intents import (
    AnswerCall,
    CamAction,
    ChangeRoomSetting,
    HangUp,
    PlaceCall,
    StartCam,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import CallPlaced
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


async def test_an_invitation_made_before_a_node_joined_is_accepted_there(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bea")
    ann = await a.person("ann")
    bea_on_a = await a.login("bea")
    ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT, ["romance"])
    await nodes.settle()
    invitation = invitation_of(bea_on_a)
    b = await nodes.start("b")  # late
    bea = await b.login("bea")
    await nodes.settle()
    assert [i.id for i in b.world.scenes.invitations(bea.connection)] == [invitation]
    bea.world.scenes.accept(bea.connection, invitation)
    await nodes.settle()
    name = scene_name(ann)
    assert scene_name(bea) == name
    assert sorted(ann.members(name)) == ["ann", "bea"]


async def test_a_late_node_knows_the_scenes_and_a_vote_is_accepted_there(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bea")
    await a.register("cal")
    ann = await a.person("ann")
    bea = await a.login("bea")
    ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT)
    await nodes.settle()
    bea.world.scenes.accept(bea.connection, invitation_of(bea))
    await nodes.settle()
    name = scene_name(ann)
    bea.world.scenes.pause(bea.connection, name)
    await nodes.settle()
    b = await nodes.start("b")  # late
    cal = await b.login("cal")
    await nodes.settle()
    (room,) = ann.connection.rooms
    assert b.world.scenes.is_scene(room)
    assert room in b.world.scenes._paused  # as it stands, paused
    bea.world.scenes.resume(bea.connection, name)
    await nodes.settle()
    ann.world.scenes.propose(ann.connection, name, "cal")
    await nodes.settle()
    bea.world.scenes.vote(bea.connection, name, "cal", yes=True)
    await nodes.settle()
    cal.world.scenes.accept(cal.connection, invitation_of(cal))  # on the late node
    await nodes.settle()
    assert sorted(ann.members(name)) == ["ann", "bea", "cal"]
    assert sorted(cal.members(name)) == ["ann", "bea", "cal"]


async def test_a_safewords_cooldown_holds_on_a_node_that_joined_after_it(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bea")
    ann = await a.person("ann")
    bea = await a.login("bea")
    ann.world.scenes.invite(ann.connection, "bea", Rating.ADULT)
    await nodes.settle()
    bea.world.scenes.accept(bea.connection, invitation_of(bea))
    await nodes.settle()
    await bea.world.scenes.safeword(bea.connection)
    await nodes.settle()
    b = await nodes.start("b")  # late
    ann_on_b = await b.login("ann")
    await nodes.settle()
    with pytest.raises(ConsentRefused):
        ann_on_b.world.scenes.invite(ann_on_b.connection, "bea", Rating.ADULT)


async def test_a_message_request_made_before_a_node_joined_is_accepted_there(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    await a.register("bob")
    alice = await a.person("alice")
    await a.login("bob")
    await alice.message("bob", "hi, I liked your profile")
    await nodes.settle()
    b = await nodes.start("b")  # late
    bob = await b.login("bob")
    await nodes.settle()
    await bob.accept("alice")
    await nodes.settle()
    assert bob.lines()[-2:] == [
        "request from alice accepted",
        "alice -> bob: hi, I liked your profile",
    ]
    await alice.message("bob", "great!")
    await nodes.settle()
    assert bob.lines()[-1] == "alice -> bob: great!"


async def test_a_log_proposed_before_a_node_joined_is_agreed_to_there(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bea")
    ann = await a.person("ann")
    bea_on_a = await a.login("bea")
    await ann.join("den")
    await bea_on_a.join("den")
    ann.world.logs.propose(ann.connection, "den")
    await nodes.settle()
    b = await nodes.start("b")  # late
    bea = await b.login("bea")
    await bea.join("den")
    await nodes.settle()
    bea.world.logs.agree(bea.connection, "den")  # on the late node
    await nodes.settle()
    room = next(iter(ann.connection.rooms))
    assert ann.world.logs.is_on(room)
    assert bea.world.logs.is_on(room)
    started = [e for e in ann.session.events if isinstance(e, LogStateChanged)][-1]
    assert (started.on, started.change) == (True, LogChange.STARTED)
    ann.say("den", "logged once")
    await nodes.settle()
    await ann.world.logs.flush()
    assert [line.text for line in nodes.store.logs.rows.values()] == ["logged once"]


async def test_a_late_node_knows_a_live_call_and_a_cam_and_ends_them_from_there(
    nodes: Nodes,
) -> None:
    relay = TurnRelay(("turn:127.0.0.1:3478",), "a-shared-secret-for-coturn", 600)
    a = await nodes.start("a")
    a.world.calls.relay = relay
    await a.register("bea")
    ann = await a.person("ann")
    bea_on_a = await a.login("bea")
    await ann.befriend("bea")
    await bea_on_a.befriend("ann")
    placed = await ann.do(PlaceCall("bea", video=False))
    assert isinstance(placed, CallPlaced)
    await bea_on_a.do(AnswerCall(placed.call, accept=True))
    await ann.create_room("camroom")
    await bea_on_a.join("camroom")
    await ann.do(ChangeRoomSetting("camroom", RoomSetting.CAMS, True))
    await ann.do(StartCam("camroom", False, False, CamAudience.EVERYONE))
    await nodes.settle()

    b = await nodes.start("b")  # late
    b.world.calls.relay = relay
    bea = await b.login("bea")
    await nodes.settle()
    assert placed.call in b.world.calls.calls
    await bea.join("camroom")
    await nodes.settle()
    await bea.do(CamAction("open", "camroom", "ann"))
    await nodes.settle()
    assert [e.cam_name for e in ann.session.events if isinstance(e, MediaSessionStarted)] == [
        None,
        "ann",
    ]
    await bea.do(HangUp(placed.call))
    await nodes.settle()
    assert [e.reason for e in ann.session.events if isinstance(e, CallEnded)] == [EndReason.HUNG_UP]
