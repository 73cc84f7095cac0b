"""Automod: operator-defined rules that screen messages before delivery, and the default packs.

A ``Rule`` names words (whole words, case-insensitive, tolerant of spaced-out letters and
digits for letters: "p a y p a l", "payp4l") or a regular expression; where it applies (rooms,
scenes, direct messages, and for rooms and scenes a minimum rating); and what to do on a hit:
``hold`` for review, ``flag`` for review while delivering, or ``block`` with a message to the
sender. ``Matcher`` compiles the enabled rules once into one regular expression per action for
each place and rating, so screening a message costs one search per action that has rules
there (usually one: the default packs only flag), and nothing at all where no rule applies.

That search is costly (``re`` tries every alternative at every position), so each expression
comes with a prefilter: a necessary condition checked first on a skeleton of the message
(lowercased, look-alikes folded, spacers dropped), which clears almost every message for about
a microsecond. Only a message the prefilter admits is searched, so hits are exactly the same.

Disguised letters (a zero-width space or a soft hyphen inside a word, a Cyrillic or fullwidth
look-alike, a combining accent) are undone by matching a second form of a message that holds
any non-ASCII character: the form ``Matcher.unmask`` gives (``core.skeleton.unmasked``). A
message hits if either form does; an ASCII message, most of them, has only the one form.

Pure: imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from boudoir.domain.automod_prefilter import LOOKALIKES, Prefilter, fold
from boudoir.domain.errors import InvalidInput
from boudoir.domain.ratings import Rating

MAX_RULES = 200
"""Rules on one server. Every enabled rule is part of the regex searched for every message:
a few hundred keep a search in microseconds."""
MAX_NAME = 64
MAX_WORDS = 100
"""Words or phrases in one rule."""
MAX_WORD = 64
MAX_REGEX = 1000
"""Characters of one regular expression: enough for any sensible pattern, too few to hide a
program in."""
MAX_RULE_MESSAGE = 200
MAX_EXCEPTIONS = 200
"""Phrases cleared as false positives, per rule."""
MAX_SCREENED = 4096
"""Characters of a message searched. Messages are at most 4000 characters; the cap bounds the
cost of a search whatever the callers send."""

DEFAULT_BLOCK_MESSAGE = "Your message was not sent: it breaks a rule of this server."


class Action(enum.Enum):
    """What a hit does, from the strongest to the mildest."""

    BLOCK = "block"
    """Not delivered; the sender is told the rule's message."""
    HOLD = "hold"
    """Not delivered; kept for moderators, who release or drop it."""
    FLAG = "flag"
    """Delivered, and put in the moderators' queue for a look."""


SEVERITY = (Action.BLOCK, Action.HOLD, Action.FLAG)


class Place(enum.Enum):
    ROOM = "room"
    SCENE = "scene"
    DIRECT = "direct"
    """Direct messages and whispers: they have no rating."""


ALL_PLACES = frozenset(Place)


class PatternKind(enum.Enum):
    WORDS = "words"
    """Comma-separated words or phrases, matched as whole words."""
    REGEX = "regex"
    """A Python regular expression, searched case-insensitively."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    kind: PatternKind
    pattern: str
    """For ``WORDS``, comma-separated words or phrases; for ``REGEX``, the expression."""
    action: Action = Action.FLAG
    places: frozenset[Place] = ALL_PLACES
    min_rating: Rating = Rating.GENERAL
    """Rooms and scenes rated below this are not screened by the rule (direct messages have
    no rating: ``places`` alone decides for them)."""
    message: str = ""
    """Told to the sender of a blocked message; empty for the default words."""
    enabled: bool = True
    pack: str = ""
    """The default pack the rule came from; empty for an operator's own."""
    exceptions: tuple[str, ...] = ()
    """Matched phrases cleared as false positives: never flagged again by this rule."""

    def applies(self, place: Place, rating: Rating) -> bool:
        if not self.enabled or place not in self.places:
            return False
        return place is Place.DIRECT or rating >= self.min_rating

    @property
    def block_message(self) -> str:
        return self.message or DEFAULT_BLOCK_MESSAGE


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    matched: str
    """The text the rule matched, as the sender wrote it, or with its disguises taken off when
    only that form hit (``Matcher.unmask``)."""


def normalize_phrase(text: str) -> str:
    """How a matched phrase is compared with a rule's exceptions."""
    return " ".join(text.casefold().split())


# --- words ----------------------------------------------------------------------------------


# LOOKALIKES (in the prefilter's module, which must fold the same characters): digits and
# signs written for letters, cheap obfuscation that a character class undoes.

_SPACER = r"[\s._*\-]?"
"""What may stand between the letters of a word written apart ("p a y p a l", "p.a.y")."""
_SPACED_MIN = 4
"""Words shorter than this are not matched spaced out: "a s s" is too often innocent."""


def _letter(char: str) -> str:
    choices = LOOKALIKES.get(char.lower())
    if choices is None:
        return re.escape(char)
    return "[" + "".join(re.escape(c) for c in choices) + "]"


def _word_regex(word: str) -> str:
    parts: list[str] = []
    for token in word.split():
        letters = [_letter(c) for c in token]
        joiner = _SPACER if len(token) >= _SPACED_MIN else ""
        parts.append(joiner.join(letters))
    return r"[\s\-_.]*".join(parts)


def words_of(pattern: str) -> list[str]:
    """The words or phrases of a ``WORDS`` pattern, in order, without duplicates."""
    seen: dict[str, str] = {}
    for raw in pattern.split(","):
        word = " ".join(raw.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word.lower()
    return list(seen.values())


def rule_regex(rule: Rule) -> str:
    """The rule's pattern as one regular expression, whole words for ``WORDS``."""
    if rule.kind is PatternKind.REGEX:
        return rule.pattern
    alternatives = "|".join(_word_regex(w) for w in words_of(rule.pattern))
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


# --- validation -----------------------------------------------------------------------------

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?<[A-Za-z_]|\\g<|\\k<")
_REPEATS = r"[*+]|\{\d*,\d*\}|\{\d{2,}\}"
_NESTED_REPEAT = re.compile(rf"\((?:[^()\\]|\\.)*(?:{_REPEATS})(?:[^()\\]|\\.)*\)\??(?:{_REPEATS})")
"""A group holding a repeat, itself repeated (``(a+)+``, ``(\\w*x)*``): the shape of
catastrophic backtracking. A cheap look at the text, not a proof; it refuses some harmless
patterns, which can always be written without the nesting."""


def check_regex(pattern: str) -> None:
    """Refuse a regular expression that does not compile, is too long, matches the empty
    text (it would hit every message), numbers or names its groups (rules are combined into
    one expression), or nests repeats."""
    if not pattern.strip():
        raise InvalidInput("A rule needs a pattern.")
    if len(pattern) > MAX_REGEX:
        raise InvalidInput(f"A regular expression is at most {MAX_REGEX} characters.")
    if _BACKREFERENCE.search(pattern):
        raise InvalidInput("A rule's regular expression cannot name groups or refer back to one.")
    if _NESTED_REPEAT.search(pattern):
        raise InvalidInput(
            "That regular expression repeats a group that itself repeats, which can take "
            "forever on some messages; write it without the nesting."
        )
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        raise InvalidInput("That regular expression does not compile.") from None
    if compiled.search("") is not None:
        raise InvalidInput("That pattern matches an empty message, so it would hit every one.")


def check_rule(rule: Rule) -> Rule:
    """The rule, if every field is within bounds; ``InvalidInput`` saying what is not."""
    name = " ".join(rule.name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(f"A rule's name is 1 to {MAX_NAME} characters.")
    if not rule.places:
        raise InvalidInput("A rule applies in at least one place: room, scene or direct.")
    if len(rule.message) > MAX_RULE_MESSAGE:
        raise InvalidInput(f"A rule's message is at most {MAX_RULE_MESSAGE} characters.")
    if len(rule.exceptions) > MAX_EXCEPTIONS:
        raise InvalidInput(f"A rule keeps at most {MAX_EXCEPTIONS} cleared phrases.")
    if rule.kind is PatternKind.WORDS:
        words = words_of(rule.pattern)
        if not words:
            raise InvalidInput("A rule needs at least one word.")
        if len(words) > MAX_WORDS:
            raise InvalidInput(f"A rule holds at most {MAX_WORDS} words or phrases.")
        if any(len(w) > MAX_WORD for w in words):
            raise InvalidInput(f"A word or phrase is at most {MAX_WORD} characters.")
        pattern = ", ".join(words)
    else:
        check_regex(rule.pattern)
        pattern = rule.pattern
    return Rule(
        rule.id,
        name,
        rule.kind,
        pattern,
        rule.action,
        rule.places,
        rule.min_rating,
        rule.message.strip(),
        rule.enabled,
        rule.pack,
        rule.exceptions,
    )


# --- the matcher ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    """The rules of one action in one place and rating, as one expression."""

    action: Action
    regex: re.Pattern[str]
    rules: dict[str, Rule]
    """Group name (``r0``, ``r1``...) -> rule."""
    prefilter: Prefilter | None = None
    """Checked before ``regex`` is searched; ``None``: search every text."""

    def first(self, text: str) -> Hit | None:
        position = 0
        while True:
            match = self.regex.search(text, position)
            if match is None:
                return None
            for group, value in match.groupdict().items():
                if value is not None:
                    rule = self.rules[group]
                    if normalize_phrase(value) not in rule.exceptions:
                        return Hit(rule, value)
                    break
            position = max(match.end(), position + 1)


@dataclass(slots=True)
class Matcher:
    """Every enabled rule, compiled lazily into one expression per action for each place and
    rating, and kept until the rules change (make a new ``Matcher`` then)."""

    rules: Sequence[Rule]
    unmask: Callable[[str], str] | None = None
    """The text with its disguises taken off (``core.skeleton.unmasked``: invisible characters,
    accents, fullwidth and look-alike letters), matched as well as the text itself; ``None``:
    only the text. It must return ASCII text unchanged: that is the fast path."""
    _groups: dict[tuple[str, Rating], tuple[_Group, ...]] = field(default_factory=dict)

    def groups(self, place: Place, rating: Rating) -> tuple[_Group, ...]:
        # Keyed by the place's value: a plain Enum member hashes in Python, asked on every
        # message screened (a Rating, an IntEnum, hashes as its int).
        key = (place._value_, rating)
        groups = self._groups.get(key)
        if groups is None:
            groups = self._groups[key] = _compile(
                [r for r in self.rules if r.applies(place, rating)]
            )
        return groups

    def check(self, place: Place, rating: Rating, text: str) -> Hit | None:
        """The strongest rule ``text`` hits here (block, then hold, then flag), if any."""
        groups = self.groups(place, rating)
        if not groups:
            return None
        text = text[:MAX_SCREENED]
        hit = _first(groups, text)
        unmask = self.unmask
        if unmask is None or text.isascii():  # most messages: one form only
            return hit
        bare = unmask(text)
        if bare == text:
            return hit
        other = _first(groups, bare)
        if other is None or (hit is not None and _strength(hit) <= _strength(other)):
            return hit
        return other

    def _forms(self, text: str) -> tuple[str, ...]:
        """What is matched: the text, and its unmasked form when that differs (never for
        ASCII text, which is most messages: one ``isascii``)."""
        unmask = self.unmask
        if unmask is None or text.isascii():
            return (text,)
        bare = unmask(text)
        return (text,) if bare == text else (text, bare)

    def test(self, text: str) -> list[Hit]:
        """Every rule ``text`` hits, enabled or not, wherever it applies: for operators
        trying a rule out."""
        forms = self._forms(text[:MAX_SCREENED])
        hits = []
        for rule in self.rules:
            regex = re.compile(rule_regex(rule), re.IGNORECASE)
            match = next(filter(None, (regex.search(form) for form in forms)), None)
            if match is not None:
                hits.append(Hit(rule, match.group(0)))
        return hits


def _first(groups: tuple[_Group, ...], text: str) -> Hit | None:
    """The first hit of the strongest group ``text`` hits."""
    folded = None
    for group in groups:
        if group.prefilter is not None:
            if folded is None:
                folded = fold(text)
            if not group.prefilter.admits_folded(folded):
                continue
        hit = group.first(text)
        if hit is not None:
            return hit
    return None


def _strength(hit: Hit) -> int:
    """0 for the strongest action (block), then hold, then flag."""
    return SEVERITY.index(hit.rule.action)


def _compile(rules: Iterable[Rule]) -> tuple[_Group, ...]:
    by_action: dict[Action, list[Rule]] = {}
    for rule in rules:
        by_action.setdefault(rule.action, []).append(rule)
    groups = []
    for action in SEVERITY:
        chosen = by_action.get(action)
        if not chosen:
            continue
        names = {f"r{i}": rule for i, rule in enumerate(chosen)}
        source = "|".join(f"(?P<{name}>{rule_regex(rule)})" for name, rule in names.items())
        regex = re.compile(source, re.IGNORECASE)
        prefilter = Prefilter.of(
            [w for r in chosen if r.kind is PatternKind.WORDS for w in words_of(r.pattern)],
            [r.pattern for r in chosen if r.kind is PatternKind.REGEX],
        )
        groups.append(_Group(action, regex, names, prefilter))
    return tuple(groups)


# --- the default packs ----------------------------------------------------------------------

SOLICITATION = "solicitation"
UNDER_18 = "under_18"
PACKS = (SOLICITATION, UNDER_18)

_AGE = r"(?:1[0-7]|[89]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
"""An age under 18 that a person might state (under 8 is rarely said, and often a number of
something else)."""
_NO_DIGIT_BEFORE = r"(?<![\d.,$€£])"
_I_AM = r"\bi(?:'|’)?m\b|\bi\s+am\b"
_STANDS_ALONE = (
    r"(?![.,:]\d)(?=\s*(?:$|[.!?,;:)~]|\s(?:and|but|so|lol|btw|irl|too|tho|though|now)\b))"
)
"""After "I'm 15": the end, punctuation or a small word; not "I'm 15 minutes away"."""

_CURRENCY = r"(?:[$€£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:[$€£]|usd|eur|gbp|dollars?|bucks|euros?|quid))"  # noqa: E501
_UNIT = r"(?:hour|hr|h|min(?:ute)?|session|scene|pic|photo|video|vid|night|message|msg|chat)"

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        "pack-solicitation-apps",
        "Payment apps and paid platforms",
        PatternKind.WORDS,
        "paypal, venmo, cashapp, cash app, zelle, revolut, onlyfans, only fans, fansly, "
        "gift card, gift cards, giftcard, amazon card, bitcoin, crypto wallet, "
        "throne wishlist, amazon wishlist",
        pack=SOLICITATION,
    ),
    Rule(
        "pack-solicitation-tributes",
        "Tributes and paid domination",
        PatternKind.WORDS,
        "tributes, send tribute, send a tribute, tribute first, tribute me, paypig, pay pig, "
        "findom, cashmaster, cash master, moneyslave, money slave, pay to chat, pay to play",
        pack=SOLICITATION,
    ),
    Rule(
        "pack-solicitation-rates",
        "Rates and prices for chat",
        PatternKind.REGEX,
        rf"\bmy\s+rates\b|\brates\s+(?:are|start)\b|{_CURRENCY}\s*(?:/|per|an?|each|for\s+(?:a|an|one|1))\s*{_UNIT}s?\b|\$[a-z][a-z0-9_]{{2,19}}\b",
        pack=SOLICITATION,
    ),
    Rule(
        "pack-under-18-age",
        "A stated age under 18",
        PatternKind.REGEX,
        rf"{_NO_DIGIT_BEFORE}\b{_AGE}\s*-?\s*(?:years?|yrs?)[\s-]*old\b"
        rf"|{_NO_DIGIT_BEFORE}\b{_AGE}\s*(?:yo|y/o|y\.o\.?)(?!\w)"
        rf"|(?:{_I_AM})\s+(?:only\s+|just\s+|barely\s+)?{_AGE}\b{_STANDS_ALONE}"
        rf"|\b(?:age|aged|asl)\s*[:=]?\s*{_AGE}\b(?!\s*(?:min|hour|%))"
        rf"|{_NO_DIGIT_BEFORE}\b1[0-7]\s*/\s*[mfx]\b|\b[mf]\s*/\s*1[0-7]\b",
        places=frozenset({Place.ROOM, Place.SCENE}),
        min_rating=Rating.MATURE,
        pack=UNDER_18,
    ),
    Rule(
        "pack-under-18-school",
        "Minor or school age",
        PatternKind.REGEX,
        rf"(?:{_I_AM})\s+(?:a\s+)?(?:minor|underage|under\s*age|under\s*18|not\s+18(?:\s+yet)?)\b"
        rf"|(?:{_I_AM})\s+in\s+(?:middle\s+school|junior\s+high|high\s+school"
        r"|(?:[6-9]th|1[01]th|sixth|seventh|eighth|ninth|tenth|eleventh)\s+grade)\b",
        places=frozenset({Place.ROOM, Place.SCENE}),
        min_rating=Rating.MATURE,
        pack=UNDER_18,
    ),
)
"""The two default packs, enabled on a fresh install. Both only flag: a hit is delivered and
queued for a moderator to look at, since each catches innocent sentences too."""
