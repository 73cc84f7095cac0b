"""The automod prefilter: it never turns away a message the rules' expression matches (so
screening finds exactly the same hits as searching every message), and it turns away
ordinary chat, which is what makes screening cheap."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import random
import re
import re._casefix  # type: ignore[import-not-found]
import sys
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boudoir.domain.automod import (
    DEFAULT_RULES,
    Hit,
    Matcher,
    PatternKind,
    Place,
    Rule,
    words_of,
)
from boudoir.domain.automod_prefilter import (
    LOOKALIKES,
    Prefilter,
    pattern_skeleton,
    pattern_triggers,
    word_skeleton,
)
from boudoir.domain.ratings import Rating

PACK_WORDS = [w for r in DEFAULT_RULES if r.kind is PatternKind.WORDS for w in words_of(r.pattern)]
PACK_PATTERNS = [r for r in DEFAULT_RULES if r.kind is PatternKind.REGEX]
PACKS = Matcher(DEFAULT_RULES)
PLACES = [(Place.ROOM, rating) for rating in Rating] + [(Place.DIRECT, Rating.GENERAL)]

OPERATOR_RULES = (
    Rule("o1", "apps", PatternKind.WORDS, "süß, e-mail, tele gram, k1k, ab, x.y"),
    Rule("o2", "codes", PatternKind.REGEX, r"\bcode\s*[:#]?\s*\d{4,6}\b|(?:snap|kik)\s*:\s*\w+"),
    Rule("o3", "phone", PatternKind.REGEX, r"\+?\d{2,3}[ -]?\d{3}[ -]?\d{4}"),
    Rule("o4", "long words", PatternKind.REGEX, r"\b\w{30,}"),
)
EVERYTHING = Matcher(DEFAULT_RULES + OPERATOR_RULES)

# What re.IGNORECASE folds to ASCII letters, besides the letters themselves.
EXOTIC_CASES = {"i": "İı", "s": "ſ", "k": "\u212a"}
SPACERS = [" ", ".", "_", "*", "-", "\t", "\u00a0", "\u2003", "  "]


def reference_check(matcher: Matcher, place: Place, rating: Rating, text: str) -> Hit | None:
    """Screening as it was before the prefilter: search every group's expression."""
    for group in matcher.groups(place, rating):
        hit = group.first(text[:4096])
        if hit is not None:
            return hit
    return None


def assert_admitted_if_matched(matcher: Matcher, text: str) -> bool:
    """Every expression that matches ``text`` has a prefilter that admits it; whether any
    matched."""
    matched = False
    for place, rating in PLACES:
        for group in matcher.groups(place, rating):
            if group.regex.search(text) is None:
                continue
            matched = True
            assert group.prefilter is None or group.prefilter.admits(text), (place, rating)
    return matched


def disguise(pick: Callable[[Sequence[str]], str], words: Sequence[str]) -> str:
    """A rule word as people disguise it: look-alikes, odd case, letters spaced out, inside
    other text; ``pick`` makes each choice."""
    out = [pick(["", "ok ", "«", "\u00e9t\u00e9 ", "x"])]
    for char in pick(words):
        choices = [char, char.upper(), *LOOKALIKES.get(char, ""), *EXOTIC_CASES.get(char, "")]
        out.append(pick(choices))
        out.append(pick(["", "", *SPACERS]))
    out.append(pick(["", " ", "!", " lol", "s", "\u00bb"]))
    return "".join(out)


@st.composite
def disguised(draw: st.DrawFn, words: Sequence[str]) -> str:
    before = draw(st.text(max_size=12))
    after = draw(st.text(max_size=12))
    word = disguise(lambda options: draw(st.sampled_from(options)), words)
    return f"{before}{draw(st.sampled_from(['', ' ']))}{word} {after}"


# --- never turns away a match ------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(disguised([*PACK_WORDS, "süß", "e-mail", "tele gram", "k1k", "x.y"]))
def test_disguised_rule_words_are_always_admitted(text: str) -> None:
    assert_admitted_if_matched(EVERYTHING, text)


def test_the_disguise_generator_mostly_produces_hits() -> None:
    # The property above would be empty if the generated texts never matched.
    rng = random.Random(7)
    texts = [disguise(rng.choice, PACK_WORDS) for _ in range(100)]
    assert sum(assert_admitted_if_matched(PACKS, t) for t in texts) > 20


@pytest.mark.parametrize("rule", PACK_PATTERNS + list(OPERATOR_RULES[1:3]), ids=lambda r: r.id)
def test_texts_a_regex_rule_matches_are_always_admitted(rule: Rule) -> None:
    regex = re.compile(rule.pattern, re.IGNORECASE)
    prefilter = Prefilter.of([], [rule.pattern])
    assert prefilter is not None

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(regex))
    def check(text: str) -> None:
        if regex.search(text):
            assert prefilter.admits(text)

    check()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 $€£/:-.'’ymIiaAgelostfnwrx"), max_size=40))
def test_screening_finds_exactly_what_searching_everything_finds(text: str) -> None:
    for place, rating in PLACES:
        assert EVERYTHING.check(place, rating, text) == reference_check(
            EVERYTHING, place, rating, text
        )


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_screening_any_text_finds_the_same(text: str) -> None:
    for place, rating in PLACES:
        assert PACKS.check(place, rating, text) == reference_check(PACKS, place, rating, text)


HITS = [
    "send it to my paypal", "venmo me first", "my cashapp is $Honey_Doll", "p a y p a l only",
    "check my onlyfans", "buy me an amazon gift card", "send tribute before we play",
    "tributes accepted", "looking for a paypig", "findom here", "my rates are simple",
    "$20 per hour", "€15/session", "30 dollars a video", "I'm 15", "im 16 lol",
    "i am only 14.", "I am fifteen", "she's 16 years old", "a sixteen-year-old", "16yo here",
    "17 y/o", "asl? 15/f", "age: 13", "I'm a minor", "i'm in high school", "I am in 9th grade",
    "I'm not 18 yet", "add me on paypal", "PayPal me", "p.a.y.p.a.l please", "payp4l", "P4YP@L",
    "pay-pal", "paypal!", "«PAYPAL»", "I’m 15", "I\u00a0am\u2003fifteen", "ＰayPal",
    "I'm ١٥", "aged ٩", "İ'm 15",
]  # fmt: skip


@pytest.mark.parametrize("text", HITS)
def test_every_known_hit_is_admitted_and_still_hits(text: str) -> None:
    assert_admitted_if_matched(PACKS, text)
    for place, rating in PLACES:
        assert PACKS.check(place, rating, text) == reference_check(PACKS, place, rating, text)
    assert PACKS.check(Place.ROOM, Rating.ADULT, text) is not None or not text.isascii()


def test_a_rule_with_nothing_to_look_for_first_is_searched_every_time() -> None:
    assert pattern_triggers(r"\b\w{30,}") == frozenset({b""})
    matcher = Matcher((OPERATOR_RULES[3],))
    (group,) = matcher.groups(Place.ROOM, Rating.GENERAL)
    assert group.prefilter is None
    hit = matcher.check(Place.ROOM, Rating.GENERAL, "so " + "o" * 30 + "h")
    assert hit is not None
    assert hit.matched == "o" * 30 + "h"


def test_what_a_regex_rule_must_contain_is_found_in_its_pieces() -> None:
    assert pattern_triggers(r"\bmy\s+rates\b") == frozenset({b"myrates"})
    assert pattern_triggers(r"code\s*[:#]?\s*\d{4,6}") == frozenset(
        {b"code0000", b"code:0000", b"code#0000"}
    )
    assert pattern_triggers(r"\w+\d") == frozenset({b"0"})
    assert pattern_triggers(r"[^a]x+") == frozenset({b"x"})


# --- the skeletons fold what re.IGNORECASE folds -----------------------------------------------


def test_skeletons_fold_every_case_pair_re_folds() -> None:
    # re matches two letters case-insensitively when their simple lowercase is the same, or
    # when re's case fixes pair them; each skeleton must not tell them apart.
    skeletons = (word_skeleton, pattern_skeleton)
    last_cased = 0x1E944  # Adlam: no cased letter after it
    for code in range(last_cased):
        char = chr(code)
        lower = chr(_sre.unicode_tolower(code))
        if lower == char and char.upper() == char:
            continue
        for skeleton in skeletons:
            assert skeleton(char) == skeleton(lower), hex(code)
            if len(char.upper()) == 1:
                assert skeleton(char) == skeleton(char.upper()), hex(code)
    for code, others in re._casefix._EXTRA_CASES.items():
        for other in others:
            for skeleton in skeletons:
                assert skeleton(chr(code)) == skeleton(chr(other))
    assert all(not _sre.unicode_iscased(c) for c in range(last_cased, sys.maxunicode + 1, 97))


def test_look_alikes_spacers_digits_and_whitespace_fold() -> None:
    assert word_skeleton("P.4.Y p-@_L") == word_skeleton("paypal")
    assert word_skeleton("1|!l") == word_skeleton("iiii")
    assert word_skeleton("\u2003\u00a0\n") == b""
    assert pattern_skeleton("I am 15 \u0661\u0665") == b"iam0000"
    assert pattern_skeleton("a.b-c") == b"a.b-c"


# --- it turns ordinary chat away ---------------------------------------------------------------

ORDINARY = [
    "hey there, how are you doing today? *smiles*",
    "She leans against the bar and laughs, telling him about the long walk home through the "
    "rain, the broken umbrella and the cat that followed her all the way.",
    "I paid attention to the tribute band, it was great",
    "we waited 15 minutes for the bus",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_chat_is_not_searched(text: str) -> None:
    for place, rating in PLACES:
        for group in PACKS.groups(place, rating):
            assert group.prefilter is not None
            assert not group.prefilter.admits(text)
