"""The start-up shortcut's idea of the newest migration is Alembic's own."""

from __future__ import annotations

from boudoir.storage.migrator import HEAD_REVISION, head_revision


def test_the_known_head_revision_is_the_newest_migration_shipped() -> None:
    assert head_revision() == HEAD_REVISION, "bump HEAD_REVISION with each new migration"
