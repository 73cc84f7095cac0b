"""Mention words: ``accounts.mention_words``, the words besides a character's name that
mention its person (a JSON list, empty for every existing account).

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on. The column
is added with a plain ``ALTER TABLE`` (as 0009 does): batch mode would rebuild ``accounts`` on
SQLite, and dropping it would cascade into every table that refers to it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column("mention_words", sa.JSON, nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    op.drop_column("accounts", "mention_words")
