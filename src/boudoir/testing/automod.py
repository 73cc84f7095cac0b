"""Automod rules in memory, for ``MemoryStore``: run through the same contract suite as the
SQL repository."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.automod import Rule
from boudoir.domain.errors import NameTaken


class MemoryAutomod:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[dt.datetime, Rule]] = {}

    async def list_rules(self) -> list[Rule]:
        ordered = sorted(self.rows.values(), key=lambda row: (row[0], row[1].id))
        return [rule for _, rule in ordered]

    async def add_rule(self, rule: Rule, created_at: dt.datetime) -> None:
        if rule.id in self.rows:
            raise NameTaken(f"There is already a rule {rule.id!r}.")
        self.rows[rule.id] = (created_at, rule)

    async def update_rule(self, rule: Rule) -> None:
        row = self.rows.get(rule.id)
        if row is not None:
            self.rows[rule.id] = (row[0], rule)

    async def delete_rule(self, rule_id: str) -> bool:
        return self.rows.pop(rule_id, None) is not None
