"""Automod rules as data: words and patterns, where they apply, the default packs' hits and
the sentences they must leave alone, the limits, and who may manage rules."""

from __future__ import annotations

import itertools

import pytest

from boudoir.domain import consent, moderation
from boudoir.domain.automod import (
    DEFAULT_RULES,
    MAX_REGEX,
    MAX_SCREENED,
    SOLICITATION,
    UNDER_18,
    Action,
    Matcher,
    PatternKind,
    Place,
    Rule,
    check_rule,
)
from boudoir.domain.entities import Role
from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId
from boudoir.domain.ratings import Rating

DEFAULTS = Matcher(DEFAULT_RULES)


def words(pattern: str, **options: object) -> Rule:
    return Rule("r1", "test", PatternKind.WORDS, pattern, **options)  # type: ignore[arg-type]


def regex(pattern: str, **options: object) -> Rule:
    return Rule("r2", "test", PatternKind.REGEX, pattern, **options)  # type: ignore[arg-type]


def hits(rule: Rule, text: str, place: Place = Place.ROOM, rating: Rating = Rating.ADULT) -> bool:
    return Matcher((rule,)).check(place, rating, text) is not None


def pack_of(text: str, place: Place = Place.ROOM, rating: Rating = Rating.ADULT) -> str | None:
    hit = DEFAULTS.check(place, rating, text)
    return None if hit is None else hit.rule.pack


# --- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "add me on paypal",
        "PayPal me",
        "p a y p a l",
        "p.a.y.p.a.l please",
        "payp4l",
        "P4YP@L",
        "pay-pal",
        "paypal!",
        "«PAYPAL»",
    ],
)
def test_words_match_whole_words_in_any_case_and_simply_disguised(text: str) -> None:
    assert hits(words("paypal"), text)


@pytest.mark.parametrize("text", ["paypals", "mypaypal", "pay pals", "the pay is fine"])
def test_words_do_not_match_inside_other_words(text: str) -> None:
    assert not hits(words("paypal"), text)


def test_phrases_match_with_any_spacing_and_short_words_are_not_spread_out() -> None:
    rule = words("cash app, ass")
    assert hits(rule, "my cash  app is")
    assert hits(rule, "my cashapp is")
    assert hits(rule, "what an ass")
    assert not hits(rule, "a s s")
    assert not hits(rule, "class")


def test_words_are_unicode_aware() -> None:
    rule = words("süß")
    assert hits(rule, "SÜß")
    assert hits(rule, "so Süß!")
    assert not hits(rule, "süßer")


def test_regex_is_case_insensitive() -> None:
    assert hits(regex(r"\bfoo\d+"), "FOO12")


# --- places and ratings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "min_rating", "place", "rating", "expected"),
    [
        (places, minimum, place, rating, place in places
         and (place is Place.DIRECT or rating >= minimum))
        for places in (frozenset(Place), frozenset({Place.ROOM}),
                       frozenset({Place.SCENE, Place.DIRECT}))
        for minimum, place, rating in itertools.product(Rating, Place, Rating)
    ],
)  # fmt: skip
def test_where_a_rule_applies(
    places: frozenset[Place], min_rating: Rating, place: Place, rating: Rating, expected: bool
) -> None:
    rule = words("paypal", places=places, min_rating=min_rating)
    assert hits(rule, "paypal", place, rating) is expected


def test_a_disabled_rule_never_hits() -> None:
    assert not hits(words("paypal", enabled=False), "paypal")


def test_the_strongest_action_wins_whatever_comes_first_in_the_text() -> None:
    flag = Rule("a", "flag", PatternKind.WORDS, "apple")
    hold = Rule("b", "hold", PatternKind.WORDS, "banana", action=Action.HOLD)
    block = Rule("c", "block", PatternKind.WORDS, "cherry", action=Action.BLOCK)
    matcher = Matcher((flag, hold, block))
    hit = matcher.check(Place.ROOM, Rating.GENERAL, "apple banana cherry")
    assert hit is not None
    assert hit.rule is block
    hit = matcher.check(Place.ROOM, Rating.GENERAL, "apple banana")
    assert hit is not None
    assert hit.rule is hold
    hit = matcher.check(Place.ROOM, Rating.GENERAL, "an apple")
    assert hit is not None
    assert hit.rule is flag
    assert hit.matched == "apple"


def test_nothing_is_compiled_where_no_rule_applies() -> None:
    matcher = Matcher((words("paypal", places=frozenset({Place.DIRECT})),))
    assert matcher.groups(Place.ROOM, Rating.ADULT) == ()
    assert len(matcher.groups(Place.DIRECT, Rating.GENERAL)) == 1


def test_one_expression_per_action_however_many_rules() -> None:
    rules = tuple(Rule(f"r{i}", f"r{i}", PatternKind.WORDS, f"word{i}") for i in range(50))
    groups = Matcher(rules).groups(Place.ROOM, Rating.GENERAL)
    assert len(groups) == 1
    hit = Matcher(rules).check(Place.ROOM, Rating.GENERAL, "say word37 now")
    assert hit is not None
    assert hit.rule.id == "r37"


def test_a_cleared_phrase_no_longer_hits_but_other_matches_still_do() -> None:
    rule = words("tribute, paypal", exceptions=("tribute",))
    assert not hits(rule, "a tribute to her")
    assert hits(rule, "a tribute, and paypal")


def test_text_beyond_the_cap_is_not_searched() -> None:
    assert not hits(words("paypal"), "x " * MAX_SCREENED + "paypal")


# --- the default packs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "send it to my paypal",
        "venmo me first",
        "my cashapp is $Honey_Doll",
        "p a y p a l only",
        "check my onlyfans",
        "buy me an amazon gift card",
        "send tribute before we play",
        "tributes accepted",
        "looking for a paypig",
        "findom here",
        "my rates are simple",
        "$20 per hour",
        "€15/session",
        "30 dollars a video",
    ],
)
def test_the_solicitation_pack_flags_payment_talk(text: str) -> None:
    assert pack_of(text) == SOLICITATION


@pytest.mark.parametrize(
    "text",
    [
        "I paid attention",
        "we waited 15 minutes",
        "the tribute band was great",
        "a pay rise",
        "she is 18 years old",
        "the rate of fire",
        "it costs $5",
        "payday",
    ],
)
def test_the_default_packs_leave_ordinary_sentences_alone(text: str) -> None:
    assert pack_of(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm 15",
        "im 16 lol",
        "i am only 14.",
        "I am fifteen",
        "she's 16 years old",
        "a sixteen-year-old",
        "16yo here",
        "17 y/o",
        "asl? 15/f",
        "age: 13",
        "I'm a minor",
        "i'm in high school",
        "I am in 9th grade",
        "I'm not 18 yet",
    ],
)
def test_the_under_18_pack_flags_stated_minor_ages_above_general(text: str) -> None:
    assert pack_of(text, rating=Rating.MATURE) == UNDER_18
    assert pack_of(text, place=Place.SCENE, rating=Rating.ADULT) == UNDER_18


@pytest.mark.parametrize(
    "text",
    [
        "I'm 15 minutes late",
        "18 years old",
        "I am 25",
        "I'm 18",
        "118 years old",
        "I have 16 cats",
        "age 21",
        "when I was in high school",
        "it took 15 years",
        "I'm 15.5 km away",
    ],
)
def test_the_under_18_pack_leaves_adult_talk_alone(text: str) -> None:
    assert pack_of(text, rating=Rating.ADULT) is None


def test_the_under_18_pack_does_not_apply_in_general_rooms_or_direct_messages() -> None:
    assert pack_of("I'm 15", rating=Rating.GENERAL) is None
    assert pack_of("I'm 15", place=Place.DIRECT) is None


def test_the_default_packs_only_flag_and_pass_their_own_checks() -> None:
    assert {rule.pack for rule in DEFAULT_RULES} == {SOLICITATION, UNDER_18}
    for rule in DEFAULT_RULES:
        assert rule.action is Action.FLAG
        assert rule.enabled
        assert check_rule(rule) == rule


# --- limits and validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+",
        r"(\w*x)*",
        "(a|b+){2,}",
        "(",
        "a*",
        "x?",
        r"(a)\1",
        "(?P<name>a)",
        "a" * (MAX_REGEX + 1),
        " ",
    ],
)
def test_dangerous_or_useless_regexes_are_refused(pattern: str) -> None:
    with pytest.raises(InvalidInput):
        check_rule(regex(pattern))


@pytest.mark.parametrize(
    "rule",
    [
        words(""),
        words(" , ,"),
        words("x" * 65),
        words(", ".join(f"w{i}" for i in range(101))),
        words("paypal", places=frozenset()),
        Rule("r", "", PatternKind.WORDS, "paypal"),
        words("paypal", message="m" * 201),
    ],
)
def test_rules_out_of_bounds_are_refused(rule: Rule) -> None:
    with pytest.raises(InvalidInput):
        check_rule(rule)


def test_a_rule_is_tidied_when_checked() -> None:
    rule = check_rule(Rule("r", "  Pay   apps ", PatternKind.WORDS, " PayPal ,venmo,, paypal"))
    assert rule.name == "Pay apps"
    assert rule.pattern == "paypal, venmo"


# --- who manages rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_change", "may_review"),
    [
        (Role.MEMBER, False, False),
        (Role.MODERATOR, False, True),
        (Role.OPERATOR, True, True),
    ],
)
def test_operators_change_rules_and_staff_review_them(
    role: Role, may_change: bool, may_review: bool
) -> None:
    person = consent.Person(AccountId("a1"), attested=True, role=role)
    assert bool(moderation.change_automod(person)) is may_change
    assert bool(moderation.review_automod(person)) is may_review
    if not may_change:
        assert moderation.change_automod(person).reason is consent.Reason.NOT_PERMITTED
