"""Telnet's words for replies about automod rules. Rules are managed on IRC (AutoMod) or the
web; telnet has no command for them, so these are said plainly, in one line each.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

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
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean


def render(reply: AutomodReplies) -> Told:
    match reply:
        case RuleList(rules):
            return Told(", ".join(clean(r.name) for r in rules) or "There are no rules.")
        case RuleShown(rule) | RuleAdded(rule) | RuleChanged(rule):
            return Told(f"{rule.id}: {clean(rule.name)} ({rule.action.value})")
        case TextTried(hits):
            return Told(", ".join(clean(h.rule.name) for h in hits) or "No rule hits that text.")
        case RuleRemoved(rule):
            return Told(f"Removed {clean(rule.name)}.")
        case PhraseCleared(rule, phrase):
            return Told(f"{clean(rule.name)} will not hit {clean(phrase)} again.")
        case _:
            assert_never(reply)
