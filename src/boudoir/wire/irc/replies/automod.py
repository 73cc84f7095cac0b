"""AutoMod's words for replies about its rules.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from boudoir.domain.automod import Hit, Rule
from boudoir.domain.replies.automod import (
    AutomodReplies,
    PhraseCleared,
    RuleAdded,
    RuleChanged,
    RuleList,
    RuleRemoved,
    RuleShown,
    TextTried,
)


def service_text(reply: AutomodReplies) -> str:
    match reply:
        case RuleList(rules):
            return "\n".join(describe(rule) for rule in rules) or "There are no rules."
        case RuleShown(rule):
            return f"{describe(rule)}\n{rule.kind.value}: {rule.pattern}"
        case TextTried(hits):
            return _hits(hits)
        case RuleAdded(rule):
            return "Added " + describe(rule)
        case RuleChanged(rule):
            return describe(rule)
        case RuleRemoved(rule):
            return f"Removed {rule.name!r}."
        case PhraseCleared(rule, phrase):
            return f"{rule.name!r} will not hit {phrase!r} again."
        case _:
            assert_never(reply)


def describe(rule: Rule) -> str:
    """One line: id, name, action, where, on or off."""
    places = ",".join(sorted(p.value for p in rule.places))
    where = f"in {places}" + (f" rated {rule.min_rating.label}+" if rule.min_rating else "")
    state = "on" if rule.enabled else "off"
    pack = f" [pack {rule.pack}]" if rule.pack else ""
    return f"{rule.id}: {rule.name!r} {rule.action.value} {where}, {state}{pack}"


def _hits(hits: Sequence[Hit]) -> str:
    if not hits:
        return "No rule hits that text."
    return "\n".join(f"{hit.rule.id} ({hit.rule.name}) matches {hit.matched!r}" for hit in hits)
