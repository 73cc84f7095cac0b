"""Replies about the automod rules.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.automod import Hit, Rule


class AutomodReply:
    """Base of the replies about automod rules."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class RuleList(AutomodReply):
    """Every rule, oldest first."""

    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class RuleShown(AutomodReply):
    """One rule in full."""

    rule: Rule


@dataclass(frozen=True, slots=True)
class TextTried(AutomodReply):
    """The rules a text hits, and what each matched."""

    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class RuleAdded(AutomodReply):
    rule: Rule


@dataclass(frozen=True, slots=True)
class RuleChanged(AutomodReply):
    rule: Rule


@dataclass(frozen=True, slots=True)
class RuleRemoved(AutomodReply):
    rule: Rule


@dataclass(frozen=True, slots=True)
class PhraseCleared(AutomodReply):
    """``rule`` no longer hits ``phrase`` (as the moderator gave it)."""

    rule: Rule
    phrase: str


AutomodReplies = (
    RuleList | RuleShown | TextTried | RuleAdded | RuleChanged | RuleRemoved | PhraseCleared
)
