"""Automod rules through the command layer: the intents AutoMod and the HTTP API give."""

from __future__ import annotations

import pytest

from boudoir.domain.automod import Action, PatternKind
from boudoir.domain.entities import Role
from boudoir.domain.errors import ConsentRefused
from boudoir.domain.intents import (
    AddRule,
    ChangeRule,
    ClearPhrase,
    ListRules,
    RemoveRule,
    ShowRule,
    TryText,
)
from boudoir.domain.replies import (
    PhraseCleared,
    RuleAdded,
    RuleChanged,
    RuleList,
    RuleRemoved,
    RuleShown,
    TextTried,
)
from boudoir.testing.harness import TestPerson, TestWorld


async def staff(world: TestWorld, name: str, role: Role) -> TestPerson:
    person = await world.person(name)
    await world.world.accounts.set_role(person.account.id, role)
    return await world.login(name)


async def test_an_operator_adds_a_rule_that_hits_a_text_and_clears_a_false_positive() -> None:
    world = await TestWorld.start()
    operator = await staff(world, "Olive", Role.OPERATOR)

    added = await operator.do(AddRule("Fruit", PatternKind.WORDS, "mango", Action.BLOCK))

    assert isinstance(added, RuleAdded)
    rule = added.rule
    assert (rule.name, rule.action, rule.enabled) == ("Fruit", Action.BLOCK, True)
    tried = await operator.do(TryText("a ripe mango"))
    assert isinstance(tried, TextTried)
    assert [hit.rule.id for hit in tried.hits] == [rule.id]
    cleared = await operator.do(ClearPhrase("fruit", "mango"))
    assert isinstance(cleared, PhraseCleared)
    assert cleared.phrase == "mango"
    assert cleared.rule.exceptions == ("mango",)


async def test_rules_are_listed_shown_changed_and_removed_by_id_or_name() -> None:
    world = await TestWorld.start()
    operator = await staff(world, "Olive", Role.OPERATOR)
    added = await operator.do(AddRule("Fruit", PatternKind.WORDS, "mango"))
    assert isinstance(added, RuleAdded)
    listed = await operator.do(ListRules())
    assert isinstance(listed, RuleList)
    assert added.rule in listed.rules
    assert await operator.do(ShowRule(added.rule.id)) == RuleShown(added.rule)

    changed = await operator.do(ChangeRule("Fruit", enabled=False))

    assert isinstance(changed, RuleChanged)
    assert not changed.rule.enabled
    assert await operator.do(RemoveRule("Fruit")) == RuleRemoved(changed.rule)
    listed = await operator.do(ListRules())
    assert isinstance(listed, RuleList)
    assert all(r.id != added.rule.id for r in listed.rules)


async def test_moderators_read_and_test_rules_but_only_operators_change_them() -> None:
    world = await TestWorld.start()
    mod = await staff(world, "Sage", Role.MODERATOR)
    member = await world.person("Bob")
    assert isinstance(await mod.do(ListRules()), RuleList)
    assert isinstance(await mod.do(TryText("hello")), TextTried)
    with pytest.raises(ConsentRefused):
        await mod.do(AddRule("Fruit", PatternKind.WORDS, "mango"))
    with pytest.raises(ConsentRefused):
        await member.do(ListRules())
