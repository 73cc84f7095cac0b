"""Automod's prefilter: a necessary condition, checked in about a microsecond, for a message to
hit any of a group of rules, so that the costly regular expression is searched only for the
few messages that might hit (``boudoir.domain.automod`` uses it; hits are exactly the same).

Pure: imports the standard library only.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

LOOKALIKES = {
    "a": "a4@",
    "b": "b8",
    "e": "e3",
    "g": "g9",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s5$",
    "t": "t7+",
    "z": "z2",
}
"""Digits and signs written for letters: cheap obfuscation that a character class undoes."""

# --- the prefilter --------------------------------------------------------------------------
#
# A message can only hit a rule if its skeleton contains the skeleton of something the rule
# must match. Both skeletons are a function of the text character by character, so the
# skeleton of a matched stretch is a substring of the whole message's skeleton:
#
# - for words: lowercase, look-alikes folded to their letter ("4" and "@" to "a"; "i", "l",
#   "1", "|" and "!" to one symbol, since "1" and "|" stand for both letters), spacers dropped;
# - for regular expressions: lowercase, every decimal digit to "0", whitespace dropped.
#
# Both fold together what re.IGNORECASE matches to each other (the simple lowercase, and the
# pairs of re's case fixes such as "ı"/"i" and "ſ"/"s"). Skeletons are UTF-8 bytes, because
# bytes.translate costs a tenth of str.translate.

_CASE_EQUIVALENTS = (
    "i\u0131", "s\u017f", "\u00b5\u03bc", "\u0345\u03b9\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3",
    "\u03b2\u03d0", "\u03b5\u03f5", "\u03b8\u03d1", "\u03ba\u03f0", "\u03c0\u03d6",
    "\u03c1\u03f1", "\u03c2\u03c3", "\u03c6\u03d5", "\u0432\u1c80", "\u0434\u1c81",
    "\u043e\u1c82", "\u0441\u1c83", "\u0442\u1c84\u1c85", "\u044a\u1c86", "\u0463\u1c87",
    "\u1c88\ua64b", "\u1e61\u1e9b", "\ufb05\ufb06",
)  # fmt: skip
"""Lowercase letters that ``re.IGNORECASE`` matches to each other (``re._casefix`` of Python
3.11); each folds to the first of its group."""
_CANONICAL = {char: group[0] for group in _CASE_EQUIVALENTS for char in group[1:]}
_DOT_ABOVE = "\u0307"
"""``"İ".lower()`` is "i" and this combining dot, where ``re`` folds "İ" to a plain "i"."""
_DIGIT_STAND_IN = "\x00"
"""What every non-ASCII decimal digit folds to: the pattern skeleton reads it as "0"."""
_SPECIAL = re.compile(rf"[^\S\x00-\x7f]|[^\D\x00-\x7f]|[{_DOT_ABOVE}{''.join(_CANONICAL)}]")
"""The non-ASCII characters that fold: whitespace, digits, case equivalents."""


def _fold_special(match: re.Match[str]) -> str:
    char = match.group()
    if char in _CANONICAL:
        return _CANONICAL[char]
    if char == _DOT_ABOVE or char.isspace():
        return ""
    return _DIGIT_STAND_IN


def fold(text: str) -> bytes:
    """``text`` lowercased and case-folded as ``re.IGNORECASE`` compares, in UTF-8; non-ASCII
    whitespace dropped and non-ASCII digits made one."""
    low = text.lower()
    if not low.isascii():
        low = _SPECIAL.sub(_fold_special, low)
    return low.encode("utf-8", "surrogatepass")


_ASCII_SPACE = bytes(b for b in range(128) if chr(b).isspace())
_WORD_SPACERS = _ASCII_SPACE + b"._*-"
"""Every character ``_SPACER`` and the joiner of a phrase's words can match (non-ASCII
whitespace is dropped by ``fold``)."""


def _word_table() -> bytes:
    table = bytearray(bytes(range(256)).lower())
    symbol: dict[str, str] = {}
    for letter, choices in sorted(LOOKALIKES.items()):
        # "l" shares "1" and "|" with "i": one symbol for all five.
        common = next((symbol[c] for c in choices if c in symbol), letter)
        for choice in choices:
            symbol[choice] = common
    for char, common in symbol.items():
        table[ord(char)] = ord(common)
    return bytes(table)


_WORD_TABLE = _word_table()
_PATTERN_TABLE = bytes(bytes(range(256)).lower()).translate(
    bytes.maketrans(b"0123456789" + _DIGIT_STAND_IN.encode(), b"0" * 11)
)


def word_skeleton(text: str) -> bytes:
    """What the word prefilter reads of ``text``: see the comment above."""
    return fold(text).translate(_WORD_TABLE, _WORD_SPACERS)


def pattern_skeleton(text: str) -> bytes:
    """What the regular-expression prefilter reads of ``text``: see the comment above."""
    return fold(text).translate(_PATTERN_TABLE, _ASCII_SPACE)


_CHAT_FREQUENCY = {
    "e": 0.12, "t": 0.09, "a": 0.08, "o": 0.075, "i": 0.07, "n": 0.067, "s": 0.063,
    "h": 0.061, "r": 0.06, "d": 0.043, "l": 0.04, "c": 0.028, "u": 0.028, "m": 0.024,
    "w": 0.024, "f": 0.022, "g": 0.02, "y": 0.02, "p": 0.019, "b": 0.015, "v": 0.01,
    "k": 0.008, "j": 0.0015, "x": 0.0015, "q": 0.001, "z": 0.0007,
    ".": 0.01, ",": 0.01, "'": 0.008, "?": 0.005, "!": 0.005, "*": 0.003, "-": 0.003,
    ":": 0.003, ")": 0.003, "(": 0.002, '"': 0.003,
}  # fmt: skip
"""Rough share of each character in chat text without spaces (English letter counts): only
used to pick what to look for first, so it need not be exact."""
_OTHER_FREQUENCY = 0.001


def _frequencies(table: bytes) -> tuple[float, ...]:
    shares = [0.0] * 256
    for byte in range(256):
        shares[table[byte]] += _CHAT_FREQUENCY.get(chr(byte), _OTHER_FREQUENCY)
    return tuple(shares)


_WORD_FREQUENCY = _frequencies(_WORD_TABLE)
_PATTERN_FREQUENCY = _frequencies(_PATTERN_TABLE)

_NOTHING: frozenset[bytes] = frozenset({b""})
"""A condition every text meets."""
_MAX_STRINGS = 256
"""Strings of an exact set while analysing an expression: enough for a list of ages times a
few words ("I'm 15", "i am sixteen"), small enough to compile the prefilter in milliseconds."""
_MAX_TRIGGERS = 4096
"""Strings one expression may ask the prefilter for; beyond, it is searched for every message."""
_MAX_CLASS = 16
"""Skeletons of a character class kept as exact: ``[mfx]`` and ``\\d`` are worth keeping,
``[a-z]`` is not."""
_MAX_RANGE = 256
"""Characters of a class range listed one by one: ``[0-9]``, ``[α-ω]``; wider ranges are
unknown."""
_MAX_COPIES = 16
"""Copies of a repeated piece kept as exact (``\\d{2}``); longer repeats keep this many."""


def _minimal(strings: Iterable[bytes]) -> frozenset[bytes]:
    """The same condition (``strings`` is "contains one of these") without strings that
    contain another."""
    kept: list[bytes] = []
    for string in sorted(set(strings), key=len):
        if not any(k in string for k in kept):
            kept.append(string)
    return frozenset(kept)


def _chance(strings: Iterable[bytes]) -> float:
    """Roughly, the chance that one of ``strings`` starts at a given place of a skeleton."""
    total = 0.0
    for string in strings:
        chance = 1.0
        for byte in string:
            chance *= _PATTERN_FREQUENCY[byte]
        total += chance
    return total


def _rarer(a: frozenset[bytes], b: frozenset[bytes]) -> frozenset[bytes]:
    return a if _chance(a) <= _chance(b) else b


def _product(a: frozenset[bytes], b: frozenset[bytes]) -> frozenset[bytes] | None:
    if len(a) * len(b) > _MAX_STRINGS:
        return None
    return frozenset(x + y for x in a for y in b)


@dataclass(frozen=True, slots=True)
class _Facts:
    """What every match of a piece of an expression is known to be, in pattern skeletons."""

    exact: frozenset[bytes] | None
    """One of these, or ``None`` if there are too many or they are unknown."""
    prefix: frozenset[bytes]
    """Starts with one of these."""
    suffix: frozenset[bytes]
    """Ends with one of these."""
    need: frozenset[bytes]
    """Contains one of these."""


def _exactly(strings: frozenset[bytes]) -> _Facts:
    return _Facts(strings, strings, strings, strings)


_EMPTY = _exactly(_NOTHING)
_UNKNOWN = _Facts(None, _NOTHING, _NOTHING, _NOTHING)
_Items = Iterable[tuple[object, object]]
"""A parsed expression (``re._parser``): (operator, argument) pairs."""


def _sequence(items: object) -> _Facts:
    facts = [_piece(str(op), argument) for op, argument in cast(_Items, items)]
    cur = _NOTHING
    prefix: frozenset[bytes] | None = None
    need = _NOTHING
    exact = True
    for fact in facts:
        joined = _product(cur, fact.prefix)
        if fact.exact is not None and joined is not None:
            cur = joined
            continue
        exact = False
        left = cur if joined is None else joined
        prefix = left if prefix is None else prefix
        need = _rarer(_rarer(need, left), fact.need)
        cur = fact.suffix
    if exact:
        return _exactly(cur)
    return _Facts(None, prefix or _NOTHING, cur, _rarer(need, cur))


def _union(sets: Iterable[frozenset[bytes]]) -> frozenset[bytes]:
    strings = _minimal(frozenset().union(*sets))
    return _NOTHING if b"" in strings or len(strings) > _MAX_TRIGGERS else strings


def _piece(op: str, argument: object) -> _Facts:
    if op == "LITERAL":
        return _exactly(frozenset({pattern_skeleton(chr(cast(int, argument)))}))
    if op == "IN":
        return _charset(cast(_Items, argument))
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return _EMPTY  # zero width: constrains the text, but never adds to the match
    if op == "SUBPATTERN":
        return _sequence(cast(tuple[object, ...], argument)[-1])
    if op == "ATOMIC_GROUP":
        return _sequence(argument)
    if op == "BRANCH":
        branches = [_sequence(b) for b in cast(tuple[object, list[object]], argument)[1]]
        exacts = [b.exact for b in branches if b.exact is not None]
        if len(exacts) == len(branches):
            union = frozenset().union(*exacts)
            if len(union) <= _MAX_STRINGS:
                return _exactly(union)
        return _Facts(
            None,
            _union(b.prefix for b in branches),
            _union(b.suffix for b in branches),
            _union(b.need for b in branches),
        )
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = cast(tuple[int, int, object], argument)
        return _repeat(low, high, _sequence(body))
    return _UNKNOWN


def _charset(items: _Items) -> _Facts:
    images: set[bytes] = set()
    for op, argument in items:
        name = str(op)
        if name == "LITERAL":
            chars: Iterable[int] = (cast(int, argument),)
        elif name == "RANGE":
            low, high = cast(tuple[int, int], argument)
            if high - low >= _MAX_RANGE:
                return _UNKNOWN
            chars = range(low, high + 1)
        elif name == "CATEGORY" and str(argument) == "CATEGORY_DIGIT":
            chars = (ord("0"),)
        elif name == "CATEGORY" and str(argument) == "CATEGORY_SPACE":
            chars = (ord(" "),)
        else:
            return _UNKNOWN  # a negated set, \w and the like: too many to list
        images.update(pattern_skeleton(chr(c)) for c in chars)
        if len(images) > _MAX_CLASS:
            return _UNKNOWN
    return _exactly(frozenset(images))


def _repeat(low: int, high: int, body: _Facts) -> _Facts:
    if body.exact == _NOTHING:
        return _EMPTY
    if body.exact is None:
        return _Facts(None, body.prefix, body.suffix, body.need) if low else _UNKNOWN
    powers = [_NOTHING]  # powers[k]: k copies in a row
    for _ in range(min(high, _MAX_COPIES)):
        power = _product(powers[-1], body.exact)
        if power is None:
            break
        powers.append(power)
    if high < len(powers):  # every count of copies is listed: exact
        union = frozenset().union(*powers[low:])
        if len(union) <= _MAX_STRINGS:
            return _exactly(union)
    if not low:
        return _UNKNOWN
    least = powers[min(low, len(powers) - 1)]
    return _Facts(None, least, least, least)


def pattern_triggers(pattern: str) -> frozenset[bytes]:
    """Strings one of which the pattern skeleton of any text that ``pattern`` (a ``REGEX``
    rule's expression) matches contains; ``{b""}`` when nothing useful is known."""
    try:
        parser = importlib.import_module("re._parser")
        facts = _sequence(parser.parse(pattern, re.IGNORECASE))
    except (ImportError, AttributeError, TypeError, ValueError, re.error, RecursionError):
        return _NOTHING  # a Python whose parser differs: search the expression every time
    strings = facts.need if facts.exact is None else facts.exact
    return _NOTHING if b"" in strings else _minimal(strings)


def _anchors(triggers: Iterable[bytes], frequency: tuple[float, ...]) -> list[int]:
    """A few rare bytes, one of which every trigger holds (greedy weighted set cover): the
    fewer places of a text hold one, the fewer places the scanner tries."""
    uncovered = set(triggers)
    anchors: list[int] = []
    while uncovered:
        holding = Counter(byte for trigger in uncovered for byte in set(trigger))
        best = min(holding, key=lambda byte: (frequency[byte] / holding[byte], byte))
        anchors.append(best)
        uncovered = {trigger for trigger in uncovered if best not in trigger}
    return anchors


def _anchored(triggers: Iterable[bytes], frequency: tuple[float, ...]) -> re.Pattern[bytes]:
    """One search for any of ``triggers``. Each is looked for from an anchor byte on, and
    checked backwards with a lookbehind: a pattern whose branches all start with a literal
    byte gets ``re``'s charset scan, which skips to the places holding one."""
    triggers = sorted(_minimal(triggers))
    anchors = _anchors(triggers, frequency)
    tails: dict[int, list[bytes]] = {}
    for trigger in triggers:
        at = min(trigger.index(anchor) for anchor in anchors if anchor in trigger)
        tail = re.escape(trigger[at + 1 :])
        if at:
            tail += b"(?<=" + re.escape(trigger) + b")"
        tails.setdefault(trigger[at], []).append(tail)
    branches = []
    for anchor, options in tails.items():
        head = re.escape(bytes((anchor,)))
        branches.append(head if b"" in options else head + b"(?:" + b"|".join(options) + b")")
    return re.compile(b"|".join(branches))


@dataclass(frozen=True, slots=True)
class Prefilter:
    """A necessary condition for the expression of some rules to match: a text it does not
    admit hits none of them, so their expression need not be searched."""

    words: re.Pattern[bytes] | None
    """Finds a word's skeleton in a text's word skeleton (``None``: no ``WORDS`` rule)."""
    patterns: re.Pattern[bytes] | None
    """Finds what a ``REGEX`` rule must match in a text's pattern skeleton."""

    @classmethod
    def of(cls, words: Iterable[str], patterns: Iterable[str]) -> Prefilter | None:
        """The prefilter for rules of ``words`` (a ``WORDS`` rule's words) and ``patterns``
        (``REGEX`` rules' expressions); ``None`` when one of them has nothing to look for first
        (an expression such as ``\\w{30,}``), and so must be searched every time."""
        word_skeletons = frozenset(word_skeleton(w) for w in words)
        pattern_skeletons: set[bytes] = set()
        for pattern in patterns:
            pattern_skeletons |= pattern_triggers(pattern)
        if b"" in word_skeletons or b"" in pattern_skeletons:
            return None
        return cls(
            _anchored(word_skeletons, _WORD_FREQUENCY) if word_skeletons else None,
            _anchored(pattern_skeletons, _PATTERN_FREQUENCY) if pattern_skeletons else None,
        )

    def admits(self, text: str) -> bool:
        """Whether the expression might match ``text``: ``False`` means it cannot."""
        return self.admits_folded(fold(text))

    def admits_folded(self, folded: bytes) -> bool:
        words = self.words
        if words is not None and words.search(folded.translate(_WORD_TABLE, _WORD_SPACERS)):
            return True
        patterns = self.patterns
        return patterns is not None and bool(
            patterns.search(folded.translate(_PATTERN_TABLE, _ASCII_SPACE))
        )
