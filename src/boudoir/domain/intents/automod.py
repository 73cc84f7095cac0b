"""Intents about the automod rules: list, read, test a text, add, change, remove, and clear a
false positive.

Operators change rules; server moderators read them, test and clear (``consent`` decides).
A rule is named by its id or its name (``rule``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.automod import ALL_PLACES, Action, PatternKind, Place
from boudoir.domain.ratings import Rating


class AutomodIntent:
    """Base of the intents about automod rules."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ListRules(AutomodIntent):
    """Every rule, oldest first."""


@dataclass(frozen=True, slots=True)
class ShowRule(AutomodIntent):
    """One rule in full."""

    rule: str


@dataclass(frozen=True, slots=True)
class TryText(AutomodIntent):
    """Which rules ``text`` hits, enabled or not, wherever they apply."""

    text: str


@dataclass(frozen=True, slots=True)
class AddRule(AutomodIntent):
    """A new operator's rule."""

    name: str
    kind: PatternKind
    pattern: str
    action: Action = Action.FLAG
    places: frozenset[Place] = ALL_PLACES
    min_rating: Rating = Rating.GENERAL
    message: str = ""
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class ChangeRule(AutomodIntent):
    """Change any field of a rule (None: unchanged)."""

    rule: str
    name: str | None = None
    kind: PatternKind | None = None
    pattern: str | None = None
    action: Action | None = None
    places: frozenset[Place] | None = None
    min_rating: Rating | None = None
    message: str | None = None
    enabled: bool | None = None


@dataclass(frozen=True, slots=True)
class RemoveRule(AutomodIntent):
    """Remove an operator's rule (a default pack's rule is disabled instead)."""

    rule: str


@dataclass(frozen=True, slots=True)
class ClearPhrase(AutomodIntent):
    """A false positive: the rule never hits ``phrase`` again."""

    rule: str
    phrase: str


AutomodIntents = ListRules | ShowRule | TryText | AddRule | ChangeRule | RemoveRule | ClearPhrase
