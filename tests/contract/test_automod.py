"""Automod rules in every store: kept whole, oldest first, changed and removed by id."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from boudoir.core.ports import Store
from boudoir.domain.automod import DEFAULT_RULES, Action, PatternKind, Place, Rule
from boudoir.domain.errors import NameTaken
from boudoir.domain.ratings import Rating

from .builders import CREATED

MANGO = Rule(
    "u1",
    "Fruit",
    PatternKind.WORDS,
    "mango, papaya",
    action=Action.BLOCK,
    places=frozenset({Place.ROOM, Place.DIRECT}),
    min_rating=Rating.MATURE,
    message="No fruit.",
    exceptions=("mango chutney",),
)


async def test_rules_come_back_whole_oldest_first(store: Store) -> None:
    await store.automod.add_rule(MANGO, CREATED + dt.timedelta(minutes=5))
    for minutes, rule in enumerate(DEFAULT_RULES):
        await store.automod.add_rule(rule, CREATED + dt.timedelta(minutes=minutes))
    assert await store.automod.list_rules() == [*DEFAULT_RULES, MANGO]


async def test_an_id_is_taken_once(store: Store) -> None:
    await store.automod.add_rule(MANGO, CREATED)
    with pytest.raises(NameTaken):
        await store.automod.add_rule(dataclasses.replace(MANGO, name="Other"), CREATED)


async def test_a_rule_is_changed_in_place(store: Store) -> None:
    await store.automod.add_rule(MANGO, CREATED)
    changed = dataclasses.replace(
        MANGO, enabled=False, kind=PatternKind.REGEX, pattern=r"\bkiwi\b", exceptions=()
    )
    await store.automod.update_rule(changed)
    await store.automod.update_rule(dataclasses.replace(MANGO, id="u-gone"))
    assert await store.automod.list_rules() == [changed]


async def test_a_rule_is_removed_once(store: Store) -> None:
    await store.automod.add_rule(MANGO, CREATED)
    assert await store.automod.delete_rule("u1") is True
    assert await store.automod.delete_rule("u1") is False
    assert await store.automod.list_rules() == []
