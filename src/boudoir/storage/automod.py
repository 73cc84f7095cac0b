"""Automod rules in SQL. Imports SQLAlchemy, ``boudoir.domain`` and ``boudoir.storage``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.domain.automod import Action, PatternKind, Place, Rule
from boudoir.domain.errors import NameTaken
from boudoir.domain.ratings import Rating
from boudoir.storage.engine import read_transaction, write_transaction
from boudoir.storage.tables import automod_rules


def _places(text: str) -> frozenset[Place]:
    return frozenset(Place(value) for value in text.split(",") if value)


def _rule(row: sa.Row[Any]) -> Rule:
    return Rule(
        id=row.id,
        name=row.name,
        kind=PatternKind(row.kind),
        pattern=row.pattern,
        action=Action(row.action),
        places=_places(row.places),
        min_rating=Rating(row.min_rating),
        message=row.message,
        enabled=bool(row.enabled),
        pack=row.pack,
        exceptions=tuple(row.exceptions),
    )


def _values(rule: Rule) -> dict[str, object]:
    return {
        "name": rule.name,
        "kind": rule.kind.value,
        "pattern": rule.pattern,
        "action": rule.action.value,
        "places": ",".join(sorted(place.value for place in rule.places)),
        "min_rating": int(rule.min_rating),
        "message": rule.message,
        "enabled": rule.enabled,
        "pack": rule.pack,
        "exceptions": list(rule.exceptions),
    }


class SqlAutomodRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def list_rules(self) -> list[Rule]:
        query = sa.select(automod_rules).order_by(automod_rules.c.created_at, automod_rules.c.id)
        async with read_transaction(self._engine) as connection:
            rows = (await connection.execute(query)).all()
        return [_rule(row) for row in rows]

    async def add_rule(self, rule: Rule, created_at: dt.datetime) -> None:
        row = {"id": rule.id, "created_at": created_at, **_values(rule)}
        try:
            async with write_transaction(self._engine) as connection:
                await connection.execute(automod_rules.insert(), row)
        except IntegrityError as error:
            raise NameTaken(f"There is already a rule {rule.id!r}.") from error

    async def update_rule(self, rule: Rule) -> None:
        statement = (
            automod_rules.update().where(automod_rules.c.id == rule.id).values(**_values(rule))
        )
        async with write_transaction(self._engine) as connection:
            await connection.execute(statement)

    async def delete_rule(self, rule_id: str) -> bool:
        statement = automod_rules.delete().where(automod_rules.c.id == rule_id)
        async with write_transaction(self._engine) as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount)
