"""What every table shares: the metadata with its constraint naming convention, the UTC
datetime type, how enums are stored, and the foreign key to an account (which cascades).

Imports SQLAlchemy and the standard library only.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Stable constraint names, so that later migrations (and SQLite batch mode) can refer to them."""

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

ENUM = sa.String(32)
"""Enum values are stored as their ``.value`` strings, readable in a SQL shell."""


class UtcDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL keeps ``timestamptz``. SQLite has no time zones: we store naive UTC text and
    attach UTC when reading back. Naive datetimes are refused rather than guessed at.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"Refusing to store a naive datetime: {value!r}")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def account_fk(column: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(
        column, sa.Text, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=nullable
    )
