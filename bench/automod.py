"""Cost of automod screening per message: ``Matcher.check`` as the hot path calls it.

Prints microseconds per check for a short (41 characters) and a long (400 characters)
message that hit nothing, for a short one that hits, and for two short ones with non-ASCII
characters (ordinary French, and a hit disguised with a zero-width space and a Cyrillic
letter: only these pay for the unmasked form), in a general and an adult room,
with the default packs, without any rule, and with the packs and 20 operator rules. The
same messages are also searched the way screening worked before the prefilter (every group's
expression, every message), for comparison.

    .venv/bin/python bench/automod.py

Target: under 3 µs for the short message that hits nothing.
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

from boudoir.core.skeleton import unmasked
from boudoir.domain.automod import (
    DEFAULT_RULES,
    MAX_SCREENED,
    Hit,
    Matcher,
    PatternKind,
    Place,
    Rule,
)
from boudoir.domain.ratings import Rating

TARGET_MICROSECONDS = 3.0
REPEATS = 3
"""Timing runs per case; the fastest is reported (the others met noise from elsewhere)."""

PROSE = (
    "She leans against the bar and laughs, telling him about the long walk home through "
    "the rain, the broken umbrella and the cat that followed her all the way. "
)
MESSAGES = {
    "short, clean": "hey there, how are you doing today? *smil",
    "long, clean": (PROSE * 4)[:400],
    "short, hit": "add me on paypal, my rates are simple ok",
    "short, accents": "Zoë sourit, s'assoit près de la fenêtre",
    "short, disguise": "add me on pay\u200bp\u0430l, my rates are",
}
OPERATOR_RULES = tuple(
    Rule(f"op{i}", f"operator {i}", PatternKind.WORDS, f"word{i}a, word{i}b, other phrase {i}")
    for i in range(15)
) + tuple(
    Rule(f"re{i}", f"operator regex {i}", PatternKind.REGEX, rf"\bcode{i}\s*[:#]?\s*\d{{4,6}}\b")
    for i in range(5)
)
RULE_SETS = {
    "packs": DEFAULT_RULES,
    "no rules": (),
    "packs + 20 operator rules": DEFAULT_RULES + OPERATOR_RULES,
}


def search_everything(matcher: Matcher, place: Place, rating: Rating, text: str) -> Hit | None:
    """Screening as it was before the prefilter: every group's expression is searched (in
    the text and its unmasked form)."""
    text = text[:MAX_SCREENED]
    for group in matcher.groups(place, rating):
        for form in (text, unmasked(text)):
            hit = group.first(form)
            if hit is not None:
                return hit
    return None


def microseconds(call: Callable[[], object]) -> float:
    """The fastest of a few runs, each long enough to time (``Timer.autorange``)."""
    timer = timeit.Timer(call)
    rounds, _ = timer.autorange()
    return min(timer.repeat(number=rounds, repeat=REPEATS)) / rounds * 1e6


def case(matcher: Matcher, rating: Rating, text: str) -> tuple[float, float]:
    """Microseconds per check now, and searching every expression as before."""
    assert matcher.check(Place.ROOM, rating, text) == search_everything(
        matcher, Place.ROOM, rating, text
    )
    now = microseconds(lambda: matcher.check(Place.ROOM, rating, text))
    before = microseconds(lambda: search_everything(matcher, Place.ROOM, rating, text))
    return now, before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()

    print(f"{'rules':27} {'message':15} {'room':8} {'now µs':>8} {'before µs':>10}")
    worst_short = 0.0
    for rules_name, rules in RULE_SETS.items():
        matcher = Matcher(rules, unmasked)
        for message_name, text in MESSAGES.items():
            for rating in (Rating.GENERAL, Rating.ADULT):
                now, before = case(matcher, rating, text)
                if message_name == "short, clean":
                    worst_short = max(worst_short, now)
                room = rating.name.lower()
                print(f"{rules_name:27} {message_name:15} {room:8} {now:8.2f} {before:10.2f}")
    met = worst_short < TARGET_MICROSECONDS
    print(
        f"\nshort clean message, worst case: {worst_short:.2f} µs "
        f"(target {TARGET_MICROSECONDS} µs: {'met' if met else 'MISSED'})"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
