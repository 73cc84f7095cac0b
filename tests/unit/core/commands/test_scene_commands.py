"""Scenes through the command layer: the intents every gateway gives, and the replies."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import SceneInvitationReceived
from boudoir.domain.intents import (
    AcceptSceneInvitation,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListSceneInvitations,
    ListScenes,
    PauseScene,
    ProposeForScene,
    ResumeScene,
    Safeword,
    VoteOnAddition,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    AdditionProposed,
    SafewordCalled,
    SceneAccepted,
    SceneInvitationList,
    SceneInvitationRefused,
    SceneInvitationSent,
    SceneLeft,
    SceneList,
    ScenePauseSet,
    SceneSummary,
    VoteCast,
)
from boudoir.domain.scenes import NotInScene
from boudoir.testing.harness import TestPerson, TestWorld


def invitation_id(person: TestPerson) -> str:
    found = [e for e in person.session.events if isinstance(e, SceneInvitationReceived)]
    assert found, f"{person.name} saw no invitation"
    return found[-1].invitation


async def scene_of_two(alice: TestPerson, bob: TestPerson) -> str:
    await alice.do(InviteToScene("Bob", Rating.MATURE, ("slow",), "rain"))
    reply = await bob.do(AcceptSceneInvitation(invitation_id(bob)))
    assert isinstance(reply, SceneAccepted)
    return reply.scene


async def test_an_invitation_answers_with_its_id_the_name_as_typed_and_as_spelled() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")

    reply = await alice.do(InviteToScene("bob", Rating.MATURE, ("slow",), "rain"))

    assert reply == SceneInvitationSent(invitation_id(bob), "bob", "Bob", Rating.MATURE)


async def test_a_new_scene_needs_a_rating_and_an_addition_takes_none_of_its_own() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    with pytest.raises(InvalidInput, match="Choose the scene's rating"):
        await alice.do(InviteToScene("Bob"))
    scene = await scene_of_two(alice, bob)
    await world.person("Carol")
    with pytest.raises(InvalidInput, match="keeps its rating"):
        await alice.do(InviteToScene("Carol", Rating.ADULT, scene=scene))
    assert await alice.do(InviteToScene("Carol", scene=scene)) == AdditionProposed()
    assert bob.saw("vote on adding Carol")


async def test_the_open_invitations_show_what_the_invitee_saw_and_the_list_shows_members() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await alice.do(InviteToScene("Bob", Rating.MATURE, ("slow",), "rain"))

    reply = await bob.do(ListSceneInvitations())

    assert isinstance(reply, SceneInvitationList)
    (shown,) = reply.invitations
    assert (shown.id, shown.by, shown.rating, shown.tags, shown.note) == (
        invitation_id(bob),
        "Alice",
        Rating.MATURE,
        ("slow",),
        "rain",
    )
    assert not shown.adds_to_scene
    scene = await bob.do(AcceptSceneInvitation(shown.id))
    assert isinstance(scene, SceneAccepted)
    assert await alice.do(ListScenes()) == SceneList(
        (SceneSummary(scene.scene, ("Alice", "Bob")),), ()
    )


async def test_declining_says_whether_the_sender_is_blocked_too() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await alice.do(InviteToScene("Bob", Rating.GENERAL))
    reply = await bob.do(DeclineSceneInvitation(invitation_id(bob), block=True))
    assert reply == SceneInvitationRefused(block=True)
    assert alice.saw("Bob declined your scene invitation")


async def test_a_vote_and_a_proposal_without_a_scene_name_mean_the_only_scene() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await world.person("Carol")
    await scene_of_two(alice, bob)

    assert await alice.do(ProposeForScene("Carol")) == AdditionProposed()
    assert await bob.do(VoteOnAddition(None, "carol", yes=True)) == VoteCast("carol", yes=True)


async def test_leaving_answers_with_the_departure_and_the_end_when_one_was_the_last() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(alice, bob)

    first = await alice.do(LeaveScene(scene))
    assert isinstance(first, SceneLeft)
    assert (first.left.room.name, first.left.character.name) == (scene, "Alice")
    assert first.ended is None
    last = await bob.do(LeaveScene(None))
    assert isinstance(last, SceneLeft)
    assert last.ended is not None


async def test_the_safeword_answers_with_the_scenes_it_ended() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(alice, bob)

    reply = await bob.do(Safeword(block="all"))

    assert isinstance(reply, SafewordCalled)
    assert [ref.name for ref in reply.ended] == [scene]
    assert alice.saw("the safeword was called")
    with pytest.raises(NotInScene):
        await bob.do(Safeword())


async def test_pause_and_resume_say_whether_anything_changed() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await scene_of_two(alice, bob)

    assert await alice.do(PauseScene()) == ScenePauseSet(paused=True, changed=True)
    assert await bob.do(PauseScene()) == ScenePauseSet(paused=True, changed=False)
    assert await alice.do(ResumeScene()) == ScenePauseSet(paused=False, changed=True)
    assert await alice.do(ResumeScene()) == ScenePauseSet(paused=False, changed=False)


async def test_a_command_naming_no_scene_when_one_is_in_none_is_refused() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    with pytest.raises(NotInScene, match="You are not in a scene"):
        await alice.do(LeaveScene())
