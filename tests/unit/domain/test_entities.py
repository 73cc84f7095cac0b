"""Accounts, characters, rooms and the small parsers for user-typed choices."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import itertools

import pytest

from boudoir.domain.entities import (
    ADULT_AGE,
    Account,
    Attestation,
    Audience,
    Character,
    DirectMessagePolicy,
    InterestLevel,
    PresenceVisibility,
    Role,
    Room,
    RoomVisibility,
    Status,
    age_on,
    parse_choice,
)
from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.profiles import ProfileSection, SectionAudience
from boudoir.domain.ratings import Rating

NOW = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)
ALICE = AccountId("a-alice")


def account(**changes: object) -> Account:
    base = Account(
        id=ALICE,
        name="alice",
        password_hash="$argon2id$...",
        born=dt.date(1990, 1, 1),
        created_at=NOW,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --- age -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        pytest.param(dt.date(2007, 6, 15), dt.date(2025, 6, 15), 18, id="eighteenth-birthday"),
        pytest.param(dt.date(2007, 6, 15), dt.date(2025, 6, 14), 17, id="day-before"),
        pytest.param(dt.date(2007, 6, 15), dt.date(2025, 6, 16), 18, id="day-after"),
        pytest.param(dt.date(2007, 12, 31), dt.date(2025, 1, 1), 17, id="new-year"),
        pytest.param(dt.date(2007, 1, 1), dt.date(2024, 12, 31), 17, id="new-years-eve"),
        pytest.param(dt.date(2000, 2, 29), dt.date(2018, 2, 28), 17, id="leapling-feb-28"),
        pytest.param(dt.date(2000, 2, 29), dt.date(2018, 3, 1), 18, id="leapling-mar-1"),
        pytest.param(dt.date(2000, 2, 29), dt.date(2020, 2, 28), 19, id="leapling-leap-feb-28"),
        pytest.param(dt.date(2000, 2, 29), dt.date(2020, 2, 29), 20, id="leapling-leap-day"),
        pytest.param(dt.date(2000, 3, 1), dt.date(2018, 2, 28), 17, id="mar-1-before"),
        pytest.param(dt.date(2000, 3, 1), dt.date(2020, 2, 29), 19, id="mar-1-on-leap-day"),
        pytest.param(dt.date(2025, 6, 15), dt.date(2025, 6, 15), 0, id="born-today"),
    ],
)
def test_age_on(born: dt.date, today: dt.date, age: int) -> None:
    assert age_on(born, today) == age


def test_a_leapling_comes_of_age_on_the_first_of_march_in_a_common_year() -> None:
    # The cautious reading: the 18th birthday has not passed until February is over.
    born = dt.date(2004, 2, 29)
    assert age_on(born, dt.date(2022, 2, 28)) < ADULT_AGE
    assert age_on(born, dt.date(2022, 3, 1)) == ADULT_AGE


def test_age_grows_by_one_each_birthday() -> None:
    born = dt.date(1999, 7, 4)
    ages = [age_on(born, dt.date(year, 7, 4)) for year in range(1999, 2030)]
    assert ages == list(range(31))


# --- accounts ------------------------------------------------------------------------------------

OPTED_IN = [
    frozenset({Rating.GENERAL}),
    frozenset({Rating.GENERAL, Rating.MATURE}),
    frozenset({Rating.GENERAL, Rating.ADULT}),
    frozenset(Rating),
]


@pytest.mark.parametrize(
    ("rating", "attested", "opted"),
    list(itertools.product(Rating, [False, True], OPTED_IN)),
    ids=lambda v: (
        v.label
        if isinstance(v, Rating)
        else ("+".join(r.label for r in sorted(v)) if isinstance(v, frozenset) else f"attested={v}")
    ),
)
def test_account_allows_rating(rating: Rating, attested: bool, opted: frozenset[Rating]) -> None:
    attestation = Attestation("I am an adult.", NOW) if attested else None
    subject = account(attestation=attestation, ratings=opted)
    # General for everyone; above, only an attested account that opted in to that very rating.
    expected = rating is Rating.GENERAL or (attested and rating in opted)
    assert subject.allows_rating(rating) is expected


def test_an_opt_in_without_attestation_allows_nothing_above_general() -> None:
    # Even if the store held such an account, an opt-in alone is not enough.
    subject = account(ratings=frozenset(Rating))
    assert not subject.attested
    assert [r for r in Rating if subject.allows_rating(r)] == [Rating.GENERAL]


def test_a_new_account_has_the_careful_defaults() -> None:
    subject = account()
    assert not subject.attested
    assert subject.ratings == frozenset({Rating.GENERAL})
    assert subject.dm_policy is DirectMessagePolicy.SHARED_ROOM
    assert subject.role is Role.MEMBER
    assert subject.revision == 0


@pytest.mark.parametrize(
    ("role", "staff"), [(Role.MEMBER, False), (Role.MODERATOR, True), (Role.OPERATOR, True)]
)
def test_staff(role: Role, staff: bool) -> None:
    assert account(role=role).is_staff is staff


def test_accounts_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        account().name = "mallory"  # type: ignore[misc]


# --- characters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared_age", "adult"),
    [(None, False), (0, False), (17, False), (18, True), (19, True), (120, True)],
)
def test_character_declared_adult(declared_age: int | None, adult: bool) -> None:
    character = Character(CharacterId("c-1"), ALICE, "Alice", NOW, declared_age=declared_age)
    assert character.declared_adult is adult


def test_a_characters_profile_sections_are_for_friends_and_unfindable_by_default() -> None:
    character = Character(CharacterId("c-1"), ALICE, "Alice", NOW)
    assert all(
        character.visibility.of(section) is SectionAudience.FRIENDS for section in ProfileSection
    )
    assert character.profile_audience is Audience.FRIENDS
    assert character.findable is False
    assert character.declared_adult is False


# --- rooms ---------------------------------------------------------------------------------------


def test_room_managers_are_its_owner_and_moderators() -> None:
    moderator, stranger = AccountId("a-mod"), AccountId("a-stranger")
    room = Room(RoomId("r-1"), "Parlour", ALICE, NOW, moderator_ids=frozenset({moderator}))
    assert room.is_manager(ALICE)
    assert room.is_manager(moderator)
    assert not room.is_manager(stranger)


def test_a_new_room_is_public_general_and_unlimited() -> None:
    room = Room(RoomId("r-1"), "Parlour", ALICE, NOW)
    assert room.rating is Rating.GENERAL
    assert room.visibility is RoomVisibility.PUBLIC
    assert room.member_limit is None
    assert room.banned_ids == frozenset()


# --- parse_choice --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("shared-room", DirectMessagePolicy.SHARED_ROOM),
        ("Shared Room", DirectMessagePolicy.SHARED_ROOM),
        ("shared_room", DirectMessagePolicy.SHARED_ROOM),
        ("  SHARED-ROOM ", DirectMessagePolicy.SHARED_ROOM),
        ("anyone", DirectMessagePolicy.ANYONE),
        ("Friends", DirectMessagePolicy.FRIENDS),
        ("NOBODY", DirectMessagePolicy.NOBODY),
    ],
)
def test_parse_choice_accepts_what_people_type(typed: str, expected: DirectMessagePolicy) -> None:
    assert parse_choice(DirectMessagePolicy, typed) is expected


@pytest.mark.parametrize(
    "kind",
    [
        DirectMessagePolicy,
        PresenceVisibility,
        Audience,
        Role,
        Status,
        InterestLevel,
        RoomVisibility,
    ],
    ids=lambda k: k.__name__,
)
def test_parse_choice_reads_back_every_choice_as_shown(kind: type[enum.Enum]) -> None:
    for member in kind:
        shown = str(member.value).replace("_", "-")
        assert parse_choice(kind, shown) is member
        assert parse_choice(kind, shown.upper()) is member


@pytest.mark.parametrize("junk", ["", "   ", "everybody", "shared", "room-shared", "friends!", "1"])
def test_parse_choice_refuses_junk_and_lists_the_choices(junk: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_choice(DirectMessagePolicy, junk)
    assert caught.value.code == "invalid_input"
    assert caught.value.message == "Choose one of: anyone, shared-room, friends, nobody."


def test_parse_choice_does_not_accept_member_names_that_differ_from_values() -> None:
    # Values are the stable spelling; "only-me" is typed, not the Python name ONLY_ME.
    assert parse_choice(Audience, "only me") is Audience.ONLY_ME
    with pytest.raises(InvalidInput, match="only-me, friends, everyone"):
        parse_choice(Audience, "me")


# --- Rating.parse --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("general", Rating.GENERAL),
        ("GENERAL", Rating.GENERAL),
        (" Mature ", Rating.MATURE),
        ("adult", Rating.ADULT),
    ],
)
def test_rating_parse(typed: str, expected: Rating) -> None:
    assert Rating.parse(typed) is expected


@pytest.mark.parametrize("junk", ["", "pg-13", "x", "0", "2", "adults", "gen"])
def test_rating_parse_refuses_junk_and_lists_the_ratings(junk: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Rating.parse(junk)
    assert caught.value.message == "A rating is one of: general, mature, adult."


def test_ratings_are_ordered_and_labelled() -> None:
    assert Rating.GENERAL < Rating.MATURE < Rating.ADULT
    assert [r.label for r in Rating] == ["general", "mature", "adult"]
    assert all(Rating.parse(r.label) is r for r in Rating)
