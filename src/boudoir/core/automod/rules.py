"""The rules, as operators and moderators manage them: list, read, test a text, add, change,
remove, and clear a phrase; and ``rule_fields``, a new rule's fields from typed words.

Imports ``boudoir.core`` (automod.base, rooms) and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import NotRequired, TypedDict

from boudoir.core.automod.base import AutomodBase
from boudoir.core.rooms import refused
from boudoir.domain import consent, moderation
from boudoir.domain.automod import (
    MAX_RULES,
    Action,
    Hit,
    PatternKind,
    Place,
    Rule,
    check_rule,
    normalize_phrase,
)
from boudoir.domain.entities import parse_choice
from boudoir.domain.errors import InvalidInput, LimitExceeded, NotFound
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating


class AutomodRules(AutomodBase):
    def rules(self, actor: consent.Person) -> list[Rule]:
        """Every rule, oldest first (server moderators and operators)."""
        self._may_review(actor)
        return list(self._rules)

    def rule(self, actor: consent.Person, wanted: str) -> Rule:
        """A rule by id, or by name (compared case-insensitively)."""
        self._may_review(actor)
        return self._find(wanted)

    def _find(self, wanted: str) -> Rule:
        key = name_key(wanted.strip()) if wanted.strip() else ""
        for rule in self._rules:
            if rule.id == wanted or name_key(rule.name) == key:
                return rule
        raise NotFound(f"There is no automod rule {wanted!r}.")

    def test(self, actor: consent.Person, text: str) -> list[Hit]:
        """Every rule ``text`` hits, enabled or not, wherever it applies."""
        self._may_review(actor)
        return self.matcher.test(text)

    async def add_rule(
        self,
        actor: consent.Person,
        *,
        name: str,
        kind: PatternKind,
        pattern: str,
        action: Action = Action.FLAG,
        places: frozenset[Place] = frozenset(Place),
        min_rating: Rating = Rating.GENERAL,
        message: str = "",
        enabled: bool = True,
    ) -> Rule:
        """Add an operator's rule; it applies to the next message."""
        self._may_change(actor)
        if len(self._rules) >= MAX_RULES:
            raise LimitExceeded(f"A server has at most {MAX_RULES} automod rules.")
        rule = check_rule(
            Rule(
                "u" + secrets.token_hex(8),
                name,
                kind,
                pattern,
                action,
                places,
                min_rating,
                message,
                enabled,
            )
        )
        self._name_free(rule.name, rule.id)
        await self._store.automod.add_rule(rule, self._clock())
        self._use([*self._rules, rule])
        return rule

    def _name_free(self, name: str, rule_id: str) -> None:
        key = name_key(name)
        if any(r.id != rule_id and name_key(r.name) == key for r in self._rules):
            raise InvalidInput(f"Another automod rule is named {name!r}.")

    async def change_rule(
        self,
        actor: consent.Person,
        wanted: str,
        *,
        name: str | None = None,
        kind: PatternKind | None = None,
        pattern: str | None = None,
        action: Action | None = None,
        places: frozenset[Place] | None = None,
        min_rating: Rating | None = None,
        message: str | None = None,
        enabled: bool | None = None,
    ) -> Rule:
        """Change any field of a rule (``None``: unchanged)."""
        self._may_change(actor)
        old = self._find(wanted)
        rule = check_rule(
            Rule(
                old.id,
                old.name if name is None else name,
                old.kind if kind is None else kind,
                old.pattern if pattern is None else pattern,
                old.action if action is None else action,
                old.places if places is None else places,
                old.min_rating if min_rating is None else min_rating,
                old.message if message is None else message,
                old.enabled if enabled is None else enabled,
                old.pack,
                old.exceptions,
            )
        )
        self._name_free(rule.name, rule.id)
        await self._save(rule)
        return rule

    async def _save(self, rule: Rule) -> None:
        await self._store.automod.update_rule(rule)
        self._use([rule if r.id == rule.id else r for r in self._rules])

    async def remove_rule(self, actor: consent.Person, wanted: str) -> Rule:
        """Remove an operator's rule. A default pack's rule is disabled instead: removed, it
        would come back at the next start."""
        self._may_change(actor)
        rule = self._find(wanted)
        if rule.pack:
            raise InvalidInput(
                f"{rule.name!r} belongs to the default pack {rule.pack!r}: disable it instead."
            )
        await self._store.automod.delete_rule(rule.id)
        self._use([r for r in self._rules if r.id != rule.id])
        return rule

    async def clear_phrase(self, actor: consent.Person, wanted: str, phrase: str) -> Rule:
        """A false positive: ``phrase`` (what the rule matched) is never hit by this rule
        again. Server moderators may, as part of clearing a flag."""
        self._may_review(actor)
        rule = self._find(wanted)
        cleared = normalize_phrase(phrase)
        if not cleared:
            raise InvalidInput("Name the phrase to clear.")
        if cleared in rule.exceptions:
            return rule
        rule = check_rule(dataclasses.replace(rule, exceptions=(*rule.exceptions, cleared)))
        await self._save(rule)
        return rule

    @staticmethod
    def _may_change(actor: consent.Person) -> None:
        decision = moderation.change_automod(actor)
        if not decision:
            raise refused(decision)

    @staticmethod
    def _may_review(actor: consent.Person) -> None:
        decision = moderation.review_automod(actor)
        if not decision:
            raise refused(decision)


class RuleFields(TypedDict):
    """A new rule's fields, as ``add_rule`` takes them."""

    name: str
    action: Action
    kind: PatternKind
    pattern: str
    places: NotRequired[frozenset[Place]]
    min_rating: NotRequired[Rating]
    message: NotRequired[str]


def rule_fields(
    name: str,
    action: str,
    kind: str,
    pattern: str,
    places: str | None = None,
    rating: str | None = None,
    message: str | None = None,
) -> RuleFields:
    """The keyword arguments of ``AutomodService.add_rule`` from typed words."""
    fields: RuleFields = {
        "name": name,
        "action": parse_choice(Action, action),
        "kind": parse_choice(PatternKind, kind),
        "pattern": pattern,
    }
    if places:
        fields["places"] = frozenset(parse_choice(Place, p) for p in places.split(",") if p)
    if rating:
        fields["min_rating"] = Rating.parse(rating)
    if message:
        fields["message"] = message
    return fields
