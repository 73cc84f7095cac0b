"""Automod: operator-defined rules and the default rule packs.

The packs' rules are inserted by the server at start (``core.automod``), by id, so that a
pack that grows in a later version reaches existing installs without a migration.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""


def upgrade() -> None:
    op.create_table(
        "automod_rules",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("pattern", sa.Text, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("min_rating", sa.Integer, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("pack", sa.Text, nullable=False),
        sa.Column("exceptions", sa.JSON, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_automod_rules"),
    )


def downgrade() -> None:
    op.drop_table("automod_rules")
