"""Consent for scenes: who may invite whom, who may enter, who resumes, and nobody manages."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from boudoir.domain import consent
from boudoir.domain.consent import Person, Reason, Ties
from boudoir.domain.entities import DirectMessagePolicy, Role, Room, RoomVisibility
from boudoir.domain.errors import InvalidInput, ReservedName
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.names import validate_name, validate_room_name
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import MAX_SCENE_TAGS, is_scene_name, scene_note, scene_tags

ALL = frozenset(Rating)
A, B = AccountId("a"), AccountId("b")


def person(account: AccountId = B, **options: object) -> Person:
    base: dict[str, object] = {
        "attested": True,
        "ratings": ALL,
        "dm_policy": DirectMessagePolicy.ANYONE,
        "character_adult": True,
    }
    base.update(options)
    return Person(account, **base)  # type: ignore[arg-type]


INVITER = person(A)


def expected_invite(
    invitee: Person, ties: Ties, rating: Rating, online: bool, cooling: bool, member_blocked: bool
) -> Reason | None:
    """The rule, written out once more as a table would read it."""
    if cooling or member_blocked or ties.blocked or not online:
        return Reason.UNAVAILABLE
    policy = invitee.dm_policy
    admitted = (
        ties.accepted
        or ties.friend
        or policy is DirectMessagePolicy.ANYONE
        or (policy is DirectMessagePolicy.SHARED_ROOM and ties.share_room)
    )
    if policy is DirectMessagePolicy.NOBODY or not admitted:
        return Reason.UNAVAILABLE
    if rating is not Rating.GENERAL and not (
        invitee.attested and rating in invitee.ratings and invitee.character_adult
    ):
        return Reason.UNAVAILABLE
    return None


INVITEES = [
    person(dm_policy=policy, attested=attested, ratings=ratings, character_adult=adult)
    for policy, attested, ratings, adult in itertools.product(
        DirectMessagePolicy,
        (True, False),
        (ALL, frozenset({Rating.GENERAL})),
        (True, False),
    )
]
TIES = [
    Ties(blocked=b, friend=f, share_room=s, accepted=a)
    for b, f, s, a in itertools.product((False, True), repeat=4)
]


@pytest.mark.parametrize("rating", list(Rating))
@pytest.mark.parametrize("online", [True, False])
@pytest.mark.parametrize("cooling", [True, False])
@pytest.mark.parametrize("member_blocked", [True, False])
def test_invite_to_scene_matrix(
    rating: Rating, online: bool, cooling: bool, member_blocked: bool
) -> None:
    members = (Ties(), Ties(blocked=member_blocked))
    for invitee, ties in itertools.product(INVITEES, TIES):
        decision = consent.invite_to_scene(
            INVITER,
            invitee,
            ties,
            rating=rating,
            online=online,
            cooling_down=cooling,
            member_ties=members,
        )
        reason = expected_invite(invitee, ties, rating, online, cooling, member_blocked)
        assert decision.reason is reason, (invitee, ties)
        assert bool(decision) is (reason is None)


def test_nobody_invites_themselves_to_a_scene() -> None:
    decision = consent.invite_to_scene(
        INVITER, person(A), Ties(), rating=Rating.GENERAL, online=True
    )
    assert decision.reason is Reason.SELF


@pytest.mark.parametrize(
    ("inviter", "reason"),
    [
        (person(A, attested=False), Reason.AGE_NOT_ATTESTED),
        (person(A, ratings=frozenset({Rating.GENERAL})), Reason.RATING_NOT_OPTED_IN),
        (person(A, character_adult=False), Reason.CHARACTER_NOT_ADULT),
    ],
)
def test_the_inviter_must_be_allowed_the_rating_and_is_told_why(
    inviter: Person, reason: Reason
) -> None:
    decision = consent.invite_to_scene(inviter, person(), Ties(), rating=Rating.ADULT, online=True)
    assert decision.reason is reason
    general = consent.invite_to_scene(inviter, person(), Ties(), rating=Rating.GENERAL, online=True)
    assert general


@pytest.mark.parametrize("rating", list(Rating))
@pytest.mark.parametrize("cooling", [True, False])
@pytest.mark.parametrize("blocked", [True, False])
@pytest.mark.parametrize("attested", [True, False])
@pytest.mark.parametrize("adult", [True, False])
def test_enter_scene_matrix(
    rating: Rating, cooling: bool, blocked: bool, attested: bool, adult: bool
) -> None:
    invitee = person(attested=attested, character_adult=adult)
    decision = consent.enter_scene(
        invitee, rating, cooling_down=cooling, member_ties=(Ties(), Ties(blocked=blocked))
    )
    own = consent.enter_rating(invitee, rating)
    if not own:
        assert decision.reason is own.reason, "one's own settings are told as they are"
    elif cooling or blocked:
        assert decision.reason is Reason.UNAVAILABLE
    else:
        assert decision


@pytest.mark.parametrize("same", [True, False])
@pytest.mark.parametrize("present", [True, False])
def test_resume_scene_matrix(same: bool, present: bool) -> None:
    decision = consent.resume_scene(A if same else B, A, pauser_present=present)
    assert bool(decision) is (same or not present)


@pytest.mark.parametrize("friend", [True, False])
@pytest.mark.parametrize("blocked", [True, False])
def test_limits_on_a_scene_card_are_shown_to_partners_whatever_the_profile_says(
    friend: bool, blocked: bool
) -> None:
    shown = consent.scene_limits_shown(person(A), person(B), Ties(friend=friend, blocked=blocked))
    assert shown is not blocked
    assert consent.scene_limits_shown(person(B), person(B), Ties(blocked=True))


@pytest.mark.parametrize("role", list(Role))
def test_nobody_manages_a_scene_not_even_an_operator(role: Role) -> None:
    scene = Room(
        RoomId("r1"),
        "scene-ab12cd",
        A,
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        visibility=RoomVisibility.PRIVATE,
    )
    actor = person(A, role=role)
    assert consent.manage_room(actor, scene).reason is Reason.NOT_PERMITTED
    assert consent.kick(actor, scene, B).reason is Reason.NOT_PERMITTED
    joined = consent.join_room(person(B, role=role), scene, invited=False, members=2)
    assert joined.reason is Reason.INVITE_ONLY


def test_scene_names_are_kept_from_rooms_and_sceneserv_from_characters() -> None:
    assert is_scene_name("#scene-ab12cd")
    assert is_scene_name("Scene-x")
    assert not is_scene_name("scenery")
    for name in ("scene-ab12", "#Scene-lounge", "SCENE-1"):
        with pytest.raises(ReservedName):
            validate_room_name(name)
    assert validate_room_name("scenery") == "scenery"
    with pytest.raises(ReservedName):
        validate_name("SceneServ")


def test_scene_tags_are_a_few_words_and_notes_are_short() -> None:
    assert scene_tags(["Slow", " slow ", "Romance", ""]) == ("slow", "romance")
    with pytest.raises(InvalidInput):
        scene_tags([f"t{i}" for i in range(MAX_SCENE_TAGS + 1)])
    for bad in ("two words", "x" * 25, "semi;colon"):
        with pytest.raises(InvalidInput):
            scene_tags([bad])
    assert scene_note("  by   the fire ") == "by the fire"
    with pytest.raises(InvalidInput):
        scene_note("bell\x07")
    with pytest.raises(InvalidInput):
        scene_note("x" * 301)
