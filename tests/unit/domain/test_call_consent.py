"""Consent for calls and cams, as matrices: who may ring whom, broadcast, see and watch a cam.
A block is never told apart from any other refusal."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from boudoir.domain import consent
from boudoir.domain.calls import CamAudience, CamTerms
from boudoir.domain.consent import Person, Reason, Ties
from boudoir.domain.entities import DirectMessagePolicy, Room
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.ratings import Rating

A, B = AccountId("a"), AccountId("b")
ALL = frozenset(Rating)


def person(account: AccountId, **options: object) -> Person:
    base: dict[str, object] = {"attested": True, "ratings": ALL, "character_adult": True}
    base.update(options)
    return Person(account, **base)  # type: ignore[arg-type]


TIES = [
    Ties(blocked=blocked, friend=friend, share_room=share, accepted=accepted)
    for blocked, friend, share, accepted in itertools.product([False, True], repeat=4)
]
POLICIES = list(DirectMessagePolicy)


@pytest.mark.parametrize(
    ("ties", "policy", "online", "video", "caller_attested", "callee_attested"),
    list(
        itertools.product(
            TIES, POLICIES, [True, False], [False, True], [True, False], [True, False]
        )
    ),
)
def test_a_call_reaches_only_whom_one_may_already_write_to(
    ties: Ties,
    policy: DirectMessagePolicy,
    online: bool,
    video: bool,
    caller_attested: bool,
    callee_attested: bool,
) -> None:
    caller = person(A, attested=caller_attested)
    callee = person(B, attested=callee_attested, dm_policy=policy)
    decision = consent.place_call(caller, callee, ties, online=online, video=video)
    expected = (
        not ties.blocked
        and online
        and (ties.friend or ties.accepted)
        and policy is not DirectMessagePolicy.NOBODY
        and (not video or (caller_attested and callee_attested))
    )
    assert decision.allowed is expected
    if not expected:
        # One reason for all: a block, a policy, an absence, an unattested side.
        assert decision.reason is Reason.UNAVAILABLE
        assert decision.outcome is consent.Outcome.REFUSE


def test_a_stranger_whose_message_would_be_a_request_cannot_call() -> None:
    callee = person(B, dm_policy=DirectMessagePolicy.ANYONE)
    assert consent.direct_message(person(A), callee, Ties(), online=True) == consent.REQUEST
    assert consent.place_call(person(A), callee, Ties(), online=True, video=False).reason is (
        Reason.UNAVAILABLE
    )


def test_nobody_calls_themselves() -> None:
    decision = consent.place_call(person(A), person(A), Ties(friend=True), online=True, video=False)
    assert decision.reason is Reason.SELF


def room(rating: Rating) -> Room:
    return Room(RoomId("r"), "cams", A, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), rating=rating)


@pytest.mark.parametrize(
    ("rating", "explicit", "cams_on", "banned"),
    list(itertools.product(list(Rating), [False, True], [True, False], [False, True])),
)
def test_broadcasting_needs_cams_on_no_ban_and_an_adult_room_for_explicit(
    rating: Rating, explicit: bool, cams_on: bool, banned: bool
) -> None:
    terms = CamTerms(explicit=explicit)
    decision = consent.start_cam(person(A), room(rating), terms, cams_on=cams_on, banned=banned)
    expected = cams_on and not banned and (not explicit or rating is Rating.ADULT)
    assert decision.allowed is expected


VIEWERS = [
    person(B),
    person(B, attested=False, ratings=frozenset({Rating.GENERAL})),
    person(B, ratings=frozenset({Rating.GENERAL, Rating.MATURE})),
    person(B, character_adult=False),
]


@pytest.mark.parametrize(
    ("viewer", "ties", "audience", "explicit", "mutual", "invited", "broadcasting"),
    list(
        itertools.product(
            VIEWERS,
            [Ties(), Ties(blocked=True), Ties(friend=True), Ties(friend=True, blocked=True)],
            list(CamAudience),
            [False, True],
            [False, True],
            [False, True],
            [False, True],
        )
    ),
)
def test_who_sees_a_cam_and_who_may_watch_it(
    viewer: Person,
    ties: Ties,
    audience: CamAudience,
    explicit: bool,
    mutual: bool,
    invited: bool,
    broadcasting: bool,
) -> None:
    terms = CamTerms(explicit=explicit, mutual_only=mutual, audience=audience)
    admitted = {
        CamAudience.EVERYONE: True,
        CamAudience.FRIENDS: ties.friend,
        CamAudience.INVITED: invited,
    }[audience]
    sees = not ties.blocked and admitted
    assert consent.see_cam(viewer, person(A), ties, terms, invited=invited) is sees
    adult = viewer.attested and Rating.ADULT in viewer.ratings and viewer.character_adult
    may_watch = sees and (not mutual or broadcasting) and (not explicit or adult)
    decision = consent.watch_cam(
        viewer, person(A), ties, terms, invited=invited, viewer_broadcasting=broadcasting
    )
    assert decision.allowed is may_watch
    if not may_watch:
        assert decision.reason is Reason.UNAVAILABLE


def test_one_does_not_watch_oneself() -> None:
    decision = consent.watch_cam(
        person(A), person(A), Ties(), CamTerms(), invited=False, viewer_broadcasting=True
    )
    assert decision.reason is Reason.SELF
