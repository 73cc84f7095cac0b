"""Comparing kink lists and ranking partners: the verdicts, the documented score, and the
promises search keeps whatever the profiles (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boudoir.domain.consent import Person, Ties
from boudoir.domain.ids import AccountId
from boudoir.domain.kinks import Kink, KinkCategory, KinkList
from boudoir.domain.matching import (
    Candidate,
    KinkSheet,
    Verdict,
    compare,
    pair_score,
    score,
    search,
)
from boudoir.domain.profiles import (
    CustomKink,
    InterestLevel,
    ProfileVisibility,
    SectionAudience,
)

FAV, YES, MAYBE, NO = (
    InterestLevel.FAVOURITE,
    InterestLevel.YES,
    InterestLevel.MAYBE,
    InterestLevel.NO,
)
KINKS = KinkList(
    "t",
    (
        KinkCategory(
            "c",
            "C",
            tuple(Kink(k, k.title(), "") for k in ("rope", "praise", "biting", "gags", "wax")),
        ),
    ),
)
ME = Person(AccountId("a-me"))
EVERYONE = ProfileVisibility(kinks=SectionAudience.EVERYONE)


def test_the_documented_pair_scores() -> None:
    assert pair_score(FAV, FAV) == 3
    assert pair_score(FAV, YES) == pair_score(YES, FAV) == 2
    assert pair_score(YES, YES) == 1
    assert pair_score(MAYBE, FAV) == pair_score(MAYBE, MAYBE) == 0.5
    assert pair_score(NO, FAV) == pair_score(YES, NO) == -2
    assert pair_score(NO, NO) == pair_score(NO, MAYBE) == 0


def test_a_perfect_match_scores_one_and_names_the_shared_favourites() -> None:
    sheet = KinkSheet({"rope": FAV, "praise": FAV})
    result = score(sheet, sheet, KINKS)
    assert result.value == 1.0
    assert result.shared == ("Praise", "Rope")
    assert not result.limited
    assert not result.excluded


def test_a_hard_limit_against_a_favourite_excludes_against_a_yes_penalises() -> None:
    mine = KinkSheet({"rope": FAV, "wax": YES})
    assert score(mine, KinkSheet({"rope": FAV}, hard_limits=("WAX",)), KINKS).limited
    assert score(mine, KinkSheet(hard_limits=("Rope",)), KINKS).excluded
    assert score(mine, KinkSheet(hard_limits=("rope",)), KINKS).excluded  # by id too


def test_compare_sorts_limits_then_conflicts_then_matches() -> None:
    mine = KinkSheet(
        {"rope": FAV, "praise": YES, "biting": YES, "gags": MAYBE},
        custom=(CustomKink("Tea", "", FAV),),
        hard_limits=("wax",),
    )
    theirs = KinkSheet(
        {"rope": YES, "praise": NO, "wax": YES, "gags": YES},
        custom=(CustomKink("tea", "", YES),),
    )
    rows = compare(mine, theirs, KINKS)
    assert [(r.name, r.verdict) for r in rows] == [
        ("Wax", Verdict.LIMIT),
        ("Praise", Verdict.CONFLICT),
        ("Rope", Verdict.MATCH),
        ("Tea", Verdict.MATCH),
        ("Gags", Verdict.MAYBE),
        ("Biting", Verdict.NEITHER),
    ]
    tea = next(r for r in rows if r.name == "Tea")
    assert (tea.kink, tea.mine, tea.theirs) == (None, FAV, YES)


def test_compare_with_nothing_visible_of_theirs_shows_only_mine() -> None:
    rows = compare(KinkSheet({"rope": FAV}), KinkSheet(), KINKS)
    assert [(r.kink, r.mine, r.theirs, r.verdict) for r in rows] == [
        ("rope", FAV, None, Verdict.NEITHER)
    ]


levels = st.sampled_from(list(InterestLevel))
sheets = st.builds(
    KinkSheet,
    st.dictionaries(st.sampled_from([k.id for k in KINKS]), levels, max_size=5),
    st.just(()),
    st.lists(st.sampled_from(["rope", "Praise", "wax", "nothing"]), max_size=2).map(tuple),
)
candidates = st.builds(
    Candidate,
    name=st.from_regex(r"[A-Z][a-z]{1,6}", fullmatch=True),
    person=st.sampled_from([Person(AccountId(f"a-{n}")) for n in range(4)] + [ME]),
    ties=st.builds(Ties, blocked=st.booleans(), friend=st.booleans(), share_room=st.booleans()),
    findable=st.booleans(),
    visibility=st.builds(ProfileVisibility, kinks=st.sampled_from(list(SectionAudience))),
    sheet=sheets,
)


@given(sheets, st.lists(candidates, max_size=12))
def test_search_keeps_its_promises(mine: KinkSheet, pool: list[Candidate]) -> None:
    found = search(ME, mine, pool, KINKS, limit=50)
    by_name = {}
    for candidate in pool:
        by_name.setdefault(candidate.name, []).append(candidate)
    for match in found:
        sources = by_name[match.name]
        # Someone found asked to be, is not across a block, not the seeker, and shows kinks.
        assert any(
            c.findable
            and not c.ties.blocked
            and c.person != ME
            and c.visibility.kinks is not SectionAudience.NOBODY
            for c in sources
        )
        assert not match.score.excluded
    # A hard-limit conflict never ranks above a clean match.
    flags = [m.score.limited for m in found]
    assert flags == sorted(flags)
    clean = [m.score.value for m in found if not m.score.limited]
    assert clean == sorted(clean, reverse=True)


@given(sheets, candidates)
def test_the_unfindable_and_the_blocked_never_appear(mine: KinkSheet, one: Candidate) -> None:
    if not one.findable or one.ties.blocked:
        assert search(ME, mine, [one], KINKS, limit=50) == []


@given(sheets, sheets)
def test_scores_are_normalised(mine: KinkSheet, theirs: KinkSheet) -> None:
    result = score(mine, theirs, KINKS)
    assert result.value <= 1.0
    if not mine.kinks:
        assert result.value <= 0
