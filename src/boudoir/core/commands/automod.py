"""Handlers of the intents about automod rules. ``world.automod`` decides who may read or
change them.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.consent import Person
from boudoir.domain.intents.automod import (
    AddRule,
    AutomodIntents,
    ChangeRule,
    ClearPhrase,
    ListRules,
    RemoveRule,
    ShowRule,
    TryText,
)
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


async def person_of(context: Context) -> Person:
    """Who asks: the live connection's person, or the HTTP request's account, as stored."""
    if context.connection is not None:
        return context.connection.person
    return Person.of(await context.world.accounts.get(context.account_id))


async def run(context: Context, intent: AutomodIntents) -> AutomodReplies:
    automod = context.world.automod
    me = await person_of(context)
    match intent:
        case ListRules():
            return RuleList(tuple(automod.rules(me)))
        case ShowRule(rule):
            return RuleShown(automod.rule(me, rule))
        case TryText(text):
            return TextTried(tuple(automod.test(me, text)))
        case AddRule():
            return RuleAdded(
                await automod.add_rule(
                    me,
                    name=intent.name,
                    kind=intent.kind,
                    pattern=intent.pattern,
                    action=intent.action,
                    places=intent.places,
                    min_rating=intent.min_rating,
                    message=intent.message,
                    enabled=intent.enabled,
                )
            )
        case ChangeRule():
            changed = await automod.change_rule(
                me,
                intent.rule,
                name=intent.name,
                kind=intent.kind,
                pattern=intent.pattern,
                action=intent.action,
                places=intent.places,
                min_rating=intent.min_rating,
                message=intent.message,
                enabled=intent.enabled,
            )
            return RuleChanged(changed)
        case RemoveRule(rule):
            return RuleRemoved(await automod.remove_rule(me, rule))
        case ClearPhrase(rule, phrase):
            return PhraseCleared(await automod.clear_phrase(me, rule, phrase), phrase)
        case _:
            assert_never(intent)
