"""Bring a database's schema up to date with Alembic, from code: no ``alembic.ini`` at run time.

Imports SQLAlchemy, Alembic and ``boudoir.storage.engine``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.storage.engine import create_engine, write_transaction

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0014"
"""The newest migration in ``migrations/versions``: a start-up on a current database reads the
schema's revision and compares, without importing Alembic (a quarter of a second). A test
checks it against Alembic's own head, so a new migration cannot forget it."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_POSTGRES_MIGRATION_LOCK = 0x626F75646F6972
"""Key of the PostgreSQL advisory lock held while migrating ("boudoir" in hex), so that two
nodes starting at once do not both try to create the schema. SQLite serializes migrations with
its write lock (``BEGIN IMMEDIATE``)."""


class SchemaNotCurrent(RuntimeError):
    """The database's schema is older (or newer) than this version of Boudoir expects."""


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The revision this version of Boudoir expects."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Held until the migration's transaction ends.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK}
        )
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current(connection: Connection) -> str | None:
    # What Alembic's MigrationContext.get_current_revision reads, without importing Alembic.
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if revision is None else str(revision)


async def migrate_engine(engine: AsyncEngine) -> None:
    """Upgrade the schema to the head revision in one transaction. Safe to run again."""
    if await current_revision_of(engine) == HEAD_REVISION:
        return
    async with write_transaction(engine) as connection:
        await connection.run_sync(_upgrade)


async def current_revision_of(engine: AsyncEngine) -> str | None:
    """The schema's revision, or None for a database Boudoir never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


async def check_current(engine: AsyncEngine) -> None:
    """Raise ``SchemaNotCurrent`` unless the schema is at the head revision."""
    current = await current_revision_of(engine)
    head = HEAD_REVISION
    if current != head:
        found = "no schema" if current is None else f"schema revision {current}"
        raise SchemaNotCurrent(
            f"The database has {found}; this version of Boudoir needs revision {head}. "
            "Run `boudoir migrate` first."
        )


async def migrate(url: str) -> None:
    """Upgrade the database at ``url`` to the head revision. Idempotent."""
    engine = create_engine(url)
    try:
        await migrate_engine(engine)
    finally:
        await engine.dispose()


async def current_revision(url: str) -> str | None:
    """The schema revision of the database at ``url``; None if it was never migrated."""
    engine = create_engine(url)
    try:
        return await current_revision_of(engine)
    finally:
        await engine.dispose()
