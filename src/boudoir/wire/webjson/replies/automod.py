"""The browser protocol's shapes for replies about automod rules: the bodies of the automod
endpoints (docs/http-api.md, "Automod rules").

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

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


def fields(reply: AutomodReplies) -> dict[str, object] | None:
    match reply:
        case RuleList(rules):
            return {"rules": [rule_json(rule) for rule in rules]}
        case RuleShown(rule) | RuleAdded(rule) | RuleChanged(rule) | PhraseCleared(rule):
            return rule_json(rule)
        case TextTried(hits):
            return {"hits": [hit_json(hit) for hit in hits]}
        case RuleRemoved():
            return None
        case _:
            assert_never(reply)


def rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "kind": rule.kind.value,
        "pattern": rule.pattern,
        "action": rule.action.value,
        "places": sorted(place.value for place in rule.places),
        "min_rating": rule.min_rating.label,
        "message": rule.message,
        "enabled": rule.enabled,
        "pack": rule.pack or None,
        "exceptions": list(rule.exceptions),
    }


def hit_json(hit: Hit) -> dict[str, object]:
    return {"rule": hit.rule.id, "name": hit.rule.name, "matched": hit.matched}
