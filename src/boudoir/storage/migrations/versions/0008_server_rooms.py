"""Rooms the server owns: ``rooms.owner_id`` may be NULL.

The server's default room (where everyone arrives) belonged to whoever arrived first, who could
then describe, key, rate and ban it; from now on no account owns it (``SERVER_OWNED``, stored as
NULL). Which room that is depends on the settings, so this revision only allows it: the server
gives its default room to itself at every start (``PlaceService.open_default_room``), which
also mends a room made before this revision.

On PostgreSQL a plain ``ALTER COLUMN ... DROP NOT NULL``. On SQLite, whose ``ALTER TABLE``
cannot change a column, the procedure SQLite documents for removing a NOT NULL constraint
(https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
the stored ``CREATE TABLE`` text is edited in place. Batch mode's copy of the table is not an
option: dropping ``rooms`` with foreign keys on (they cannot be turned off inside the
migration's transaction) would cascade into every table that refers to it.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

_REQUIRED = "owner_id TEXT NOT NULL,"
_OPTIONAL = "owner_id TEXT,"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _edit_sqlite_schema(_REQUIRED, _OPTIONAL)
    else:
        op.alter_column("rooms", "owner_id", existing_type=sa.Text, nullable=True)


def downgrade() -> None:
    # The server's own rooms had no place before this revision: they go, as rooms do.
    op.execute(sa.text("DELETE FROM rooms WHERE owner_id IS NULL"))
    if op.get_bind().dialect.name == "sqlite":
        _edit_sqlite_schema(_OPTIONAL, _REQUIRED)
    else:
        op.alter_column("rooms", "owner_id", existing_type=sa.Text, nullable=False)


def _edit_sqlite_schema(old: str, new: str) -> None:
    bind = op.get_bind()
    select = sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rooms'")
    created = bind.execute(select).scalar_one()
    if created.count(old) != 1:
        raise RuntimeError(f"Unexpected schema of the rooms table: {created!r}")
    version = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
    bind.execute(sa.text("PRAGMA writable_schema = ON"))
    bind.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'rooms'"),
        {"sql": created.replace(old, new)},
    )
    bind.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    bind.execute(sa.text("PRAGMA writable_schema = OFF"))
    problems = bind.execute(sa.text("PRAGMA integrity_check")).scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"The rooms table did not survive its change: {problems}")
