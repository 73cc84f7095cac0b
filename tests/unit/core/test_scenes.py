"""Scenes: invitations, the card, votes, leaving, the safeword, the pause, and who may see what."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.scenes import Scene
from boudoir.domain.entities import Audience, DirectMessagePolicy, Role
from boudoir.domain.errors import BoudoirError, ConsentRefused, NotInRoom
from boudoir.domain.events import (
    MessageKind,
    SceneEnded,
    SceneInvitationReceived,
    SceneInvitationWithdrawn,
    SceneStarted,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import SAFEWORD_COOLDOWN, NotInScene, ScenePaused
from boudoir.testing.harness import TestPerson, TestWorld


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def invitation_of(person: TestPerson) -> SceneInvitationReceived:
    found = [e for e in person.session.events if isinstance(e, SceneInvitationReceived)]
    assert found, f"{person.name} saw no invitation: {person.lines()}"
    return found[-1]


async def scene_of_two(
    world: TestWorld, a: TestPerson, b: TestPerson, rating: Rating = Rating.ADULT
) -> Scene:
    scenes = world.world.scenes
    scenes.invite(a.connection, b.name, rating, ["romance"], "by the fire")
    return scenes.accept(b.connection, invitation_of(b).invitation)


async def limits(world: TestWorld, person: TestPerson, *items: str, audience: Audience) -> None:
    await world.world.update_character(
        person.account.id, person.name, hard_limits=list(items), profile_audience=audience
    )


async def test_the_invitee_sees_who_invites_the_rating_tags_note_and_shared_limits() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await limits(world, alice, "gore", audience=Audience.EVERYONE)
    alice.forget()

    world.world.scenes.invite(alice.connection, "Bob", Rating.MATURE, ["Romance", "slow"], "hi")

    invitation = invitation_of(bob)
    assert invitation.by.name == "Alice"
    assert invitation.rating is Rating.MATURE
    assert invitation.tags == ("romance", "slow")
    assert invitation.note == "hi"
    assert invitation.limits == ("gore",)
    assert not alice.session.events, "the inviter is answered, not told"


async def test_limits_kept_private_are_still_shown_to_scene_partners() -> None:
    # Whoever plays with someone must know their limits: on the invitation and the card,
    # whatever the profile's ``limits`` visibility says to everyone else.
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await limits(world, alice, "gore", audience=Audience.ONLY_ME)
    await limits(world, bob, "blood", audience=Audience.EVERYONE)

    await scene_of_two(world, alice, bob)

    assert invitation_of(bob).limits == ("gore",)
    assert bob.saw("Alice (limits: gore); Bob (limits: blood)")
    assert alice.saw("Alice (limits: gore); Bob (limits: blood)")


async def test_accepting_starts_the_scene_and_its_members_speak_in_it_as_in_a_room() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")

    scene = await scene_of_two(world, alice, bob)

    for person in (alice, bob):
        started = [e for e in person.session.events if isinstance(e, SceneStarted)]
        assert [m.character.name for m in started[0].members] == ["Alice", "Bob"]
        assert started[0].tags == ("romance",)
        assert started[0].note == "by the fire"
    alice.say(scene.name, "hello")
    assert bob.saw(f"[{scene.name}] Alice says hello")
    assert sorted(bob.members(scene.name)) == ["Alice", "Bob"]


async def test_declining_tells_the_inviter_the_same_with_or_without_a_block() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scenes = world.world.scenes
    alice.forget()
    scenes.invite(alice.connection, "Bob", Rating.GENERAL)
    await scenes.decline(bob.connection, invitation_of(bob).invitation, block=False)
    scenes.invite(alice.connection, "Bob", Rating.GENERAL)
    await scenes.decline(bob.connection, invitation_of(bob).invitation, block=True)

    declined = [line for line in alice.lines() if "declined" in line]
    assert declined == ["Bob declined your scene invitation"] * 2
    with pytest.raises(ConsentRefused):
        scenes.invite(alice.connection, "Bob", Rating.GENERAL)


@pytest.mark.parametrize(
    ("options", "rating"),
    [
        ({"policy": DirectMessagePolicy.NOBODY}, Rating.GENERAL),
        ({"policy": DirectMessagePolicy.FRIENDS}, Rating.GENERAL),
        ({"attested": False}, Rating.MATURE),
        ({"ratings": (Rating.GENERAL,)}, Rating.ADULT),
        ({"adult_character": False}, Rating.MATURE),
    ],
)
async def test_invitations_pass_the_invitees_consent_and_never_say_why(
    options: dict[str, object], rating: Rating
) -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("Bob", **options)
    bob.forget()

    with pytest.raises(ConsentRefused) as refused:
        world.world.scenes.invite(alice.connection, "Bob", rating)

    assert refused.value.reason == "recipient_unavailable"
    assert not bob.lines()


async def test_nobody_invites_across_a_block_or_an_offline_person() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    await world.person("Bob")
    await world.register("Carol")
    await alice.block("Bob")

    for name in ("Bob", "Carol"):
        with pytest.raises(ConsentRefused) as refused:
            world.world.scenes.invite(alice.connection, name, Rating.GENERAL)
        assert refused.value.reason == "recipient_unavailable"


async def test_the_inviter_must_be_allowed_the_rating_themselves() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice", ratings=(Rating.GENERAL,))
    await world.person("Bob")

    with pytest.raises(ConsentRefused) as refused:
        world.world.scenes.invite(alice.connection, "Bob", Rating.ADULT)

    assert refused.value.reason == "rating_not_opted_in"


async def test_an_invitation_expires_and_tags_and_notes_are_limited() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scenes = world.world.scenes
    with pytest.raises(BoudoirError):
        scenes.invite(alice.connection, "Bob", Rating.GENERAL, [f"t{i}" for i in range(9)])
    with pytest.raises(BoudoirError):
        scenes.invite(alice.connection, "Bob", Rating.GENERAL, ["no spaces here"])
    with pytest.raises(BoudoirError):
        scenes.invite(alice.connection, "Bob", Rating.GENERAL, note="x" * 301)
    scenes.invite(alice.connection, "Bob", Rating.GENERAL)
    clock.now += dt.timedelta(hours=2)

    assert scenes.invitations(bob.connection) == []
    with pytest.raises(BoudoirError):
        scenes.accept(bob.connection, invitation_of(bob).invitation)


async def test_nobody_outside_a_scene_can_find_join_list_or_read_it() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    moderator = await world.person("Morgan")
    operator = await world.person("Oscar")
    await world.world.accounts.set_role(moderator.account.id, Role.MODERATOR)
    await world.world.accounts.set_role(operator.account.id, Role.OPERATOR)
    scene = await scene_of_two(world, alice, bob)

    for outsider in (moderator, operator):
        with pytest.raises(BoudoirError):
            await outsider.enter(scene.name)
        with pytest.raises(BoudoirError):
            await outsider.join(scene.name)
        assert scene.name not in await outsider.directory()
        assert outsider.members(scene.name) == []
        with pytest.raises(NotInRoom):
            outsider.say(scene.name, "let me in")
        with pytest.raises(BoudoirError):
            await world.world.rooms.invite(alice.connection, scene.name, outsider.name)
    alice.say(scene.name, "private words")
    assert not moderator.saw("private words")
    assert not operator.saw("private words")


async def test_an_operator_in_a_scene_manages_nothing_in_it() -> None:
    world = await TestWorld.start()
    operator, bob = await world.person("Oscar"), await world.person("Bob")
    await world.world.accounts.set_role(operator.account.id, Role.OPERATOR)
    await world.person("Carol")
    scene = await scene_of_two(world, operator, bob)
    rooms = world.world.rooms

    with pytest.raises(ConsentRefused):
        await rooms.kick(operator.connection, scene.name, "Bob")
    with pytest.raises(ConsentRefused):
        await rooms.invite(operator.connection, scene.name, "Carol")
    with pytest.raises(ConsentRefused):
        await rooms.set_key(operator.connection, scene.name, "secret")


async def test_adding_someone_needs_every_members_yes_and_a_no_is_not_attributed() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol, dan = await world.person("Carol"), await world.person("Dan")
    scenes = world.world.scenes
    scene = await scene_of_two(world, alice, bob)

    scenes.propose(alice.connection, scene.name, "Carol")
    assert bob.saw(f"vote on adding Carol to {scene.name}: opened by Alice")
    assert not any("invites" in line for line in carol.lines()), "nothing until all agreed"
    scenes.vote(bob.connection, scene.name, "Carol", yes=True)
    assert alice.saw(f"vote on adding Carol to {scene.name}: passed")
    invitation = invitation_of(carol)
    assert invitation.scene is not None
    assert invitation.scene.name == scene.name
    assert [m.name for m in invitation.members] == ["Alice", "Bob"]
    scenes.accept(carol.connection, invitation.invitation)
    assert bob.saw(f"Carol (limits: none) was added to {scene.name}")
    assert carol.saw(f"scene {scene.name} started")

    scenes.propose(carol.connection, scene.name, "Dan")
    scenes.vote(alice.connection, scene.name, "Dan", yes=False)
    assert carol.saw(f"vote on adding Dan to {scene.name}: failed")
    assert not any("failed by" in line for line in carol.lines())
    assert not any("invites" in line for line in dan.lines())


async def test_an_invitation_into_a_scene_that_ends_is_withdrawn_for_the_invitee() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol, dan = await world.person("Carol"), await world.person("Dan")
    scenes = world.world.scenes
    scene = await scene_of_two(world, alice, bob)
    scenes.propose(alice.connection, scene.name, "Carol")
    scenes.vote(bob.connection, scene.name, "Carol", yes=True)
    invitation = invitation_of(carol)
    scenes.invite(dan.connection, "Carol", Rating.GENERAL, [], "")

    await scenes.safeword(bob.connection, scene.name)

    withdrawn = [e for e in carol.session.events if isinstance(e, SceneInvitationWithdrawn)]
    assert [(e.invitation, e.by.name) for e in withdrawn] == [(invitation.invitation, "Alice")]
    # Dan's invitation to a new scene is not the ended scene's: it stays open.
    assert [i.by.name for i in scenes.invitations(carol.connection)] == ["Dan"]
    assert not any("Bob" in line for line in carol.lines())


async def test_a_vote_passes_when_the_last_member_it_waited_for_leaves() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    scene = await scene_of_two(world, alice, bob)
    world.world.scenes.propose(alice.connection, scene.name, "Carol")

    world.world.scenes.leave(bob.connection, scene.name)

    assert alice.saw("Bob left")
    assert invitation_of(carol).scene is not None


async def test_the_scene_ends_when_its_last_member_leaves_and_nothing_of_it_stays() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(world, alice, bob)
    scenes = world.world.scenes

    assert scenes.leave(alice.connection, scene.name) is None
    ended = scenes.leave(bob.connection, scene.name)

    assert ended is not None
    assert ended.reason.value == "last_member_left"
    assert scene.live.room.id not in world.world.registry.rooms
    assert not scenes.is_scene(scene.live.room.id)


async def test_a_disconnection_leaves_the_scene() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(world, alice, bob)

    alice.quit()

    assert bob.members(scene.name) == ["Bob"]
    bob.quit()
    assert not world.world.scenes.is_scene(scene.live.room.id)


async def test_the_safeword_ends_the_scene_for_everyone_at_once_without_naming_anyone() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    scene = await scene_of_two(world, alice, bob)
    world.world.scenes.propose(alice.connection, scene.name, "Carol")
    world.world.scenes.vote(bob.connection, scene.name, "Carol", yes=True)
    world.world.scenes.accept(carol.connection, invitation_of(carol).invitation)
    for person in (alice, bob, carol):
        person.forget()

    await world.world.scenes.safeword(bob.connection, scene.name)

    for person in (alice, bob, carol):
        ended = [e for e in person.session.events if isinstance(e, SceneEnded)]
        assert len(ended) == 1
        assert ended[0].reason.value == "safeword"
        assert not any("Bob" in line for line in person.lines() if "ended" in line)
        with pytest.raises(NotInRoom):
            person.say(scene.name, "still here?")
    assert scene.live.room.id not in world.world.registry.rooms


async def test_after_a_safeword_the_others_cannot_invite_the_caller_until_the_cool_down_ends() -> (
    None
):
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(world, alice, bob)
    scenes = world.world.scenes

    await scenes.safeword(bob.connection, scene.name)

    with pytest.raises(ConsentRefused) as refused:
        scenes.invite(alice.connection, "Bob", Rating.GENERAL)
    assert refused.value.reason == "recipient_unavailable"
    scenes.invite(bob.connection, "Alice", Rating.GENERAL)  # the caller still may
    clock.now += SAFEWORD_COOLDOWN + dt.timedelta(seconds=1)
    scenes.invite(alice.connection, "Bob", Rating.GENERAL)


async def test_the_caller_of_a_safeword_may_block_some_or_all_in_the_same_step() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    scene = await scene_of_two(world, alice, bob)
    world.world.scenes.propose(alice.connection, scene.name, "Carol")
    world.world.scenes.vote(bob.connection, scene.name, "Carol", yes=True)
    world.world.scenes.accept(carol.connection, invitation_of(carol).invitation)

    await world.world.scenes.safeword(bob.connection, scene.name, block=["Carol", "Nobody"])

    assert await world.world.relations.blocks(bob.connection) == ["Carol"]
    scene = await scene_of_two(world, bob, alice)  # Alice may not invite Bob: the cool-down
    await world.world.scenes.safeword(bob.connection, None, block="all")
    assert await world.world.relations.blocks(bob.connection) == ["Alice", "Carol"]


async def test_a_safeword_outside_any_scene_is_an_error_that_changes_nothing() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")

    with pytest.raises(NotInScene):
        await world.world.scenes.safeword(alice.connection)


async def test_pause_lets_only_out_of_character_speech_through_until_the_caller_resumes() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(world, alice, bob)
    scenes = world.world.scenes

    assert scenes.pause(bob.connection)
    assert alice.saw(f"scene {scene.name} paused")
    with pytest.raises(ScenePaused):
        alice.say(scene.name, "carry on")
    with pytest.raises(ScenePaused):
        world.world.messages.say(alice.connection, scene.name, "smiles", MessageKind.POSE)
    alice.ooc(scene.name, "are you ok?")
    assert bob.saw("are you ok?")
    with pytest.raises(ConsentRefused):
        scenes.resume(alice.connection, scene.name)
    assert scenes.resume(bob.connection, scene.name)
    alice.say(scene.name, "carry on")
    assert bob.saw("carry on")


async def test_pause_refuses_edits_as_it_refuses_speech_but_not_out_of_character_ones() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    scene = await scene_of_two(world, alice, bob)
    said = alice.say(scene.name, "I draw my sword")
    aside = alice.ooc(scene.name, "brb")
    assert world.world.scenes.pause(bob.connection)
    bob.forget()

    with pytest.raises(ScenePaused):
        await alice.edit(said.id, "I sheathe my sword")
    assert not bob.saw("sheathe")
    await alice.edit(aside.id, "back in 5")  # out of character, as speech may be
    assert bob.saw("back in 5")
    await alice.delete(said.id)  # taking a line back is no speech

    assert world.world.scenes.resume(bob.connection, scene.name)
    await alice.edit(aside.id, "back now")
    assert bob.saw("back now")


async def test_a_pause_can_be_lifted_by_anyone_once_its_caller_left() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    scene = await scene_of_two(world, alice, bob)
    world.world.scenes.propose(alice.connection, scene.name, "Carol")
    world.world.scenes.vote(bob.connection, scene.name, "Carol", yes=True)
    world.world.scenes.accept(carol.connection, invitation_of(carol).invitation)
    world.world.scenes.pause(bob.connection, scene.name)
    world.world.scenes.leave(bob.connection, scene.name)

    assert world.world.scenes.resume(alice.connection, scene.name)


async def test_a_member_blocked_by_the_invitee_stops_the_addition() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    scene = await scene_of_two(world, alice, bob)
    await carol.block("Bob")

    with pytest.raises(ConsentRefused) as refused:
        world.world.scenes.propose(alice.connection, scene.name, "Carol")

    assert refused.value.reason == "recipient_unavailable"


async def test_open_invitations_listed_again_show_the_same_details_as_when_they_came() -> None:
    # A browser that reconnects lists its invitations: the inviter's limits are there as they
    # were on the invitation itself (shown to the invitee even when the profile keeps them).
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    await limits(world, alice, "gore", audience=Audience.EVERYONE)
    await limits(world, carol, "blood", audience=Audience.ONLY_ME)
    world.world.scenes.invite(alice.connection, "Bob", Rating.MATURE, ["slow"], "hi")
    world.world.scenes.invite(carol.connection, "Bob", Rating.GENERAL, [], "")

    details = world.world.scenes.invitation_details(bob.connection)

    assert [(d.by.name, d.limits) for d in details] == [
        ("Alice", ("gore",)),
        ("Carol", ("blood",)),
    ]
    assert details[0].invitation == world.world.scenes.invitations(bob.connection)[0].id
