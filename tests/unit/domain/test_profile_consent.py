"""Who sees which section of a profile, who search finds, what an ad shows: exhaustive
matrices over every visibility and every tie."""

from __future__ import annotations

import itertools

import pytest

from boudoir.domain import consent
from boudoir.domain.consent import Person, Ties
from boudoir.domain.ids import AccountId
from boudoir.domain.profiles import ProfileSection, ProfileVisibility, SectionAudience

OWNER = Person(AccountId("a-owner"))
VIEWER = Person(AccountId("a-viewer"))

TIES = [
    Ties(blocked=blocked, friend=friend, share_room=share)
    for blocked, friend, share in itertools.product([False, True], repeat=3)
]


def expected(audience: SectionAudience, ties: Ties) -> bool:
    if ties.blocked:
        return False
    return {
        SectionAudience.EVERYONE: True,
        SectionAudience.SHARED_ROOM: ties.share_room,
        SectionAudience.FRIENDS: ties.friend,
        SectionAudience.NOBODY: False,
    }[audience]


@pytest.mark.parametrize("audience", list(SectionAudience))
@pytest.mark.parametrize("ties", TIES)
def test_a_section_is_seen_as_its_visibility_says(audience: SectionAudience, ties: Ties) -> None:
    assert consent.see_section(VIEWER, OWNER, audience, ties) is expected(audience, ties)


@pytest.mark.parametrize("audience", list(SectionAudience))
@pytest.mark.parametrize("ties", TIES)
def test_the_owner_always_sees_their_own_sections(audience: SectionAudience, ties: Ties) -> None:
    assert consent.see_section(OWNER, OWNER, audience, ties)


@pytest.mark.parametrize("audience", list(SectionAudience))
@pytest.mark.parametrize("friend", [False, True])
@pytest.mark.parametrize("share", [False, True])
def test_a_block_hides_every_section_whatever_else_holds(
    audience: SectionAudience, friend: bool, share: bool
) -> None:
    ties = Ties(blocked=True, friend=friend, share_room=share)
    everything = ProfileVisibility(audience, audience, audience, audience)
    assert consent.sections_shown(VIEWER, OWNER, everything, ties) == frozenset()
    # ...and the profile itself is absent, as for a name nobody has.
    assert not consent.see_profile(VIEWER, OWNER, ties)


@pytest.mark.parametrize("ties", TIES)
def test_each_section_follows_its_own_visibility(ties: Ties) -> None:
    for audiences in itertools.product(SectionAudience, repeat=4):
        visibility = ProfileVisibility(*audiences)
        shown = consent.sections_shown(VIEWER, OWNER, visibility, ties)
        assert shown == {s for s in ProfileSection if expected(visibility.of(s), ties)}


@pytest.mark.parametrize("findable", [False, True])
@pytest.mark.parametrize("kinks", list(SectionAudience))
@pytest.mark.parametrize("ties", TIES)
def test_search_finds_only_those_who_asked_whose_kinks_one_may_see(
    findable: bool, kinks: SectionAudience, ties: Ties
) -> None:
    found = consent.found_in_search(VIEWER, OWNER, findable=findable, kinks=kinks, ties=ties)
    assert found is (findable and not ties.blocked and expected(kinks, ties))


def test_search_never_offers_ones_own_characters() -> None:
    assert not consent.found_in_search(
        OWNER, OWNER, findable=True, kinks=SectionAudience.EVERYONE, ties=Ties()
    )


@pytest.mark.parametrize("kinks", list(SectionAudience))
def test_an_ad_shows_favourites_only_when_kinks_are_for_everyone(kinks: SectionAudience) -> None:
    assert consent.ad_tags_shown(kinks) is (kinks is SectionAudience.EVERYONE)
