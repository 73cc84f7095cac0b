"""Comparing two characters' kink lists, and scoring partners for search: pure functions.

Both work only on what they are given: the caller passes the other side as the seeker may see
it (``consent.profiles``). The scoring is the formula documented in docs/http-api.md
("Profiles, kinks and partner search"); change both together.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from boudoir.domain import consent
from boudoir.domain.kinks import KinkList
from boudoir.domain.profiles import CustomKink, InterestLevel, ProfileVisibility

FAVOURITE, YES, MAYBE, NO = (
    InterestLevel.FAVOURITE,
    InterestLevel.YES,
    InterestLevel.MAYBE,
    InterestLevel.NO,
)
_WANTED = frozenset({FAVOURITE, YES})
_OPEN = frozenset({FAVOURITE, YES, MAYBE})

_BEST = {FAVOURITE: 3.0, YES: 2.0, MAYBE: 0.5}
LIMIT_PENALTY = -3.0
"""A hard limit of one side against a kink the other rated yes or maybe."""
SHARED_SHOWN = 5
"""Favourites named as shared in a search result."""


class Verdict(enum.Enum):
    """How one row of a comparison reads, in the order rows are sorted."""

    LIMIT = "limit"
    CONFLICT = "conflict"
    MATCH = "match"
    MAYBE = "maybe"
    NEITHER = "neither"


_ORDER = {verdict: number for number, verdict in enumerate(Verdict)}


@dataclass(frozen=True, slots=True)
class KinkSheet:
    """One side of a comparison: ratings by kink id, custom entries and hard limits."""

    kinks: Mapping[str, InterestLevel] = field(default_factory=dict)
    custom: tuple[CustomKink, ...] = ()
    hard_limits: tuple[str, ...] = ()

    def custom_levels(self) -> dict[str, tuple[str, InterestLevel]]:
        """Custom entries by case-folded name: (name as written, level)."""
        return {c.name.casefold(): (c.name, c.level) for c in self.custom}


@dataclass(frozen=True, slots=True)
class CompareRow:
    kink: str | None
    """The standard kink's id; None for a custom entry."""
    name: str
    mine: InterestLevel | None
    theirs: InterestLevel | None
    verdict: Verdict


def _hits(limits: Iterable[str], *words: str) -> bool:
    """Does one of ``limits`` name this kink (by id or name, in any case)?"""
    wanted = {w.casefold() for w in words if w}
    return any(limit.strip().casefold() in wanted for limit in limits)


def _verdict(
    mine: InterestLevel | None,
    theirs: InterestLevel | None,
    *,
    mine_limited: bool,
    theirs_limited: bool,
) -> Verdict:
    """``mine_limited``: the kink is one of my hard limits (and so on)."""
    if (mine in _OPEN and theirs_limited) or (theirs in _OPEN and mine_limited):
        return Verdict.LIMIT
    if mine is None or theirs is None:
        return Verdict.NEITHER
    if (mine in _WANTED and theirs is NO) or (theirs in _WANTED and mine is NO):
        return Verdict.CONFLICT
    if mine in _WANTED and theirs in _WANTED:
        return Verdict.MATCH
    if MAYBE in (mine, theirs):
        return Verdict.MAYBE
    return Verdict.NEITHER


def compare(mine: KinkSheet, theirs: KinkSheet, kink_list: KinkList) -> tuple[CompareRow, ...]:
    """Every kink either side rated, and every custom entry, with its verdict: limits first,
    then conflicts, matches, maybes and the rest, each by name. ``theirs`` holds only what the
    viewer may see (an empty sheet part for a hidden section)."""
    rows: list[CompareRow] = []
    for kink_id in set(mine.kinks) | set(theirs.kinks):
        name = kink_list.name_of(kink_id)
        rows.append(
            CompareRow(
                kink_id,
                name,
                mine.kinks.get(kink_id),
                theirs.kinks.get(kink_id),
                _verdict(
                    mine.kinks.get(kink_id),
                    theirs.kinks.get(kink_id),
                    mine_limited=_hits(mine.hard_limits, kink_id, name),
                    theirs_limited=_hits(theirs.hard_limits, kink_id, name),
                ),
            )
        )
    my_custom, their_custom = mine.custom_levels(), theirs.custom_levels()
    for key in set(my_custom) | set(their_custom):
        name = (my_custom.get(key) or their_custom[key])[0]
        mine_level = my_custom[key][1] if key in my_custom else None
        theirs_level = their_custom[key][1] if key in their_custom else None
        verdict = _verdict(
            mine_level,
            theirs_level,
            mine_limited=_hits(mine.hard_limits, name),
            theirs_limited=_hits(theirs.hard_limits, name),
        )
        rows.append(CompareRow(None, name, mine_level, theirs_level, verdict))
    rows.sort(key=lambda r: (_ORDER[r.verdict], r.name.casefold(), r.kink or ""))
    return tuple(rows)


def pair_score(a: InterestLevel, b: InterestLevel) -> float:
    """What one kink both rated adds to a match's score (docs/http-api.md)."""
    if NO in (a, b):
        return -2.0 if (a in _WANTED or b in _WANTED) else 0.0
    if a is FAVOURITE and b is FAVOURITE:
        return 3.0
    if a in _WANTED and b in _WANTED:
        return 2.0 if FAVOURITE in (a, b) else 1.0
    return 0.5  # a maybe with a favourite, yes or maybe


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    """Normalised: 1 for a perfect match."""
    limited: bool
    """A hard limit of one side touches a kink the other rated yes or maybe."""
    excluded: bool
    """A hard limit of one side is a favourite of the other: not a match at all."""
    shared: tuple[str, ...]
    """Names of kinks both rated favourite (at most ``SHARED_SHOWN``), by name."""


def _entries(sheet: KinkSheet, kink_list: KinkList) -> dict[str, tuple[str, InterestLevel]]:
    """Every rating keyed for matching: standard ids, and custom entries by folded name."""
    entries = {
        kink_id: (kink_list.name_of(kink_id), level) for kink_id, level in sheet.kinks.items()
    }
    for key, (name, level) in sheet.custom_levels().items():
        entries.setdefault("custom:" + key, (name, level))
    return entries


def score(mine: KinkSheet, theirs: KinkSheet, kink_list: KinkList) -> Score:
    """How well ``theirs`` matches ``mine`` (docs/http-api.md, the score formula)."""
    my_entries, their_entries = _entries(mine, kink_list), _entries(theirs, kink_list)
    raw = 0.0
    shared: list[str] = []
    for key in my_entries.keys() & their_entries.keys():
        name, my_level = my_entries[key]
        their_level = their_entries[key][1]
        raw += pair_score(my_level, their_level)
        if my_level is FAVOURITE and their_level is FAVOURITE:
            shared.append(name)
    limited = excluded = False
    for entries, limits in ((my_entries, theirs.hard_limits), (their_entries, mine.hard_limits)):
        for key, (name, level) in entries.items():
            if level not in _OPEN or not _hits(limits, name, "" if ":" in key else key):
                continue
            if level is FAVOURITE:
                excluded = True
            else:
                limited = True
                raw += LIMIT_PENALTY
    # The best each of my ratings can bring: a favourite 3 (met by a favourite), a yes 2 (met by
    # a favourite), a maybe 0.5 (met by anything but a no); so a partner who loves all I rated
    # scores exactly 1, and nobody more.
    best = sum(_BEST.get(level, 0.0) for _name, level in my_entries.values())
    value = round(raw / max(1.0, best), 3)
    shared.sort(key=str.casefold)
    return Score(value, limited, excluded, tuple(shared[:SHARED_SHOWN]))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A character search may propose, with what consent needs to decide whether it may."""

    name: str
    person: consent.Person
    ties: consent.Ties
    """Between the seeker and the candidate, from the candidate's side."""
    findable: bool
    visibility: ProfileVisibility
    sheet: KinkSheet


@dataclass(frozen=True, slots=True)
class Match:
    name: str
    score: Score


def search(
    seeker: consent.Person,
    mine: KinkSheet,
    candidates: Iterable[Candidate],
    kink_list: KinkList,
    *,
    limit: int,
) -> list[Match]:
    """The best ``limit`` matches among ``candidates`` that consent lets the seeker find
    (``consent.found_in_search``), without those a hard limit excludes. Ordered: no hard limit
    touched first, then by score (highest first), then by name."""
    matches: list[Match] = []
    for candidate in candidates:
        if not consent.found_in_search(
            seeker,
            candidate.person,
            findable=candidate.findable,
            kinks=candidate.visibility.kinks,
            ties=candidate.ties,
        ):
            continue
        result = score(mine, candidate.sheet, kink_list)
        if not result.excluded:
            matches.append(Match(candidate.name, result))
    matches.sort(key=lambda m: (m.score.limited, -m.score.value, m.name.casefold()))
    return matches[: max(0, limit)]
